/**
 * PDF pages as the detector worker sees them: a page rendered to a BMP Blob, so it goes through
 * the same decode-to-need, full-size reading and document steps as a photo, and the page's text
 * layer. pdf.js is loaded on the first PDF only: a batch of photos never pays for it.
 */
import { encodeBmp } from '../../../core/bmp.js';
import type { PdfPageRequest } from '../../../protocol/detector.js';
import type { PageWord } from '../pipeline/page-text.js';
import { type PdfAssets, PdfDocuments, type PdfJs } from './pdf-document.js';

/** pdf.js's browser build, its parser installed in this thread first (no nested worker). */
async function loadPdfJs(): Promise<PdfJs> {
  const parser = await import('pdfjs-dist/build/pdf.worker.mjs');
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = parser;
  return (await import('pdfjs-dist/build/pdf.mjs')) as unknown as PdfJs;
}

/** A rendered page as a Blob a detection job takes, with the text layer's words. */
export interface PageImage {
  image: Blob;
  width: number;
  height: number;
  words: PageWord[];
}

/** The worker's PDFs: one open at a time (see {@link PdfDocuments}). */
export class PdfPageSource {
  private assets: PdfAssets | null = null;
  private readonly documents = new PdfDocuments(loadPdfJs, () => this.assets);

  /** The PDF's page count. */
  pageCount(file: Blob, assetsUrl: string): Promise<number> {
    this.assets = { baseUrl: assetsUrl };
    return this.documents.pageCount(file);
  }

  /** One page rendered at 200 DPI (bounded), as a BMP Blob, with its text layer's words. */
  async render(file: Blob, page: PdfPageRequest): Promise<PageImage> {
    this.assets = { baseUrl: page.assetsUrl };
    const { pixels, words } = await this.documents.render(file, page.number);
    const image = new Blob([encodeBmp(pixels)], { type: 'image/bmp' });
    return { image, width: pixels.width, height: pixels.height, words };
  }

  /** Closes the open PDF. */
  close(): Promise<void> {
    return this.documents.close();
  }
}
