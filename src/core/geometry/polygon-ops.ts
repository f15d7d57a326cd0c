/**
 * Boolean-operation helpers on polygons (intersection, union, IoU) and a simplicity test.
 * Pure functions; units are those of the input coordinates (usually image pixels).
 */
import { Clipper, FillRule, type PathD } from 'clipper2-ts';
import type { Point, Polygon } from './types.js';

/**
 * Decimal places Clipper keeps when it scales doubles to integers (0.001 px).
 * At 3 decimals a 20,000 px image stays below 9e7, Clipper's fast exact-integer range.
 */
const CLIPPER_DECIMAL_PRECISION = 3;

function toPathD(polygon: Polygon): PathD {
  return polygon.map(([x, y]) => ({ x, y }));
}

function absoluteArea(polygon: Polygon): number {
  return Math.abs(Clipper.areaD(toPathD(polygon)));
}

/** Area of the overlap of two simple polygons, in squared input units; vertex order does not matter. */
export function intersectionArea(a: Polygon, b: Polygon): number {
  if (a.length < 3 || b.length < 3) return 0;
  // NonZero fills a polygon whichever way it winds; the intersection of two simple polygons has no holes.
  const overlap = Clipper.intersectD(
    [toPathD(a)],
    [toPathD(b)],
    FillRule.NonZero,
    CLIPPER_DECIMAL_PRECISION,
  );
  return Math.abs(Clipper.areaPathsD(overlap));
}

/** Area of the union of two simple polygons (|a| + |b| − |a ∩ b|), in squared input units. */
export function unionArea(a: Polygon, b: Polygon): number {
  return absoluteArea(a) + absoluteArea(b) - intersectionArea(a, b);
}

/** Share (0–1) of polygon `a`'s area that lies inside polygon `b`; 0 when `a` has no area. */
export function intersectionShare(a: Polygon, b: Polygon): number {
  const areaA = absoluteArea(a);
  return areaA > 0 ? intersectionArea(a, b) / areaA : 0;
}

/** Intersection over union of two simple polygons (0–1); 0 when both are empty. */
export function polygonIoU(a: Polygon, b: Polygon): number {
  const overlap = intersectionArea(a, b);
  const union = absoluteArea(a) + absoluteArea(b) - overlap;
  return union > 0 ? overlap / union : 0;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function onSegment(p: Point, q: Point, r: Point): boolean {
  return (
    Math.min(p[0], r[0]) <= q[0] &&
    q[0] <= Math.max(p[0], r[0]) &&
    Math.min(p[1], r[1]) <= q[1] &&
    q[1] <= Math.max(p[1], r[1])
  );
}

/** Closed segments p1–p2 and q1–q2 share at least one point (touching counts). */
function segmentsTouch(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const d1 = Math.sign(cross(q1, q2, p1));
  const d2 = Math.sign(cross(q1, q2, p2));
  const d3 = Math.sign(cross(p1, p2, q1));
  const d4 = Math.sign(cross(p1, p2, q2));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && onSegment(q1, p1, q2)) ||
    (d2 === 0 && onSegment(q1, p2, q2)) ||
    (d3 === 0 && onSegment(p1, q1, p2)) ||
    (d4 === 0 && onSegment(p1, q2, p2))
  );
}

/**
 * Whether a polygon is a valid simple polygon: finite coordinates, at least 3 distinct vertices,
 * non-zero area, no edge crossing or touching another and no edge folding back on its neighbour.
 * Repeated consecutive vertices are tolerated (as Shapely does) and ignored.
 */
export function isSimplePolygon(polygon: Polygon): boolean {
  if (!polygon.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return false;
  const vertices = polygon.filter((point, i) => {
    const next = polygon[(i + 1) % polygon.length]!;
    return point[0] !== next[0] || point[1] !== next[1];
  });
  const n = vertices.length;
  if (n < 3) return false;
  if (Clipper.areaD(toPathD(vertices)) === 0) return false;

  // Testing non-adjacent edges suffices: an edge folding back on its neighbour always ends on
  // an edge it is not adjacent to (with 3 vertices it leaves zero area instead).
  for (let i = 0; i < n; i++) {
    const a = vertices[i]!;
    const b = vertices[(i + 1) % n]!;
    for (let j = i + 2; j < n; j++) {
      // Edges i and j share a vertex when j is the edge just before i (wrap-around).
      if (i === 0 && j === n - 1) continue;
      const p = vertices[j]!;
      const q = vertices[(j + 1) % n]!;
      if (segmentsTouch(a, b, p, q)) return false;
    }
  }
  return true;
}
