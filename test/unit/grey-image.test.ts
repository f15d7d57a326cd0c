import { describe, expect, it } from 'vitest';
import { warpPerspective } from '../../src/core/geometry/perspective.js';
import type { RgbaImage } from '../../src/core/image.js';
import {
  gaussianBlur5,
  toGreyDownscaled,
} from '../../src/features/document/pipeline/grey-image.js';
import { random } from './support/random.js';

function noise(width: number, height: number, seed: number): RgbaImage {
  const next = random(seed);
  const data = new Uint8ClampedArray(width * height * 4).map(() => Math.floor(next() * 256));
  return { data, width, height };
}

describe('gaussianBlur5', () => {
  it('equals the 5 × 5 binomial kernel with replicated edges, pixel for pixel', () => {
    const { width, height } = { width: 23, height: 17 };
    const grey = toGreyDownscaled(noise(width, height, 3), 64).grey;
    const kernel = [1, 4, 6, 4, 1];
    const at = (x: number, y: number) =>
      grey.data[
        Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))
      ]!;
    const blurred = gaussianBlur5(grey);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let j = -2; j <= 2; j++) {
          for (let i = -2; i <= 2; i++) sum += kernel[i + 2]! * kernel[j + 2]! * at(x + i, y + j);
        }
        expect(blurred.data[y * width + x]).toBe(Math.round(sum / 256));
      }
    }
  });
});

describe('toGreyDownscaled', () => {
  it('takes BT.601 luma pixel for pixel when the image is already small enough', () => {
    const image = noise(9, 7, 5);
    const { grey, scale } = toGreyDownscaled(image, 9);
    expect(scale).toBe(1);
    for (let i = 0; i < 63; i++) {
      const [r, g, b] = [image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!];
      expect(grey.data[i]).toBe(Math.round(0.299 * r + 0.587 * g + 0.114 * b));
    }
  });
});

describe('warpPerspective', () => {
  it('samples bilinearly within one grey level of exact arithmetic, edges repeated', () => {
    const image = noise(40, 30, 11);
    const outputToImage = Float64Array.of(0.9, 0.12, -3, -0.08, 1.05, 2, 0.0015, -0.001, 1);
    const warped = warpPerspective(image, outputToImage, 36, 28);
    let worst = 0;
    for (let v = 0; v < 28; v++) {
      for (let u = 0; u < 36; u++) {
        const w = outputToImage[6]! * u + outputToImage[7]! * v + outputToImage[8]!;
        const x = Math.min(
          39,
          Math.max(0, (outputToImage[0]! * u + outputToImage[1]! * v + outputToImage[2]!) / w),
        );
        const y = Math.min(
          29,
          Math.max(0, (outputToImage[3]! * u + outputToImage[4]! * v + outputToImage[5]!) / w),
        );
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const x1 = Math.min(39, x0 + 1);
        const y1 = Math.min(29, y0 + 1);
        for (let c = 0; c < 4; c++) {
          const p = (px: number, py: number) => image.data[(py * 40 + px) * 4 + c]!;
          const top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * (x - x0);
          const bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * (x - x0);
          const exact = top + (bottom - top) * (y - y0);
          worst = Math.max(worst, Math.abs(warped.data[(v * 36 + u) * 4 + c]! - exact));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});
