import { describe, expect, it } from 'vitest';
import { ErrorName, namedError } from '../../src/core/errors.js';
import type { DetectorEngine } from '../../src/engine/detector-engine.js';
import { BatchController } from '../../src/features/batch/ui/batch-controller.js';
import {
  type BatchItem,
  ItemStatus,
  newBatchItem,
} from '../../src/features/batch/ui/batch-item.js';
import { PdfPages } from '../../src/features/batch/ui/pdf-pages.js';
import { exportRows, itemEntry } from '../../src/features/export/ui/batch-exports.js';
import { toItemResult, toStoredResult } from '../../src/features/history/ui/history-records.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { continuesPdf, groupPdfPages } from '../../src/features/pdf/pipeline/page-groups.js';
import { MAX_PDF_PAGES } from '../../src/features/pdf/pipeline/pdf-pages.js';

const item = newBatchItem;

/** A batch of `files` whose PDFs open with `count` (a number of pages, or an error). */
async function opened(files: File[], count: (file: Blob) => Promise<number>): Promise<BatchItem[]> {
  let items = files.map((file) => item(file));
  const pdfs = new PdfPages(
    { pdfPageCount: (file) => count(file) },
    { items: () => items, setItems: (next) => (items = next), newItem: item },
    () => 'http://localhost/pdfjs/',
  );
  for (const added of items) pdfs.expandIfPdf(added);
  await pdfs.opened();
  return items;
}

const pdf = (name: string) => new File(['%PDF-1.7'], name, { type: 'application/pdf' });
const jpeg = new File([new Uint8Array([0xff, 0xd8])], 'photo.jpg', { type: 'image/jpeg' });

