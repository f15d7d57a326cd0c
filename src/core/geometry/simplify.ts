import type { Point, Polygon } from './types.js';

/** Rounds of "jump to the farthest point" that pick where the ring is cut (OpenCV's `init_iters`). */
const CUT_SEARCH_ROUNDS = 3;

/**
 * Simplifies a closed polygon the way cv2.approxPolyDP(closed=true) does (OpenCV's approx.cpp):
 * the ring is cut at two roughly farthest vertices found by three farthest-point jumps from
 * vertex 0, both chains are split Douglas–Peucker style while a vertex lies farther than
 * `epsilon` from its chord, and a last pass drops vertices within `epsilon / √2` of the line
 * through their neighbours (unless that line is axis-parallel, an OpenCV quirk kept on purpose).
 * Same coordinate space as the input; starts where OpenCV starts.
 */
export function simplifyPolygon(polygon: readonly Point[], epsilon: number): Polygon {
  const count = polygon.length;
  if (count === 0) return [];
  const epsilonSquared = epsilon * epsilon;
  const at = (index: number): Point => polygon[index % count]!;

  // 1. The cut: from the current start, jump to the farthest vertex, three times.
  let start = 0;
  let far = 0;
  for (let round = 0; round < CUT_SEARCH_ROUNDS; round++) {
    const [sx, sy] = at(start);
    let farthest = 0;
    let offset = 0;
    for (let j = 1; j < count; j++) {
      const [x, y] = at(start + j);
      const distance = (x - sx) * (x - sx) + (y - sy) * (y - sy);
      if (distance > farthest) {
        farthest = distance;
        offset = j;
      }
    }
    if (farthest <= epsilonSquared) return [[sx, sy]];
    far = (start + offset) % count;
    if (round < CUT_SEARCH_ROUNDS - 1) start = far;
  }

  // 2. Douglas–Peucker on the chains start → far and far → start; each accepted chord writes its start.
  const kept: Point[] = [];
  const stack: [number, number][] = [
    [far, start],
    [start, far],
  ];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    const [sx, sy] = at(from);
    const [ex, ey] = at(to);
    let straight = true;
    let split = from;
    if ((from + 1) % count !== to) {
      const dx = ex - sx;
      const dy = ey - sy;
      let largest = 0;
      for (let index = (from + 1) % count; index !== to; index = (index + 1) % count) {
        const [x, y] = at(index);
        const distance = Math.abs((y - sy) * dx - (x - sx) * dy);
        if (distance > largest) {
          largest = distance;
          split = index;
        }
      }
      straight = largest * largest <= epsilonSquared * (dx * dx + dy * dy);
    }
    if (straight) {
      kept.push([sx, sy]);
    } else {
      stack.push([split, to], [from, split]);
    }
  }

  // 3. Clean-up: drop a vertex lying almost on the line through its neighbours.
  const total = kept.length;
  let remaining = total;
  const out = kept.map(([x, y]): Point => [x, y]);
  let read = 0;
  let write = 0;
  let previous = out[total - 1]!;
  let current = out[read++ % total]!;
  for (let i = 0; i < total && remaining > 2; i++) {
    const next = out[read++ % total]!;
    const dx = next[0] - previous[0];
    const dy = next[1] - previous[1];
    const distance = Math.abs((current[0] - previous[0]) * dy - (current[1] - previous[1]) * dx);
    const forward =
      (current[0] - previous[0]) * (next[0] - current[0]) +
      (current[1] - previous[1]) * (next[1] - current[1]);
    if (
      distance * distance <= 0.5 * epsilonSquared * (dx * dx + dy * dy) &&
      dx !== 0 &&
      dy !== 0 &&
      forward >= 0
    ) {
      remaining--;
      out[write++ % total] = previous = next;
      current = out[read++ % total]!;
      i++;
      continue;
    }
    out[write++ % total] = previous = current;
    current = next;
  }
  return out.slice(0, remaining).map(([x, y]) => [x, y]);
}
