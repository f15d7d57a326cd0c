import type { Polygon } from './types.js';

/** Neighbour steps indexed by direction, clockwise on screen starting east. */
const STEP_X = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const STEP_Y = [0, 1, 1, 1, 0, -1, -1, -1] as const;
const EAST = 0;
const WEST = 4;

/** Pixel states while tracing (Suzuki–Abe's labels, reduced to the four values the tracing needs). */
const BACKGROUND = 0;
const UNVISITED = 1;
/** A border pixel whose east neighbour is foreground (Suzuki–Abe's +NBD). */
const BORDER = 2;
/** A border pixel whose east neighbour is background and already examined (Suzuki–Abe's −NBD). */
const BORDER_EAST_OPEN = 3;

/**
 * Pixel states with a one-pixel background frame, reused across calls: a fresh megabyte per 960×960 map
 * costs more in page faults than the binarisation itself.
 */
let scratchState = new Uint8Array(0);
let scratchXs = new Int32Array(1024);
let scratchYs = new Int32Array(1024);

/**
 * Which borders to report: `outer`, the outer border of each region (cv2.RETR_EXTERNAL's set), or
 * `list`, outer and hole borders alike (cv2.RETR_LIST, what PaddleOCR's DBPostProcess asks for).
 */
export type ContourRetrieval = 'outer' | 'list';

/**
 * Traces the borders of the 8-connected regions of pixels whose value exceeds `threshold`, in the
 * order Suzuki–Abe's raster scan finds them (cv2.findContours lists them in the reverse order).
 * `values` is row-major, `width` × `height`, and is not modified. Vertices are pixel indices (pixel
 * centres) in `values` space, with straight runs collapsed to their end points (like
 * cv2.CHAIN_APPROX_SIMPLE). Stops after `maxContours` borders.
 */
export function traceContoursAbove(
  values: ArrayLike<number>,
  width: number,
  height: number,
  threshold: number,
  maxContours = Number.POSITIVE_INFINITY,
  retrieval: ContourRetrieval = 'outer',
): Polygon[] {
  const stride = width + 2;
  const size = stride * (height + 2);
  if (scratchState.length < size) scratchState = new Uint8Array(size);
  const state = scratchState;
  // Every cell of the framed image is written, so leftovers from a previous, differently sized map vanish.
  state.fill(BACKGROUND, 0, stride);
  for (let y = 0; y < height; y++) {
    const source = y * width;
    const target = (y + 1) * stride + 1;
    state[target - 1] = BACKGROUND;
    for (let x = 0; x < width; x++) {
      state[target + x] = values[source + x]! > threshold ? UNVISITED : BACKGROUND;
    }
    state[target + width] = BACKGROUND;
  }
  state.fill(BACKGROUND, (height + 1) * stride, size);
  return traceFramed(state, width, height, maxContours, retrieval === 'list');
}

/**
 * Traces the outer border of every 8-connected foreground region of a binary mask (non-zero = foreground);
 * same output as `traceContoursAbove` with threshold 0.
 */
export function traceContours(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  maxContours = Number.POSITIVE_INFINITY,
): Polygon[] {
  return traceContoursAbove(mask, width, height, 0, maxContours);
}

function traceFramed(
  state: Uint8Array,
  width: number,
  height: number,
  maxContours: number,
  withHoles: boolean,
): Polygon[] {
  const contours: Polygon[] = [];
  if (maxContours <= 0) return contours;
  const stride = width + 2;
  const offsets = STEP_X.map((dx, d) => dx + STEP_Y[d]! * stride);

  // One raster scan of Suzuki & Abe (1985): border following labels every border pixel, so a pixel can
  // only start a new outer border if it is the first, in raster order, of an untraced region.
  for (let y = 1; y <= height; y++) {
    const rowEnd = y * stride + width;
    for (let index = y * stride + 1; index <= rowEnd; index++) {
      const value = state[index]!;
      if (value === BACKGROUND) continue;
      if (value === UNVISITED && state[index - 1] === BACKGROUND) {
        const length = followBorder(state, offsets, index, WEST, true);
        contours.push(collapseRuns(length, stride));
        if (contours.length >= maxContours) return contours;
      } else if (value !== BORDER_EAST_OPEN && state[index + 1] === BACKGROUND) {
        // Hole borders are always traced, so that their pixels are labelled; reported on request.
        const length = followBorder(state, offsets, index, EAST, withHoles);
        if (withHoles) {
          contours.push(collapseRuns(length, stride));
          if (contours.length >= maxContours) return contours;
        }
      }
    }
  }
  return contours;
}

function recordBorderPixel(position: number, index: number): void {
  if (position === scratchXs.length) {
    const xs = new Int32Array(position * 2);
    xs.set(scratchXs);
    scratchXs = xs;
  }
  // Stores the framed index for now; `collapseRuns` turns it into coordinates.
  scratchXs[position] = index;
}

/**
 * Suzuki–Abe border following (steps 3.1–3.5 of their 1985 paper) from `start`, whose neighbour in direction
 * `backgroundDirection` is background. Labels the border pixels; when `record` is set, stores their framed
 * indices in `scratchXs` and returns how many.
 */
function followBorder(
  state: Uint8Array,
  offsets: readonly number[],
  start: number,
  backgroundDirection: number,
  record: boolean,
): number {
  let length = 0;
  let firstDirection = -1;
  for (let k = 0; k < 8; k++) {
    const direction = (backgroundDirection + k) & 7;
    if (state[start + offsets[direction]!] !== BACKGROUND) {
      firstDirection = direction;
      break;
    }
  }
  if (record) recordBorderPixel(length++, start);
  if (firstDirection < 0) {
    state[start] = BORDER_EAST_OPEN;
    return length;
  }

  const first = start + offsets[firstDirection]!;
  let current = start;
  let backDirection = firstDirection;
  for (;;) {
    let next = -1;
    let eastIsOpen = false;
    for (let k = 1; k <= 8; k++) {
      const direction = (backDirection - k) & 7;
      if (state[current + offsets[direction]!] !== BACKGROUND) {
        next = direction;
        break;
      }
      if (direction === EAST) eastIsOpen = true;
    }
    if (eastIsOpen) state[current] = BORDER_EAST_OPEN;
    else if (state[current] === UNVISITED) state[current] = BORDER;

    const nextIndex = current + offsets[next]!;
    if (nextIndex === start && current === first) return length;
    current = nextIndex;
    if (record) recordBorderPixel(length++, current);
    backDirection = (next + 4) & 7;
  }
}

/** Converts the recorded framed indices to pixel coordinates, keeping only pixels where the step direction changes. */
function collapseRuns(length: number, stride: number): Polygon {
  if (scratchYs.length < scratchXs.length) scratchYs = new Int32Array(scratchXs.length);
  const xs = scratchXs;
  const ys = scratchYs;
  for (let i = 0; i < length; i++) {
    const index = xs[i]!;
    const row = (index / stride) | 0;
    ys[i] = row - 1;
    xs[i] = index - row * stride - 1;
  }
  const polygon: Polygon = [];
  if (length <= 2) {
    for (let i = 0; i < length; i++) polygon.push([xs[i]!, ys[i]!]);
    return polygon;
  }
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
