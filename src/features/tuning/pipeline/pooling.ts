/** Pooling per-image counts into set figures, overall and per group (a source or a folder). */
import { type ImageScore, type SetScore, setScoreOf } from './icdar2015.js';

/** Pooled figures of one group of labelled images. */
export interface GroupScore {
  /** A dataset source, a folder or a label file's name. */
  name: string;
  images: number;
  score: SetScore;
}

/** Pooled figures over the labelled images, as the ground-truth panel shows them. */
export interface TuningSummary {
  /** Labelled images whose current result has been scored. */
  scored: number;
  /** Images with labels. */
  labelled: number;
  /** Counts summed over the scored images; null when none is scored yet. */
  pooled: SetScore | null;
  /** The same per group, in order of first appearance. */
  groups: GroupScore[];
}

/** A label file that could not be read, and why (the message names the line). */
export interface LabelFileError {
  fileName: string;
  message: string;
}

/**
 * Sums counts (pooled, not averaged, as `npm run eval` does) over `scored`, overall and per
 * group; `labelled` counts the labelled images, scored or not.
 */
export function poolScores(
  scored: readonly { group: string; counts: ImageScore }[],
  labelled: number,
): TuningSummary {
  const zero = (): ImageScore => ({ matched: 0, gtCounted: 0, predCounted: 0 });
  const groups = new Map<string, { images: number; counts: ImageScore }>();
  const pooled = zero();
  for (const { group, counts } of scored) {
    const entry = groups.get(group) ?? { images: 0, counts: zero() };
    entry.images++;
    for (const total of [entry.counts, pooled]) {
      total.matched += counts.matched;
      total.gtCounted += counts.gtCounted;
      total.predCounted += counts.predCounted;
    }
    groups.set(group, entry);
  }
  return {
    scored: scored.length,
    labelled,
    pooled: scored.length > 0 ? setScoreOf(pooled) : null,
    groups: [...groups].map(([name, g]) => ({
      name,
      images: g.images,
      score: setScoreOf(g.counts),
    })),
  };
}
