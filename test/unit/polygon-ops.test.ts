import { describe, expect, it } from 'vitest';
import {
  intersectionArea,
  intersectionShare,
  isSimplePolygon,
  polygonIoU,
  unionArea,
} from '../../src/core/geometry/polygon-ops.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import { rect } from './support/shapes.js';

describe('intersectionArea', () => {
  it('measures the overlap of two offset squares', () => {
    expect(intersectionArea(rect(0, 0, 10, 10), rect(5, 5, 15, 15))).toBeCloseTo(25, 6);
  });

  it('does not depend on vertex order or winding', () => {
    const reversed = rect(5, 5, 15, 15).reverse();
    const rotated: Polygon = [...reversed.slice(2), ...reversed.slice(0, 2)];
    expect(intersectionArea(rect(0, 0, 10, 10), rotated)).toBeCloseTo(25, 6);
  });

  it('is zero for disjoint polygons', () => {
    expect(intersectionArea(rect(0, 0, 10, 10), rect(20, 0, 30, 10))).toBe(0);
  });

  it('clips a triangle by a square', () => {
    const triangle: Polygon = [
      [0, 0],
      [20, 0],
      [0, 20],
    ];
    // The part of the triangle inside [0,10]² is the square minus nothing: x + y ≤ 20 holds there.
    expect(intersectionArea(triangle, rect(0, 0, 10, 10))).toBeCloseTo(100, 6);
    expect(intersectionArea(triangle, rect(10, 0, 20, 10))).toBeCloseTo(50, 6);
  });

  it('keeps sub-pixel precision', () => {
    expect(intersectionArea(rect(0, 0, 1, 1), rect(0.25, 0.25, 1.5, 1.5))).toBeCloseTo(0.5625, 6);
  });
});

describe('unionArea and polygonIoU', () => {
  it('counts the overlap once in the union', () => {
    expect(unionArea(rect(0, 0, 10, 10), rect(5, 5, 15, 15))).toBeCloseTo(175, 6);
  });

  it('gives IoU 1 for identical polygons in opposite winding', () => {
    expect(polygonIoU(rect(0, 0, 4, 3), rect(0, 0, 4, 3).reverse())).toBeCloseTo(1, 9);
  });

  it('gives IoU exactly 0.5 for a unit square inside a 2 × 1 rectangle', () => {
    expect(polygonIoU(rect(0, 0, 2, 1), rect(0, 0, 1, 1))).toBe(0.5);
  });

  it('gives IoU 25/175 for two offset squares', () => {
    expect(polygonIoU(rect(0, 0, 10, 10), rect(5, 5, 15, 15))).toBeCloseTo(25 / 175, 9);
  });
});

describe('intersectionShare', () => {
  it('is the share of the first polygon inside the second', () => {
    expect(intersectionShare(rect(0, 0, 10, 10), rect(0, 0, 100, 4))).toBeCloseTo(0.4, 9);
    expect(intersectionShare(rect(0, 0, 100, 4), rect(0, 0, 10, 10))).toBeCloseTo(0.1, 9);
  });
});

describe('isSimplePolygon', () => {
  it('accepts a rectangle in either winding', () => {
    expect(isSimplePolygon(rect(0, 0, 3, 2))).toBe(true);
    expect(isSimplePolygon(rect(0, 0, 3, 2).reverse())).toBe(true);
  });

  it('accepts a concave L shape', () => {
    const lShape: Polygon = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ];
    expect(isSimplePolygon(lShape)).toBe(true);
  });

  it('tolerates a repeated consecutive vertex', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [1, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(true);
  });

  it('rejects a bow-tie', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
      ]),
    ).toBe(false);
  });

  it('rejects fewer than three distinct vertices', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [1, 1],
      ]),
    ).toBe(false);
    expect(
      isSimplePolygon([
        [0, 0],
        [1, 1],
        [1, 1],
      ]),
    ).toBe(false);
  });

  it('rejects collinear vertices (zero area)', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
    ).toBe(false);
  });

  it('rejects an edge that folds back on its neighbour', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [4, 0],
        [4, 2],
        [4, 4],
        [4, 1],
        [0, 2],
      ]),
    ).toBe(false);
  });

  it('rejects a vertex touching a non-adjacent edge', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [4, 0],
        [4, 4],
        [2, 0],
        [0, 4],
      ]),
    ).toBe(false);
  });

  it('rejects non-finite coordinates', () => {
    expect(
      isSimplePolygon([
        [0, 0],
        [1, 0],
        [Number.NaN, 1],
      ]),
    ).toBe(false);
  });
});
