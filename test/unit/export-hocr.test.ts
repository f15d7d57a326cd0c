import { describe, expect, it } from 'vitest';
import { toHocr } from '../../src/features/export/pipeline/hocr.js';
import { rect } from './support/shapes.js';

describe('toHocr', () => {
  const page = {
    fileName: 'receipt <1>.jpg',
    width: 400,
    height: 300,
    detections: [
      {
        imagePolygon: rect(10, 100, 200, 120),
        score: 0.9,
        text: 'TOTAL 12.50',
        textScore: 0.95,
        words: [
          { text: 'TOTAL', points: rect(10.4, 100, 90.2, 120), score: 0.97 },
          { text: '12.50', points: rect(110, 100, 190, 120), score: 0.934 },
        ],
      },
      { imagePolygon: rect(10, 10, 150, 30), score: 0.9, text: 'A & B', textScore: 0.8 },
      { imagePolygon: rect(10, 200, 150, 230), score: 0.9, text: '', textScore: 0, words: [] },
    ],
  };

  it('writes lines in reading order, words with their boxes and confidences, text escaped', () => {
    const hocr = toHocr(page);
    const lines = [...hocr.matchAll(/<span class="ocr_line"[^>]*title="([^"]*)">(.*)<\/span>/g)];
    expect(lines.map((m) => m[1])).toEqual(['bbox 10 10 150 30', 'bbox 10 100 200 120']);
    const words = [
      ...hocr.matchAll(/<span class="ocrx_word" id="([^"]+)" title="([^"]*)">([^<]*)</g),
    ];
    expect(words.map((m) => [m[1], m[2], m[3]])).toEqual([
      // A line read without word boxes: its words share the line's box.
      ['word_1_1', 'bbox 10 10 150 30; x_wconf 80', 'A'],
      ['word_1_2', 'bbox 10 10 150 30; x_wconf 80', '&amp;'],
      ['word_1_3', 'bbox 10 10 150 30; x_wconf 80', 'B'],
      ['word_1_4', 'bbox 10 100 91 120; x_wconf 97', 'TOTAL'],
      ['word_1_5', 'bbox 110 100 190 120; x_wconf 93', '12.50'],
    ]);
    expect(hocr).toContain(
      'title="image &quot;receipt &lt;1&gt;.jpg&quot;; bbox 0 0 400 300; ppageno 0"',
    );
    expect(hocr).toContain('<title>receipt &lt;1&gt;.jpg</title>');
  });

  it('writes a page without lines when nothing was read', () => {
    const hocr = toHocr({ ...page, detections: [page.detections[2]!] });
    expect(hocr).toContain('class="ocr_page"');
    expect(hocr).not.toContain('class="ocr_line"');
  });
});
