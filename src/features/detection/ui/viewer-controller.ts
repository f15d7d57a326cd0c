import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { decodeImage } from '../../../core/decode-image.js';
import { ErrorName, errorName, namedError, userMessage } from '../../../core/errors.js';
import type { Quad } from '../../../core/geometry/perspective.js';
import { reducedSize } from '../../../core/image-header.js';
import type { DetectorEngine } from '../../../engine/detector-engine.js';
import type { DocumentResult, Heatmap, RecognizeRequest } from '../../../protocol/detector.js';
import type { BatchItem, ItemResult } from '../../batch/ui/batch-item.js';
import { itemImage } from '../../batch/ui/item-image.js';
import { renderPageView } from '../../document/ui/page-view.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import { looksLikePdf } from '../../pdf/pipeline/pdf-pages.js';
import type { HeatmapImage } from './overlay-picture.js';

/** Longest side of the bitmap kept for display, px: sharp on any screen, a fraction of a photo's memory. */
export const DISPLAY_LONG_SIDE = 2560;

/** Where a re-processed result goes, and how to re-run one image when its map is gone. */
export interface ViewerDeps {
  engine: DetectorEngine;
  /** Stores a new result for an item (after live re-processing or a re-detection). */
  applyResult(id: string, result: ItemResult, params: PostprocessParams): void;
  /**
   * Runs detection for one item again, keeping its probability map; resolves with the new result.
   * `pageQuad` (original-photo pixels) replaces page finding when the person placed the corners;
   * null finds the page again; undefined keeps the corners the image's result had.
   */
  redetect(item: BatchItem, params: PostprocessParams, pageQuad?: Quad | null): Promise<ItemResult>;
  /** Shows an error to the person. */
  report(message: string): void;
  /** The recognizer to read changed regions with, or null when "Read text" is off. */
  recognize?(): RecognizeRequest | null;
}

/** Colour stops of the heatmap (probability 0–255 → RGB): blue, cyan, yellow, red. */
const HEATMAP_STOPS: readonly [number, number, number, number][] = [
  [0, 40, 60, 220],
  [85, 0, 200, 230],
  [170, 255, 220, 0],
  [255, 220, 20, 20],
];
/** Probabilities below this (0–255) stay see-through, so the page itself stays readable. */
const HEATMAP_FLOOR = 13;

/** Opacity (0–255) of a heatmap pixel at probability level `p` (0–255): clear below the floor. */
export function heatmapAlpha(p: number): number {
  return p < HEATMAP_FLOOR ? 0 : Math.round(110 + p * 0.57);
}

/**
 * Colours a probability map (0–255 per pixel) with a blue → cyan → yellow → red scale: clear
 * below {@link HEATMAP_FLOOR}, more opaque as the probability rises.
 */
export function colourHeatmap(heatmap: Heatmap): ImageData {
  const rgba = new Uint8ClampedArray(heatmap.width * heatmap.height * 4);
  for (let i = 0; i < heatmap.pixels.length; i++) {
    const p = heatmap.pixels[i]!;
    if (p < HEATMAP_FLOOR) continue;
    let stop = 1;
    while (stop < HEATMAP_STOPS.length - 1 && p > HEATMAP_STOPS[stop]![0]) stop++;
    const [p0, r0, g0, b0] = HEATMAP_STOPS[stop - 1]!;
    const [p1, r1, g1, b1] = HEATMAP_STOPS[stop]!;
    const t = (p - p0) / (p1 - p0);
    rgba[i * 4] = r0 + (r1 - r0) * t;
    rgba[i * 4 + 1] = g0 + (g1 - g0) * t;
    rgba[i * 4 + 2] = b0 + (b1 - b0) * t;
    rgba[i * 4 + 3] = heatmapAlpha(p);
  }
  return new ImageData(rgba, heatmap.width, heatmap.height);
}

/**
 * What is on screen: the selected item's display bitmap (downscaled, EXIF applied), its heatmap,
 * and live re-processing when parameters change — from the probability map kept in the worker,
 * so no new inference, falling back to one re-detection when the worker no longer holds it.
 */
export class ViewerController implements ReactiveController {
  /** The selected item's id, or null. */
  selectedId: string | null = null;
  /** Display bitmap of the selected item (null while loading or when it cannot be decoded). */
  image: ImageBitmap | null = null;
  /** Size of the image as displayed (EXIF applied), original px; known once decoded. */
  imageSize: { width: number; height: number } | null = null;
  heatmap: HeatmapImage | null = null;
  showHeatmap = false;
  /** Why the selected item's image cannot be shown (it does not decode), or null. */
  displayError: string | null = null;