describe('PDFs in the batch', () => {
  it('puts one item per page in place of the PDF, the first keeping its id', async () => {
    const invoice = pdf('invoice.pdf');
    let items = [item(jpeg), item(invoice)];
    const pdfId = items[1]!.id;
    const pdfs = new PdfPages(
      { pdfPageCount: async () => 3 },
      { items: () => items, setItems: (next) => (items = next), newItem: item },
      () => 'http://localhost/pdfjs/',
    );
    pdfs.expandIfPdf(items[0]!);
    pdfs.expandIfPdf(items[1]!);
    await pdfs.opened();
    expect(items.map((i) => [i.file.name, i.page?.number ?? null])).toEqual([
      ['photo.jpg', null],
      ['invoice.pdf', 1],
      ['invoice.pdf', 2],
      ['invoice.pdf', 3],
    ]);
    expect(items[1]!.id).toBe(pdfId);
    expect(items.slice(1).every((i) => i.page?.count === 3 && i.status === 'pending')).toBe(true);
  });

  it(`takes ${MAX_PDF_PAGES} pages of a longer PDF and says which were left out`, async () => {
    const items = await opened([pdf('long.pdf')], async () => 612);
    expect(items).toHaveLength(MAX_PDF_PAGES + 1);
    const last = items.at(-1)!;
    expect(last.status).toBe(ItemStatus.Failed);
    expect(last.error).toMatch(/612 pages: pages 501–612 were left out \(at most 500/);
  });

  it('shows why a PDF did not open, or that it has no pages, in its own row', async () => {
    const items = await opened([pdf('locked.pdf'), pdf('empty.pdf'), jpeg], async (file) => {
      if ((file as File).name === 'empty.pdf') return 0;
      throw namedError(ErrorName.Pdf, 'This PDF is password-protected; remove the password.');
    });
    expect(items.map((i) => i.status)).toEqual(['failed', 'failed', 'pending']);
    expect(items[0]!.error).toBe(
      'This PDF could not be read. This PDF is password-protected; remove the password.',
    );
    expect(items[1]!.error).toMatch(/no pages/);
  });

  it('names a page file.pdf#page=N in the competition CSV and the JSON, with its number', () => {
    const page = {
      ...item(pdf('invoice.pdf'), { number: 3, count: 12 }),
      status: ItemStatus.Failed,
      error: 'x',
    };
    expect(exportRows([page]).map((row) => row.fileName)).toEqual(['invoice.pdf#page=3']);
    const params = PPOCR_V4_DET.postprocess;
    const entry = itemEntry(page, { modelId: PPOCR_V4_DET.id, params });
    expect(entry).toMatchObject({ fileName: 'invoice.pdf#page=3', page: 3 });
  });
});

describe("a PDF's pages in the history", () => {
  const stored = (fileName: string, hash: string) => ({
    fileName,
    contentHash: fileName.includes('#page=')
      ? `${hash}${fileName.slice(fileName.indexOf('#'))}`
      : hash,
  });

  it("keeps each PDF's pages together in page order, where its newest page was", () => {
    // Newest first, as the history lists them: a PDF run twice with a photo in between.
    const entries = [
      stored('b.jpg', 'h2'),
      stored('a.pdf#page=2', 'h1'),
      stored('a.pdf#page=1', 'h1'),
      stored('c.pdf#page=1', 'h3'),
      stored('photo.jpg', 'h4'),
      stored('a.pdf#page=3', 'h1'),
    ];
    expect(groupPdfPages(entries).map((e) => e.fileName)).toEqual([
      'b.jpg',
      'a.pdf#page=1',
      'a.pdf#page=2',
      'a.pdf#page=3',
      'c.pdf#page=1',
      'photo.jpg',
    ]);
  });

  it('tells a page that continues its PDF from the first page of another', () => {
    expect(continuesPdf(stored('a.pdf#page=1', 'h1'), stored('a.pdf#page=2', 'h1'))).toBe(true);
    expect(continuesPdf(stored('a.pdf#page=1', 'h1'), stored('a.pdf#page=1', 'h9'))).toBe(false);
    expect(continuesPdf(stored('x.jpg', 'h1'), stored('a.pdf#page=1', 'h1'))).toBe(false);
    expect(continuesPdf(undefined, stored('a.pdf#page=1', 'h1'))).toBe(false);
  });
});

describe('a born-digital page stored and found again', () => {
  it('keeps its page name and that its text came from the PDF', () => {
    const params = PPOCR_V4_DET.postprocess;
    const page: BatchItem = {
      ...item(pdf('letter.pdf'), { number: 2, count: 2 }),
      status: ItemStatus.Done,
      modelId: PPOCR_V4_DET.id,
      params,
      result: {
        detections: [
          {
            imagePolygon: [
              [0, 0],
              [9, 0],
              [9, 9],
              [0, 9],
            ],
            score: 0.9,
            text: 'Hi',
            textScore: 1,
          },
        ],
        imageWidth: 10,
        imageHeight: 10,
        inputWidth: 32,
        inputHeight: 32,
        timings: { decodeMs: 1, preprocessMs: 1, inferenceMs: 1, postprocessMs: 1 },
        backend: 'wasm',
        recognizerId: 'pdf-text-layer',
        textSource: 'pdf',
      },
    };
    const thumbnail = { bytes: new ArrayBuffer(4), mimeType: 'image/jpeg', width: 1, height: 1 };
    const stored = toStoredResult(page, thumbnail, 'abc#page=2', 1_000)!;
    expect(stored.fileName).toBe('letter.pdf#page=2');
    expect(toItemResult(stored)).toMatchObject({
      textSource: 'pdf',
      recognizerId: 'pdf-text-layer',
    });
  });
});

describe('Retry and PDFs', () => {
  it('leaves a PDF that did not open as it is, and opens again one whose opening timed out', async () => {
    let opens = 0;
    const detected: string[] = [];
    const engine = {
      pdfPageCount: async (file: Blob) => {
        opens++;
        if ((file as File).name === 'locked.pdf') {
          throw namedError(ErrorName.Pdf, 'This PDF is password-protected.');
        }
        if (opens <= 2) throw namedError(ErrorName.Timeout, 'too slow');
        return 2;
      },
      detect: async (request: { pdfPage?: { number: number } }) => {
        detected.push(`page ${request.pdfPage?.number ?? 'none'}`);
        throw namedError(ErrorName.Inference, 'no model here');
      },
    } as unknown as DetectorEngine;
    const batch = new BatchController({ addController() {}, requestUpdate() {} } as never, engine);
    batch.add([pdf('locked.pdf'), pdf('slow.pdf')]);
    await batch.opened();
    expect(batch.items.map((i) => i.errorName)).toEqual([ErrorName.Pdf, ErrorName.Timeout]);
    const settings = {
      modelId: 'm',
      params: PPOCR_V4_DET.postprocess,
      timeoutMs: 1000,
      thumbnailLongSide: 64,
    };
    await batch.retryFailed(settings);
    // The locked PDF stays failed and is never sent to be detected; the slow one opened on retry.
    expect(batch.items[0]!.error).toMatch(/password-protected/);
    expect(batch.items.slice(1).map((i) => i.page?.number)).toEqual([1, 2]);
    expect(detected).toEqual(['page 1', 'page 2']);
  });
});
