/**
 * The ICDAR 2015 IoU detection protocol (as used in the DBNet papers), described in
 * ../shared/eval/README.md. All polygons are in the stored image's pixel coordinates.
 */
import { intersectionShare, isSimplePolygon, polygonIoU } from '../../src/geometry/polygon-ops.js';
import type { Polygon } from '../../src/geometry/types.js';

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

/** The one-to-one matches of one image and what was counted. */
export interface ImageMatch {
  /** Matched pairs: [ground-truth index, prediction index], both into the arrays given. */
  pairs: [number, number][];
  /** Ground-truth boxes that are not don't-care. */
  gtCounted: number;
  /** Valid predictions that are not don't-care. */
  predCounted: number;
}

/**
 * Matches one image: drops predictions that are not simple polygons, marks a prediction
 * don't-care when over half its area lies inside one ignored box, then matches greedily
 * one-to-one, ground truth first then predictions in the given order, on IoU > 0.5.
 */
export function matchImage(gt: GroundTruthImage, predictions: Polygon[]): ImageMatch {
  if (gt.ignore.length !== gt.polygons.length) {
    throw new RangeError(
      `${gt.image}: ${gt.polygons.length} polygons but ${gt.ignore.length} ignore flags`,
    );
  }
  const ignoredGt = gt.polygons.filter((_, i) => gt.ignore[i]);
  const valid = predictions.flatMap((pred, index) => (isSimplePolygon(pred) ? [index] : []));
  const predDontCare = valid.map((index) =>
    ignoredGt.some(
      (ignored) => intersectionShare(predictions[index]!, ignored) > ICDAR2015.dontCareAreaShare,
    ),
  );

  const predMatched = valid.map(() => false);
  const pairs: [number, number][] = [];
  gt.polygons.forEach((gtPolygon, g) => {
    if (gt.ignore[g]) return;
    const p = valid.findIndex(
      (index, i) =>
        !predMatched[i] &&
        !predDontCare[i] &&
        polygonIoU(gtPolygon, predictions[index]!) > ICDAR2015.iouThreshold,
    );
    if (p >= 0) {
      predMatched[p] = true;
      pairs.push([g, valid[p]!]);
    }
  });

  return {
    pairs,
    gtCounted: gt.ignore.filter((flag) => !flag).length,
    predCounted: predDontCare.filter((flag) => !flag).length,
  };
}

/** Scores one image under the protocol (see {@link matchImage}). */
export function scoreImage(gt: GroundTruthImage, predictions: Polygon[]): ImageScore {
  const { pairs, gtCounted, predCounted } = matchImage(gt, predictions);
  return { matched: pairs.length, gtCounted, predCounted };
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
