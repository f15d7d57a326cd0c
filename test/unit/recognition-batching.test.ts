import { describe, expect, it } from 'vitest';
import type { Polygon } from '../../src/core/geometry/types.js';
import type { RgbaImage } from '../../src/core/image.js';
import {
  type BatchingPolicy,
  bucketFor,
  naturalInputWidth,
  planRecognitionBatches,
  toRecognitionTensor,
} from '../../src/features/recognition/pipeline/batching.js';
import type { RecognizerDescriptor } from '../../src/features/recognition/pipeline/descriptor.js';
import { buildClassCharacters } from '../../src/features/recognition/pipeline/dictionary.js';
import {
  type RunRecognizer,
  recognizeRegions,
} from '../../src/features/recognition/pipeline/recognize.js';

const descriptor: RecognizerDescriptor = {
  kind: 'ctc-recognizer',
  id: 'test',
  name: 'test',
  source: 'test',
  license: 'MIT',
  file: 'test.onnx',
  dictionaryFile: 'test.txt',
  input: { height: 4, widthMultiple: 2 },
  normalization: {
    scale: 1 / 255,
    mean: [0.5, 0.5, 0.5],
    std: [0.5, 0.5, 0.5],
    channelOrder: 'BGR',
  },
  ctc: { blankIndex: 0, appendSpace: false },
};

const policy: BatchingPolicy = { widthBuckets: [8, 16, 32], maxBatchSize: 2 };

