import { describe, expect, it } from 'vitest';
import { compareScores } from '../../src/features/tuning/pipeline/compare.js';

describe('compareScores', () => {
  const names = new Map([
    ['1', 'a.jpg'],
    ['2', 'b.jpg'],
    ['3', 'c.jpg'],
  ]);

  it('pools the images scored under both settings and puts the most changed first', () => {
    const a = new Map([
      ['1', { matched: 5, gtCounted: 10, predCounted: 5 }],
      ['2', { matched: 10, gtCounted: 10, predCounted: 10 }],
      ['3', { matched: 1, gtCounted: 1, predCounted: 1 }],
    ]);
    const b = new Map([
      ['1', { matched: 9, gtCounted: 10, predCounted: 10 }],
      ['2', { matched: 9, gtCounted: 10, predCounted: 10 }],
    ]);
    const comparison = compareScores(a, b, names);
    expect(comparison.rows.map((r) => r.name)).toEqual(['a.jpg', 'b.jpg']);
    expect(comparison.rows[0]!.deltaHmean).toBeCloseTo(0.9 - 2 / 3, 10);
    expect(comparison.rows[1]!.deltaHmean).toBeCloseTo(-0.1, 10);
    expect(comparison.pooledA).toMatchObject({ matched: 15, gt: 20, pred: 15 });
    expect(comparison.pooledB).toMatchObject({ matched: 18, gt: 20, pred: 20 });
  });
});
