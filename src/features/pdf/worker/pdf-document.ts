/**
 * PDFs in the detector worker, through pdf.js: opening one (its page count), and a page rendered
 * to pixels with its text layer's words. The parser runs in this same thread (pdf.js's "fake
 * worker", fed through `globalThis.pdfjsWorker`): a nested worker would need its own module
 * URL, start-up and memory, and the job already runs off the main thread. No DOM here: canvases
 * are OffscreenCanvas, glyphs are drawn as paths (`disableFontFace`, no FontFace in a worker in
 * every browser), the parser fetches fonts and CMaps itself (`useWorkerFetch`).
 */
import { ErrorName, errorName, namedError } from '../../../core/errors.js';
import { type PageWord, pageWords, type TextRun } from '../pipeline/page-text.js';
import { renderScale } from '../pipeline/pdf-pages.js';

/** The parts of pdf.js's API this module uses (its own types name DOM classes a worker lacks). */
interface PdfViewport {
  width: number;
  height: number;
  transform: number[];
}
interface PdfPageProxy {
  getViewport(options: { scale: number }): PdfViewport;
  getTextContent(): Promise<{ items: (TextRun | { type: string })[] }>;
  render(options: {
    canvasContext: OffscreenCanvasRenderingContext2D;
    viewport: PdfViewport;
    background?: string;
  }): { promise: Promise<void>; cancel(): void };
  cleanup(): boolean;
}
interface PdfDocumentProxy {
  numPages: number;
  getPage(number: number): Promise<PdfPageProxy>;
  cleanup(): Promise<void>;
  loadingTask: { destroy(): Promise<void> };
}
/** `getDocument` of pdf.js's modern (browser) or legacy (Node) build. */
export interface PdfJs {
  getDocument(source: Record<string, unknown>): {
    promise: Promise<PdfDocumentProxy>;
    destroy(): Promise<void>;
  };
}

/** Where pdf.js's data files are served from (absolute URLs ending in `/`). */
export interface PdfAssets {
  /** `standard_fonts/`, `cmaps/`, `wasm/` and `iccs/` under one base. */
  baseUrl: string;
}

/** A page rendered at the scale of {@link renderScale}: RGBA pixels and the text layer's words. */
export interface RenderedPage {
  pixels: ImageData;
  /** The text layer's words in page pixels; empty for a scanned page. */
  words: PageWord[];
}

// pdf.js draws on the canvases its factory makes; the default one calls document.createElement.
class OffscreenCanvasFactory {
  create(width: number, height: number) {
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  reset(pair: { canvas: OffscreenCanvas }, width: number, height: number) {
    pair.canvas.width = width;
    pair.canvas.height = height;
  }
  destroy(pair: { canvas: OffscreenCanvas | null; context: unknown }) {
    if (pair.canvas) pair.canvas.width = pair.canvas.height = 0;
    pair.canvas = null;
    pair.context = null;
  }
  getNoAlphaContext(canvas: OffscreenCanvas) {
    return canvas.getContext('2d', { alpha: false, willReadFrequently: true });
  }
}

// SVG filters (transfer functions, high contrast) need a document: drawn without them.
class NoFilterFactory {
  addFilter() {
    return 'none';
  }
  addHCMFilter() {
    return 'none';
  }
  addAlphaFilter() {
    return 'none';
  }
  addLuminosityFilter() {
    return 'none';
  }
  addKnockoutFilter() {
    return 'none';
  }
  addHighlightHCMFilter() {
    return 'none';
  }
  addSelectionHCMFilter() {
    return 'none';
  }
  addSelectionFilter() {
    return 'none';
  }
  createSelectionStyle() {
    return null;
  }
  destroy() {}
}

/** The error a person reads for a PDF pdf.js could not open. */
function openError(error: unknown, size: number): Error {
  const name = errorName(error);
  if (name === 'PasswordException') {
    return namedError(
      ErrorName.Pdf,
      'This PDF is password-protected; remove the password and add it again.',
      error,
    );
  }
  if (name === ErrorName.Abort) return error as Error;
  return namedError(
    ErrorName.Pdf,
    `It is damaged or cut short: it does not open (${size.toLocaleString('en')} bytes).`,
    error,
  );
}

function fileKey(file: Blob): string {
  const named = file as Partial<File>;
  return `${named.name ?? ''}|${file.size}|${named.lastModified ?? ''}`;
}

/**
 * One open PDF at a time, kept while its pages come one after another (a batch runs a PDF's
 * pages in order) and closed when another file's page comes. After each page its caches are
 * cleared, so memory stays that of one page however many pages go through.
 */
export class PdfDocuments {
  private open: { key: string; document: Promise<PdfDocumentProxy> } | null = null;

