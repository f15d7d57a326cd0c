import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from '../../src/core/geometry/types.js';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import {
  GLYPHLESS_ADVANCE,
  GLYPHLESS_NAME,
  GLYPHLESS_UNITS_PER_EM,
  glyphlessTtf,
} from '../../src/features/export/pipeline/glyphless-ttf.js';
import { identityToUnicode } from '../../src/features/export/pipeline/layer-fonts.js';
import {
  type SearchablePage,
  wordsInReadingOrder,
  writeSearchablePdf,
} from '../../src/features/export/pipeline/searchable-pdf.js';
import { PdfDocuments } from '../../src/features/pdf/worker/pdf-document.js';
import { parseRecognizerDescriptor } from '../../src/features/recognition/pipeline/descriptor.js';
import { buildClassCharacters } from '../../src/features/recognition/pipeline/dictionary.js';
import { recognizeRegions } from '../../src/features/recognition/pipeline/recognize.js';
import { fixturePath, modelPath, openNodeModel, readJpeg } from './support/node-models.js';
import { loadNodePdfJs } from './support/node-pdfjs.js';
import { rect } from './support/shapes.js';

/** Whether poppler's pdftotext runs here; in CI it must (.ci/run installs poppler-utils). */
function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const poppler = hasPdftotext();
if (!poppler && process.env.CI) throw new Error('pdftotext (poppler-utils) is missing in CI');
if (!poppler)
  console.warn('searchable-pdf.test: skipped, pdftotext (poppler-utils) is not installed');

/** The first `count` ground-truth lines of a fixture receipt, read on onnxruntime-node into detections with words. */
async function readReceipt(image: string, labels: string, count: number): Promise<SearchablePage> {
  const descriptor = parseRecognizerDescriptor(
    JSON.parse(readFileSync(modelPath('ppocr-v4-rec.json'), 'utf8')),
  );
  const classes = buildClassCharacters(
    readFileSync(modelPath(descriptor.dictionaryFile), 'utf8'),
    descriptor.ctc,
  );
  const model = await openNodeModel(modelPath(descriptor.file));
  try {
    const gt = JSON.parse(readFileSync(fixturePath(labels), 'utf8')) as { polygons: Polygon[] };
    const polygons = gt.polygons.slice(0, count);
    const pixels = readJpeg(image);
    const read = await recognizeRegions(pixels, polygons, descriptor, classes, model.run);
    const detections: Detection[] = polygons.map((imagePolygon, i) => ({
      imagePolygon,
      score: 1,
      text: read[i]!.text,
      textScore: read[i]!.confidence,
      words: read[i]!.words,
    }));
    return {
      jpeg: readFileSync(fixturePath(image)),
      width: pixels.width,
      height: pixels.height,
      detections,
    };
  } finally {
    await model.release();
  }
}

describe("the text layer's words", () => {
  it('follows each word of a line but its last with a space, across regions side by side', () => {
    const word = (text: string, x: number, y: number) => ({
      text,
      points: rect(x, y, x + 10, y + 10),
      score: 1,
    });
    const detections: Detection[] = [
      { imagePolygon: rect(0, 40, 100, 50), score: 1, text: 'd', words: [word('d', 0, 40)] },
      {
        imagePolygon: rect(50, 0, 100, 10),
        score: 1,
        text: 'c',
        words: [word('c', 50, 0)],
      },
      {
        imagePolygon: rect(0, 0, 40, 10),
        score: 1,
        text: 'a b',
        words: [word('a', 0, 0), word('b', 20, 0)],
      },
    ];
    expect(wordsInReadingOrder(detections).map((w) => [w.text, w.spaceAfter])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', false],
    ]);
  });
});

