/**
 * Which way round the text is read, decided from what detection found rather than from a page:
 * the regions' shapes tell a quarter turn (lines of text are wide; on a page on its side they run
 * down), and PaddleOCR's 0°/180° line classifier, voting over the largest lines, tells which way
 * up. Where the vote is unsure, each line is checked on its own. Pure: the model is a parameter.
 */
import { type Quad, quadCropSize } from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import {
  CLS_FIRST_LINES,
  CLS_INPUT,
  CLS_MAX_LINES,
  CLS_MIN_SCORE,
  clsInputTensor,
} from '../../document/pipeline/half-turn.js';
import type { RunModel } from '../../models/pipeline/run-model.js';
import { CROP_PADDING_PX, cropRegions } from './crops.js';

/** Quarter turns clockwise, 0–3. */
export type QuarterTurns = 0 | 1 | 2 | 3;

/** How the text was turned before it was read: stored with the result and shown. */
export interface ReadingOrientation {
  /** How far the text lies turned clockwise in its frame, undone before reading, degrees. */
  degrees: 0 | 90 | 180 | 270;
  /** The frame: the straightened page (Document photo found one), else the image as it is. */
  frame: 'page' | 'image';
  /** `whole`: one turn for every line (the vote was sure); `lines`: each line checked on its own. */
  scope: 'whole' | 'lines';
  /** Lines turned a half turn more than `degrees` by their own check. */
  linesTurned: number;
}

/** The orientation as a few words for the result's summary: "text 90°", "text 0°, 2 lines turned". */
export function readingOrientationText(orientation: ReadingOrientation): string {
  const lines = orientation.linesTurned;
  return [
    `text ${orientation.degrees}°${orientation.frame === 'page' ? ' on the page' : ''}`,
    ...(orientation.scope === 'lines' ? ['per line'] : []),
    ...(lines > 0 ? [`${lines} line${lines === 1 ? '' : 's'} turned`] : []),
  ].join(', ');
}

/** Fewest regions the shape vote needs. */
const MIN_REGIONS_FOR_SHAPE = 3;
/** Tall regions must outweigh wide ones by this factor (by area) before the text is taken as turned a quarter. */
const TALL_REGION_MARGIN = 2;
/** A sure vote has at least this many confident answers for its side… */
const MIN_SURE_VOTES = 3;
/** …and at most one against for every this many for. */
const SURE_VOTE_RATIO = 4;
/** Confident "180°" answers needed before the whole text is turned a half turn (as `voteUpsideDown`). */
const MIN_HALF_TURN_VOTES = 3;
/** Lines per classifier run when lines are checked one by one. */
const CLS_BATCH = 16;

/**
 * A reading quad (top-left of the text first, clockwise, as `readingQuad` gives) for text that
 * lies turned `turns` quarter turns clockwise: the text's own top-left is then `turns` corners on.
 */
export function turnQuad(quad: Polygon, turns: number): Polygon {
  const k = ((turns % 4) + 4) % 4;
  return [0, 1, 2, 3].map((i) => quad[(i + k) % 4]!);
}

/** Width and height of a reading quad's crop, px. */
function quadSize(quad: Polygon): { width: number; height: number } {
  return quadCropSize(quad as Quad);
}

/**
 * The vote over the regions' shapes (reading quads, any frame): text lines are wide, so when tall
 * regions outweigh wide ones by area the text lies turned a quarter.
 */
export function linesRunDown(quads: readonly Polygon[]): boolean {
  if (quads.length < MIN_REGIONS_FOR_SHAPE) return false;
  let tall = 0;
  let wide = 0;
  for (const quad of quads) {
    const { width, height } = quadSize(quad);
    if (height > width) tall += width * height;
    else wide += width * height;
  }
  return tall > TALL_REGION_MARGIN * wide;
}

/** The line classifier's `[p0°, p180°]` per crop, flattened, in runs of {@link CLS_BATCH}. */
export async function classifyCrops(
  crops: readonly RgbaImage[],
  classify: RunModel,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const out = new Float32Array(crops.length * 2);
  for (let start = 0; start < crops.length; start += CLS_BATCH) {
    signal?.throwIfAborted();
    const batch = crops.slice(start, start + CLS_BATCH);
    const output = await classify(clsInputTensor(batch), [
      batch.length,
      3,
      CLS_INPUT.height,
      CLS_INPUT.width,
    ]);
    out.set(output.data.subarray(0, batch.length * 2), start * 2);
  }
  return out;
}

