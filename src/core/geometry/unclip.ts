import { EndType, inflatePathsD, JoinType, type PathD } from 'clipper2-ts';
import { orderBoxClockwise, type RotatedRect, rotatedRectFromCorners } from './min-area-rect.js';
import { polygonArea, polygonPerimeter } from './polygon.js';
import type { Point, Polygon } from './types.js';

/** Clipper works on integers: coordinates are kept to 1/10^this of a unit. */
const CLIPPER_PRECISION_DIGITS = 2;
/** Largest deviation of a round join from the true arc, in polygon units; pyclipper's default, which PaddleOCR uses. */
const ARC_TOLERANCE = 0.25;
/** Clipper's default; unused by round joins, passed only because it precedes the precision argument. */
const MITER_LIMIT = 2;

/**
 * Expands a closed polygon outward by `area × unclipRatio / perimeter` with round joins (DBNet's "unclip"),
 * using Clipper2. Returns `null` when the polygon is degenerate, or when the offset is not one polygon - a
 * C-shaped region whose mouth closes leaves an outline and a hole - which PaddleOCR's polygon mode skips
 * (`if len(box) > 1: continue`).
 */
export function unclip(polygon: readonly Point[], unclipRatio: number): Polygon | null {
  const perimeter = polygonPerimeter(polygon);
  const area = polygonArea(polygon);
  if (perimeter === 0 || area === 0) return null;
  const distance = (area * unclipRatio) / perimeter;
  const path: PathD = polygon.map(([x, y]) => ({ x, y }));
  const expanded = inflatePathsD(
    [path],
    distance,
    JoinType.Round,
    EndType.Polygon,
    MITER_LIMIT,
    CLIPPER_PRECISION_DIGITS,
    ARC_TOLERANCE,
  );
  if (expanded.length !== 1) return null;
  return expanded[0]!.map(({ x, y }): Point => [x, y]);
}

/**
 * Unclips a rectangle directly: the minimum-area rectangle of a rectangle offset with round joins is the same
 * rectangle grown by the offset distance on every side, so this equals `minAreaRect(unclip(rect.corners))`
 * without building the rounded polygon. Returns `null` for a rectangle without area.
 */
export function unclipRect(rect: RotatedRect, unclipRatio: number): RotatedRect | null {
  const { corners, width, height } = rect;
  if (width === 0 || height === 0 || corners.length !== 4) return null;
  const distance = (width * height * unclipRatio) / (2 * (width + height));
  const [c0, c1, , c3] = corners as [Point, Point, Point, Point];
  // Unit vectors along the rectangle's first side and its second side, each scaled to the offset distance.
  const ax = ((c1[0] - c0[0]) / width) * distance;
  const ay = ((c1[1] - c0[1]) / width) * distance;
  const bx = ((c3[0] - c0[0]) / height) * distance;
  const by = ((c3[1] - c0[1]) / height) * distance;
  const signs: readonly [number, number][] = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ];
  const grown = corners.map(([x, y], i): Point => {
    const [alongA, alongB] = signs[i]!;
    return [x + alongA * ax + alongB * bx, y + alongA * ay + alongB * by];
  });
  return rotatedRectFromCorners(orderBoxClockwise(grown));
}
