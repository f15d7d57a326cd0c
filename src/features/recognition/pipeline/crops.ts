/** Text-line crops for recognition: each region cut upright out of the full-resolution image. */
import {
  cropQuad,
  orderQuad,
  type Quad,
  quadCropSize,
  rotateQuarterCounterClockwise,
} from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';

/** A crop at least this many times taller than wide is read as vertical text and turned (PaddleOCR's rule). */
export const TALL_CROP_RATIO = 1.5;

/**
 * Margin added around each region before cropping, px. On the 956 SROIE ground-truth lines
 * (scripts/recognize-native.ts --variants) 2 px read best: exact 0.890 / CER 0.0152, against
 * 0.869 / 0.0170 with none (tight boxes clip strokes) and 0.880 / 0.0159 with 4 px.
 */
export const CROP_PADDING_PX = 2;

/**
 * Cuts each 4-point region (image pixels, any vertex order) out of `image` as an upright crop,
 * turning tall crops a quarter turn counter-clockwise. With `ordered`, each region already starts
 * at the top-left of its text and runs clockwise (see `readingQuad`), and is cut in that order
 * whatever its angle in the image. Throws `RangeError` for a region that is not 4 points or is
 * degenerate.
 */
export function cropRegions(
  image: RgbaImage,
  imagePolygons: readonly Polygon[],
  paddingPx: number = CROP_PADDING_PX,
  ordered = false,
): RgbaImage[] {
  return imagePolygons.map((polygon) => {
    const quad = cropQuadOf(polygon, ordered);
    const crop = cropQuad(image, quad, { paddingPx });
    return isTallCrop(quad) ? rotateQuarterCounterClockwise(crop) : crop;
  });
}

/** The quad {@link cropRegions} cuts a region by: as given when `ordered`, else ordered by `orderQuad`. */
export function cropQuadOf(polygon: Polygon, ordered: boolean): Quad {
  return ordered ? asQuad(polygon) : orderQuad(polygon);
}

/** True when the crop of `quad` is turned a quarter counter-clockwise before reading (vertical text). */
export function isTallCrop(quad: Quad): boolean {
  const { width, height } = quadCropSize(quad);
  return height / width >= TALL_CROP_RATIO;
}

function asQuad(polygon: Polygon): Quad {
  if (polygon.length !== 4) throw new RangeError(`a quad needs 4 points, got ${polygon.length}`);
  return polygon as Quad;
}
