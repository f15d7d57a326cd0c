import { describe, expect, it } from 'vitest';
import { extractProbabilityMap } from '../../src/features/detection/pipeline/output.js';
import {
  mapToImageTransform,
  planInput,
  toInputTensor,
} from '../../src/features/detection/pipeline/preprocess.js';
import type { Normalization } from '../../src/features/models/pipeline/descriptor.js';

const identity: Normalization = {
  scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  channelOrder: 'RGB',
};

function solid(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { data, width, height };
}

describe('planInput', () => {
  it('shrinks the long side to the limit and rounds each side to the multiple', () => {
    const geometry = planInput(1920, 1080, { kind: 'long-side', limitSide: 960, multiple: 32 });
    expect(geometry).toMatchObject({ inputWidth: 960, inputHeight: 544, offsetX: 0, offsetY: 0 });
  });

  it('never upscales, but rounds small sides to at least one multiple', () => {
    const geometry = planInput(100, 10, { kind: 'long-side', limitSide: 960, multiple: 32 });
    expect(geometry).toMatchObject({ inputWidth: 96, inputHeight: 32 });
  });

  it('letterboxes into a square, top-left or centred', () => {
    const policy = { kind: 'letterbox', size: 640, anchor: 'top-left', padValue: 0 } as const;
    expect(planInput(1280, 640, policy)).toEqual({
      inputWidth: 640,
      inputHeight: 640,
      contentWidth: 640,
      contentHeight: 320,
      offsetX: 0,
      offsetY: 0,
    });
    expect(planInput(1280, 640, { ...policy, anchor: 'center' })).toMatchObject({ offsetY: 160 });
  });

  it('rejects an empty image', () => {
    expect(() => planInput(0, 10, { kind: 'long-side', limitSide: 960, multiple: 32 })).toThrow(
      RangeError,
    );
  });
});

describe('toInputTensor', () => {
  it('writes NCHW planes normalised as (v * scale - mean) / std', () => {
    const geometry = planInput(4, 4, {
      kind: 'letterbox',
      size: 4,
      anchor: 'top-left',
      padValue: 0,
    });
    const normalization: Normalization = {
      scale: 1 / 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.25, 0.5],
      channelOrder: 'RGB',
    };
    const tensor = toInputTensor(solid(4, 4, [255, 0, 51]), geometry, normalization);
    expect(tensor).toHaveLength(48);
    expect(tensor[0]).toBeCloseTo(1);
    expect(tensor[16]).toBeCloseTo(-2);
    expect(tensor[32]).toBeCloseTo((0.2 - 0.5) / 0.5);
  });

  it('puts blue first for BGR models', () => {
    const geometry = planInput(2, 2, {
      kind: 'letterbox',
      size: 2,
      anchor: 'top-left',
      padValue: 0,
    });
    const tensor = toInputTensor(solid(2, 2, [10, 20, 30]), geometry, {
      ...identity,
      channelOrder: 'BGR',
    });
    expect([tensor[0], tensor[4], tensor[8]]).toEqual([30, 20, 10]);
  });

  it('fills the letterbox padding with the pad value', () => {
    const geometry = planInput(4, 2, {
      kind: 'letterbox',
      size: 4,
      anchor: 'top-left',
      padValue: 7,
    });
    const tensor = toInputTensor(solid(4, 2, [100, 100, 100]), geometry, identity, 7);
    expect(Array.from(tensor.subarray(0, 16))).toEqual([
      ...Array(8).fill(100),
      ...Array(8).fill(7),
    ]);
  });

  it('interpolates bilinearly with half-pixel centres when resizing', () => {
    const image = {
      data: new Uint8ClampedArray([0, 0, 0, 255, 200, 200, 200, 255]),
      width: 2,
      height: 1,
    };
    const geometry = {
      inputWidth: 4,
      inputHeight: 1,
      contentWidth: 4,
      contentHeight: 1,
      offsetX: 0,
      offsetY: 0,
    };
    const tensor = toInputTensor(image, geometry, identity);
    // cv2.resize(INTER_LINEAR): samples at x = -0.25, 0.25, 0.75, 1.25 → clamped 0, 50, 150, 200.
    expect(Array.from(tensor.subarray(0, 4))).toEqual([0, 50, 150, 200]);
  });
});

describe('mapToImageTransform', () => {
  it('maps a stretched long-side input back to original pixels per axis', () => {
    const geometry = planInput(1000, 500, { kind: 'long-side', limitSide: 960, multiple: 32 });
    const transform = mapToImageTransform(
      geometry,
      1000,
      500,
      geometry.inputWidth,
      geometry.inputHeight,
    );
    expect(transform.scaleX).toBeCloseTo(1000 / 960);
    expect(transform.scaleY).toBeCloseTo(500 / 480);
    expect(transform.offsetX).toBe(0);
  });

  it('removes the centred letterbox offset and handles a half-resolution map', () => {
    const geometry = planInput(1280, 640, {
      kind: 'letterbox',
      size: 640,
      anchor: 'center',
      padValue: 0,
    });
    const transform = mapToImageTransform(geometry, 1280, 640, 320, 320);
    expect(transform.offsetY).toBe(80);
    expect(transform.scaleX).toBeCloseTo(4);
    // The content's bottom edge in map px (80 + 160) lands on the image's bottom edge.
    expect((240 - transform.offsetY) * transform.scaleY).toBeCloseTo(640);
  });
});

describe('extractProbabilityMap', () => {
  it('takes the chosen channel and applies a sigmoid to logits', () => {
    const output = new Float32Array([0, 0, 0, 0, 0, 100, -100, 0]);
    const map = extractProbabilityMap(output, [1, 2, 2, 2], {
      name: null,
      channel: 1,
      applySigmoid: true,
    });
    expect(map.width).toBe(2);
    expect(Array.from(map.data).map((v) => Number(v.toFixed(6)))).toEqual([0.5, 1, 0, 0.5]);
  });

  it('refuses a channel the output does not have', () => {
    expect(() =>
      extractProbabilityMap(new Float32Array(4), [1, 1, 2, 2], {
        name: null,
        channel: 1,
        applySigmoid: false,
      }),
    ).toThrow(/1 channel/);
  });
});
