import { describe, expect, it } from 'vitest';
import { poolScores } from '../../src/features/tuning/pipeline/pooling.js';

describe('poolScores', () => {
  it('sums counts over images and per group instead of averaging figures', () => {
    const summary = poolScores(
      [
        { group: 'receipts', counts: { matched: 1, gtCounted: 1, predCounted: 1 } },
        { group: 'scenes', counts: { matched: 1, gtCounted: 3, predCounted: 2 } },
        { group: 'receipts', counts: { matched: 0, gtCounted: 0, predCounted: 1 } },
      ],
      4,
    );
    expect(summary).toMatchObject({ scored: 3, labelled: 4 });
    expect(summary.pooled).toMatchObject({
      matched: 2,
      gt: 4,
      pred: 4,
      precision: 0.5,
      recall: 0.5,
    });
    expect(summary.groups.map((g) => [g.name, g.images, g.score.precision])).toEqual([
      ['receipts', 2, 0.5],
      ['scenes', 1, 0.5],
    ]);
  });

  it('has no pooled figures before any image is scored', () => {
    expect(poolScores([], 2)).toEqual({ scored: 0, labelled: 2, pooled: null, groups: [] });
  });
});
