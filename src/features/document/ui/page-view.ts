/**
 * The "after" view of a document photo: the straightened, upright page drawn from the display
 * bitmap through the stored photo → page transform, and the regions carried onto it.
 */
import { mapPolygon } from '../../../core/geometry/matrix3.js';
import type { DocumentResult } from '../../../protocol/detector.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { renderPage } from '../pipeline/document-pipeline.js';

/** Longest side of the page view, px: sharp on screen, quick to resample on the main thread. */
export const PAGE_VIEW_LONG_SIDE = 1600;

/** Regions in original-photo pixels carried onto the upright page (page pixels). */
export function detectionsOnPage(
  document: DocumentResult,
  detections: readonly Detection[],
): Detection[] {
  const photoToPage = Float64Array.from(document.photoToPage);
  return detections.map((d) => ({ ...d, imagePolygon: mapPolygon(photoToPage, d.imagePolygon) }));
}

/**
 * Renders the upright page from `photo` (the display bitmap of a `photoWidth` × `photoHeight`
 * photo) at most {@link PAGE_VIEW_LONG_SIDE} px, to be drawn stretched over page pixels.
 */
export async function renderPageView(
  photo: ImageBitmap,
  photoWidth: number,
  photoHeight: number,
  document: DocumentResult,
): Promise<ImageBitmap> {
  const source = new OffscreenCanvas(photo.width, photo.height);
  const context = source.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas for the page view');
  context.drawImage(photo, 0, 0);
  const pixels = context.getImageData(0, 0, photo.width, photo.height);
  const frame = { ...document, photoToPage: Float64Array.from(document.photoToPage) };
  const page = renderPage(pixels, photoWidth, photoHeight, frame, PAGE_VIEW_LONG_SIDE, 'off').image;
  return createImageBitmap(
    new ImageData(new Uint8ClampedArray(page.data), page.width, page.height),
  );
}
