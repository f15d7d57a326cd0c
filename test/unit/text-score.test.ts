import { describe, expect, it } from 'vitest';
import {
  addLine,
  emptyLineTotals,
  levenshtein,
  scoreTextSet,
  type TextGroundTruthImage,
} from '../../scripts/lib/text-score.js';
import { rect } from './support/shapes.js';

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions by code point', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('（１）', '(1)')).toBe(3);
  });
});

describe('addLine', () => {
  it('ignores whitespace everywhere and case only where asked', () => {
    const totals = emptyLineTotals();
    addLine(totals, 'TOTAL RM 9.00', 'Total RM9.00');
    addLine(totals, 'CASH', 'CASH');
    addLine(totals, 'ABCD', 'ABXD');
    expect(totals).toEqual({
      lines: 3,
      exactSensitive: 1,
      exactInsensitive: 2,
      editDistance: 1,
      gtCharacters: 11 + 4 + 4,
    });
  });
});

describe('scoreTextSet', () => {
  const gt: TextGroundTruthImage = {
    image: 'a.jpg',
    width: 200,
    height: 100,
    source: 'sroie',
    polygons: [rect(0, 0, 100, 20), rect(0, 40, 100, 60), rect(0, 80, 100, 95)],
    ignore: [false, false, true],
    texts: ['SHOP', 'TOTAL 9.00', '###'],
  };

  it('scores lines on IoU-matched pairs and counts end-to-end only when the text agrees', () => {
    const { pooled, perSource } = scoreTextSet([gt], {
      'a.jpg': [
        { polygon: rect(1, 0, 100, 20), text: 'shop' },
        { polygon: rect(0, 40, 100, 61), text: 'TOTAL 9.0O' },
        { polygon: rect(120, 0, 190, 20), text: 'EXTRA' },
        // Inside the don't-care box: neither counted nor matched.
        { polygon: rect(0, 80, 100, 95), text: 'x' },
      ],
    });
    expect(pooled.lines).toBe(2);
    expect(pooled.exactSensitive).toBe(0);
    expect(pooled.exactInsensitive).toBe(0.5);
    expect(pooled.cer).toBeCloseTo(1 / 13);
    // One of 3 counted predictions and one of 2 counted ground-truth lines match with their text.
    expect(pooled.endToEnd.precision).toBeCloseTo(1 / 3);
    expect(pooled.endToEnd.recall).toBeCloseTo(1 / 2);
    expect(pooled.endToEnd.hmean).toBeCloseTo(0.4);
    expect(Object.keys(perSource)).toEqual(['sroie']);
  });

  it('gives zeros, not NaN, for an image without predictions', () => {
    const { pooled } = scoreTextSet([gt], {});
    expect(pooled).toMatchObject({ lines: 0, exactInsensitive: 0, cer: 0 });
    expect(pooled.endToEnd).toMatchObject({ precision: 0, recall: 0, hmean: 0 });
  });
});
