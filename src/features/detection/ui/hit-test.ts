/**
 * Which drawn region is under a point, for <polygon-overlay>: a bounding-box check first, then
 * the even-odd rule, so 10,000 polygons stay cheap. Pure; all in original-image pixels.
 */
import type { Polygon } from '../../../core/geometry/types.js';
import type { Detection } from '../pipeline/detection.js';

/** The axis-aligned box around a polygon, original-image px. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The bounding box of a polygon. */
export function boundsOf(polygon: Polygon): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** True when (x, y) lies inside the polygon (even-odd rule; points on an edge may go either way). */
export function containsPoint(polygon: Polygon, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Index of the region under (x, y), or null. `bounds[i]` is {@link boundsOf} region i's
 * polygon. Last drawn wins, as on screen.
 */
export function hitTest(
  detections: readonly Detection[],
  bounds: readonly Bounds[],
  x: number,
  y: number,
): number | null {
  for (let i = detections.length - 1; i >= 0; i--) {
    const b = bounds[i];
    if (!b || x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) continue;
    if (containsPoint(detections[i]!.imagePolygon, x, y)) return i;
  }
  return null;
}
