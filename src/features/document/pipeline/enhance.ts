/** Optional enhancement of a straightened page before detection (off by default). */
import type { RgbaImage } from '../../../core/image.js';

/** Enhancement modes: none, or a linear contrast stretch between the luma's 1st and 99th percentiles. */
export const ENHANCEMENT_MODES = ['off', 'contrast'] as const;
/** One of {@link ENHANCEMENT_MODES}. */
export type EnhancementMode = (typeof ENHANCEMENT_MODES)[number];

/** Share of pixels allowed to clip at either end of the contrast stretch. */
const STRETCH_CLIP_SHARE = 0.01;

/** Stretches `image`'s contrast in place so the luma's 1st–99th percentiles span 0–255; returns it. */
export function stretchContrast(image: RgbaImage): RgbaImage {
  const { data } = image;
  const histogram = new Uint32Array(256);
  const pixels = data.length / 4;
  for (let p = 0; p < data.length; p += 4) {
    histogram[Math.round(0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!)]!++;
  }
  const clip = pixels * STRETCH_CLIP_SHARE;
  let low = 0;
  for (let sum = 0; low < 255 && sum + histogram[low]! <= clip; low++) sum += histogram[low]!;
  let high = 255;
  for (let sum = 0; high > 0 && sum + histogram[high]! <= clip; high--) sum += histogram[high]!;
  if (high - low < 8) return image;
  const table = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(((v - low) * 255) / (high - low));
  for (let p = 0; p < data.length; p += 4) {
    data[p] = table[data[p]!]!;
    data[p + 1] = table[data[p + 1]!]!;
    data[p + 2] = table[data[p + 2]!]!;
  }
  return image;
}
