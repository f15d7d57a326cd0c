/**
 * The "Searchable PDF" export: the items with text read go to the PDF worker, which writes one
 * page per image; progress is page by page, and pressing the button again cancels (the worker is
 * terminated and the next export starts a fresh one). Dispatches `change` when progress moves.
 */
import { proxy } from 'comlink';
import { createPdfWorker } from '../../../engine/create-pdf-worker.js';
import { WorkerClient } from '../../../engine/worker-client.js';
import type { PdfApi, PdfPageSource } from '../../../protocol/pdf.js';
import type { BatchItem } from '../../batch/ui/batch-item.js';
import { downloadBlob } from './png.js';

/** Time limit of a PDF export per page, ms: decode, JPEG encode and text of one image on a slow machine. */
const PDF_TIMEOUT_MS_PER_PAGE = 30_000;

/** The searchable-PDF export of a batch; see the module comment. */
export class SearchablePdfExport extends EventTarget {
  private readonly client = new WorkerClient<PdfApi>({
    createWorker: createPdfWorker,
    timeoutMs: PDF_TIMEOUT_MS_PER_PAGE,
  });
  private running: AbortController | null = null;
  /** Pages written and pages in all, while an export runs; null otherwise. */
  progress: { written: number; total: number } | null = null;

  /** Starts an export of `items`' results with text, or cancels the one running. Resolves when it ends. */
  async toggle(items: readonly BatchItem[]): Promise<void> {
    if (this.running) {
      this.running.abort(new DOMException('The PDF export was cancelled.', 'AbortError'));
      return;
    }
    const pages: PdfPageSource[] = items.flatMap((item) =>
      item.result?.detections.some((d) => d.text)
        ? [
            {
              image: item.file,
              width: item.result.imageWidth,
              height: item.result.imageHeight,
              detections: item.result.detections,
            },
          ]
        : [],
    );
    if (pages.length === 0) return;
    const running = new AbortController();
    this.running = running;
    this.setProgress({ written: 0, total: pages.length });
    const fontUrl = new URL('fonts/DejaVuSansMono.ttf', document.baseURI).href;
    try {
      const bytes = await this.client.call(
        (api) =>
          api.write(
            pages,
            fontUrl,
            proxy((written: number) => this.setProgress({ written, total: pages.length })),
          ),
        { signal: running.signal, timeoutMs: PDF_TIMEOUT_MS_PER_PAGE * pages.length },
      );
      // Comlink hands back a copy in a plain ArrayBuffer, never a shared one.
      const pdf = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
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