  private loadToken = 0;
  private reprocessing = false;
  private wanted: {
    item: BatchItem;
    params: PostprocessParams;
    full: boolean;
    pageQuad?: Quad | null;
  } | null = null;
  /** Show the straightened page instead of the photo (document photos only). */
  showPage = false;
  /** The straightened page drawn from the display bitmap, and the transform it was drawn for. */
  pageImage: { key: string; image: ImageBitmap } | null = null;
  private pageToken = 0;
  /** The transform whose page is being drawn, so a render in flight is not started again. */
  private pageRendering: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: ViewerDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.release();
  }

  /** Shows `item` (or nothing); decodes its display bitmap; stale decodes are dropped. */
  async select(item: BatchItem | null): Promise<void> {
    if (item?.id === this.selectedId && this.image) return;
    this.selectedId = item?.id ?? null;
    this.displayError = null;
    this.release();
    this.host.requestUpdate();
    if (!item) return;
    const token = ++this.loadToken;
    // A PDF still opening, or one that did not open, has no page to show.
    if (!item.page && looksLikePdf(item.file.name, item.file.type)) return;
    try {
      const source = await itemImage(this.deps.engine, item);
      const bitmap = await decodeForDisplay(source);
      if (token !== this.loadToken) {
        bitmap.image.close();
        return;
      }
      this.image = bitmap.image;
      this.imageSize = { width: bitmap.width, height: bitmap.height };
      if (this.showHeatmap) await this.loadHeatmap(item);
    } catch (error) {
      // Said in the viewer, where the image would be, and in the item's row once it has run: a
      // banner per unreadable file would stack up and outlive the files.
      if (token === this.loadToken) this.displayError = userMessage(error);
    }
    this.host.requestUpdate();
  }

  /** Turns the heatmap on or off for the selected image (`item`). */
  async setShowHeatmap(show: boolean, item: BatchItem | null): Promise<void> {
    this.showHeatmap = show;
    if (!show || !item) this.clearHeatmap();
    else await this.loadHeatmap(item);
    this.host.requestUpdate();
  }

  /**
   * Applies new parameters to the selected item. Requests coalesce: while one runs, only the
   * latest waiting request is kept, so dragging a slider never queues stale work.
   */
  reprocess(item: BatchItem, params: PostprocessParams): void {
    if (!item.result) return;
    // A waiting full re-run stays full, with the corners it was asked for.
    const waiting = this.wanted?.item.id === item.id ? this.wanted : null;
    this.wanted = {
      item,
      params,
      full: waiting?.full === true,
      ...(waiting?.pageQuad !== undefined ? { pageQuad: waiting.pageQuad } : {}),
    };
    if (!this.reprocessing) void this.drain();
  }

  /**
   * Detects the selected item again from its file (a preprocessing parameter or the page's
   * corners changed, so the kept map no longer fits); coalesces like `reprocess`.
   */
  redetect(item: BatchItem, params: PostprocessParams, pageQuad?: Quad | null): void {
    if (!item.result) return;
    this.wanted = { item, params, full: true, ...(pageQuad !== undefined ? { pageQuad } : {}) };
    if (!this.reprocessing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.reprocessing = true;
    try {
      while (this.wanted) {
        const { item, params, full, pageQuad } = this.wanted;
        this.wanted = null;
        await this.reprocessOnce(item, params, full, pageQuad);
      }
    } finally {
      this.reprocessing = false;
    }
  }

  private async reprocessOnce(
    item: BatchItem,
    params: PostprocessParams,
    full: boolean,
    pageQuad?: Quad | null,
  ): Promise<void> {
    const base = item.result;
    if (!base) return;
    try {
      try {
        if (full) throw namedError(ErrorName.MapMissing, 'a full re-run was asked for');
        const recognize = this.deps.recognize?.() ?? null;
        const { detections, postprocessMs, recognitionMs, recognizerId, readingOrientation } =
          await this.deps.engine.repostprocess(item.id, params, recognize ? { recognize } : {});
        const { recognizerId: _previous, ...rest } = base;
        this.deps.applyResult(
          item.id,
          {
            ...rest,
            detections,
            timings: {
              ...base.timings,
              postprocessMs,
              ...(recognitionMs === undefined ? {} : { recognitionMs }),
            },
            ...(recognizerId ? { recognizerId } : {}),
            ...(readingOrientation ? { readingOrientation } : {}),
          },
          params,
        );
        return;
      } catch (error) {
        // Another image was detected since, or the worker was replaced: this map is gone.
        if (errorName(error) !== ErrorName.MapMissing) throw error;
      }
      const result = await this.deps.redetect(item, params, pageQuad);
      this.deps.applyResult(item.id, result, params);
      if (this.showHeatmap && this.selectedId === item.id) await this.loadHeatmap(item);
    } catch (error) {
      this.deps.report(`${item.file.name}: ${userMessage(error)}`);
    }
  }

  /**
   * Shows `item`'s probability map. The worker keeps only the last detected image's map, under
   * its id; for any other image it is detected once more (same parameters) so its map is there.
   * A map asked for by id is never another image's, whatever ran in between.
   */
  private async loadHeatmap(item: BatchItem): Promise<void> {
    this.clearHeatmap();
    const id = item.id;
    if (this.selectedId !== id || !item.result || !item.params) return;
    // A straightened page's map does not lie over the photo; the worker has none to show for it.
    if (item.result.document && item.result.document.method !== null) {
      this.deps.report('The heatmap is not shown for a straightened document photo.');
      return;
    }
    try {
      let heatmap = await this.deps.engine.heatmap(id);
      if (!heatmap) {
        const result = await this.deps.redetect(item, item.params);
        this.deps.applyResult(id, result, item.params);
        heatmap = await this.deps.engine.heatmap(id);
      }
      if (heatmap?.mapId !== id || this.selectedId !== id || !this.showHeatmap) return;
      const bitmap = await createImageBitmap(colourHeatmap(heatmap));
      this.heatmap = {
        bitmap,
        contentX: heatmap.contentX,
        contentY: heatmap.contentY,
        contentWidth: heatmap.contentWidth,
        contentHeight: heatmap.contentHeight,
      };
    } catch (error) {
      this.deps.report(`Heatmap of ${item.file.name}: ${userMessage(error)}`);
    }
    this.host.requestUpdate();
  }

  /** Flips between the photo and its straightened page. */
  setShowPage(show: boolean): void {
    this.showPage = show;
    this.host.requestUpdate();
  }

  /**
   * The straightened page of the selected photo for `document`, or null while it is being drawn
   * (drawn once per transform from the display bitmap; the host updates when it is ready).
   */
  pageImageFor(document: DocumentResult): ImageBitmap | null {
    const key = document.photoToPage.join(',');
    if (this.pageImage?.key === key) return this.pageImage.image;
    const photo = this.image;
    const size = this.imageSize;
    if (!photo || !size || this.pageRendering === key) return null;
    this.pageRendering = key;
    const token = ++this.pageToken;
    void renderPageView(photo, size.width, size.height, document)
      .then((image) => {
        if (this.pageRendering === key) this.pageRendering = null;
        if (token !== this.pageToken) {
          image.close();
          return;
        }
        this.pageImage?.image.close();
        this.pageImage = { key, image };
        this.host.requestUpdate();
      })
      .catch((error: unknown) => {
        if (this.pageRendering === key) this.pageRendering = null;
        this.deps.report(`Page view: ${userMessage(error)}`);
      });
    return null;
  }

  private clearHeatmap(): void {
    const bitmap = this.heatmap?.bitmap;
    if (bitmap instanceof ImageBitmap) bitmap.close();
    this.heatmap = null;
  }

  private release(): void {
    this.loadToken++;
    this.pageToken++;
    this.pageRendering = null;
    this.pageImage?.image.close();
    this.pageImage = null;
    this.image?.close();
    this.image = null;
    this.imageSize = null;
    this.clearHeatmap();
  }
}

/**
 * Decodes a file at its full size, EXIF orientation applied: what PNG export draws on. Over-limit
 * images are refused from their header, as everywhere else.
 */
export async function decodeFullSize(file: Blob): Promise<ImageBitmap> {
  return (await decodeImage(file, () => null, 'high')).bitmap;
}

/**
 * Decodes a file for display: EXIF orientation applied, long side capped at
 * {@link DISPLAY_LONG_SIDE}, decoded straight to that size; over-limit images are refused from
 * their header, before any pixel is decoded. Width and height are the original's, as displayed.
 */
export async function decodeForDisplay(
  file: Blob,
): Promise<{ image: ImageBitmap; width: number; height: number }> {
  const { bitmap, width, height } = await decodeImage(
    file,
    (w, h) => reducedSize(w, h, DISPLAY_LONG_SIDE),
    'high',
  );
  return { image: bitmap, width, height };
}
