import { describe, expect, it } from 'vitest';
import { convexHull } from '../../src/core/geometry/convex-hull.js';
import { minAreaRect, orderBoxClockwise } from '../../src/core/geometry/min-area-rect.js';
import {
  pointInPolygon,
  polygonArea,
  polygonPerimeter,
  polygonSignedArea,
} from '../../src/core/geometry/polygon.js';
import { simplifyPolygon } from '../../src/core/geometry/simplify.js';
import type { Point, Polygon } from '../../src/core/geometry/types.js';
import { unclip, unclipRect } from '../../src/core/geometry/unclip.js';

const sortPoints = (points: readonly Point[]): Point[] =>
  [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

const roundPoints = (points: readonly Point[], digits = 6): Point[] =>
  points.map(([x, y]) => [Number(x.toFixed(digits)) + 0, Number(y.toFixed(digits)) + 0]);

describe('polygonArea and polygonPerimeter', () => {
  it('gives area 1 and perimeter 4 for a unit square, whichever way it winds', () => {
    const square: Polygon = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(polygonArea(square)).toBe(1);
    expect(polygonArea([...square].reverse())).toBe(1);
    expect(polygonPerimeter(square)).toBe(4);
  });

  it('gives a positive signed area for a polygon clockwise on screen', () => {
    const clockwiseOnScreen: Polygon = [
      [0, 0],
      [2, 0],
      [2, 3],
      [0, 3],
    ];
    expect(polygonSignedArea(clockwiseOnScreen)).toBe(6);
    expect(polygonSignedArea([...clockwiseOnScreen].reverse())).toBe(-6);
  });

  it('measures a right triangle', () => {
    const triangle: Polygon = [
      [0, 0],
      [3, 0],
      [0, 4],
    ];
    expect(polygonArea(triangle)).toBe(6);
    expect(polygonPerimeter(triangle)).toBe(12);
  });
});

describe('convexHull', () => {
  it('keeps only the corners of a square with interior and edge points', () => {
    const points: Point[] = [
      [0, 0],
      [2, 2],
      [4, 0],
      [1, 3],
      [4, 4],
      [2, 0],
      [0, 4],
      [0, 2],
      [0, 0],
    ];
    const hull = convexHull(points);
    expect(sortPoints(hull)).toEqual([
      [0, 0],
      [0, 4],
      [4, 0],
      [4, 4],
    ]);
    expect(polygonSignedArea(hull)).toBeGreaterThan(0);
  });

  it('reduces collinear points to the two end points', () => {
    expect(
      sortPoints(
        convexHull([
          [0, 0],
          [1, 1],
          [3, 3],
          [2, 2],
        ]),
      ),
    ).toEqual([
      [0, 0],
      [3, 3],
    ]);
  });
});

describe('minAreaRect', () => {
  it('finds the 45° square around a diamond', () => {
    const diamond: Point[] = [
      [0, 1],
      [1, 0],
      [2, 1],
      [1, 2],
      [1, 1],
    ];
    const rect = minAreaRect(diamond);
    expect(rect.width).toBeCloseTo(Math.SQRT2, 9);
    expect(rect.height).toBeCloseTo(Math.SQRT2, 9);
    expect(sortPoints(roundPoints(rect.corners))).toEqual([
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 1],
    ]);
    expect(polygonSignedArea(rect.corners)).toBeGreaterThan(0);
  });

  it('returns an axis-aligned box clockwise from the top-left for an axis-aligned point set', () => {
    const rect = minAreaRect([
      [2, 3],
      [7, 3],
      [7, 5],
      [2, 5],
      [4, 4],
    ]);
    expect(roundPoints(rect.corners)).toEqual([
      [2, 3],
      [7, 3],
      [7, 5],
      [2, 5],
    ]);
    expect(rect.width).toBeCloseTo(5, 9);
    expect(rect.height).toBeCloseTo(2, 9);
  });

  it('encloses a rotated rectangle with its own size and angle', () => {
    const angle = (30 * Math.PI) / 180;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const corners: Point[] = [
      [0, 0],
      [10, 0],
      [10, 4],
      [0, 4],
    ].map(([x, y]) => [20 + x! * cos - y! * sin, 20 + x! * sin + y! * cos]);
    const rect = minAreaRect(corners);
    expect(Math.max(rect.width, rect.height)).toBeCloseTo(10, 9);
    expect(Math.min(rect.width, rect.height)).toBeCloseTo(4, 9);
    expect(sortPoints(roundPoints(rect.corners))).toEqual(sortPoints(roundPoints(corners)));
  });

  it('gives a zero-height rectangle for a segment', () => {
    const rect = minAreaRect([
      [0, 0],
      [3, 4],
    ]);
    expect(Math.max(rect.width, rect.height)).toBeCloseTo(5, 9);
    expect(Math.min(rect.width, rect.height)).toBe(0);
  });
});

