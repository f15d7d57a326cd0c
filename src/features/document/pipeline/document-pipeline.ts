/**
 * Document-photo preprocessing as pure steps: find the page, straighten it, turn it upright and
 * remove residual skew, optionally enhance it. Every step is a 3 × 3 transform; their product
 * maps original-photo pixels to straightened-page pixels, and its inverse maps each detected
 * polygon back to the photo.
 */
import {
  compose3,
  invert3,
  mapPolygonWithin,
  quarterTurn3,
  rotateAboutCentre3,
  scale3,
  translate3,
} from '../../../core/geometry/matrix3.js';
import {
  type Homography,
  orderQuad,
  type Quad,
  quadCropSize,
  solveHomography,
  warpPerspective,
} from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import { type EnhancementMode, stretchContrast } from './enhance.js';
import { toGreyDownscaled, toRgbDownscaled } from './grey-image.js';
import { type PixelBox, textBounds, voteOrientation } from './orientation.js';
import { findPage, type PageMethod } from './page-detect.js';
import type { DocumentParams } from './params.js';

/** Long side of the small copy the page is found on, px (the browser shrinks the photo to it). */
export const PAGE_FINDING_LONG_SIDE = 512;
/** Long side of the colour copy the background is told from the page on, px. */
const BACKGROUND_LONG_SIDE = 192;
/** Long side of the crop of the page's text the orientation vote reads, px: letters must stand apart there. */
const ORIENTATION_LONG_SIDE = 512;
/** Long side of the small copy of the page the text is framed on, px. */
const TEXT_FRAMING_LONG_SIDE = 256;
/**
 * Skew within this many degrees of straight is left alone: the estimate moves in 0.5° steps, so a
 * reading of ±0.5° is within its own noise, and resampling would cost more than it gives.
 */
const MIN_SKEW_CORRECTION_DEG = 1;

/** What preprocessing decided for one photo: the page and the transform to the upright page. */
export interface DocumentPlan {
  /** The page's corners in original-photo pixels (top-left first, clockwise); null: the whole photo. */
  pageQuad: Quad | null;
  /** How the page was found: a method, `manual` (corners given), or null (none found). */
  method: PageMethod | 'manual' | null;
  /** Quarter turns counter-clockwise applied after straightening (0–3). */
  quarterTurnsCCW: number;
  /** Clockwise tilt of the text lines that was removed, degrees. */
  skewDeg: number;
  /** Original-photo pixels → upright page pixels (at the page's own resolution). */
  photoToPage: Homography;
  /** Size of the upright page, px at the page's own resolution. */
  pageWidth: number;
  pageHeight: number;
}

/** The straightened page as rendering needs it: photo → page transform and the page's size. */
export type PageFrame = Pick<DocumentPlan, 'photoToPage' | 'pageWidth' | 'pageHeight'>;

/**
 * Finds the page of a `photoWidth` × `photoHeight` photo in `small`, a reduced copy of it
 * (≤ {@link PAGE_FINDING_LONG_SIDE} px), and plans its straightening, not yet turned.
 * `manualQuad` (photo pixels) replaces page finding.
 */
export function findPagePlan(
  small: RgbaImage,
  photoWidth: number,
  photoHeight: number,
  params: DocumentParams,
  manualQuad?: Quad,
): { plan: DocumentPlan; pageMs: number } {
  const pageStart = performance.now();
  const smallPerPhotoX = small.width / photoWidth;
  const smallPerPhotoY = small.height / photoHeight;
  let pageQuad: Quad | null = null;
  let method: DocumentPlan['method'] = null;
  if (manualQuad) {
    pageQuad = orderQuad(manualQuad);
    method = 'manual';
  } else {
    const { grey, scale } = toGreyDownscaled(small, PAGE_FINDING_LONG_SIDE);
    const found = findPage(grey, toRgbDownscaled(small, BACKGROUND_LONG_SIDE), params.minPageShare);
    if (found) {
      pageQuad = found.greyQuad.map(([x, y]) => [
        x / scale / smallPerPhotoX,
        y / scale / smallPerPhotoY,
      ]) as Quad;
      method = found.method;
    }
  }
  let photoToPage: Homography = scale3(1);
  let pageWidth = photoWidth;
  let pageHeight = photoHeight;
  if (pageQuad) {
    ({ width: pageWidth, height: pageHeight } = quadCropSize(pageQuad));
    photoToPage = solveHomography(pageQuad, [
      [0, 0],
      [pageWidth, 0],
      [pageWidth, pageHeight],
      [0, pageHeight],
    ]);
  }
  const plan = {
    pageQuad,
    method,
    quarterTurnsCCW: 0,
    skewDeg: 0,
    photoToPage,
    pageWidth,
    pageHeight,
  };
  return { plan, pageMs: performance.now() - pageStart };
}

/**
 * Renders the part `box` (page pixels) of the straightened page from `source` (the photo decoded
 * at any scale), `scale` output px per page px; the output's rounded size spans the box exactly.
 */
function renderPageBox(
  source: RgbaImage,
  photoWidth: number,
  photoHeight: number,
  page: PageFrame,
  box: PixelBox,
  scale: number,
): RgbaImage {
  const width = Math.max(1, Math.round((box.x1 - box.x0) * scale));
  const height = Math.max(1, Math.round((box.y1 - box.y0) * scale));
  const outputToSource = compose3(
    scale3((box.x1 - box.x0) / width, (box.y1 - box.y0) / height),
    translate3(box.x0, box.y0),
    invert3(page.photoToPage),
    scale3(source.width / photoWidth, source.height / photoHeight),
  );
  return warpPerspective(source, outputToSource, width, height);
}

