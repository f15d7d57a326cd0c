import type { Point, Polygon } from './types.js';

/** Signed shoelace area of a closed polygon; positive when clockwise on screen (y pointing down). */
export function polygonSignedArea(polygon: readonly Point[]): number {
  const count = polygon.length;
  let twiceArea = 0;
  for (let i = 0; i < count; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % count]!;
    twiceArea += x0 * y1 - x1 * y0;
  }
  return twiceArea / 2;
}

/** Area of a closed polygon (shoelace formula, absolute value), in squared units of its coordinates. */
export function polygonArea(polygon: readonly Point[]): number {
  return Math.abs(polygonSignedArea(polygon));
}

/** Perimeter of a closed polygon, including the edge from the last vertex back to the first. */
export function polygonPerimeter(polygon: readonly Point[]): number {
  const count = polygon.length;
  if (count < 2) return 0;
  let perimeter = 0;
  for (let i = 0; i < count; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % count]!;
    perimeter += Math.hypot(x1 - x0, y1 - y0);
  }
  return perimeter;
}

/** Axis-aligned bounds of a polygon, in the polygon's own coordinate space. */
export function polygonBounds(polygon: readonly Point[]): {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
} {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of polygon) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Even-odd point-in-polygon test; points exactly on an edge may fall either way. */
export function pointInPolygon(point: Point, polygon: readonly Point[]): boolean {
  const [px, py] = point;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A copy of the polygon wound clockwise on screen (y pointing down). */
export function toClockwise(polygon: Polygon): Polygon {
  return polygonSignedArea(polygon) < 0 ? [...polygon].reverse() : [...polygon];
}
