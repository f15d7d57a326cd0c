/**
 * The page's corners as the workbench handles them: where hand placing starts, what counts as a
 * placed page, and the straightened page shown in place of the photo.
 */
import type { Quad } from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { DocumentResult } from '../../../protocol/detector.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { detectionsOnPage } from './page-view.js';

/** Share of the photo's width and height that hand-placed corners start in from its edges. */
const HAND_PLACED_INSET = 0.1;

/**
 * Corners to drag onto the page where none was found: a tenth of the photo in from each edge,
 * in image pixels, clockwise from the top left.
 */
export function startingCorners(imageWidth: number, imageHeight: number): Quad {
  const near = (side: number) => Math.round(HAND_PLACED_INSET * side);
  const far = (side: number) => Math.round((1 - HAND_PLACED_INSET) * side);
  return [
    [near(imageWidth), near(imageHeight)],
    [far(imageWidth), near(imageHeight)],
    [far(imageWidth), far(imageHeight)],
    [near(imageWidth), far(imageHeight)],
  ];
}

/** Corners a person placed, as a page quad (image pixels); null unless there are exactly four. */
export function asPageQuad(imagePolygon: Polygon): Quad | null {
  return imagePolygon.length === 4 ? (imagePolygon as Quad) : null;
}

/** The straightened page shown instead of the photo: its bitmap, size in page pixels, regions on it. */
export interface PageShown {
  /** The page drawn upright. */
  image: ImageBitmap;
  /** Page width, page pixels. */
  width: number;
  /** Page height, page pixels. */
  height: number;
  /** The photo's regions carried onto the page (page pixels). */
  detections: Detection[];
}

/** The page view of a found page, or null while its bitmap (`image`) is still being drawn. */
export function pageShown(
  image: ImageBitmap | null,
  document: DocumentResult,
  detections: readonly Detection[],
): PageShown | null {
  if (!image) return null;
  const { pageWidth: width, pageHeight: height } = document;
  return { image, width, height, detections: detectionsOnPage(document, detections) };
}