  /**
   * @param loadPdfJs loads pdf.js (and installs its parser in this thread) on first use.
   * @param assets where its fonts, CMaps and WASM decoders are; null: none (Node tests).
   */
  constructor(
    private readonly loadPdfJs: () => Promise<PdfJs>,
    private readonly assets: () => PdfAssets | null,
  ) {}

  /** The PDF's page count; rejects with `PdfError` naming a password or damage. */
  async pageCount(file: Blob): Promise<number> {
    return (await this.document(file)).numPages;
  }

  /** The page's text layer in page pixels at the render scale; empty for a scanned page. */
  async pageWords(file: Blob, pageNumber: number): Promise<PageWord[]> {
    const page = await this.page(file, pageNumber);
    try {
      const viewport = this.viewport(page);
      return await this.words(page, viewport);
    } finally {
      page.cleanup();
    }
  }

  /** Renders one page (white background) with its text layer's words. */
  async render(file: Blob, pageNumber: number): Promise<RenderedPage> {
    const page = await this.page(file, pageNumber);
    const document = await this.document(file);
    try {
      const viewport = this.viewport(page);
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
      if (!context) throw namedError(ErrorName.ImageDecode, 'No 2D canvas in this worker.');
      try {
        await page.render({ canvasContext: context, viewport, background: 'white' }).promise;
      } catch (error) {
        throw namedError(
          ErrorName.Pdf,
          `Page ${pageNumber} does not render: the file is damaged or cut short.`,
          error,
        );
      }
      const pixels = context.getImageData(0, 0, width, height);
      canvas.width = canvas.height = 0;
      return { pixels, words: await this.words(page, viewport) };
    } finally {
      page.cleanup();
      await document.cleanup().catch(() => undefined);
    }
  }

  /** Closes the open PDF, if any. */
  async close(): Promise<void> {
    const open = this.open;
    this.open = null;
    const document = await open?.document.catch(() => null);
    await document?.loadingTask.destroy();
  }

  private viewport(page: PdfPageProxy): PdfViewport {
    const { width, height } = page.getViewport({ scale: 1 });
    return page.getViewport({ scale: renderScale(width, height) });
  }

  private async words(page: PdfPageProxy, viewport: PdfViewport): Promise<PageWord[]> {
    const items: object[] = await page.getTextContent().then(
      (content) => content.items,
      () => [], // A broken text layer: the page is read as a scan.
    );
    const runs = items.filter((item) => 'str' in item) as TextRun[];
    return pageWords(runs, viewport.transform);
  }

  private async page(file: Blob, pageNumber: number): Promise<PdfPageProxy> {
    const document = await this.document(file);
    if (pageNumber < 1 || pageNumber > document.numPages) {
      throw namedError(ErrorName.Pdf, `It has no page ${pageNumber}.`);
    }
    try {
      return await document.getPage(pageNumber);
    } catch (error) {
      throw namedError(
        ErrorName.Pdf,
        `Page ${pageNumber} does not open: the file is damaged or cut short.`,
        error,
      );
    }
  }

  private async document(file: Blob): Promise<PdfDocumentProxy> {
    const key = fileKey(file);
    if (this.open?.key !== key) {
      await this.close();
      const opening = this.openDocument(file);
      this.open = { key, document: opening };
      opening.catch(() => {
        if (this.open?.document === opening) this.open = null;
      });
    }
    return this.open!.document;
  }

  private async openDocument(file: Blob): Promise<PdfDocumentProxy> {
    const pdfjs = await this.loadPdfJs();
    const data = new Uint8Array(await file.arrayBuffer());
    const assets = this.assets();
    const task = pdfjs.getDocument({
      data,
      // No FontFace, no DOM canvas, no SVG filters, no renderer worker: see the module comment.
      disableFontFace: true,
      useSystemFonts: false,
      disableWorkerRendering: true,
      CanvasFactory: OffscreenCanvasFactory,
      FilterFactory: NoFilterFactory,
      isOffscreenCanvasSupported: typeof OffscreenCanvas !== 'undefined',
      useWorkerFetch: assets !== null,
      ...(assets
        ? {
            standardFontDataUrl: `${assets.baseUrl}standard_fonts/`,
            cMapUrl: `${assets.baseUrl}cmaps/`,
            cMapPacked: true,
            wasmUrl: `${assets.baseUrl}wasm/`,
            iccUrl: `${assets.baseUrl}iccs/`,
          }
        : {}),
      verbosity: 0,
    });
    try {
      return await task.promise;
    } catch (error) {
      await task.destroy().catch(() => undefined);
      throw openError(error, file.size);
    }
  }
}
