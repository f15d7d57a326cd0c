/**
 * The document-photo step of a detection job in the worker: decode a small copy to plan on, then
 * the photo at the scale the straightened page needs, and render the page for the model.
 */

import {
  type DecodedImage,
  type DecodeTarget,
  decodeImage,
  resizeDecoded,
} from '../../../core/decode-image.js';
import type { Quad } from '../../../core/geometry/perspective.js';
import type { RgbaImage } from '../../../core/image.js';
import type { DocumentResult, DocumentTimings } from '../../../protocol/detector.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { ModelDescriptor } from '../../models/pipeline/descriptor.js';
import {
  type DocumentPlan,
  findPagePlan,
  orientPlan,
  PAGE_FINDING_LONG_SIDE,
  pageToPhotoPolygon,
  renderPage,
} from '../pipeline/document-pipeline.js';
import type { DocumentParams } from '../pipeline/params.js';

/**
 * The photo is decoded at this many times the model's input side (never above full size): a page
 * covers part of the photo, so its own pixels must still fill the input after straightening.
 */
const PHOTO_DECODE_FACTOR = 2;

/** What the document step hands to detection: the page's pixels and how to get back to the photo. */
export interface DocumentInput {
  /** The upright page's pixels, maybe reduced; null when the plan changes nothing. */
  pagePixels: RgbaImage | null;
  /** With no page: the photo's own pixels at the model's scale, as detection without the step reads them. */
  photoPixels: RgbaImage | null;
  plan: DocumentPlan;
  /** The photo reduced for page finding, also the thumbnail's source (closed by the caller). */
  small: DecodedImage;
  timings: DocumentTimings;
  /** Renders the page again under another plan (one more quarter turn), from the same decode. */
  rerender: ((plan: DocumentPlan) => RgbaImage) | null;
}

/** The long side of `descriptor`'s model input, px. */
function modelLongSide(descriptor: ModelDescriptor): number {
  return descriptor.input.kind === 'long-side' ? descriptor.input.limitSide : descriptor.input.size;
}

function reduceTo(longSide: number): DecodeTarget {
  return (width: number, height: number) => {
    const ratio = longSide / Math.max(width, height);
    return ratio < 1
      ? {
          width: Math.max(1, Math.round(width * ratio)),
          height: Math.max(1, Math.round(height * ratio)),
        }
      : null;
  };
}

/**
 * Plans and renders the page of `image` under `params` (or the hand-placed `manualQuad`, photo
 * pixels). The photo is decoded once, at twice the model's side; the small copy the page is
 * found on, and the model's input when there is no page (`modelTarget` sizes it), are resized
 * from that bitmap. `readPixels` reads a bitmap's RGBA (the worker owns the canvas).
 */
export async function prepareDocument(
  image: Blob,
  params: DocumentParams,
  manualQuad: Quad | undefined,
  descriptor: ModelDescriptor,
  resizeQuality: ResizeQuality,
  readPixels: (bitmap: ImageBitmap) => RgbaImage,
  modelTarget: DecodeTarget,
): Promise<DocumentInput> {
  const longSide = modelLongSide(descriptor);
  const decodeStart = performance.now();
  const photo = await decodeImage(image, reduceTo(PHOTO_DECODE_FACTOR * longSide), resizeQuality);
  let small: DecodedImage | null = null;
  try {
    small = await resizeDecoded(photo, reduceTo(PAGE_FINDING_LONG_SIDE), resizeQuality);
    const smallPixels = readPixels(small.bitmap);
    const timings: DocumentTimings = {
      pageMs: 0,
      orientationMs: 0,
      warpMs: 0,
      enhanceMs: 0,
      decodeMs: performance.now() - decodeStart,
    };
    const found = findPagePlan(smallPixels, photo.width, photo.height, params, manualQuad);
    timings.pageMs = found.pageMs;
    // No page: nothing to straighten or turn (scans and scenes are left alone).
    if (found.plan.pageQuad === null && params.enhancement === 'off') {
      const resizeStart = performance.now();
      const input = await resizeDecoded(photo, modelTarget, resizeQuality);
      let photoPixels: RgbaImage;
      try {
        photoPixels = readPixels(input.bitmap);
      } finally {
        input.bitmap.close();
      }
      timings.decodeMs += performance.now() - resizeStart;
      return { pagePixels: null, photoPixels, plan: found.plan, small, timings, rerender: null };
    }
    const readStart = performance.now();
    const photoPixels = readPixels(photo.bitmap);
    timings.decodeMs += performance.now() - readStart;
    let plan = found.plan;
    if (params.orientation) {
      const oriented = orientPlan(plan, smallPixels, photoPixels, photo.width, photo.height);
      plan = oriented.plan;
      timings.orientationMs = oriented.orientationMs;
    }
    const render = (next: DocumentPlan) => {
      const rendered = renderPage(
        photoPixels,
        photo.width,
        photo.height,
        next,
        longSide,
        params.enhancement,
      );
      timings.warpMs += rendered.warpMs;
      timings.enhanceMs += rendered.enhanceMs;
      return rendered.image;
    };
    return { pagePixels: render(plan), photoPixels: null, plan, small, timings, rerender: render };
  } catch (error) {
    small?.bitmap.close();
    throw error;
  } finally {
    photo.bitmap.close();
  }
}

/** Detections in upright-page pixels mapped back to original-photo pixels. */
export function detectionsToPhoto(
  plan: DocumentPlan,
  detections: Detection[],
  photoWidth: number,
  photoHeight: number,
): Detection[] {
  return detections.map((detection) => ({
    ...detection,
    imagePolygon: pageToPhotoPolygon(plan, detection.imagePolygon, photoWidth, photoHeight),
  }));
}

/** The plan as it crosses the worker boundary and is stored: plain numbers. */
export function documentResult(
  plan: DocumentPlan,
  params: DocumentParams,
  timings: DocumentTimings,
): DocumentResult {
  return {
    params,
    pageQuad: plan.pageQuad,
    method: plan.method,
    quarterTurnsCCW: plan.quarterTurnsCCW,
    skewDeg: plan.skewDeg,
    photoToPage: Array.from(plan.photoToPage),
    pageWidth: plan.pageWidth,
    pageHeight: plan.pageHeight,
    timings,
  };
}