describe('orderBoxClockwise', () => {
  it('orders shuffled corners top-left, top-right, bottom-right, bottom-left', () => {
    expect(
      orderBoxClockwise([
        [9, 6],
        [1, 2],
        [1, 6],
        [9, 2],
      ]),
    ).toEqual([
      [1, 2],
      [9, 2],
      [9, 6],
      [1, 6],
    ]);
  });
});

describe('simplifyPolygon', () => {
  it('drops near-collinear vertices within epsilon and keeps the corners', () => {
    const wobblySquare: Polygon = [
      [0, 0],
      [5, 0.1],
      [10, 0],
      [10.1, 5],
      [10, 10],
      [5, 9.9],
      [0, 10],
      [-0.1, 5],
    ];
    expect(simplifyPolygon(wobblySquare, 0.5)).toEqual([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ]);
  });

  it('keeps a vertex that deviates more than epsilon', () => {
    const notched: Polygon = [
      [0, 0],
      [5, 2],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(simplifyPolygon(notched, 0.5)).toHaveLength(5);
    expect(simplifyPolygon(notched, 3)).toHaveLength(4);
  });
});

describe('unclip', () => {
  it('expands a square by area × ratio / perimeter on every side', () => {
    const square: Polygon = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
    ];
    // distance = 16 × 1.5 / 16 = 1.5
    const expanded = unclip(square, 1.5);
    expect(expanded).not.toBeNull();
    const xs = expanded!.map(([x]) => x);
    const ys = expanded!.map(([, y]) => y);
    expect(Math.min(...xs)).toBeCloseTo(-1.5, 2);
    expect(Math.max(...xs)).toBeCloseTo(5.5, 2);
    expect(Math.min(...ys)).toBeCloseTo(-1.5, 2);
    expect(Math.max(...ys)).toBeCloseTo(5.5, 2);
    // Round joins cut the corners: the expanded square's corner is outside, its edge midpoints inside.
    expect(pointInPolygon([-1.45, -1.45], expanded!)).toBe(false);
    expect(pointInPolygon([2, -1.45], expanded!)).toBe(true);
  });

  it('returns null when the offset is an outline and a hole, as a C whose mouth closes gives', () => {
    // A 40 × 40 square with a 30 × 30 cavity open to the right through a 4 px mouth.
    const c: Polygon = [
      [0, 0],
      [40, 0],
      [40, 18],
      [35, 18],
      [35, 5],
      [5, 5],
      [5, 35],
      [35, 35],
      [35, 22],
      [40, 22],
      [40, 40],
      [0, 40],
    ];
    expect(unclip(c, 0.3)).not.toBeNull(); // offset ≈ 0.7 px: the mouth stays open
    expect(unclip(c, 1)).toBeNull(); // offset ≈ 2.4 px: the mouth closes, the cavity remains
  });

  it('returns null for a polygon without area', () => {
    expect(
      unclip(
        [
          [0, 0],
          [5, 0],
        ],
        1.5,
      ),
    ).toBeNull();
  });

  it('grows a rotated rectangle the same way as the min-area rect of its Clipper unclip', () => {
    const angle = (20 * Math.PI) / 180;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const corners: Point[] = [
      [0, 0],
      [12, 0],
      [12, 5],
      [0, 5],
    ].map(([x, y]) => [30 + x! * cos - y! * sin, 10 + x! * sin + y! * cos]);
    const rect = minAreaRect(corners);
    const direct = unclipRect(rect, 1.8);
    const viaClipper = minAreaRect(unclip(rect.corners, 1.8)!);
    // distance = 60 × 1.8 / 34
    expect(direct!.width).toBeCloseTo(12 + (2 * 60 * 1.8) / 34, 9);
    expect(direct!.height).toBeCloseTo(5 + (2 * 60 * 1.8) / 34, 9);
    expect(viaClipper.width).toBeCloseTo(direct!.width, 1);
    expect(viaClipper.height).toBeCloseTo(direct!.height, 1);
    direct!.corners.forEach(([x, y], i) => {
      expect(viaClipper.corners[i]![0]).toBeCloseTo(x, 1);
      expect(viaClipper.corners[i]![1]).toBeCloseTo(y, 1);
    });
  });
});
