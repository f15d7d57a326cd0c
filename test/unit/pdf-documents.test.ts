import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBmp } from '../../src/core/bmp.js';
import { ErrorName } from '../../src/core/errors.js';
import { readImageHeader } from '../../src/core/image-header.js';
import { type PageWord, withPageText } from '../../src/features/pdf/pipeline/page-text.js';
import {
  MAX_PDF_RENDER_SIDE,
  pageFileName,
  pageLabel,
  renderScale,
} from '../../src/features/pdf/pipeline/pdf-pages.js';
import { PdfDocuments } from '../../src/features/pdf/worker/pdf-document.js';
import { loadNodePdfJs } from './support/node-pdfjs.js';
import { rect } from './support/shapes.js';

const fixture = (name: string) =>
  new File([readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url))], name, {
    type: 'application/pdf',
  });

/** The printed lines of born-digital.html, as a person reads them. */
const PRINTED_LINES = [
  'TEXTSPOT TEST RECEIPT',
  'Coffee beans 250 g',
  'Total 12.40',
  'Paid by card',
];

describe('PDF documents through pdf.js (legacy build, parser in this thread)', () => {
  const documents = () => new PdfDocuments(loadNodePdfJs, () => null);

  it('counts the pages of a scanned PDF and of one with no pages', async () => {
    const pdfs = documents();
    expect(await pdfs.pageCount(fixture('scanned-3-pages.pdf'))).toBe(3);
    expect(await pdfs.pageCount(fixture('zero-pages.pdf'))).toBe(0);
    await pdfs.close();
  });

  it('names a password-protected PDF and a truncated one', async () => {
    const pdfs = documents();
    await expect(pdfs.pageCount(fixture('encrypted.pdf'))).rejects.toMatchObject({
      name: ErrorName.Pdf,
      message: expect.stringMatching(/password-protected/),
    });
    await expect(pdfs.pageCount(fixture('truncated.pdf'))).rejects.toMatchObject({
      name: ErrorName.Pdf,
      message: expect.stringMatching(/damaged or cut short/),
    });
    // A failed open leaves nothing behind: the next PDF opens.
    expect(await pdfs.pageCount(fixture('born-digital.pdf'))).toBe(1);
    await pdfs.close();
  });

  it('reads a born-digital page text layer as words at the render scale', async () => {
    const pdfs = documents();
    const words = await pdfs.pageWords(fixture('born-digital.pdf'), 1);
    // Chromium writes the "ff" ligature as a run of its own: words are split there, joined later.
    expect(words.map((w) => w.text).join('')).toBe(PRINTED_LINES.join('').replaceAll(' ', ''));
    // 105 mm at 200 DPI is 827 px: every word lies on the rendered page.
    for (const word of words) {
      expect(word.left).toBeGreaterThanOrEqual(0);
      expect(word.right).toBeLessThanOrEqual(827);
      expect(word.bottom).toBeGreaterThan(word.top);
    }
    await pdfs.close();
  });

  it('gives each line region its printed text, split runs joined without a space', async () => {
    const pdfs = documents();
    const words = await pdfs.pageWords(fixture('born-digital.pdf'), 1);
    // One region per printed line, as the detector draws them: the band of the line's words.
    const lines: PageWord[][] = [];
    for (const word of [...words].sort((a, b) => a.top - b.top)) {
      const line = lines.at(-1);
      if (line && Math.abs(line[0]!.top - word.top) < 5) line.push(word);
      else lines.push([word]);
    }
    const regions = lines.map((line) => {
      const left = Math.min(...line.map((w) => w.left)) - 4;
      const right = Math.max(...line.map((w) => w.right)) + 4;
      const top = Math.min(...line.map((w) => w.top)) - 2;
      const bottom = Math.max(...line.map((w) => w.bottom)) + 2;
      return { imagePolygon: rect(left, top, right, bottom), score: 0.9 };
    });
    const read = withPageText(regions, words);
    expect(read.map((d) => d.text)).toEqual(PRINTED_LINES);
    expect(read.every((d) => d.textScore === 1)).toBe(true);
    await pdfs.close();
  });
});

describe('page text placed in detected regions', () => {
  const word = (text: string, left: number, top: number, width = 40): PageWord => ({
    text,
    left,
    top,
    right: left + width,
    bottom: top + 20,
  });

  it('puts a word outside every region in the nearest one, in reading order', () => {
    const regions = [
      { imagePolygon: rect(0, 0, 200, 24), score: 0.9 },
      { imagePolygon: rect(0, 100, 200, 124), score: 0.9 },
    ];
    const words = [
      word('two', 60, 2),
      word('one', 5, 2),
      word('stray', 210, 104),
      word('three', 5, 102),
    ];
    const read = withPageText(regions, words);
    expect(read.map((d) => d.text)).toEqual(['one two', 'three stray']);
    expect(read[0]!.words).toEqual([
      { text: 'one', points: rect(5, 2, 45, 22), score: 1 },
      { text: 'two', points: rect(60, 2, 100, 22), score: 1 },
    ]);
  });

  it('makes runs that touch (a word split across runs) one word with one box', () => {
    const regions = [{ imagePolygon: rect(0, 0, 200, 24), score: 0.9 }];
    const read = withPageText(regions, [word('TOT', 5, 2, 30), word('AL', 36, 2, 20)]);
    expect(read[0]!.text).toBe('TOTAL');
    expect(read[0]!.words).toEqual([{ text: 'TOTAL', points: rect(5, 2, 56, 22), score: 1 }]);
  });

  it('leaves a region no word falls in with empty text', () => {
    const read = withPageText([{ imagePolygon: rect(0, 0, 10, 10), score: 0.5 }], []);
    expect(read[0]).toMatchObject({ text: '', textScore: 1 });
  });
});

describe('pages as batch items', () => {
  it('labels a page for people and names it for exports', () => {
    const page = { number: 3, count: 12 };
    expect(pageLabel('invoice.pdf', page)).toBe('invoice.pdf · p. 3 of 12');
    expect(pageFileName('invoice.pdf', page)).toBe('invoice.pdf#page=3');
    expect(pageFileName('photo.jpg', undefined)).toBe('photo.jpg');
  });

  it('renders at 200 DPI, and a poster-sized page within the side limit', () => {
    // A4 in points: 8.27 in at 200 DPI is 1,654 px.
    expect(Math.round(595.28 * renderScale(595.28, 841.89))).toBe(1654);
    const poster = renderScale(2384, 3370); // A0
    expect(Math.round(3370 * poster)).toBe(MAX_PDF_RENDER_SIDE);
  });
});

describe('encodeBmp', () => {
  it('writes a bottom-up 24-bit BMP whose header reads back its size', () => {
    const data = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
    const bytes = encodeBmp({ data, width: 1, height: 3 });
    expect(readImageHeader(bytes)).toMatchObject({ format: 'bmp', width: 1, height: 3 });
    const offset = 54;
    const rowBytes = 4; // 3 bytes padded to 4
    // The last row (blue) comes first, stored as B, G, R.
    expect([...bytes.subarray(offset, offset + 3)]).toEqual([255, 0, 0]);
    expect([...bytes.subarray(offset + 2 * rowBytes, offset + 2 * rowBytes + 3)]).toEqual([
      0, 0, 255,
    ]);
    expect(bytes.length).toBe(offset + rowBytes * 3);
  });
});
