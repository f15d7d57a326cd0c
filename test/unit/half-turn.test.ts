import { describe, expect, it } from 'vitest';
import type { Point } from '../../src/core/geometry/types.js';
import type { RgbaImage } from '../../src/core/image.js';
import {
  CLS_INPUT,
  CLS_MAX_LINES,
  clsInputTensor,
  lineCrops,
  settledUpsideDown,
  voteUpsideDown,
} from '../../src/features/document/pipeline/half-turn.js';

function solid(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { data, width, height };
}

const box = (x: number, y: number, width: number, height: number): Point[] => [
  [x, y],
  [x + width, y],
  [x + width, y + height],
  [x, y + height],
];

describe('the half-turn vote', () => {
  it('turns only when confident "180°" answers outnumber confident "0°" ones, three at least', () => {
    expect(voteUpsideDown([0.02, 0.98, 0.01, 0.99, 0.05, 0.95])).toBe(true);
    expect(voteUpsideDown([0.02, 0.98, 0.01, 0.99])).toBe(false);
    expect(
      voteUpsideDown([0.02, 0.98, 0.01, 0.99, 0.05, 0.95, 0.99, 0.01, 0.97, 0.03, 0.96, 0.04]),
    ).toBe(false);
    // Unsure answers (below 0.9) do not vote.
    expect(voteUpsideDown([0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.1, 0.9])).toBe(false);
  });

  it('settles early only when the unread lines could not change the answer', () => {
    const upright = [0.99, 0.01];
    const flipped = [0.01, 0.99];
    // Three confident "0°": three more "180°" would tie, and a tie stays upright.
    expect(settledUpsideDown([...upright, ...upright, ...upright], 3)).toBe(false);
    // Three confident "180°": three "0°" to come would tie it back to upright.
    expect(settledUpsideDown([...flipped, ...flipped, ...flipped], 3)).toBeNull();
    expect(settledUpsideDown([...flipped, ...flipped, ...flipped], 2)).toBe(true);
    // Unsure answers leave it open while enough lines remain to turn it either way.
    expect(settledUpsideDown([0.6, 0.4, 0.5, 0.5, 0.7, 0.3], 3)).toBeNull();
    expect(settledUpsideDown([0.6, 0.4, 0.5, 0.5, 0.7, 0.3], 2)).toBe(false);
  });

  it('crops the largest wide lines, at most CLS_MAX_LINES, and leaves tall ones out', () => {
    const page = solid(400, 400, [255, 255, 255]);
    const lines = Array.from({ length: 15 }, (_, i) => box(10, 10 + i * 20, 100 + i * 10, 12));
    const tall = box(300, 10, 20, 200);
    const crops = lineCrops(page, [...lines, tall]);
    expect(crops).toHaveLength(CLS_MAX_LINES);
    // The widest line comes first.
    expect(crops[0]!.width).toBe(240);
    expect(crops.every((crop) => crop.height <= crop.width)).toBe(true);
  });

  it('builds a BGR tensor scaled to [-1, 1], the line resized to 48 px high and padded right with 0', () => {
    // Pure blue, 24 × 96: resized to 48 × 192 it fills the whole input.
    const blue = solid(96, 24, [0, 0, 255]);
    // Pure red, 24 × 24: resized to 48 × 48, the rest is padding.
    const red = solid(24, 24, [255, 0, 0]);
    const tensor = clsInputTensor([blue, red]);
    const plane = CLS_INPUT.height * CLS_INPUT.width;
    expect(tensor).toHaveLength(2 * 3 * plane);
    // Channel 0 is blue: 255 → 1; green and red 0 → -1.
    expect([tensor[0], tensor[plane], tensor[2 * plane]]).toEqual([1, -1, -1]);
    expect(tensor[plane - 1]).toBe(1);
    const second = 3 * plane;
    expect([tensor[second], tensor[second + plane], tensor[second + 2 * plane]]).toEqual([
      -1, -1, 1,
    ]);
    // Past the red square's 48 px: padding.
    expect(tensor[second + 2 * plane + 100]).toBe(0);
  });
});
