import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadGroundTruth } from '../../scripts/lib/gt.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import {
  type GroundTruthImage,
  MatchClass,
  matchImage,
  scoreImage,
  scoreSet,
} from '../../src/features/tuning/pipeline/icdar2015.js';
import { rect } from './support/shapes.js';

function image(
  polygons: Polygon[],
  ignore?: boolean[],
  name = 'a.jpg',
  source = 's',
): GroundTruthImage {
  return {
    image: name,
    width: 100,
    height: 100,
    polygons,
    ignore: ignore ?? polygons.map(() => false),
    source,
  };
}

describe('scoreImage', () => {
  it('matches a prediction identical to the ground truth', () => {
    expect(scoreImage(image([rect(0, 0, 10, 5)]), [rect(0, 0, 10, 5)])).toEqual({
      matched: 1,
      gtCounted: 1,
      predCounted: 1,
    });
  });

  it('does not match at IoU exactly 0.5 but does just above it', () => {
    const gt = image([rect(0, 0, 2, 1)]);
    expect(scoreImage(gt, [rect(0, 0, 1, 1)]).matched).toBe(0);
    expect(scoreImage(gt, [rect(0, 0, 1.01, 1)]).matched).toBe(1);
  });

  it('excludes a prediction lying mostly inside an ignored box', () => {
    const gt = image([rect(0, 0, 10, 10), rect(50, 50, 60, 60)], [true, false]);
    const score = scoreImage(gt, [rect(0, 0, 10, 4), rect(50, 50, 60, 60)]);
    expect(score).toEqual({ matched: 1, gtCounted: 1, predCounted: 1 });
  });

  it('counts a prediction with exactly half its area in an ignored box', () => {
    const gt = image([rect(0, 0, 10, 10)], [true]);
    expect(scoreImage(gt, [rect(5, 0, 15, 10)]).predCounted).toBe(1);
  });

  it('tests each ignored box on its own, not their union', () => {
    const gt = image([rect(0, 0, 4, 10), rect(6, 0, 10, 10)], [true, true]);
    // 40% of the prediction lies in each ignored box: 80% in all, but under 50% in any one.
    expect(scoreImage(gt, [rect(0, 0, 10, 10)]).predCounted).toBe(1);
  });

  it('makes a prediction equal to an ignored box neither matched nor counted', () => {
    const gt = image([rect(0, 0, 10, 10)], [true]);
    expect(scoreImage(gt, [rect(0, 0, 10, 10)])).toEqual({
      matched: 0,
      gtCounted: 0,
      predCounted: 0,
    });
  });

  it('drops predictions that are not simple polygons', () => {
    const bowTie: Polygon = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
    ];
    const sliver: Polygon = [
      [0, 0],
      [5, 0],
      [10, 0],
    ];
    expect(scoreImage(image([rect(0, 0, 10, 10)]), [bowTie, sliver])).toEqual({
      matched: 0,
      gtCounted: 1,
      predCounted: 0,
    });
  });

  it('matches one-to-one: a duplicate prediction stays unmatched', () => {
    const score = scoreImage(image([rect(0, 0, 10, 10)]), [rect(0, 0, 10, 10), rect(0, 0, 10, 10)]);
    expect(score).toEqual({ matched: 1, gtCounted: 1, predCounted: 2 });
  });

  it('matches greedily in ground-truth then prediction order, not optimally', () => {
    const gtA = rect(0, 0, 10, 10);
    const gtB = rect(4, 0, 14, 10);
    // `both` has IoU 2/3 with A and with B; `onlyA` equals A and has IoU 3/7 with B.
    const both = rect(2, 0, 12, 10);
    const onlyA = rect(0, 0, 10, 10);
    const gt = image([gtA, gtB]);
    expect(scoreImage(gt, [both, onlyA]).matched).toBe(1);
    expect(scoreImage(gt, [onlyA, both]).matched).toBe(2);
  });

  it('rejects ground truth whose ignore flags do not line up with its polygons', () => {
    expect(() => scoreImage(image([rect(0, 0, 1, 1)], []), [])).toThrow(RangeError);
  });
});

describe('matchImage', () => {
  it('classes each prediction and ground-truth box as hit, false positive, missed or don’t care', () => {
    const gt = image(
      [rect(0, 0, 10, 10), rect(20, 0, 30, 10), rect(50, 50, 60, 60)],
      [false, false, true],
    );
    const bowTie: Polygon = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
    ];
    const match = matchImage(gt, [
      rect(0, 0, 10, 10),
      rect(80, 80, 90, 90),
      rect(50, 50, 60, 55),
      bowTie,
    ]);
    expect([...match.predictionClasses]).toEqual([
      MatchClass.Hit,
      MatchClass.FalsePositive,
      MatchClass.DontCare,
      MatchClass.Invalid,
    ]);
    expect([...match.gtClasses]).toEqual([MatchClass.Hit, MatchClass.Missed, MatchClass.DontCare]);
    expect(match).toMatchObject({ matched: 1, gtCounted: 2, predCounted: 2 });
  });
});