/**
 * Turns a found page upright and removes residual skew. The text is framed on a small copy of
 * the page cut from `small`, then voted on at {@link ORIENTATION_LONG_SIDE} px cut from `detail`
 * (the photo decoded larger; never enlarged past it). A plan without a page is left alone:
 * scans and scenes are not pages to turn.
 */
export function orientPlan(
  plan: DocumentPlan,
  small: RgbaImage,
  detail: RgbaImage,
  photoWidth: number,
  photoHeight: number,
): { plan: DocumentPlan; orientationMs: number } {
  const start = performance.now();
  if (!plan.pageQuad) return { plan, orientationMs: 0 };
  const { pageWidth, pageHeight } = plan;
  const whole: PixelBox = { x0: 0, y0: 0, x1: pageWidth, y1: pageHeight };
  const smallScale = Math.min(
    small.width / photoWidth,
    TEXT_FRAMING_LONG_SIDE / Math.max(pageWidth, pageHeight),
  );
  const smallPage = renderPageBox(small, photoWidth, photoHeight, plan, whole, smallScale);
  const textBox = textBounds(toGreyDownscaled(smallPage, TEXT_FRAMING_LONG_SIDE).grey);
  if (!textBox) return { plan, orientationMs: performance.now() - start };
  const pagePerSmallX = pageWidth / smallPage.width;
  const pagePerSmallY = pageHeight / smallPage.height;
  const box: PixelBox = {
    x0: textBox.x0 * pagePerSmallX,
    y0: textBox.y0 * pagePerSmallY,
    x1: textBox.x1 * pagePerSmallX,
    y1: textBox.y1 * pagePerSmallY,
  };
  const detailScale = Math.min(
    detail.width / photoWidth,
    ORIENTATION_LONG_SIDE / Math.max(box.x1 - box.x0, box.y1 - box.y0),
  );
  const text = renderPageBox(detail, photoWidth, photoHeight, plan, box, detailScale);
  const vote = voteOrientation(toGreyDownscaled(text, ORIENTATION_LONG_SIDE).grey);
  let oriented = plan;
  if (vote?.quarterTurnsCCW) oriented = turnPlanQuarter(oriented);
  if (vote && Math.abs(vote.skewDeg) >= MIN_SKEW_CORRECTION_DEG) {
    const rotation = rotateAboutCentre3(vote.skewDeg, oriented.pageWidth, oriented.pageHeight);
    oriented = {
      ...oriented,
      skewDeg: vote.skewDeg,
      photoToPage: compose3(oriented.photoToPage, rotation.transform),
      pageWidth: rotation.width,
      pageHeight: rotation.height,
    };
  }
  return { plan: oriented, orientationMs: performance.now() - start };
}

/** Tall regions must outweigh wide ones by this factor (by area) before the page is turned. */
const TALL_REGION_MARGIN = 2;
/** Fewest regions the shape vote needs. */
const MIN_REGIONS_TO_VOTE = 3;

/**
 * The vote over detected regions' shapes, in upright-page pixels: text lines are wide, so when
 * tall regions outweigh wide ones (by area) the page still lies on its side.
 */
export function regionsRunDown(pagePolygons: readonly Polygon[]): boolean {
  if (pagePolygons.length < MIN_REGIONS_TO_VOTE) return false;
  let tall = 0;
  let wide = 0;
  for (const polygon of pagePolygons) {
    const xs = polygon.map(([x]) => x);
    const ys = polygon.map(([, y]) => y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    if (height > width) tall += width * height;
    else wide += width * height;
  }
  return tall > TALL_REGION_MARGIN * wide;
}

/** `plan` with one more quarter turn counter-clockwise of the upright page. */
export function turnPlanQuarter(plan: DocumentPlan): DocumentPlan {
  return {
    ...plan,
    quarterTurnsCCW: (plan.quarterTurnsCCW + 1) % 4,
    photoToPage: compose3(plan.photoToPage, quarterTurn3(1, plan.pageWidth, plan.pageHeight)),
    pageWidth: plan.pageHeight,
    pageHeight: plan.pageWidth,
  };
}

/**
 * Renders the upright page from `source` (the photo decoded at any scale) at most
 * `maxLongSide` px on its long side, enhanced as asked.
 */
export function renderPage(
  source: RgbaImage,
  photoWidth: number,
  photoHeight: number,
  page: PageFrame,
  maxLongSide: number,
  enhancement: EnhancementMode,
): { image: RgbaImage; warpMs: number; enhanceMs: number } {
  const warpStart = performance.now();
  const { pageWidth, pageHeight } = page;
  const scale = Math.min(1, maxLongSide / Math.max(pageWidth, pageHeight));
  const whole: PixelBox = { x0: 0, y0: 0, x1: pageWidth, y1: pageHeight };
  const image = renderPageBox(source, photoWidth, photoHeight, page, whole, scale);
  const warpMs = performance.now() - warpStart;
  const enhanceStart = performance.now();
  if (enhancement === 'contrast') stretchContrast(image);
  return { image, warpMs, enhanceMs: performance.now() - enhanceStart };
}

/** Maps a polygon in upright-page pixels back to original-photo pixels, clamped to the photo. */
export function pageToPhotoPolygon(
  plan: DocumentPlan,
  pagePolygon: Polygon,
  photoWidth: number,
  photoHeight: number,
): Polygon {
  return mapPolygonWithin(invert3(plan.photoToPage), pagePolygon, photoWidth, photoHeight);
}
