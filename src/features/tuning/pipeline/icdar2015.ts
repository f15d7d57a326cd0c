/**
 * The ICDAR 2015 IoU detection protocol (as used in the DBNet papers), described in
 * ../shared/eval/README.md. All polygons are in the stored image's pixel coordinates.
 */
import {
  intersectionShare,
  isSimplePolygon,
  polygonIoU,
} from '../../../core/geometry/polygon-ops.js';
import type { Polygon } from '../../../core/geometry/types.js';

/** Protocol constants, fixed by the ICDAR 2015 challenge. */
export const ICDAR2015 = {
  /** A prediction and a ground-truth box match when their IoU is strictly above this. */
  iouThreshold: 0.5,
  /** A prediction is don't-care when more than this share of its area lies in one ignored box. */
  dontCareAreaShare: 0.5,
} as const;

/** Ground truth of one image: polygons in image pixels and a don't-care flag per polygon. */
export interface GroundTruthImage {
  /** Image file name, the key predictions are looked up by (e.g. `sroie_049.jpg`). */
  image: string;
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Ground-truth polygons in image pixels; vertex order varies by source. */
  polygons: Polygon[];
  /** `true` marks a don't-care region (`###`); same length as `polygons`. */
  ignore: boolean[];
  /** Dataset the image comes from (e.g. `sroie`), used to report per source. */
  source: string;
}

/** Counts for one image under the protocol. */
export interface ImageScore {
  /** Predictions matched one-to-one to a counted ground-truth box. */
  matched: number;
  /** Ground-truth boxes that are not don't-care. */
  gtCounted: number;
  /** Valid predictions that are not don't-care. */
  predCounted: number;
}

/** Pooled precision, recall and H-mean (0–1) with the counts they come from. */
export interface SetScore {
  precision: number;
  recall: number;
  hmean: number;
  /** Σ matched pairs. */
  matched: number;
  /** Σ counted ground-truth boxes. */
  gt: number;
  /** Σ counted predictions. */
  pred: number;
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundsOf(polygon: Polygon): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [x, y] of polygon) {
    if (x < box.minX) box.minX = x;
    if (y < box.minY) box.minY = y;
    if (x > box.maxX) box.maxX = x;
    if (y > box.maxY) box.maxY = y;
  }
  return box;
}