describe('scoreSet', () => {
  it('pools counts over images instead of averaging per-image scores', () => {
    const one = image([rect(0, 0, 10, 10)], undefined, 'one.jpg', 'receipts');
    const two = image(
      [rect(0, 0, 10, 10), rect(20, 0, 30, 10), rect(40, 0, 50, 10)],
      undefined,
      'two.jpg',
      'scenes',
    );
    const { pooled, perSource } = scoreSet([one, two], {
      'one.jpg': [rect(0, 0, 10, 10)],
      'two.jpg': [rect(0, 0, 10, 10), rect(70, 70, 80, 80)],
    });
    expect(pooled).toEqual({
      precision: 2 / 3,
      recall: 2 / 4,
      hmean: (2 * (2 / 3) * (2 / 4)) / (2 / 3 + 2 / 4),
      matched: 2,
      gt: 4,
      pred: 3,
    });
    expect(perSource['receipts']).toMatchObject({ precision: 1, recall: 1, hmean: 1 });
    expect(perSource['scenes']).toMatchObject({ matched: 1, gt: 3, pred: 2 });
  });

  it('treats an image missing from the predictions as having none', () => {
    const { pooled } = scoreSet([image([rect(0, 0, 10, 10)])], {});
    expect(pooled).toEqual({ precision: 0, recall: 0, hmean: 0, matched: 0, gt: 1, pred: 0 });
  });

  it('throws on predictions for an image without ground truth', () => {
    expect(() => scoreSet([image([])], { 'b.jpg': [] })).toThrow(/b\.jpg/);
  });
});

/** The four prediction sets of the README's known-answer table, built from the ground truth itself. */
function knownAnswerCases(
  gts: GroundTruthImage[],
): Record<'everyGt' | 'boundingBoxes' | 'everyOther' | 'shiftedDown', Record<string, Polygon[]>> {
  const perImage = (build: (gt: GroundTruthImage) => Polygon[]) =>
    Object.fromEntries(gts.map((gt) => [gt.image, build(gt)]));
  const bounds = (polygon: Polygon) => {
    const xs = polygon.map(([x]) => x);
    const ys = polygon.map(([, y]) => y);
    return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  };
  // Ignored polygons go in too: they become don't-care predictions (or, shifted, false positives).
  return {
    everyGt: perImage((gt) => gt.polygons),
    boundingBoxes: perImage((gt) =>
      gt.polygons.map((p) => {
        const b = bounds(p);
        return rect(b.x0, b.y0, b.x1, b.y1);
      }),
    ),
    everyOther: perImage((gt) => gt.polygons.filter((_, i) => i % 2 === 0)),
    shiftedDown: perImage((gt) =>
      gt.polygons.map((p) => {
        const b = bounds(p);
        return p.map(([x, y]): [number, number] => [x, y + 0.6 * (b.y1 - b.y0)]);
      }),
    ),
  };
}

const fixtureFolder = fileURLToPath(new URL('../fixtures/eval-gt', import.meta.url));
/** The shared development set, beside the repository (`../shared`); these tests skip without it. */
const devFolder = fileURLToPath(new URL('../../../shared/eval/dev', import.meta.url));

describe('known answers on the fixture subset (dev set without WildReceipt)', () => {
  const gts = loadGroundTruth(fixtureFolder);
  const cases = knownAnswerCases(gts);

  it('loads the 23 SROIE and ICDAR 2015 ground-truth files', () => {
    expect(gts).toHaveLength(23);
    expect(new Set(gts.map((gt) => gt.source))).toEqual(new Set(['sroie', 'icdar2015_mmocr_toy']));
  });

  // The README's figures minus WildReceipt's share (24 GT, 12 every-other, 1 of 26 shifted).
  it.each([
    ['everyGt', 965, 965, 965],
    ['boundingBoxes', 965, 965, 965],
    ['everyOther', 485, 965, 485],
    ['shiftedDown', 6, 965, 973],
  ] as const)('%s gives %i matched / %i GT / %i predictions', (name, matched, gt, pred) => {
    const { pooled } = scoreSet(gts, cases[name]);
    expect({ matched: pooled.matched, gt: pooled.gt, pred: pooled.pred }).toEqual({
      matched,
      gt,
      pred,
    });
  });

  it('reports ICDAR 2015 separately, with its don’t-care boxes left out', () => {
    const { perSource } = scoreSet(gts, cases.everyOther);
    expect(perSource['icdar2015_mmocr_toy']).toMatchObject({ matched: 4, gt: 9, pred: 4 });
    expect(perSource['sroie']).toMatchObject({ matched: 481, gt: 956, pred: 481 });
  });
});

describe.skipIf(!existsSync(devFolder))('known answers of ../shared/eval/README.md', () => {
  const gts = existsSync(devFolder) ? loadGroundTruth(devFolder) : [];
  const cases = knownAnswerCases(gts);

  it.each([
    ['everyGt', 1, 1, 1, 989, 989, 989],
    ['boundingBoxes', 1, 1, 1, 989, 989, 989],
    ['everyOther', 1, 0.5025, 0.6689, 497, 989, 497],
    ['shiftedDown', 0.007, 0.0071, 0.007, 7, 989, 999],
  ] as const)('%s gives P %d, R %d, H %d', (name, precision, recall, hmean, matched, gt, pred) => {
    const { pooled } = scoreSet(gts, cases[name]);
    expect({ matched: pooled.matched, gt: pooled.gt, pred: pooled.pred }).toEqual({
      matched,
      gt,
      pred,
    });
    expect(pooled.precision).toBeCloseTo(precision, 4);
    expect(pooled.recall).toBeCloseTo(recall, 4);
    expect(pooled.hmean).toBeCloseTo(hmean, 4);
  });
});
