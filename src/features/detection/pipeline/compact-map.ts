/**
 * Probability maps kept for live re-scoring: 8-bit levels instead of 32-bit floats (a quarter
 * of the bytes), with the transform back to original-image pixels they need.
 */
import { mapPolygonWithin } from '../../../core/geometry/matrix3.js';
import type { Homography } from '../../../core/geometry/perspective.js';
import type { Detection } from './detection.js';
import type { ProbabilityMap } from './output.js';
import type { MapToImage } from './preprocess.js';

/** Levels per unit of probability: a level is round(probability × 255). */
const LEVELS = 255;

/** A probability map as 8-bit levels, map-pixel space, with its transform to image pixels. */
export interface CompactMap {
  /** round(probability × 255) per map pixel, row-major. */
  levels: Uint8Array;
  width: number;
  height: number;
  /** Map pixels → original-image pixels, as the detection used it. */
  mapToImage: MapToImage;
  /**
   * Set when the map was detected on a straightened document page: `mapToImage` then ends in
   * page pixels, and this homography takes them on to the original photo's.
   */
  pageToImage?: PageToImage;
}

/** Upright-page pixels → original-photo pixels, and the photo's size to clamp to. */
export interface PageToImage {
  homography: Homography;
  imageWidth: number;
  imageHeight: number;
}

/** Regions post-processed from `compact` (in `mapToImage`'s pixels), in original-image pixels. */
export function regionsOnImage(compact: CompactMap, detections: Detection[]): Detection[] {
  const page = compact.pageToImage;
  if (!page) return detections;
  return detections.map((detection) => ({
    ...detection,
    imagePolygon: mapPolygonWithin(
      page.homography,
      detection.imagePolygon,
      page.imageWidth,
      page.imageHeight,
    ),
  }));
}

/** Quantises `map` to 8 bits per pixel. */
export function compactMap(map: ProbabilityMap, mapToImage: MapToImage): CompactMap {
  const levels = new Uint8Array(map.width * map.height);
  for (let i = 0; i < levels.length; i++) {
    const p = map.data[i]!;
    levels[i] = p <= 0 ? 0 : p >= 1 ? LEVELS : Math.round(p * LEVELS);
  }
  return { levels, width: map.width, height: map.height, mapToImage };
}

/**
 * The map back as probabilities (level / 255), into `into` when it is large enough (re-scoring
 * many maps in a row reuses one buffer).
 */
export function expandMap(compact: CompactMap, into?: Float32Array): ProbabilityMap {
  const size = compact.width * compact.height;
  const data = into && into.length >= size ? into.subarray(0, size) : new Float32Array(size);
  const { levels } = compact;
  for (let i = 0; i < size; i++) data[i] = levels[i]! / LEVELS;
  return { data, width: compact.width, height: compact.height };
}
