/**
 * PDFs in the batch: a dropped PDF's item stands for it while the worker opens it, then becomes
 * one item per page (`invoice.pdf · p. 3 of 12`), or a failed row that says why it did not open.
 */
import { ErrorName, errorName, userMessage } from '../../../core/errors.js';
import type { DetectorEngine } from '../../../engine/detector-engine.js';
import type { PdfPageRequest } from '../../../protocol/detector.js';
import { looksLikePdf, MAX_PDF_PAGES, type PdfPage } from '../../pdf/pipeline/pdf-pages.js';
import { type BatchItem, ItemStatus } from './batch-item.js';

/** Time limit for opening a PDF and counting its pages, ms (a large PDF is parsed whole). */
const OPEN_TIMEOUT_MS = 120_000;

/** Where the app serves pdf.js's fonts, CMaps and decoders (copied there at install). */
export function pdfAssetsUrl(): string {
  // No document in Node tests: their fake engines never fetch.
  return new URL('pdfjs/', globalThis.document?.baseURI ?? 'http://localhost/').href;
}

/** What the worker needs to render `page` of an item's PDF. */
export function pdfPageRequest(page: PdfPage): PdfPageRequest {
  return { number: page.number, assetsUrl: pdfAssetsUrl() };
}

/** What {@link PdfPages} reads and changes of the batch. */
export interface PdfPagesHost {
  items(): readonly BatchItem[];
  setItems(items: BatchItem[]): void;
  /** A new pending item for `file`, a page of it when `page` is given. */
  newItem(file: File, page?: PdfPage): BatchItem;
}

/** Opens added PDFs in the worker and puts one item per page in place of each. */
export class PdfPages {
  private readonly opening = new Set<Promise<void>>();

  constructor(
    private readonly engine: Pick<DetectorEngine, 'pdfPageCount'>,
    private readonly host: PdfPagesHost,
    private readonly assetsUrl: () => string = pdfAssetsUrl,
  ) {}

  /** Starts opening `item`'s file when it is a PDF and not already one of its pages. */
  expandIfPdf(item: BatchItem): void {
    if (item.page || !looksLikePdf(item.file.name, item.file.type)) return;
    const done: Promise<void> = this.expand(item).finally(() => this.opening.delete(done));
    this.opening.add(done);
  }

  /** Settles when every PDF being opened has its pages listed (or its failure shown). */
  async opened(): Promise<void> {
    while (this.opening.size > 0) await Promise.all([...this.opening]);
  }

  private async expand(item: BatchItem): Promise<void> {
    let count: number;
    try {
      count = await this.engine.pdfPageCount(item.file, this.assetsUrl(), {
        timeoutMs: OPEN_TIMEOUT_MS,
      });
    } catch (error) {
      this.replace(item.id, [failed(item, userMessage(error), errorName(error))]);
      return;
    }
    if (count === 0) {
      this.replace(item.id, [failed(item, 'This PDF could not be read. It has no pages.')]);
      return;
    }
    const taken = Math.min(count, MAX_PDF_PAGES);
    const pages = Array.from({ length: taken }, (_, i): BatchItem => {
      const page = { number: i + 1, count };
      // The first page keeps the PDF's id, so a selection made while it opened still holds.
      return i === 0
        ? { ...item, page, status: ItemStatus.Pending, error: null, errorName: null }
        : this.host.newItem(item.file, page);
    });
    if (count > taken) {
      const message =
        `This PDF has ${count.toLocaleString('en')} pages: pages ${taken + 1}–${count.toLocaleString('en')} ` +
        `were left out (at most ${MAX_PDF_PAGES} pages are taken from one PDF; split it to detect the rest).`;
      pages.push(failed(this.host.newItem(item.file), message));
    }
    this.replace(item.id, pages);
  }

  private replace(id: string, replacement: BatchItem[]): void {
    const items = this.host.items();
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) return; // Removed while it opened.
    this.host.setItems([...items.slice(0, index), ...replacement, ...items.slice(index + 1)]);
  }
}

function failed(item: BatchItem, error: string, name: string = ErrorName.Pdf): BatchItem {
  return { ...item, included: false, status: ItemStatus.Failed, error, errorName: name };
}
