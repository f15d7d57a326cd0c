import { describe, expect, it } from 'vitest';
import { traceContours, traceContoursAbove } from '../../src/core/geometry/contours.js';
import type { Point } from '../../src/core/geometry/types.js';

/** Builds a mask from rows of '#' (foreground) and '.' (background). */
function maskFrom(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const height = rows.length;
  const width = rows[0]!.length;
  const mask = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) mask[y * width + x] = row[x] === '#' ? 1 : 0;
  });
  return { mask, width, height };
}

const sortPoints = (points: readonly Point[]): Point[] =>
  [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('traceContours', () => {
  it('returns nothing for an empty mask', () => {
    const { mask, width, height } = maskFrom(['....', '....']);
    expect(traceContours(mask, width, height)).toEqual([]);
  });

  it('traces a rectangle as its four corner pixels', () => {
    const { mask, width, height } = maskFrom(['......', '.####.', '.####.', '.####.', '......']);
    const contours = traceContours(mask, width, height);
    expect(contours).toHaveLength(1);
    expect(sortPoints(contours[0]!)).toEqual([
      [1, 1],
      [1, 3],
      [4, 1],
      [4, 3],
    ]);
  });

  it('traces a single pixel as one point', () => {
    const { mask, width, height } = maskFrom(['...', '.#.', '...']);
    expect(traceContours(mask, width, height)).toEqual([[[1, 1]]]);
  });

  it('joins diagonally touching pixels into one region (8-connectivity)', () => {
    const { mask, width, height } = maskFrom(['##..', '##..', '..##', '..##']);
    const contours = traceContours(mask, width, height);
    expect(contours).toHaveLength(1);
    expect(sortPoints(contours[0]!)).toContainEqual([3, 3]);
    expect(sortPoints(contours[0]!)).toContainEqual([0, 0]);
  });

  it('ignores holes and traces only the outer border of a ring', () => {
    const { mask, width, height } = maskFrom(['#####', '#...#', '#...#', '#####']);
    const contours = traceContours(mask, width, height);
    expect(contours).toHaveLength(1);
    expect(sortPoints(contours[0]!)).toEqual([
      [0, 0],
      [0, 3],
      [4, 0],
      [4, 3],
    ]);
  });

  it("finds a region inside another region's hole as a separate contour", () => {
    const { mask, width, height } = maskFrom([
      '#######',
      '#.....#',
      '#..#..#',
      '#.....#',
      '#######',
    ]);
    expect(traceContours(mask, width, height)).toEqual([
      expect.arrayContaining([
        [0, 0],
        [6, 4],
      ]),
      [[3, 2]],
    ]);
  });

  it('traces a ring whose hole touches the right-hand side of the row above only once', () => {
    const { mask, width, height } = maskFrom(['####.', '#..##', '#...#', '#####']);
    expect(traceContours(mask, width, height)).toHaveLength(1);
  });

  it('lists regions in raster order of their first pixel and stops at maxContours', () => {
    const { mask, width, height } = maskFrom(['....#', '#....', '..#..']);
    expect(traceContours(mask, width, height)).toEqual([[[4, 0]], [[0, 1]], [[2, 2]]]);
    expect(traceContours(mask, width, height, 2)).toEqual([[[4, 0]], [[0, 1]]]);
  });

  it('traces a one-pixel-wide diagonal line to its end points', () => {
    const { mask, width, height } = maskFrom(['#...', '.#..', '..#.', '...#']);
    expect(traceContours(mask, width, height)).toEqual([
      [
        [0, 0],
        [3, 3],
      ],
    ]);
  });

  it('does not modify the mask', () => {
    const { mask, width, height } = maskFrom(['##', '##']);
    traceContours(mask, width, height);
    expect([...mask]).toEqual([1, 1, 1, 1]);
  });

  it('counts only values strictly above the threshold as foreground', () => {
    const values = [0.3, 0.31, 0.31, 0.3, 0.9, 0.2];
    expect(traceContoursAbove(values, 6, 1, 0.3)).toEqual([
      [
        [1, 0],
        [2, 0],
      ],
      [[4, 0]],
    ]);
  });
});
