import type { Polygon } from './types.js';

/** Neighbour offsets indexed by direction, clockwise on screen starting east. */
const STEP_X = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const STEP_Y = [0, 1, 1, 1, 0, -1, -1, -1] as const;
const WEST = 4;

const UNVISITED = 1;
const VISITED = 2;

/**
 * Traces the outer border of every 8-connected foreground region of a binary mask, in raster order of each
 * region's first pixel; holes are ignored. `mask` is row-major, `width` × `height`, non-zero = foreground; it is
 * not modified. Vertices are pixel indices (pixel centres) in mask space, with straight runs collapsed to their
 * end points (like cv2.CHAIN_APPROX_SIMPLE). Stops after `maxContours` regions.
 */
export function traceContours(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  maxContours = Number.POSITIVE_INFINITY,
): Polygon[] {
  const state = new Uint8Array(width * height);
  for (let i = 0; i < state.length; i++) state[i] = mask[i] ? UNVISITED : 0;
  return traceContoursInPlace(state, width, height, maxContours);
}

/**
 * Like `traceContours`, but takes ownership of `state` (0 = background, 1 = foreground) and overwrites it.
 * Saves a copy when the caller built the mask itself.
 */
export function traceContoursInPlace(
  state: Uint8Array,
  width: number,
  height: number,
  maxContours = Number.POSITIVE_INFINITY,
): Polygon[] {
  const contours: Polygon[] = [];
  if (maxContours <= 0) return contours;
  // Every pixel is pushed at most once, so the fill stack never outgrows the image.
  const fillStack = new Int32Array(width * height);
  const border = { xs: new Int32Array(256), ys: new Int32Array(256), length: 0 };

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (state[y * width + x] !== UNVISITED) continue;
      // Regions are filled as soon as they are traced, so an unvisited pixel is the first, in raster order,
      // of a new region: its west and upper neighbours are all background, which is where border following starts.
      followOuterBorder(state, width, height, x, y, border);
      contours.push(collapseRuns(border));
      fillRegion(state, width, height, y * width + x, fillStack);
      if (contours.length >= maxContours) return contours;
    }
  }
  return contours;
}

interface BorderBuffer {
  xs: Int32Array;
  ys: Int32Array;
  length: number;
}

function pushBorder(border: BorderBuffer, x: number, y: number): void {
  if (border.length === border.xs.length) {
    const xs = new Int32Array(border.xs.length * 2);
    const ys = new Int32Array(border.ys.length * 2);
    xs.set(border.xs);
    ys.set(border.ys);
    border.xs = xs;
    border.ys = ys;
  }
  border.xs[border.length] = x;
  border.ys[border.length] = y;
  border.length++;
}

/** Suzuki–Abe outer border following (steps 3.1–3.5 of their 1985 paper) from a region's first pixel. */
function followOuterBorder(
  state: Uint8Array,
  width: number,
  height: number,
  startX: number,
  startY: number,
  border: BorderBuffer,
): void {
  const isForeground = (x: number, y: number): boolean =>
    x >= 0 && x < width && y >= 0 && y < height && state[y * width + x] !== 0;

  border.length = 0;
  let firstDirection = -1;
  for (let k = 0; k < 8; k++) {
    const direction = (WEST + k) & 7;
    if (isForeground(startX + STEP_X[direction]!, startY + STEP_Y[direction]!)) {
      firstDirection = direction;
      break;
    }
  }
  pushBorder(border, startX, startY);
  if (firstDirection < 0) return;

  const firstX = startX + STEP_X[firstDirection]!;
  const firstY = startY + STEP_Y[firstDirection]!;
  let x = startX;
  let y = startY;
  let backDirection = firstDirection;
  for (;;) {
    let next = -1;
    for (let k = 1; k <= 8; k++) {
      const direction = (backDirection - k) & 7;
      if (isForeground(x + STEP_X[direction]!, y + STEP_Y[direction]!)) {
        next = direction;
        break;
      }
    }
    const nextX = x + STEP_X[next]!;
    const nextY = y + STEP_Y[next]!;
    if (nextX === startX && nextY === startY && x === firstX && y === firstY) return;
    x = nextX;
    y = nextY;
    pushBorder(border, x, y);
    backDirection = (next + 4) & 7;
  }
}

/** Keeps only the border pixels where the step direction changes. */
function collapseRuns(border: BorderBuffer): Polygon {
  const { xs, ys, length } = border;
  if (length <= 2) {
    const polygon: Polygon = [];
    for (let i = 0; i < length; i++) polygon.push([xs[i]!, ys[i]!]);
    return polygon;
  }
  const polygon: Polygon = [];
  for (let i = 0; i < length; i++) {
    const previous = i === 0 ? length - 1 : i - 1;
    const next = i === length - 1 ? 0 : i + 1;
    const inX = xs[i]! - xs[previous]!;
    const inY = ys[i]! - ys[previous]!;
    const outX = xs[next]! - xs[i]!;
    const outY = ys[next]! - ys[i]!;
    if (inX !== outX || inY !== outY) polygon.push([xs[i]!, ys[i]!]);
  }
  return polygon;
}

/** Marks every pixel 8-connected to `seed` as visited. */
function fillRegion(
  state: Uint8Array,
  width: number,
  height: number,
  seed: number,
  stack: Int32Array,
): void {
  let top = 0;
  state[seed] = VISITED;
  stack[top++] = seed;
  while (top > 0) {
    const index = stack[--top]!;
    const y = (index / width) | 0;
    const x = index - y * width;
    const yStart = y > 0 ? -1 : 0;
    const yEnd = y < height - 1 ? 1 : 0;
    const xStart = x > 0 ? -1 : 0;
    const xEnd = x < width - 1 ? 1 : 0;
    for (let dy = yStart; dy <= yEnd; dy++) {
      const row = index + dy * width;
      for (let dx = xStart; dx <= xEnd; dx++) {
        const neighbour = row + dx;
        if (state[neighbour] === UNVISITED) {
          state[neighbour] = VISITED;
          stack[top++] = neighbour;
        }
      }
    }
  }
}
