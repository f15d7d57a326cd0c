/**
 * 3 × 3 projective matrices (row-major, acting on `[x, y, 1]` column vectors): products, inverses
 * and the few affine building blocks the document pipeline composes (scale, translation, turns).
 */
import type { Homography, MatrixEntries } from './perspective.js';
import type { Point, Polygon } from './types.js';

/** The identity transform. */
export function identity3(): Homography {
  return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
}

/** `a · b`: applies `b` first, then `a`. */
export function multiply3(a: Homography, b: Homography): Homography {
  const out = new Float64Array(9);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      out[row * 3 + col] =
        a[row * 3]! * b[col]! + a[row * 3 + 1]! * b[3 + col]! + a[row * 3 + 2]! * b[6 + col]!;
    }
  }
  return out;
}

/** Composes transforms in the order they apply: `compose3(first, second)` = second · first. */
export function compose3(...steps: Homography[]): Homography {
  return steps.reduce((total, step) => multiply3(step, total), identity3());
}

/** The inverse of `h`, scaled so its last entry is 1 when that entry is not 0. Throws `RangeError` when singular. */
export function invert3(h: Homography): Homography {
  const [a, b, c, d, e, f, g, i, j] = h as unknown as MatrixEntries;
  const c00 = e * j - f * i;
  const c01 = -(d * j - f * g);
  const c02 = d * i - e * g;
  const determinant = a * c00 + b * c01 + c * c02;
  if (Math.abs(determinant) < 1e-15) throw new RangeError('singular transform: no inverse');
  const inverse = Float64Array.of(
    c00,
    -(b * j - c * i),
    b * f - c * e,
    c01,
    a * j - c * g,
    -(a * f - c * d),
    c02,
    -(a * i - b * g),
    a * e - b * d,
  );
  const norm = Math.abs(inverse[8]!) > 1e-12 ? inverse[8]! : determinant;
  return inverse.map((value) => value / norm);
}

/** Scales x by `sx` and y by `sy` about the origin. */
export function scale3(sx: number, sy = sx): Homography {
  return Float64Array.of(sx, 0, 0, 0, sy, 0, 0, 0, 1);
}

/** Moves by (`dx`, `dy`). */
export function translate3(dx: number, dy: number): Homography {
  return Float64Array.of(1, 0, dx, 0, 1, dy, 0, 0, 1);
}

/**
 * Turns a `width` × `height` image by `quarterTurns` quarter turns counter-clockwise on screen
 * (y down), pixel centres onto pixel centres (as `rotateQuarterCounterClockwise` moves pixels).
 */
export function quarterTurn3(quarterTurns: number, width: number, height: number): Homography {
  const turns = ((quarterTurns % 4) + 4) % 4;
  const lastX = width - 1;
  const lastY = height - 1;
  if (turns === 1) return Float64Array.of(0, 1, 0, -1, 0, lastX, 0, 0, 1);
  if (turns === 2) return Float64Array.of(-1, 0, lastX, 0, -1, lastY, 0, 0, 1);
  if (turns === 3) return Float64Array.of(0, -1, lastY, 1, 0, 0, 0, 0, 1);
  return identity3();
}

/**
 * Rotates a `width` × `height` image by `angleDeg` counter-clockwise on screen about its centre,
 * onto a canvas grown to hold all of it; returns the transform and the new canvas size, px.
 */
export function rotateAboutCentre3(
  angleDeg: number,
  width: number,
  height: number,
): { transform: Homography; width: number; height: number } {
  const radians = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const newWidth = Math.round(Math.abs(width * cos) + Math.abs(height * sin));
  const newHeight = Math.round(Math.abs(width * sin) + Math.abs(height * cos));
  // y points down, so a counter-clockwise turn on screen is [cos, sin; -sin, cos].
  const rotation = Float64Array.of(cos, sin, 0, -sin, cos, 0, 0, 0, 1);
  const transform = compose3(
    translate3(-width / 2, -height / 2),
    rotation,
    translate3(newWidth / 2, newHeight / 2),
  );
  return { transform, width: newWidth, height: newHeight };
}

/** {@link mapPolygon}, with each vertex clamped to a `width` × `height` image. */
export function mapPolygonWithin(
  h: Homography,
  polygon: readonly Point[],
  width: number,
  height: number,
): Polygon {
  return mapPolygon(h, polygon).map(([x, y]) => [
    Math.min(Math.max(x, 0), width),
    Math.min(Math.max(y, 0), height),
  ]);
}

/** Maps every vertex of `polygon` through `h` (straight edges stay straight under a homography). */
export function mapPolygon(h: Homography, polygon: readonly Point[]): Polygon {
  return polygon.map(([x, y]) => {
    const w = h[6]! * x + h[7]! * y + h[8]!;
    return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w] as Point;
  });
}
