/**
 * The "Searchable PDF" export: the items with text read (all, or the ticked ones) go to the PDF
 * worker, which asks for each page's image when its turn comes and writes one page per image or
 * PDF page; progress is page by page, and pressing the button again cancels (the worker is
 * terminated and the next export starts a fresh one). Dispatches `change` when progress moves.
 */
import { proxy } from 'comlink';
import { createPdfWorker } from '../../../engine/create-pdf-worker.js';
import { WorkerClient } from '../../../engine/worker-client.js';
import type { PdfApi, PdfPageSpec } from '../../../protocol/pdf.js';
import type { BatchItem } from '../../batch/ui/batch-item.js';
import { pageLabel } from '../../pdf/pipeline/pdf-pages.js';
import { downloadBlob } from './png.js';

/** Time limit of a PDF export per page, ms: render, decode, JPEG encode and text of one page on a slow machine. */
const PDF_TIMEOUT_MS_PER_PAGE = 30_000;

/** The image sizes offered: the original, or a longest side in px (receipts stay legible at 1,200). */
export const PDF_IMAGE_LONG_SIDES = [null, 2000, 1200] as const;

/** Which results become pages, and how large their images are kept. */
export interface SearchablePdfChoice {
  /** `all`: every result with text; `ticked`: only those of ticked images. */
  scope: 'all' | 'ticked';
  /** Longest side of each page's image, px; null keeps the original size. */
  maxLongSide: (typeof PDF_IMAGE_LONG_SIDES)[number];
}

/** The items a searchable PDF of `items` under `scope` has pages for: those with text read. */
export function pdfPageItems(
  items: readonly BatchItem[],
  scope: SearchablePdfChoice['scope'],
): BatchItem[] {
  return items.filter(
    (item) => (scope === 'all' || item.included) && item.result?.detections.some((d) => d.text),
  );
}

/** The searchable-PDF export of a batch; see the module comment. */
export class SearchablePdfExport extends EventTarget {
  private readonly client = new WorkerClient<PdfApi>({
    createWorker: createPdfWorker,
    timeoutMs: PDF_TIMEOUT_MS_PER_PAGE,
  });
  private running: AbortController | null = null;
  /** Pages written and pages in all, while an export runs; null otherwise. */
  progress: { written: number; total: number } | null = null;

  /** @param imageOf `item`'s picture as bytes the browser decodes (a PDF page rendered). */
  constructor(private readonly imageOf: (item: BatchItem) => Promise<Blob>) {
    super();
  }

  /**
   * Starts an export of `items`' results with text under `choice`, or cancels the one running.
   * Resolves when it ends; rejects with what failed (a cancel is not a failure).
   */
  async toggle(items: readonly BatchItem[], choice: SearchablePdfChoice): Promise<void> {
    if (this.running) {
      this.running.abort(new DOMException('The PDF export was cancelled.', 'AbortError'));
      return;
    }
    const chosen = pdfPageItems(items, choice.scope);
    const pages: PdfPageSpec[] = chosen.map(({ file, page, result }) => ({
      label: pageLabel(file.name, page),
      width: result!.imageWidth,
      height: result!.imageHeight,
      detections: result!.detections,
    }));
    if (pages.length === 0) return;
    const running = new AbortController();
    this.running = running;
    this.setProgress({ written: 0, total: pages.length });
    const fontUrl = new URL('fonts/DejaVuSansMono.ttf', document.baseURI).href;
    const imageOf = proxy((index: number) => this.imageOf(chosen[index]!));
    try {
      const pdf = await this.client.call(
        (api) =>
          api.write(
            pages,
            imageOf,
            { maxLongSide: choice.maxLongSide },
            fontUrl,
            proxy((written: number) => this.setProgress({ written, total: pages.length })),
          ),
        { signal: running.signal, timeoutMs: PDF_TIMEOUT_MS_PER_PAGE * pages.length },
      );
      downloadBlob(pdf, 'textspot-searchable.pdf');
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      this.running = null;
      this.setProgress(null);
    }
  }

  private setProgress(progress: { written: number; total: number } | null): void {
    this.progress = progress;
    this.dispatchEvent(new Event('change'));
  }

  /** Ends the worker. */
  dispose(): void {
    this.running?.abort();
    this.client.dispose();
  }
}
