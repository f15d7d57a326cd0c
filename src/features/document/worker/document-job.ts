/**
 * The document-photo path of a detection job in the worker: the page prepared (document-step.ts),
 * detected and turned upright (the pipeline's `detectUprightPage`), and the result mapped back
 * to the photo's pixels.
 */
import type { DecodedImage } from '../../../core/decode-image.js';
import { invert3 } from '../../../core/geometry/matrix3.js';
import type { Homography } from '../../../core/geometry/perspective.js';
import type { RgbaImage } from '../../../core/image.js';
import type { DetectRequest, DetectResult, DocumentResult } from '../../../protocol/detector.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { ModelDescriptor } from '../../models/pipeline/descriptor.js';
import { detectUprightPage, type UpsideDownVote } from '../pipeline/upright-page.js';
import { detectionsToPhoto, documentResult, prepareDocument } from './document-step.js';

/** One detection's result before text and thumbnail. */
export type FoundImage = Omit<DetectResult, 'thumbnail'>;

/** What the document path needs from the detector. */
export interface DocumentJobContext {
  descriptor: ModelDescriptor;
  resizeQuality: ResizeQuality;
  readPixels: (bitmap: ImageBitmap) => RgbaImage;
  /** The size to decode a photo with no page to (the model's input scale); null: full size. */
  modelDecodeSize: (width: number, height: number) => { width: number; height: number } | null;
  /** Detection of `pixels`, polygons in `original`-size pixels, with its decode time. */
  detectPixels: (
    pixels: RgbaImage,
    original: { width: number; height: number },
    decodeMs: number,
  ) => Promise<FoundImage>;
  /** The half-turn vote; null: pages are never half turned. */
  upsideDown: UpsideDownVote | null;
}

/** What the document path produced: regions in photo pixels, and what to keep for later. */
export interface DocumentJob {
  found: FoundImage;
  document: DocumentResult;
  /** Maps regions of the kept map (page pixels) back to the photo; null when no page was straightened. */
  back: ((detections: Detection[]) => Detection[]) | null;
  /** Photo pixels → the upright page, the frame text is ordered in; absent without a page. */
  photoToUpright: Homography | undefined;
  /** The small decode, the thumbnail's source: the caller closes it. */
  small: DecodedImage;
}

/** Adds the timings of the first detection to those of the second (the page was turned between). */
function mergeTimings(first: FoundImage, again: FoundImage): FoundImage {
  return {
    ...again,
    timings: {
      ...again.timings,
      inferenceMs: first.timings.inferenceMs + again.timings.inferenceMs,
      preprocessMs: first.timings.preprocessMs + again.timings.preprocessMs,
      postprocessMs: first.timings.postprocessMs + again.timings.postprocessMs,
    },
  };
}

/**
 * Detection with document preprocessing: the page is found, straightened, detected and turned
 * upright; polygons come back in photo pixels.
 */
export async function runDocumentJob(
  request: DetectRequest,
  context: DocumentJobContext,
): Promise<DocumentJob> {
  const params = request.document!;
  const prepared = await prepareDocument(
    request.image,
    params,
    request.pageQuad,
    context.descriptor,
    context.resizeQuality,
    context.readPixels,
    context.modelDecodeSize,
  );
  const { small } = prepared;
  try {
    const photo = { width: small.width, height: small.height };
    const straightened = prepared.pagePixels !== null;
    const decodeMs = prepared.timings.decodeMs;
    const turnable =
      prepared.rerender !== null && params.orientation && prepared.plan.method !== null;
    const upright = await detectUprightPage(
      {
        pixels: (prepared.pagePixels ?? prepared.photoPixels)!,
        page: straightened
          ? { width: prepared.plan.pageWidth, height: prepared.plan.pageHeight }
          : photo,
        plan: prepared.plan,
        rerender: turnable ? prepared.rerender : null,
      },
      (pixels, page) => context.detectPixels(pixels, page, decodeMs),
      mergeTimings,
      context.upsideDown,
    );
    prepared.timings.orientationMs += upright.voteMs;
    const { found, detectPlan, plan } = upright;
    const back = straightened
      ? (detections: Detection[]) =>
          detectionsToPhoto(detectPlan, detections, photo.width, photo.height)
      : null;
    const { decodeMs: _decode, ...steps } = prepared.timings;
    return {
      found: {
        ...found,
        ...(straightened && found.map
          ? {
              map: {
                ...found.map,
                pageToImage: {
                  homography: invert3(detectPlan.photoToPage),
                  imageWidth: photo.width,
                  imageHeight: photo.height,
                },
              },
            }
          : {}),
        detections: back ? back(found.detections) : found.detections,
        imageWidth: photo.width,
        imageHeight: photo.height,
        timings: { ...found.timings, ...steps },
      },
      document: documentResult(plan, params, prepared.timings),
      // A kept map of a page found (not the photo as it is) lies in page pixels.
      back: detectPlan.method !== null ? (back ?? ((d) => d)) : null,
      // Text is cut from the photo but ordered on the upright page (a page on its side reads too).
      photoToUpright: straightened ? plan.photoToPage : undefined,
      small,
    };
  } catch (error) {
    small.bitmap.close();
    throw error;
  }
}
