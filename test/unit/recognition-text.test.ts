import { describe, expect, it } from 'vitest';
import { readingOrderLines, textInReadingOrder } from '../../src/core/geometry/reading-order.js';
import { toTextCsv } from '../../src/features/export/pipeline/text-csv.js';
import { normalizeFullWidth } from '../../src/features/recognition/pipeline/punctuation.js';
import { rect } from './support/shapes.js';

describe('normalizeFullWidth', () => {
  it('maps full-width punctuation, digits and letters to ASCII', () => {
    expect(normalizeFullWidth('（１２３）：ＡＢ，ｘ！')).toBe('(123):AB,x!');
  });

  it('maps the ideographic space and leaves CJK text and ASCII alone', () => {
    expect(normalizeFullWidth('中文\u3000text。')).toBe('中文 text。');
  });
});

describe('readingOrderLines', () => {
  it('orders lines top to bottom and words left to right, whatever the input order', () => {
    const polygons = [
      rect(120, 52, 200, 70), // line 2, right
      rect(10, 10, 60, 30), // line 1, left
      rect(10, 50, 100, 70), // line 2, left
      rect(80, 12, 150, 31), // line 1, right
    ];
    expect(readingOrderLines(polygons)).toEqual([
      [1, 3],
      [2, 0],
    ]);
  });

  it('keeps a slightly slanted line together and a line just below apart', () => {
    const polygons = [rect(0, 0, 50, 20), rect(60, 6, 110, 26), rect(0, 22, 50, 42)];
    expect(readingOrderLines(polygons)).toEqual([[0, 1], [2]]);
  });

  it('joins texts with spaces within a line and newlines between lines, skipping empty ones', () => {
    const polygons = [rect(80, 12, 150, 31), rect(10, 10, 60, 30), rect(10, 50, 100, 70)];
    expect(textInReadingOrder(polygons, ['WORLD', 'HELLO', ''])).toBe('HELLO WORLD');
    expect(textInReadingOrder(polygons, ['WORLD', 'HELLO', 'TOTAL'])).toBe('HELLO WORLD\nTOTAL');
  });
});

describe('toTextCsv', () => {
  it('writes one row per region with polygon, text and confidence', () => {
    const csv = toTextCsv([
      {
        fileName: 'receipt 01.jpg',
        regions: [
          { imagePolygon: rect(10.4, 20.6, 100, 40), text: 'TOTAL 12,50', confidence: 0.98765 },
          { imagePolygon: rect(0, 0, 5, 5), text: 'say "hi"', confidence: 0.5 },
        ],
      },
      { fileName: 'empty.jpg', regions: [] },
    ]);
    expect(csv).toBe(
      'filename,polygon,text,reading_score\n' +
        'receipt 01.jpg,10 21 100 21 100 40 10 40,"TOTAL 12,50",0.988\n' +
        'receipt 01.jpg,0 0 5 0 5 5 0 5,"say ""hi""",0.500\n',
    );
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const one = (text: string) =>
      toTextCsv([
        { fileName: 'a.jpg', regions: [{ imagePolygon: rect(0, 0, 1, 1), text, confidence: 1 }] },
      ])
        .split('\n')[1]!
        .split(',')[2];
    for (const text of ['=SUM(A1)', '+1', '-2', '@cmd', '\tx']) expect(one(text)).toBe(`'${text}`);
    expect(one('12 = 12')).toBe('12 = 12');
    const csv = toTextCsv([
      {
        fileName: '=HYPERLINK("x").jpg',
        regions: [{ imagePolygon: rect(0, 0, 1, 1), text: '-5.00', confidence: 1 }],
      },
    ]);
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""x"").jpg",0 0 1 0 1 1 0 1,'-5.00,1.000`);
  });
});
