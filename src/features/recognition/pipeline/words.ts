/**
 * Word boxes from a CTC recognizer's output: each kept character's time steps place it along the
 * line's model input; the line's text is split into words at spaces (and at long runs of blanks
 * where the model emitted no space), and each word's span is mapped back through the crop's
 * transform to a quad in original-image pixels, the frame of the line's polygon. Pure.
 */
import {
  applyHomography,
  type Quad,
  quadCropSize,
  solveHomography,
} from '../../../core/geometry/perspective.js';
import type { Point } from '../../../core/geometry/types.js';
import type { RecognizedWord } from '../../detection/pipeline/detection.js';
import { isTallCrop } from './crops.js';
import type { CtcCharacter } from './ctc.js';
import { normalizeFullWidth } from './punctuation.js';

/**
 * Blank time steps between two characters that split a word though no space was read (PP-OCR's
 * steps are 8 input px, a sixth of the 48 px line height). On the 956 SROIE dev lines
 * (scripts/word-boxes.ts) 4 placed 0.846 of the ground-truth words, against 0.811 at 3 (splits
 * inside words), 0.803 at 5 and 0.762 never splitting without a space.
 */
export const WORD_GAP_STEPS = 4;

/**
 * A gap without a space splits a word only when it is also this many times the line's median gap
 * between neighbouring characters: in letter-spaced print ("H O N  H W A") every gap is long,
 * and only the longer ones between words are word breaks. On the SROIE dev lines the gap rule
 * alone split "62.00" into five words and spaced headers into letters; with 1.5 those stay whole,
 * 0.821 of lines get as many words as the truth (0.811 before) and 0.840 of words are placed
 * (0.846 before: the estimate from character positions favours many small boxes); 2 placed 0.830.
 */
export const WORD_GAP_OVER_MEDIAN = 1.5;

/** Blank steps between neighbouring characters of `characters` not parted by a read space. */
function letterGaps(characters: readonly CtcCharacter[], isSpace: (c: CtcCharacter) => boolean) {
  const gaps: number[] = [];
  characters.forEach((character, i) => {
    const previous = characters[i - 1];
    if (previous && !isSpace(previous) && !isSpace(character)) {
      gaps.push(character.firstStep - previous.lastStep - 1);
    }
  });
  return gaps.sort((a, b) => a - b);
}

/** A word along the line's model input: its text, its extent in input px, its score. */
export interface WordSpan {
  text: string;
  /** Left and right edge of the word along the line, model-input px (0 = the crop's left edge). */
  startX: number;
  endX: number;
  /** Mean top probability of its characters (0–1). */
  score: number;
}

/**
 * Splits a decoded line into words placed along its input. A character's centre is the middle of
 * its time steps; a word runs from half a character pitch (the median distance between neighbouring
 * characters' centres in the line's words) before its first centre to half a pitch after its last.
 * `stepWidth` is input px per time step; `contentWidth` (input px) bounds the spans.
 */
export function wordSpans(
  characters: readonly CtcCharacter[],
  stepWidth: number,
  contentWidth: number,
  normalize = true,
): WordSpan[] {
  const charOf = (c: CtcCharacter) => (normalize ? normalizeFullWidth(c.char) : c.char);
  const isSpace = (c: CtcCharacter) => /^\s$/u.test(charOf(c));
  const gaps = letterGaps(characters, isSpace);
  const medianGap = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const breakGap = Math.max(WORD_GAP_STEPS, WORD_GAP_OVER_MEDIAN * medianGap);
  const groups: CtcCharacter[][] = [];
  let current: CtcCharacter[] = [];
  for (const character of characters) {
    const char = charOf(character);
    if (isSpace(character)) {
      if (current.length > 0) groups.push(current);
      current = [];
      continue;
    }
    const previous = current.at(-1);
    if (previous && character.firstStep - previous.lastStep - 1 >= breakGap) {
      groups.push(current);
      current = [];
    }
    current.push({ ...character, char });
  }
  if (current.length > 0) groups.push(current);
  const centre = (c: CtcCharacter) => ((c.firstStep + c.lastStep + 1) / 2) * stepWidth;
  const distances = groups
    .flatMap((group) => group.slice(1).map((c, i) => centre(c) - centre(group[i]!)))
    .sort((a, b) => a - b);
  const pitch = distances[Math.floor(distances.length / 2)];
  return groups.map((group) => {
    const first = group[0]!;
    const last = group.at(-1)!;
    // A line of single characters has no pitch: take each one's own steps, a step either side.
    const startX =
      pitch === undefined ? (first.firstStep - 1) * stepWidth : centre(first) - pitch / 2;
    const endX = pitch === undefined ? (last.lastStep + 2) * stepWidth : centre(last) + pitch / 2;
    return {
      text: group.map((c) => c.char).join(''),
      startX: Math.max(0, startX),
      endX: Math.min(contentWidth, endX),
      score: group.reduce((sum, c) => sum + c.probability, 0) / group.length,
    };
  });
}

/** How a line's crop was made: the quad it was cut by (image px), its margin, and its width in the input. */
export interface CropGeometry {
  /** The quad the crop was cut by (image pixels, top-left of the crop first, clockwise). */
  quad: Quad;
  /** Margin added around the quad, crop px (see `CROP_PADDING_PX`). */
  paddingPx: number;
  /** Width the crop was resized to in the model input, px. */
  contentWidth: number;
}

/**
 * Maps word spans (model-input px) back to quads in image pixels, through the resize, the margin,
 * the quarter turn of a tall crop and the crop's perspective transform. Each word's quad spans the
 * line's quad from its top edge to its bottom edge, top-left of the word first, clockwise.
 */
export function wordBoxes(spans: readonly WordSpan[], crop: CropGeometry): RecognizedWord[] {
  const { quad, contentWidth } = crop;
  const { width, height } = quadCropSize(quad);
  const offset = Math.round(Math.max(0, crop.paddingPx));
  const tall = isTallCrop(quad);
  // The crop the model read: a tall one turned a quarter, so its width is the quad's height.
  const alongLine = tall ? height : width;
  const scale = (alongLine + 2 * offset) / contentWidth;
  const cropToImage = solveHomography(
    [
      [0, 0],
      [width, 0],
      [width, height],
      [0, height],
    ],
    quad,
  );
  const toImage = (point: Point): Point => applyHomography(cropToImage, point);
  return spans.map((span) => {
    const clamp = (x: number) => Math.min(alongLine, Math.max(0, x * scale - offset));
    const a = clamp(span.startX);
    const b = clamp(span.endX);
    // Turned counter-clockwise to read, a tall crop's text runs down it with its top on the right.
    const corners: Point[] = tall
      ? [
          [width, a],
          [width, b],
          [0, b],
          [0, a],
        ]
      : [
          [a, 0],
          [b, 0],
          [b, height],
          [a, height],
        ];
    return { text: span.text, points: corners.map(toImage), score: span.score };
  });
}
