/**
 * Turning a document page upright around detection, without a runtime: detect on the page as
 * planned; when the regions run down the page (a page on its side the orientation vote missed),
 * turn a quarter and detect again; then let the line classifier vote on a half turn. Detection
 * and the classifier are parameters, so Node tests run this with onnxruntime-node.
 */
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import { type DocumentPlan, regionsRunDown, turnPlanQuarter } from './document-pipeline.js';

/** A width and height, px. */
interface PixelSize {
  width: number;
  height: number;
}

/** Where page detection starts: the page as planned, and how to render it under another plan. */
export interface UprightStart {
  /** The page's pixels as rendered (maybe reduced from `page`). */
  pixels: RgbaImage;
  /** The size detections are measured in, px. */
  page: PixelSize;
  plan: DocumentPlan;
  /** Renders the page under another plan; null: the page may not be turned (no page, orientation off). */
  rerender: ((plan: DocumentPlan) => RgbaImage) | null;
}

/** Detects the regions of `pixels`, polygons in `page` pixels. */
export type DetectPage<F> = (pixels: RgbaImage, page: PixelSize) => Promise<F>;

/** Whether the page (its `pixels`, lines as polygons in those pixels) is upside down. */
export type UpsideDownVote = (pixels: RgbaImage, pagePolygons: Polygon[]) => Promise<boolean>;

/** What {@link detectUprightPage} found. */
export interface UprightPage<F> {
  /** Detection on the page of `detectPlan` (page pixels). */
  found: F;
  /** The plan the regions were detected under (a half turn changes what the person sees, not them). */
  detectPlan: DocumentPlan;
  /** The upright page: `detectPlan`, maybe half turned. */
  plan: DocumentPlan;
  /** The half-turn vote, ms (0 when it did not run). */
  voteMs: number;
}

/**
 * Detects the page of `start` and turns it upright: a quarter turn when the regions run down the
 * page, a half turn when `upsideDown` says so. `merge` folds the first detection into the
 * second (timings add up). Checks `signal` between steps.
 */
export async function detectUprightPage<
  F extends { detections: readonly { imagePolygon: Polygon }[] },
>(
  start: UprightStart,
  detect: DetectPage<F>,
  merge: (first: F, again: F) => F,
  upsideDown: UpsideDownVote | null,
  signal?: AbortSignal,
): Promise<UprightPage<F>> {
  let { pixels, page, plan } = start;
  let found = await detect(pixels, page);
  const { rerender } = start;
  if (rerender && regionsRunDown(found.detections.map((d) => d.imagePolygon))) {
    signal?.throwIfAborted();
    plan = turnPlanQuarter(plan);
    pixels = rerender(plan);
    page = { width: plan.pageWidth, height: plan.pageHeight };
    found = merge(found, await detect(pixels, page));
  }
  const detectPlan = plan;
  let voteMs = 0;
  if (rerender && upsideDown) {
    signal?.throwIfAborted();
    const voteStart = performance.now();
    const scale = pixels.width / page.width;
    const pagePolygons = found.detections.map((d) =>
      d.imagePolygon.map(([x, y]) => [x * scale, y * scale] as [number, number]),
    );
    // Upside down: the regions are right as they are; only the page the person sees turns.
    if (await upsideDown(pixels, pagePolygons)) plan = turnPlanQuarter(turnPlanQuarter(plan));
    voteMs = performance.now() - voteStart;
  }
  return { found, detectPlan, plan, voteMs };
}
