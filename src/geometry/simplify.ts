import type { Point, Polygon } from './types.js';

function distanceToLine(point: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = Math.hypot(dx, dy);
  if (length === 0) return Math.hypot(point[0] - a[0], point[1] - a[1]);
  return Math.abs(dx * (point[1] - a[1]) - dy * (point[0] - a[0])) / length;
}

/** Marks the vertices Douglas–Peucker keeps on the open chain from index `first` to `last` (indices modulo n). */
function markChain(
  polygon: readonly Point[],
  first: number,
  last: number,
  epsilon: number,
  keep: Uint8Array,
): void {
  const count = polygon.length;
  const stack: number[] = [first, last];
  while (stack.length > 0) {
    const end = stack.pop()!;
    const start = stack.pop()!;
    const span = (end - start + count) % count;
    if (span < 2) continue;
    const a = polygon[start]!;
    const b = polygon[end]!;
    let farthest = -1;
    let farthestDistance = epsilon;
    for (let step = 1; step < span; step++) {
      const index = (start + step) % count;
      const distance = distanceToLine(polygon[index]!, a, b);
      if (distance > farthestDistance) {
        farthestDistance = distance;
        farthest = index;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push(start, farthest, farthest, end);
    }
  }
}

/**
 * Simplifies a closed polygon with Douglas–Peucker, like cv2.approxPolyDP(closed=true): no dropped vertex lies
 * farther than `epsilon` from the simplified outline. Same coordinate space as the input.
 */
export function simplifyPolygon(polygon: readonly Point[], epsilon: number): Polygon {
  const count = polygon.length;
  if (count <= 2) return polygon.map(([x, y]) => [x, y]);
  // Split the ring at vertex 0 and the vertex farthest from it, then simplify both halves as open chains.
  const origin = polygon[0]!;
  let opposite = 0;
  let oppositeDistance = -1;
  for (let i = 1; i < count; i++) {
    const [x, y] = polygon[i]!;
    const distance = Math.hypot(x - origin[0], y - origin[1]);
    if (distance > oppositeDistance) {
      oppositeDistance = distance;
      opposite = i;
    }
  }
  const keep = new Uint8Array(count);
  keep[0] = 1;
  keep[opposite] = 1;
  markChain(polygon, 0, opposite, epsilon, keep);
  markChain(polygon, opposite, 0, epsilon, keep);
  const simplified: Polygon = [];
  for (let i = 0; i < count; i++) {
    if (keep[i]) simplified.push([polygon[i]![0], polygon[i]![1]]);
  }
  return simplified;
}
