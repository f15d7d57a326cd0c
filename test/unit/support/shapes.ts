/** Small shapes for unit tests. */
import type { Polygon } from '../../../src/core/geometry/types.js';

/** The axis-aligned rectangle from (x0, y0) to (x1, y1), clockwise on screen from the top-left. */
export function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}
