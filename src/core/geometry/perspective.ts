/**
 * Perspective crops: the homography that maps a text region's quadrilateral onto an upright
 * rectangle, and the bilinear resampling that cuts that rectangle out of the full image.
 */
import type { RgbaImage } from '../image.js';
import type { Point, Polygon } from './types.js';

/** Four corners in reading order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/** A 3 × 3 projective matrix in row-major order (9 numbers), mapping `[x, y, 1]` column vectors. */
export type Homography = Float64Array;

/** A homography's nine entries, row-major, for destructuring. */
export type MatrixEntries = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** Solves `A x = b` for a square system by Gaussian elimination with partial pivoting; `null` when singular. */
function solveLinear(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    }
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pivotRow = a[col]!;
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const current = a[row]!;
      const factor = current[col]! / pivotRow[col]!;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) current[k]! -= factor * pivotRow[k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * The homography taking each `from[i]` to `to[i]` (four point pairs, no three collinear), as
 * OpenCV's getPerspectiveTransform computes it. Throws `RangeError` for degenerate quads.
 */
export function solveHomography(from: Quad, to: Quad): Homography {
  const matrix: number[][] = [];
  const rhs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    matrix.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    rhs.push(u);
    matrix.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    rhs.push(v);
  }
  const solution = solveLinear(matrix, rhs);
  if (!solution) throw new RangeError('degenerate quadrilateral: no perspective transform');
  return Float64Array.from([...solution, 1]);
}

/** Maps `point` through `h`. */
export function applyHomography(h: Homography, [x, y]: Point): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/**
 * Orders a 4-point polygon as top-left, top-right, bottom-right, bottom-left (clockwise on
 * screen, y down), whatever order it came in. The start is the upper of the two leftmost points,
 * PaddleOCR's rule for detector boxes, so text tilted by less than 45° stays the right way round.
 * Unlike `orderBoxClockwise` it sorts around the centre first, so any convex quad (ground truth in
 * any vertex order, a perspective-skewed box) keeps its edges uncrossed.
 */
export function orderQuad(polygon: Polygon): Quad {
  if (polygon.length !== 4) throw new RangeError(`a quad needs 4 points, got ${polygon.length}`);
  const cx = polygon.reduce((sum, [x]) => sum + x, 0) / 4;
  const cy = polygon.reduce((sum, [, y]) => sum + y, 0) / 4;
  // Increasing atan2 with y pointing down is clockwise on screen.
  const clockwise = [...polygon].sort(
    (a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx),
  );
  const byX = [...clockwise].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [left0, left1] = byX as [Point, Point];
  const topLeft = left0[1] <= left1[1] ? left0 : left1;
  const start = clockwise.indexOf(topLeft);
  return [0, 1, 2, 3].map((i) => {
    const [x, y] = clockwise[(start + i) % 4]!;
    return [x, y] as Point;
  }) as Quad;
}

const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Size of the upright rectangle a quad is cropped to, px: its longer opposite edges, as PaddleOCR measures it. */
export function quadCropSize(quad: Quad): { width: number; height: number } {
  const [tl, tr, br, bl] = quad;
  return {
    width: Math.max(1, Math.round(Math.max(distance(tl, tr), distance(bl, br)))),
    height: Math.max(1, Math.round(Math.max(distance(tl, bl), distance(tr, br)))),
  };
}

/** Options of {@link cropQuad}. */
export interface CropOptions {
  /** Margin added on every side of the quad, in crop pixels (≈ image pixels); 0 crops the quad exactly. */
  paddingPx?: number;
}

/**
 * Cuts the quadrilateral `imageQuad` (image pixels, ordered as {@link orderQuad} returns) out of
 * `image` as an upright RGBA rectangle, sampling bilinearly; samples past the border repeat the
 * edge pixel (OpenCV's BORDER_REPLICATE, as PaddleOCR's get_rotate_crop_image).
 */
export function cropQuad(image: RgbaImage, imageQuad: Quad, options: CropOptions = {}): RgbaImage {
  const padding = Math.max(0, options.paddingPx ?? 0);
  const { width: innerWidth, height: innerHeight } = quadCropSize(imageQuad);
  const cropToImage = solveHomography(
    [
      [0, 0],
      [innerWidth, 0],
      [innerWidth, innerHeight],
      [0, innerHeight],
    ],
    imageQuad,
  );
  const offset = Math.round(padding);
  const width = innerWidth + 2 * offset;
  const height = innerHeight + 2 * offset;
  // Output pixel (col, row) is crop point (col - offset, row - offset).
  const shifted = Float64Array.from(cropToImage);
  for (let row = 0; row < 3; row++) {
    shifted[row * 3 + 2] =
      cropToImage[row * 3 + 2]! - offset * (cropToImage[row * 3]! + cropToImage[row * 3 + 1]!);
  }
  return warpPerspective(image, shifted, width, height);
}