function solid(width: number, height: number, rgb: readonly number[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { data, width, height };
}

describe('naturalInputWidth and bucketFor', () => {
  it('scales a crop to the input height keeping its aspect, rounding up like PaddleOCR', () => {
    expect(naturalInputWidth(100, 20, 48)).toBe(240);
    expect(naturalInputWidth(101, 20, 48)).toBe(243);
  });

  it('picks the smallest bucket that holds the width, and the cap beyond it', () => {
    expect(bucketFor(1, [8, 16, 32])).toBe(8);
    expect(bucketFor(9, [8, 16, 32])).toBe(16);
    expect(bucketFor(16, [8, 16, 32])).toBe(16);
    expect(bucketFor(500, [8, 16, 32])).toBe(32);
  });
});

describe('planRecognitionBatches', () => {
  // Natural widths at height 4: 8, 2, 16, 6, 40 (squeezed to 32), 7, 12.
  const sizes = [
    { width: 8, height: 4 },
    { width: 2, height: 4 },
    { width: 16, height: 4 },
    { width: 6, height: 4 },
    { width: 40, height: 4 },
    { width: 7, height: 4 },
    { width: 12, height: 4 },
  ];
  const batches = planRecognitionBatches(sizes, 4, policy);

  it('puts every crop in exactly one batch, none over the batch size', () => {
    expect(batches.flatMap((batch) => batch.indices).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const batch of batches) expect(batch.indices.length).toBeLessThanOrEqual(2);
  });

  it('groups crops by aspect into the fixed widths and squeezes only past the cap', () => {
    expect(batches).toEqual([
      { indices: [1, 3], inputWidth: 8, contentWidths: [2, 6] },
      { indices: [5, 0], inputWidth: 8, contentWidths: [7, 8] },
      { indices: [6, 2], inputWidth: 16, contentWidths: [12, 16] },
      { indices: [4], inputWidth: 32, contentWidths: [32] },
    ]);
  });
});

describe('planRecognitionBatches fitting widths (WASM)', () => {
  const sizes = [
    { width: 8, height: 4 },
    { width: 2, height: 4 },
    { width: 16, height: 4 },
    { width: 6, height: 4 },
    { width: 40, height: 4 },
    { width: 7, height: 4 },
    { width: 12, height: 4 },
  ];

  it('cuts the aspect-sorted crops only when a batch is full, each as wide as its widest line', () => {
    const batches = planRecognitionBatches(sizes, 4, { ...policy, fitWidths: true }, 2);
    expect(batches).toEqual([
      { indices: [1, 3], inputWidth: 6, contentWidths: [2, 6] },
      // 7 px rounds up to the model's stride of 2.
      { indices: [5, 0], inputWidth: 8, contentWidths: [7, 8] },
      { indices: [6, 2], inputWidth: 16, contentWidths: [12, 16] },
      { indices: [4], inputWidth: 32, contentWidths: [32] },
    ]);
  });

  it('pads a batch of short lines to the floor, and a wider batch to its widest line', () => {
    const batches = planRecognitionBatches(sizes, 4, {
      ...policy,
      fitWidths: true,
      minInputWidth: 12,
    });
    expect(batches.map((b) => b.inputWidth)).toEqual([12, 12, 16, 32]);
  });

  it('fills batches across what would be different buckets', () => {
    const batches = planRecognitionBatches(sizes, 4, {
      ...policy,
      maxBatchSize: 4,
      fitWidths: true,
    });
    expect(batches.map((b) => [b.indices, b.inputWidth])).toEqual([
      [[1, 3, 5, 0], 8],
      [[6, 2, 4], 32],
    ]);
  });
});

describe('toRecognitionTensor', () => {
  it('normalises to (x / 255 - 0.5) / 0.5 in BGR order and pads the right with 0', () => {
    const crops = [solid(2, 4, [255, 0, 0]), solid(4, 4, [0, 0, 255])];
    const [batch] = planRecognitionBatches(crops, 4, { widthBuckets: [8], maxBatchSize: 2 });
    const tensor = toRecognitionTensor(crops, batch!, descriptor);
    expect(tensor).toHaveLength(2 * 3 * 4 * 8);
    const at = (n: number, c: number, y: number, x: number) =>
      Math.round(tensor[((n * 3 + c) * 4 + y) * 8 + x]! * 1e5) / 1e5;
    // Red crop: B = -1, R = +1, padding 0 from x = 2.
    expect([at(0, 0, 1, 0), at(0, 2, 1, 1), at(0, 2, 1, 2), at(0, 0, 3, 7)]).toEqual([-1, 1, 0, 0]);
    // Blue crop: B = +1, R = -1, padding 0 from x = 4.
    expect([at(1, 0, 0, 3), at(1, 2, 0, 3), at(1, 0, 0, 4)]).toEqual([1, -1, 0]);
  });
});

describe('recognizeRegions', () => {
  it('returns one result per region in the order given, across batches', async () => {
    // Three regions of different widths and colours on one image; the model stand-in reads the
    // blue channel of each line's first pixel and answers with the class it encodes.
    const image = solid(64, 12, [0, 0, 0]);
    const paint = (x0: number, x1: number, blue: number) => {
      for (let y = 0; y < 4; y++) {
        for (let x = x0; x < x1; x++) image.data[(y * 64 + x) * 4 + 2] = blue;
      }
    };
    paint(0, 30, 255); // wide, "c"
    paint(40, 44, 0); // narrow, "a"
    paint(50, 58, 127); // middle, "b"
    const polygons: Polygon[] = [
      [
        [0, 0],
        [30, 0],
        [30, 4],
        [0, 4],
      ],
      [
        [40, 0],
        [44, 0],
        [44, 4],
        [40, 4],
      ],
      [
        [50, 0],
        [58, 0],
        [58, 4],
        [50, 4],
      ],
    ];
    const classes = buildClassCharacters('a\nb\nc', descriptor.ctc);
    const seenWidths: number[] = [];
    const run: RunRecognizer = async (tensor, [n, , h, w]) => {
      seenWidths.push(w);
      const data = new Float32Array(n * 2 * 4);
      for (let line = 0; line < n; line++) {
        const blue = tensor[line * 3 * h * w]!; // channel 0 is blue in BGR
        const best = blue > 0.5 ? 3 : blue > -0.5 ? 2 : 1;
        data[line * 8 + best] = 0.9;
        data[line * 8 + 4] = 1; // second step: blank
      }
      return { data, dims: [n, 2, 4] };
    };
    const batches: [number[], string[]][] = [];
    const results = await recognizeRegions(image, polygons, descriptor, classes, run, {
      batching: { widthBuckets: [8, 16, 32], maxBatchSize: 2 },
      paddingPx: 0,
      onBatch: (indices, texts) => batches.push([[...indices], texts.map((t) => t.text)]),
    });
    expect(results.map((result) => result.text)).toEqual(['c', 'a', 'b']);
    // Each batch is reported as it is read, narrow lines first.
    expect(batches).toEqual([
      [
        [1, 2],
        ['a', 'b'],
      ],
      [[0], ['c']],
    ]);
    expect(results.every((result) => Math.abs(result.confidence - 0.9) < 1e-6)).toBe(true);
    expect(seenWidths).toEqual([8, 32]);
  });

  it('stops before the next batch when its signal is aborted', async () => {
    const image = solid(8, 4, [0, 0, 0]);
    const controller = new AbortController();
    controller.abort();
    const classes = buildClassCharacters('a', descriptor.ctc);
    const run: RunRecognizer = async () => {
      throw new Error('must not run');
    };
    const square: Polygon = [
      [0, 0],
      [8, 0],
      [8, 4],
      [0, 4],
    ];
    await expect(
      recognizeRegions(image, [square], descriptor, classes, run, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
