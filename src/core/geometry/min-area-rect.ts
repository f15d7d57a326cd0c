import { convexHull } from './convex-hull.js';
import type { Point, Polygon } from './types.js';

/** A rotated rectangle: corners clockwise on screen from the top-left, side lengths in the same units. */
export interface RotatedRect {
  /** Four corners: top-left, top-right, bottom-right, bottom-left (see `orderBoxClockwise`). */
  corners: Polygon;
  /** Length of the side from `corners[0]` to `corners[1]`. */
  width: number;
  /** Length of the side from `corners[1]` to `corners[2]`. */
  height: number;
}

/**
 * Orders a rectangle's four corners clockwise on screen starting top-left, the way PaddleOCR's
 * `get_mini_boxes` does: of the two left-most corners the upper one comes first, of the two right-most the upper one second.
 */
export function orderBoxClockwise(corners: readonly Point[]): Polygon {
  const byX = [...corners].sort((a, b) => a[0] - b[0]);
  const [p0, p1, p2, p3] = byX as [Point, Point, Point, Point];
  const [topLeft, bottomLeft] = p1[1] > p0[1] ? [p0, p1] : [p1, p0];
  const [topRight, bottomRight] = p3[1] > p2[1] ? [p2, p3] : [p3, p2];
  return [topLeft, topRight, bottomRight, bottomLeft].map(([x, y]) => [x, y]);
}

/**
 * Minimum-area enclosing rectangle of a point set (convex hull + rotating calipers), like cv2.minAreaRect.
 * Corners are in the input's coordinate space; a single point or a segment gives a zero-sized side.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  const count = hull.length;
  if (count === 0) return { corners: [], width: 0, height: 0 };
  if (count <= 2) {
    const a = hull[0]!;
    const b = hull[count - 1]!;
    return rotatedRectFromCorners(orderBoxClockwise([a, b, b, a]));
  }

  const s = (k: number, ox: number, oy: number, ux: number, uy: number): number => {
    const p = hull[k % count]!;
    return (p[0] - ox) * ux + (p[1] - oy) * uy;
  };
  // The hull winds with the interior to the left of each edge in a y-up frame, so (-uy, ux) points inward.
  const t = (k: number, ox: number, oy: number, ux: number, uy: number): number => {
    const p = hull[k % count]!;
    return (p[1] - oy) * ux - (p[0] - ox) * uy;
  };

  let bestArea = Number.POSITIVE_INFINITY;
  let best = { ox: 0, oy: 0, ux: 1, uy: 0, minS: 0, maxS: 0, maxT: 0 };
  let far = -1;
  let top = -1;
  let near = -1;
  for (let i = 0; i < count; i++) {
    const [ox, oy] = hull[i]!;
    const [nx, ny] = hull[(i + 1) % count]!;
    const length = Math.hypot(nx - ox, ny - oy);
    const ux = (nx - ox) / length;
    const uy = (ny - oy) / length;
    if (i === 0) {
      far = 0;
      top = 0;
      near = 0;
      for (let k = 1; k < count; k++) {
        if (s(k, ox, oy, ux, uy) > s(far, ox, oy, ux, uy)) far = k;
        if (t(k, ox, oy, ux, uy) > t(top, ox, oy, ux, uy)) top = k;
        if (s(k, ox, oy, ux, uy) < s(near, ox, oy, ux, uy)) near = k;
      }
    } else {
      // Each extreme point only moves forward around the hull as the edge direction turns.
      for (
        let guard = 0;
        guard < count && s(far + 1, ox, oy, ux, uy) > s(far, ox, oy, ux, uy);
        guard++
      ) {
        far++;
      }
      for (
        let guard = 0;
        guard < count && t(top + 1, ox, oy, ux, uy) > t(top, ox, oy, ux, uy);
        guard++
      ) {
        top++;
      }
      for (
        let guard = 0;
        guard < count && s(near + 1, ox, oy, ux, uy) < s(near, ox, oy, ux, uy);
        guard++
      ) {
        near++;
      }
    }
    const minS = s(near, ox, oy, ux, uy);
    const maxS = s(far, ox, oy, ux, uy);
    const maxT = t(top, ox, oy, ux, uy);
    const area = (maxS - minS) * maxT;
    if (area < bestArea) {
      bestArea = area;
      best = { ox, oy, ux, uy, minS, maxS, maxT };
    }
  }

  const { ox, oy, ux, uy, minS, maxS, maxT } = best;
  const corner = (along: number, across: number): Point => [
    ox + ux * along - uy * across,
    oy + uy * along + ux * across,
  ];
  return rotatedRectFromCorners(
    orderBoxClockwise([corner(minS, 0), corner(maxS, 0), corner(maxS, maxT), corner(minS, maxT)]),
  );
}

/** A `RotatedRect` from four corners already in `orderBoxClockwise` order; side lengths are measured from them. */
export function rotatedRectFromCorners(corners: Polygon): RotatedRect {
  const [c0, c1, c2] = corners as [Point, Point, Point, Point];
  return {
    corners,
    width: Math.hypot(c1[0] - c0[0], c1[1] - c0[1]),
    height: Math.hypot(c2[0] - c1[0], c2[1] - c1[1]),
  };
}