describe.skipIf(!poppler)(
  'searchable PDF of two receipts, checked with poppler',
  {
    timeout: 180_000,
  },
  () => {
    let folder: string;
    let pages: SearchablePage[];
    let pdfPath: string;
    const written: number[] = [];

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'textspot-pdf-'));
      pages = [
        await readReceipt('sroie_614.jpg', 'labels/sroie_614.json', 14),
        await readReceipt('sroie_053.jpg', 'eval-gt/json/sroie_053.json', 14),
      ];
      const pdf = await writeSearchablePdf(pages, {
        font: readFileSync(new URL('../../public/fonts/DejaVuSansMono.ttf', import.meta.url)),
        onPage: (n) => written.push(n),
      });
      pdfPath = join(folder, 'receipts.pdf');
      writeFileSync(pdfPath, pdf);
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('has one page per image, reported page by page', () => {
      const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
      expect(info).toMatch(/^Pages:\s+2$/m);
      expect(written).toEqual([1, 2]);
    });

    it('gives the read words in reading order, page by page', () => {
      pages.forEach((page, index) => {
        const text = execFileSync(
          'pdftotext',
          ['-raw', '-f', `${index + 1}`, '-l', `${index + 1}`, pdfPath, '-'],
          { encoding: 'utf8' },
        );
        const expected = wordsInReadingOrder(page.detections).map((w) => w.text);
        expect(expected.length).toBeGreaterThan(15);
        // poppler breaks words by the gaps between glyphs alone (it skips the layer's space
        // glyphs), and word boxes split where the model read no space can touch: it may join them.
        expect(text.replace(/\s/g, '')).toBe(expected.join(''));
        expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(
          expected.length - 3,
        );
      });
    });

    it("opens in the app's own PDF input (pdf.js), its text layer giving the words back", async () => {
      const pdfs = new PdfDocuments(loadNodePdfJs, () => null);
      try {
        const file = new Blob([readFileSync(pdfPath)], { type: 'application/pdf' });
        expect(await pdfs.pageCount(file)).toBe(pages.length);
        for (const [index, page] of pages.entries()) {
          const words = await pdfs.pageWords(file, index + 1);
          const expected = wordsInReadingOrder(page.detections).map((w) => w.text);
          expect(words.map((w) => w.text).join('')).toBe(expected.join(''));
        }
      } finally {
        await pdfs.close();
      }
    });

    it('puts each word within a few pixels of its word box', () => {
      const html = execFileSync('pdftotext', ['-bbox', pdfPath, '-'], { encoding: 'utf8' });
      const found = [
        ...html.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({ box: [1, 2, 3, 4].map((i) => Number(m[i])), text: m[5]! }));
      const expected = pages.flatMap((page) => wordsInReadingOrder(page.detections));
      const fromXml = (t: string) =>
        t
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"');
      // poppler lists words in its own order and joins touching ones (split where the model read
      // no space): each word it finds is a run of 1–3 consecutive word boxes; the nearest such run.
      const runs = expected.flatMap((_, start) =>
        [1, 2, 3].map((length) => expected.slice(start, start + length)),
      );
      const bounds = (run: typeof expected) => {
        const xs = run.flatMap((w) => w.points.map(([x]) => x));
        const ys = run.flatMap((w) => w.points.map(([, y]) => y));
        return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      };
      expect(found.length).toBeGreaterThanOrEqual(expected.length - 6);
      for (const { box, text } of found) {
        const candidates = runs.filter((run) => run.map((w) => w.text).join('') === fromXml(text));
        expect(candidates.length, `no word box reads "${text}"`).toBeGreaterThan(0);
        // One image pixel is one point: the boxes compare directly.
        const offBy = Math.min(
          ...candidates.map((run) =>
            Math.max(...bounds(run).map((value, i) => Math.abs(value - box[i]!))),
          ),
        );
        expect(offBy, `"${text}" at ${box.join(' ')}`).toBeLessThan(3);
      }
    });
  },
);

describe('the glyphless font', () => {
  it('is a TrueType font of two glyphs, the second a box half an em wide', () => {
    const font = fontkit.create(glyphlessTtf());
    expect(font.numGlyphs).toBe(2);
    expect(font.unitsPerEm).toBe(GLYPHLESS_UNITS_PER_EM);
    expect(font.postscriptName).toBe(GLYPHLESS_NAME);
    const box = font.getGlyph(1);
    expect(box.advanceWidth).toBe(GLYPHLESS_ADVANCE);
    expect(box.bbox).toMatchObject({ minX: 0, maxX: GLYPHLESS_ADVANCE });
  });

  it('maps every two-byte code but the surrogates to itself, 100 ranges to a block', () => {
    const cmap = identityToUnicode();
    const ranges = [...cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]{4})> <([0-9A-F]{4})>/g)];
    expect(ranges).toHaveLength(256 - 8);
    expect(ranges.every(([, first, , to]) => first === to)).toBe(true);
    expect(ranges.some(([, first]) => first === 'D800')).toBe(false);
    expect(cmap.match(/beginbfrange/g)).toHaveLength(3);
  });
});

describe.skipIf(!poppler)('words the embedded font lacks (Chinese), checked with poppler', () => {
  it('are set in the glyphless font, found by pdftotext where they were read', async () => {
    const word = (text: string, x0: number, x1: number) => ({
      text,
      points: rect(x0, 10, x1, 40),
      score: 1,
    });
    const detections: Detection[] = [
      {
        imagePolygon: rect(10, 10, 300, 40),
        score: 1,
        text: '合计 TOTAL 收据',
        words: [word('合计', 10, 90), word('TOTAL', 100, 200), word('收据', 210, 300)],
      },
    ];
    const pdf = await writeSearchablePdf(
      [{ jpeg: readFileSync(fixturePath('sroie_614.jpg')), width: 600, height: 900, detections }],
      { font: readFileSync(new URL('../../public/fonts/DejaVuSansMono.ttf', import.meta.url)) },
    );
    const folder = mkdtempSync(join(tmpdir(), 'textspot-cjk-'));
    try {
      const path = join(folder, 'cjk.pdf');
      writeFileSync(path, pdf);
      expect(execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).trim()).toBe(
        '合计 TOTAL 收据',
      );
      const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
      expect(fonts).toMatch(/GlyphLessFont\s+CID TrueType\s+Identity-H\s+yes\s+no\s+yes/);
      const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
      const boxes = [
        ...html.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => [m[5], ...[1, 2, 3, 4].map((i) => Math.round(Number(m[i])))]);
      expect(boxes).toEqual([
        ['合计', 10, 10, 90, 40],
        ['TOTAL', 100, 10, 200, 40],
        ['收据', 210, 10, 300, 40],
      ]);
      // pdf.js, the app's own PDF input, reads them back too.
      const pdfs = new PdfDocuments(loadNodePdfJs, () => null);
      const file = new Blob([new Uint8Array(pdf)], { type: 'application/pdf' });
      const read = await pdfs.pageWords(file, 1).finally(() => pdfs.close());
      expect(read.map((w) => w.text)).toEqual(['合计', 'TOTAL', '收据']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
