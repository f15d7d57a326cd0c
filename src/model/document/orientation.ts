/**
 * Which way the text on a straightened page runs: a vote by projection profiles. Text lines make
 * the ink's row profile spiky when they run across the page and its column profile spiky when
 * they run down it; the spikiest profile over small angles also gives the residual skew.
 */
import { adaptiveThresholdDark, type GreyImage } from './grey-image.js';

/** Skew angles tried on each axis, degrees either side of straight. */
export const MAX_SKEW_DEG = 8;
/** Step between the skew angles tried, degrees. */
const SKEW_STEP_DEG = 0.5;
/** Local-contrast ink threshold: darker than the 15 px mean by this many grey levels. */
const INK_OFFSET = 12;
const INK_BLOCK_PX = 15;
/** The row profile must beat the column profile by this factor before a page is turned. */
const TURN_MARGIN = 1.3;
/** Below this share of ink pixels there is no text to vote with. */
const MIN_INK_SHARE = 0.002;

/** What the vote decided. */
export interface OrientationVote {
  /** Quarter turns counter-clockwise that make the text lines run across (0 or 1). */
  quarterTurnsCCW: 0 | 1;
  /** The remaining clockwise tilt of the text lines after that turn, degrees. */
  skewDeg: number;
  /** Row-profile score over column-profile score (> 1: lines already run across). */
  ratio: number;
}

function inkPixels(grey: GreyImage): { xs: Float32Array; ys: Float32Array } {
  const { width, height } = grey;
  const ink = adaptiveThresholdDark(grey, INK_BLOCK_PX, INK_OFFSET);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]) {
        xs.push(x - width / 2);
        ys.push(y - height / 2);
      }
    }
  }
  return { xs: Float32Array.from(xs), ys: Float32Array.from(ys) };
}

/**
 * How strongly the ink lines up in rows, over the skew angles tried: sum of squared bin counts of
 * the ink projected across the rows, times the span over the squared ink count (≈ 1 for ink
 * scattered at random, whatever the page's size). `angleDeg` is the lines' clockwise tilt.
 */
function bestRowAlignment(
  xs: Float32Array,
  ys: Float32Array,
  span: number,
): { score: number; angleDeg: number } {
  const bins = new Float64Array(2 * Math.ceil(span) + 3);
  const half = bins.length >> 1;
  let best = { score: -1, angleDeg: 0 };
  for (let angle = -MAX_SKEW_DEG; angle <= MAX_SKEW_DEG + 1e-9; angle += SKEW_STEP_DEG) {
    const radians = (angle * Math.PI) / 180;
    const sin = Math.sin(radians);
    const cos = Math.cos(radians);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const bin = Math.round(ys[i]! * cos - xs[i]! * sin) + half;
      if (bin >= 0 && bin < bins.length) bins[bin]!++;
    }
    let energy = 0;
    for (let i = 0; i < bins.length; i++) energy += bins[i]! * bins[i]!;
    const score = (energy * span) / (xs.length * xs.length);
    if (score > best.score) best = { score, angleDeg: angle };
  }
  return best;
}

/**
 * Votes on a straightened page (a small grey copy): do its text lines run across (0) or down (1
 * quarter turn counter-clockwise needed), and how far are the lines tilted clockwise in the
 * upright page, degrees. Null when the page has too little ink to vote.
 */
export function voteOrientation(grey: GreyImage): OrientationVote | null {
  const { xs, ys } = inkPixels(grey);
  if (xs.length < MIN_INK_SHARE * grey.width * grey.height) return null;
  const rows = bestRowAlignment(xs, ys, grey.height);
  // Columns are rows of the page turned a quarter counter-clockwise: x' = y, y' = -x.
  const negatedXs = xs.map((x) => -x);
  const columns = bestRowAlignment(ys, negatedXs, grey.width);
  const ratio = rows.score / Math.max(1e-9, columns.score);
  if (ratio * TURN_MARGIN < 1) return { quarterTurnsCCW: 1, skewDeg: columns.angleDeg, ratio };
  return { quarterTurnsCCW: 0, skewDeg: rows.angleDeg, ratio };
}
