/** Comparing two settings (A pinned, B current) image by image and pooled. */
import { type ImageScore, type SetScore, setScoreOf } from './icdar2015.js';

/** One image scored under A and under B. */
export interface CompareRow {
  /** The batch item's id. */
  id: string;
  /** The image's file name. */
  name: string;
  a: SetScore;
  b: SetScore;
  /** H-mean under B minus under A. */
  deltaHmean: number;
}

/** A against B: pooled over the images scored under both, and per image, most changed first. */
export interface Comparison {
  pooledA: SetScore;
  pooledB: SetScore;
  rows: CompareRow[];
}

function sum(scores: readonly ImageScore[]): ImageScore {
  const total: ImageScore = { matched: 0, gtCounted: 0, predCounted: 0 };
  for (const s of scores) {
    total.matched += s.matched;
    total.gtCounted += s.gtCounted;
    total.predCounted += s.predCounted;
  }
  return total;
}

/**
 * Compares per-image counts under A and B (keyed by item id; only images in both count).
 * Rows are sorted by the size of the H-mean change, largest first, then by name.
 */
export function compareScores(
  a: ReadonlyMap<string, ImageScore>,
  b: ReadonlyMap<string, ImageScore>,
  names: ReadonlyMap<string, string>,
): Comparison {
  const ids = [...a.keys()].filter((id) => b.has(id));
  const rows = ids.map((id): CompareRow => {
    const scoreA = setScoreOf(a.get(id)!);
    const scoreB = setScoreOf(b.get(id)!);
    return {
      id,
      name: names.get(id) ?? id,
      a: scoreA,
      b: scoreB,
      deltaHmean: scoreB.hmean - scoreA.hmean,
    };
  });
  rows.sort(
    (x, y) => Math.abs(y.deltaHmean) - Math.abs(x.deltaHmean) || x.name.localeCompare(y.name),
  );
  return {
    pooledA: setScoreOf(sum(ids.map((id) => a.get(id)!))),
    pooledB: setScoreOf(sum(ids.map((id) => b.get(id)!))),
    rows,
  };
}