/** True when two boxes share area; boxes that only touch (or hold NaN) do not. */
function boxesOverlap(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/**
 * How the protocol classed one region, for drawing hits and misses. Small numbers, kept in a
 * Uint8Array per image: a 100,000-box label file's classes then cross from the scoring worker
 * as 100 kB of bytes instead of 100,000 strings for the main thread to rebuild and collect.
 */
export const MatchClass = {
  /** A prediction matched to a ground-truth box, or a ground-truth box matched by one. */
  Hit: 1,
  /** A counted prediction that matched nothing (false positive). */
  FalsePositive: 2,
  /** A counted ground-truth box that nothing matched. */
  Missed: 3,
  /** An ignored ground-truth box, or a prediction lying mostly inside one: not counted. */
  DontCare: 4,
  /** A prediction that is not a simple polygon: dropped before scoring. */
  Invalid: 5,
} as const;

/** One of {@link MatchClass}. */
export type MatchClassValue = (typeof MatchClass)[keyof typeof MatchClass];

/** One image's matching: a class per prediction and per ground-truth box, and the counts. */
export interface ImageMatch extends ImageScore {
  /** {@link MatchClass} of each prediction, in the order given (hit, false positive, don't care or invalid). */
  predictionClasses: Uint8Array;
  /** {@link MatchClass} of each ground-truth box (hit, missed or don't care). */
  gtClasses: Uint8Array;
  /** Matched pairs: [ground-truth index, prediction index], both into the arrays given. */
  pairs: [number, number][];
}

/**
 * Matches one image: drops predictions that are not simple polygons, marks a prediction don't-care
 * when over half its area lies inside one ignored box, then matches greedily one-to-one,
 * ground truth first then predictions in the given order, on IoU > 0.5.
 */
export function matchImage(
  gt: Pick<GroundTruthImage, 'image' | 'polygons' | 'ignore'>,
  predictions: readonly Polygon[],
): ImageMatch {
  if (gt.ignore.length !== gt.polygons.length) {
    throw new RangeError(
      `${gt.image}: ${gt.polygons.length} polygons but ${gt.ignore.length} ignore flags`,
    );
  }
  // Polygons whose bounding boxes do not overlap have no common area: skipping them leaves every
  // answer as it was and saves most of the polygon clipping (a receipt's boxes rarely touch).
  const gtBoxes = gt.polygons.map(boundsOf);
  const predBoxes = predictions.map(boundsOf);
  const ignoredGt = gt.polygons.flatMap((polygon, i) =>
    gt.ignore[i] ? [{ polygon, box: gtBoxes[i]! }] : [],
  );
  const predictionClasses = Uint8Array.from(predictions, (pred, i): MatchClassValue => {
    if (!isSimplePolygon(pred)) return MatchClass.Invalid;
    return ignoredGt.some(
      (ignored) =>
        boxesOverlap(predBoxes[i]!, ignored.box) &&
        intersectionShare(pred, ignored.polygon) > ICDAR2015.dontCareAreaShare,
    )
      ? MatchClass.DontCare
      : MatchClass.FalsePositive;
  });

  const pairs: [number, number][] = [];
  const gtClasses = Uint8Array.from(gt.polygons, (gtPolygon, g): MatchClassValue => {
    if (gt.ignore[g]) return MatchClass.DontCare;
    const p = predictions.findIndex(
      (pred, i) =>
        predictionClasses[i] === MatchClass.FalsePositive &&
        boxesOverlap(gtBoxes[g]!, predBoxes[i]!) &&
        polygonIoU(gtPolygon, pred) > ICDAR2015.iouThreshold,
    );
    if (p < 0) return MatchClass.Missed;
    predictionClasses[p] = MatchClass.Hit;
    pairs.push([g, p]);
    return MatchClass.Hit;
  });

  return {
    matched: pairs.length,
    gtCounted: gtClasses.filter((c) => c !== MatchClass.DontCare).length,
    predCounted: predictionClasses.filter(
      (c) => c === MatchClass.Hit || c === MatchClass.FalsePositive,
    ).length,
    predictionClasses,
    gtClasses,
    pairs,
  };
}

/** Scores one image under the protocol (see {@link matchImage}): the counts alone. */
export function scoreImage(
  gt: Pick<GroundTruthImage, 'image' | 'polygons' | 'ignore'>,
  predictions: readonly Polygon[],
): ImageScore {
  const { matched, gtCounted, predCounted } = matchImage(gt, predictions);
  return { matched, gtCounted, predCounted };
}

/** Precision, recall and H-mean (0–1) of summed counts; 0 where a denominator is 0. */
export function setScoreOf(counts: ImageScore): SetScore {
  return toSetScore(counts.matched, counts.gtCounted, counts.predCounted);
}

function toSetScore(matched: number, gt: number, pred: number): SetScore {
  const precision = pred > 0 ? matched / pred : 0;
  const recall = gt > 0 ? matched / gt : 0;
  const hmean = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, hmean, matched, gt, pred };
}

/**
 * Scores a set: counts are summed over images (pooled, not averaged), overall and per `source`.
 * `predictions` is keyed by image file name; a missing image has no predictions, and a key
 * naming no ground-truth image throws, since it almost always means a file-name mismatch.
 */
export function scoreSet(
  gts: GroundTruthImage[],
  predictions: Record<string, Polygon[]>,
): { pooled: SetScore; perSource: Record<string, SetScore> } {
  const known = new Set(gts.map((gt) => gt.image));
  const unknown = Object.keys(predictions).filter((image) => !known.has(image));
  if (unknown.length > 0) {
    throw new RangeError(`predictions for images without ground truth: ${unknown.join(', ')}`);
  }

  const totals = new Map<string, ImageScore>();
  const pooled: ImageScore = { matched: 0, gtCounted: 0, predCounted: 0 };
  for (const gt of gts) {
    const score = scoreImage(gt, predictions[gt.image] ?? []);
    const sourceTotal = totals.get(gt.source) ?? { matched: 0, gtCounted: 0, predCounted: 0 };
    for (const total of [sourceTotal, pooled]) {
      total.matched += score.matched;
      total.gtCounted += score.gtCounted;
      total.predCounted += score.predCounted;
    }
    totals.set(gt.source, sourceTotal);
  }

  const perSource: Record<string, SetScore> = {};
  for (const [source, t] of totals) {
    perSource[source] = toSetScore(t.matched, t.gtCounted, t.predCounted);
  }
  return {
    pooled: toSetScore(pooled.matched, pooled.gtCounted, pooled.predCounted),
    perSource,
  };
}
