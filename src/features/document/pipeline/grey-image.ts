/**
 * Grey-level image operations for finding a page: area downscaling, Gaussian blur, Canny edges,
 * dilation and a local-mean threshold. Pure functions on typed arrays, small images (≤ 512 px).
 */
import type { RgbaImage } from '../../../core/image.js';

/** A one-channel image, row-major, one byte per pixel. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Converts RGBA to luma (BT.601, as cv2.cvtColor's RGB2GRAY) while shrinking by area averaging so
 * the long side is at most `maxLongSide` px (never enlarges). Returns the image and its scale
 * (grey pixels per source pixel).
 */
export function toGreyDownscaled(
  image: RgbaImage,
  maxLongSide: number,
): { grey: GreyImage; scale: number } {
  const scale = Math.min(1, maxLongSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const source = image.data;
  const data = new Uint8Array(width * height);
  if (width === image.width && height === image.height) {
    for (let i = 0, p = 0; i < data.length; i++, p += 4) {
      data[i] = Math.round(0.299 * source[p]! + 0.587 * source[p + 1]! + 0.114 * source[p + 2]!);
    }
    return { grey: { data, width, height }, scale: 1 };
  }
  const sums = new Float64Array(width * height);
  const counts = new Uint32Array(width * height);
  const columnOf = new Int32Array(image.width);
  for (let x = 0; x < image.width; x++) {
    columnOf[x] = Math.min(width - 1, Math.floor((x * width) / image.width));
  }
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width;
    let p = y * image.width * 4;
    for (let x = 0; x < image.width; x++, p += 4) {
      const cell = row + columnOf[x]!;
      sums[cell]! += 0.299 * source[p]! + 0.587 * source[p + 1]! + 0.114 * source[p + 2]!;
      counts[cell]!++;
    }
  }
  for (let i = 0; i < data.length; i++) data[i] = Math.round(sums[i]! / Math.max(1, counts[i]!));
  return { grey: { data, width, height }, scale: width / image.width };
}

/** A 5-tap Gaussian blur (σ ≈ 1.1, cv2.GaussianBlur's 5 × 5 kernel), edges replicated. */
export function gaussianBlur5(image: GreyImage): GreyImage {
  const { width, height, data } = image;
  // Integer sums: the horizontal pass is 16× and the vertical 256× the blurred value. Edge
  // pixels clamp their taps; the interior runs without a test per tap.
  const rows = new Uint16Array(width * height);
  const lastX = width - 1;
  const tap = (row: number, x: number) => data[row + Math.min(lastX, Math.max(0, x))]!;
  const edgeSum = (row: number, x: number) =>
    tap(row, x - 2) + 4 * tap(row, x - 1) + 6 * tap(row, x) + 4 * tap(row, x + 1) + tap(row, x + 2);
  const interiorEnd = Math.max(2, width - 2);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < Math.min(2, width); x++) rows[row + x] = edgeSum(row, x);
    for (let i = row + 2, end = row + interiorEnd; i < end; i++) {
      rows[i] = data[i - 2]! + 4 * data[i - 1]! + 6 * data[i]! + 4 * data[i + 1]! + data[i + 2]!;
    }
    for (let x = interiorEnd; x < width; x++) rows[row + x] = edgeSum(row, x);
  }
  const out = new Uint8Array(width * height);
  const lastRow = (height - 1) * width;
  for (let y = 0; y < height; y++) {
    const up1 = y >= 1 ? (y - 1) * width : 0;
    const up2 = y >= 2 ? (y - 2) * width : 0;
    const down1 = y + 1 < height ? (y + 1) * width : lastRow;
    const down2 = y + 2 < height ? (y + 2) * width : lastRow;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const sum =
        rows[up2 + x]! +
        4 * rows[up1 + x]! +
        6 * rows[row + x]! +
        4 * rows[down1 + x]! +
        rows[down2 + x]!;
      // (sum + 128) >> 8 rounds half up, as Math.round(sum / 256) does for these non-negative sums.
      out[row + x] = (sum + 128) >> 8;
    }
  }
  return { data: out, width, height };
}

/**
 * Canny edges (3 × 3 Sobel, L1 gradient magnitude, non-maximum suppression, hysteresis between
 * `lowThreshold` and `highThreshold`), as cv2.Canny computes them. 1 marks an edge pixel.
 */
