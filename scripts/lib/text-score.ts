/**
 * Scoring read text against ground truth: exact line match (case-sensitive and case-insensitive,
 * whitespace ignored), character error rate (Levenshtein distance / ground-truth characters,
 * case-insensitive, whitespace ignored, pooled over lines) and end-to-end H-mean, where a
 * detection counts only when it matches a ground-truth box under the ICDAR 2015 protocol and its
 * text matches too (case-insensitive, whitespace ignored).
 */
import type { Polygon } from '../../src/core/geometry/types.js';
import { type GroundTruthImage, matchImage } from '../../src/features/tuning/pipeline/icdar2015.js';

/** Levenshtein distance between two strings, by code point. */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The text with every whitespace character removed (PaddleOCR's ignore_space). */
export const withoutSpaces = (text: string): string => text.replace(/\s+/g, '');

/** Line counts of one source (or all): sums, so sources add up. */
export interface LineTotals {
  lines: number;
  exactSensitive: number;
  exactInsensitive: number;
  editDistance: number;
  gtCharacters: number;
}

/** An empty {@link LineTotals}. */
export function emptyLineTotals(): LineTotals {
  return { lines: 0, exactSensitive: 0, exactInsensitive: 0, editDistance: 0, gtCharacters: 0 };
}

/** Adds one line (ground truth, text read) to `totals`. */
export function addLine(totals: LineTotals, truthText: string, readText: string): void {
  const truth = withoutSpaces(truthText);
  const read = withoutSpaces(readText);
  totals.lines++;
  if (read === truth) totals.exactSensitive++;
  if (read.toLowerCase() === truth.toLowerCase()) totals.exactInsensitive++;
  totals.editDistance += levenshtein(read.toLowerCase(), truth.toLowerCase());
  totals.gtCharacters += [...truth].length;
}

/** True when two texts are the same line under the end-to-end rule (case and whitespace ignored). */
export function sameText(truthText: string, readText: string): boolean {
  return withoutSpaces(truthText).toLowerCase() === withoutSpaces(readText).toLowerCase();
}

/** Ground truth with its texts (same length as `polygons`). */
export interface TextGroundTruthImage extends GroundTruthImage {
  texts: string[];
}

/** One predicted region with the text read in it. */
export interface TextPrediction {
  polygon: Polygon;
  text: string;
}

/** Everything counted for one set of images. */
export interface TextTotals extends LineTotals {
  /** Detections matched to ground truth whose text also matches. */
  endToEndMatched: number;
  /** Counted ground-truth boxes. */
  gt: number;
  /** Counted predictions. */
  pred: number;
}

/** Rates from {@link TextTotals}. */
export interface TextScore {
  lines: number;
  exactSensitive: number;
  exactInsensitive: number;
  cer: number;
  endToEnd: { precision: number; recall: number; hmean: number; matched: number };
}

/** Counts one image: lines on IoU-matched pairs, end-to-end matches where the text agrees too. */
export function scoreTextImage(
  gt: TextGroundTruthImage,
  predictions: readonly TextPrediction[],
): TextTotals {
  const match = matchImage(
    gt,
    predictions.map((p) => p.polygon),
  );
  const totals: TextTotals = { ...emptyLineTotals(), endToEndMatched: 0, gt: 0, pred: 0 };
  totals.gt = match.gtCounted;
  totals.pred = match.predCounted;
  for (const [g, p] of match.pairs) {
    const truth = gt.texts[g]!;
    const read = predictions[p]!.text;
    addLine(totals, truth, read);
    if (sameText(truth, read)) totals.endToEndMatched++;
  }
  return totals;
}

/** Rates of a set's totals. */
export function toTextScore(t: TextTotals): TextScore {
  const precision = t.pred > 0 ? t.endToEndMatched / t.pred : 0;
  const recall = t.gt > 0 ? t.endToEndMatched / t.gt : 0;
  return {
    lines: t.lines,
    exactSensitive: t.lines > 0 ? t.exactSensitive / t.lines : 0,
    exactInsensitive: t.lines > 0 ? t.exactInsensitive / t.lines : 0,
    cer: t.gtCharacters > 0 ? t.editDistance / t.gtCharacters : 0,
    endToEnd: {
      precision,
      recall,
      hmean: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
      matched: t.endToEndMatched,
    },
  };
}

/** Scores a set, counts summed over images (pooled), overall and per `source`. */
export function scoreTextSet(
  gts: readonly TextGroundTruthImage[],
  predictions: Readonly<Record<string, readonly TextPrediction[]>>,
): { pooled: TextScore; perSource: Record<string, TextScore> } {
  const add = (into: TextTotals, from: TextTotals) => {
    for (const key of Object.keys(from) as (keyof TextTotals)[]) into[key] += from[key];
  };
  const empty = (): TextTotals => ({ ...emptyLineTotals(), endToEndMatched: 0, gt: 0, pred: 0 });
  const pooled = empty();
  const bySource = new Map<string, TextTotals>();
  for (const gt of gts) {
    const totals = scoreTextImage(gt, predictions[gt.image] ?? []);
    const source = bySource.get(gt.source) ?? empty();
    add(source, totals);
    add(pooled, totals);
    bySource.set(gt.source, source);
  }
  return {
    pooled: toTextScore(pooled),
    perSource: Object.fromEntries([...bySource].map(([source, t]) => [source, toTextScore(t)])),
  };
}