/** Bits of the fixed-point bilinear weights: fractions in 1/1024 px (OpenCV's warp uses 1/32). */
const WEIGHT_BITS = 10;
const WEIGHT_ONE = 1 << WEIGHT_BITS;
const WEIGHT_ROUND = 1 << (2 * WEIGHT_BITS - 1);

/** `data` as one 32-bit word per RGBA pixel (little-endian: red in the low byte), copied only when unaligned. */
function pixelWords(data: Uint8ClampedArray | Uint8Array): Uint32Array {
  if (data.byteOffset % 4 === 0)
    return new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
  return new Uint32Array(Uint8Array.from(data).buffer);
}

/**
 * Resamples `image` into a `width` × `height` RGBA image whose pixel (col, row) takes the image
 * at `outputToImage`·(col, row), bilinearly; samples past the border repeat the edge pixel
 * (OpenCV's warpPerspective with WARP_INVERSE_MAP and BORDER_REPLICATE).
 */
export function warpPerspective(
  image: RgbaImage,
  outputToImage: Homography,
  width: number,
  height: number,
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  // Whole pixels as words and integer weights: this loop runs for every pixel the model reads.
  const source = pixelWords(image.data);
  const output = new Uint32Array(data.buffer);
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = outputToImage as unknown as MatrixEntries;
  const stride = image.width;
  let out = 0;
  for (let v = 0; v < height; v++) {
    const rowX = h1 * v + h2;
    const rowY = h4 * v + h5;
    const rowW = h7 * v + h8;
    for (let u = 0; u < width; u++, out++) {
      const w = h6 * u + rowW;
      let x = (h0 * u + rowX) / w;
      let y = (h3 * u + rowY) / w;
      if (x < 0) x = 0;
      else if (x > maxX) x = maxX;
      if (y < 0) y = 0;
      else if (y > maxY) y = maxY;
      const x0 = x | 0;
      const y0 = y | 0;
      const fx = ((x - x0) * WEIGHT_ONE) | 0;
      const fy = ((y - y0) * WEIGHT_ONE) | 0;
      const i00 = y0 * stride + x0;
      const i01 = x0 < maxX ? i00 + 1 : i00;
      const i10 = y0 < maxY ? i00 + stride : i00;
      const i11 = x0 < maxX ? i10 + 1 : i10;
      const p00 = source[i00]!;
      const p01 = source[i01]!;
      const p10 = source[i10]!;
      const p11 = source[i11]!;
      const w11 = fx * fy;
      const w01 = fx * WEIGHT_ONE - w11;
      const w10 = fy * WEIGHT_ONE - w11;
      const w00 = WEIGHT_ONE * WEIGHT_ONE - w01 - w10 - w11;
      let pixel = 0;
      for (let shift = 0; shift < 32; shift += 8) {
        const channel =
          ((p00 >>> shift) & 0xff) * w00 +
          ((p01 >>> shift) & 0xff) * w01 +
          ((p10 >>> shift) & 0xff) * w10 +
          ((p11 >>> shift) & 0xff) * w11;
        pixel |= ((channel + WEIGHT_ROUND) >>> (2 * WEIGHT_BITS)) << shift;
      }
      output[out] = pixel >>> 0;
    }
  }
  return { data, width, height };
}

/** Turns an RGBA image a quarter turn counter-clockwise (numpy's rot90, as PaddleOCR turns tall crops). */
export function rotateQuarterCounterClockwise(image: RgbaImage): RgbaImage {
  const { width, height } = image;
  const data = new Uint8ClampedArray(width * height * 4);
  // Output is height wide and width tall; output (x, y) comes from input (width - 1 - y, x).
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < height; x++) {
      const from = (x * width + (width - 1 - y)) * 4;
      const to = (y * height + x) * 4;
      data[to] = image.data[from]!;
      data[to + 1] = image.data[from + 1]!;
      data[to + 2] = image.data[from + 2]!;
      data[to + 3] = image.data[from + 3]!;
    }
  }
  return { data, width: height, height: width };
}