export function cannyEdges(
  image: GreyImage,
  lowThreshold: number,
  highThreshold: number,
): Uint8Array {
  const { width, height, data } = image;
  const gx = new Float32Array(width * height);
  const gy = new Float32Array(width * height);
  const magnitude = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = data[i - width - 1]!;
      const b = data[i - width]!;
      const c = data[i - width + 1]!;
      const d = data[i - 1]!;
      const f = data[i + 1]!;
      const g = data[i + width - 1]!;
      const h = data[i + width]!;
      const k = data[i + width + 1]!;
      const sx = c + 2 * f + k - (a + 2 * d + g);
      const sy = g + 2 * h + k - (a + 2 * b + c);
      gx[i] = sx;
      gy[i] = sy;
      magnitude[i] = Math.abs(sx) + Math.abs(sy);
    }
  }
  // 0: not an edge; 1: weak candidate; 2: strong edge.
  const state = new Uint8Array(width * height);
  const stack: number[] = [];
  const tan22 = Math.tan(Math.PI / 8);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const m = magnitude[i]!;
      if (m <= lowThreshold) continue;
      const ax = Math.abs(gx[i]!);
      const ay = Math.abs(gy[i]!);
      let before: number;
      let after: number;
      if (ay <= ax * tan22) {
        before = magnitude[i - 1]!;
        after = magnitude[i + 1]!;
      } else if (ay * tan22 >= ax) {
        before = magnitude[i - width]!;
        after = magnitude[i + width]!;
      } else {
        const sameSign = gx[i]! * gy[i]! > 0;
        before = magnitude[sameSign ? i - width - 1 : i - width + 1]!;
        after = magnitude[sameSign ? i + width + 1 : i + width - 1]!;
      }
      // OpenCV keeps ties on one side only, so a flat ridge stays one pixel thick.
      if (m > before && m >= after) {
        if (m > highThreshold) {
          state[i] = 2;
          stack.push(i);
        } else {
          state[i] = 1;
        }
      }
    }
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const step of [-width - 1, -width, -width + 1, -1, 1, width - 1, width, width + 1]) {
      const j = i + step;
      if (state[j] === 1) {
        state[j] = 2;
        stack.push(j);
      }
    }
  }
  const edges = new Uint8Array(width * height);
  for (let i = 0; i < edges.length; i++) edges[i] = state[i] === 2 ? 1 : 0;
  return edges;
}

/** Grows every non-zero pixel of a binary mask to its 3 × 3 neighbourhood, `iterations` times. */
export function dilate3(
  mask: Uint8Array,
  width: number,
  height: number,
  iterations = 1,
): Uint8Array {
  let current = mask;
  for (let round = 0; round < iterations; round++) {
    const rows = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        rows[i] =
          current[i] || (x > 0 && current[i - 1]) || (x < width - 1 && current[i + 1]) ? 1 : 0;
      }
    }
    const out = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        out[i] =
          rows[i] || (y > 0 && rows[i - width]) || (y < height - 1 && rows[i + width]) ? 1 : 0;
      }
    }
    current = out;
  }
  return current;
}

/**
 * Marks pixels darker than the mean of their `blockSize` × `blockSize` neighbourhood minus
 * `offset` grey levels (cv2.adaptiveThreshold, MEAN_C, BINARY_INV). 1 marks a dark pixel.
 */
export function adaptiveThresholdDark(
  image: GreyImage,
  blockSize: number,
  offset: number,
): Uint8Array {
  const { width, height, data } = image;
  const stride = width + 1;
  // Integer sums: 255 × the pixels of a 4,096 × 2,048 image still fit 31 bits.
  const integral = new Int32Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x]!;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1]! + rowSum;
    }
  }
  const radius = Math.floor(blockSize / 2);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = Math.max(0, y - radius);
    const bottom = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - radius);
      const right = Math.min(width, x + radius + 1);
      const sum =
        integral[bottom * stride + right]! -
        integral[top * stride + right]! -
        integral[bottom * stride + left]! +
        integral[top * stride + left]!;
      // pixel < mean − offset, multiplied through by the block's area: no division per pixel.
      const area = (bottom - top) * (right - left);
      out[y * width + x] = data[y * width + x]! * area < sum - offset * area ? 1 : 0;
    }
  }
  return out;
}

/** A three-channel float image (R, G, B planes, 0–255), row-major. */
export interface RgbPlanes {
  planes: [Float32Array, Float32Array, Float32Array];
  width: number;
  height: number;
}

/** Shrinks RGBA by area averaging so the long side is at most `maxLongSide` px, as three float planes. */
export function toRgbDownscaled(image: RgbaImage, maxLongSide: number): RgbPlanes {
  const scale = Math.min(1, maxLongSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const planes: [Float32Array, Float32Array, Float32Array] = [
    new Float32Array(width * height),
    new Float32Array(width * height),
    new Float32Array(width * height),
  ];
  const counts = new Uint32Array(width * height);
  const source = image.data;
  const columnOf = new Int32Array(image.width);
  for (let x = 0; x < image.width; x++) {
    columnOf[x] = Math.min(width - 1, Math.floor((x * width) / image.width));
  }
  const [r, g, b] = planes;
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width;
    let p = y * image.width * 4;
    for (let x = 0; x < image.width; x++, p += 4) {
      const cell = row + columnOf[x]!;
      r[cell]! += source[p]!;
      g[cell]! += source[p + 1]!;
      b[cell]! += source[p + 2]!;
      counts[cell]!++;
    }
  }
  for (const plane of planes) {
    for (let i = 0; i < plane.length; i++) plane[i]! /= Math.max(1, counts[i]!);
  }
  return { planes, width, height };
}

/** A separable box blur of radius `radius` px on one float plane, edges replicated. */
export function boxBlurPlane(
  plane: Float32Array,
  width: number,
  height: number,
  radius: number,
): Float32Array {
  const temp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  const span = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        sum += plane[y * width + Math.min(Math.max(x + k, 0), width - 1)]!;
      }
      temp[y * width + x] = sum / span;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        sum += temp[Math.min(Math.max(y + k, 0), height - 1) * width + x]!;
      }
      out[y * width + x] = sum / span;
    }
  }
  return out;
}