/** Confident answers of the classifier: lines it says stand upright, and lines it says are upside down. */
export function countVotes(probabilities: ArrayLike<number>): {
  upright: number;
  flipped: number;
} {
  let upright = 0;
  let flipped = 0;
  for (let i = 0; i + 1 < probabilities.length; i += 2) {
    if (probabilities[i + 1]! >= CLS_MIN_SCORE) flipped++;
    else if (probabilities[i]! >= CLS_MIN_SCORE) upright++;
  }
  return { upright, flipped };
}

/** Whether `winner` confident answers against `loser` settle a vote. */
function sure(winner: number, loser: number): boolean {
  return winner >= MIN_SURE_VOTES && loser * SURE_VOTE_RATIO <= winner;
}

/** What {@link decideTurn} found. */
export interface TurnDecision {
  /** How far the text lies turned clockwise, quarter turns. */
  turns: QuarterTurns;
  /** False: the vote was close or too thin, and each line should be checked on its own. */
  sure: boolean;
}

/**
 * Decides how the text of `image` lies from its regions (reading quads in `image` pixels): a
 * quarter turn when the regions run down, then the classifier's vote on the largest wide lines
 * (turned by that quarter): the first {@link CLS_FIRST_LINES} alone when they agree, else up to
 * {@link CLS_MAX_LINES}. `classify` is the 0°/180° line classifier (N × 3 × 48 × 192 in).
 */
export async function decideTurn(
  image: RgbaImage,
  quads: readonly Polygon[],
  classify: RunModel,
  signal?: AbortSignal,
): Promise<TurnDecision> {
  const quarter = linesRunDown(quads);
  const base: QuarterTurns = quarter ? 1 : 0;
  const sample = quads
    .map((quad) => turnQuad(quad, base))
    .map((quad) => ({ quad, ...quadSize(quad) }))
    .filter(({ width, height }) => height >= 4 && height <= width)
    .sort((a, b) => b.width * b.height - a.width * a.height)
    .slice(0, CLS_MAX_LINES)
    .map(({ quad }) => quad);
  if (sample.length === 0) return { turns: base, sure: false };
  const crops = cropRegions(image, sample, CROP_PADDING_PX, true);
  let probabilities = await classifyCrops(crops.slice(0, CLS_FIRST_LINES), classify, signal);
  const first = countVotes(probabilities);
  const agreed = Math.max(first.upright, first.flipped) === CLS_FIRST_LINES;
  if (!agreed && crops.length > CLS_FIRST_LINES) {
    const rest = await classifyCrops(crops.slice(CLS_FIRST_LINES), classify, signal);
    probabilities = Float32Array.from([...probabilities, ...rest]);
  }
  const { upright, flipped } = countVotes(probabilities);
  if (quarter) {
    // On its side either way: the classifier tells a quarter clockwise from a quarter anticlockwise.
    return flipped > upright
      ? { turns: 3, sure: sure(flipped, upright) }
      : { turns: 1, sure: sure(upright, flipped) };
  }
  return flipped >= MIN_HALF_TURN_VOTES && flipped > upright
    ? { turns: 2, sure: sure(flipped, upright) }
    : { turns: 0, sure: sure(upright, flipped) };
}

/**
 * Of `quads` (reading quads in `image` pixels, already turned as decided), the indices of those
 * that may lie upside down: the classifier says so with confidence (PaddleOCR's per-line
 * `use_angle_cls`), or, with `unlessUpright`, it does not say they stand upright with confidence
 * (scene words and short lines, where its answers are seldom confident either way).
 */
export async function upsideDownLines(
  image: RgbaImage,
  quads: readonly Polygon[],
  classify: RunModel,
  unlessUpright: boolean,
  signal?: AbortSignal,
): Promise<number[]> {
  if (quads.length === 0) return [];
  const crops = cropRegions(image, quads, CROP_PADDING_PX, true);
  const probabilities = await classifyCrops(crops, classify, signal);
  return quads.flatMap((_, i) => {
    const maybe = unlessUpright
      ? probabilities[i * 2]! < CLS_MIN_SCORE
      : probabilities[i * 2 + 1]! >= CLS_MIN_SCORE;
    return maybe ? [i] : [];
  });
}
