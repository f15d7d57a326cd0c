import { EndType, inflatePathsD, JoinType, type PathD } from 'clipper2-ts';
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
 * using Clipper2. Returns the largest resulting polygon, or `null` when the polygon is degenerate.
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

  let largest: Polygon | null = null;
  let largestArea = 0;
  for (const result of expanded) {
    const candidate: Polygon = result.map(({ x, y }) => [x, y]);
    const candidateArea = polygonArea(candidate);
    if (candidateArea > largestArea) {
      largestArea = candidateArea;
      largest = candidate;
    }
  }
  return largest;
}
