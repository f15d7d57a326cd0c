/**
 * A born-digital page's own text, put where read text goes: the text layer's words (pdf.js
 * `getTextContent` items, split at spaces) are boxed in rendered-page pixels and each detected
 * region takes the words whose centre falls in it. Pure: no pdf.js, no DOM.
 */
import { pointInPolygon, polygonBounds } from '../../../core/geometry/polygon.js';
import type { Point } from '../../../core/geometry/types.js';
import type { Detection } from '../../detection/pipeline/detection.js';

/** One word of the text layer, its box axis-aligned in rendered-page pixels. */
export interface PageWord {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What pdf.js's `getTextContent` gives per text run (the fields this module reads). */
export interface TextRun {
  str: string;
  /** Text matrix in PDF user space: [a, b, c, d, e, f], the run's baseline origin at (e, f). */
  transform: number[];
  /** Advance of the whole run, user-space units. */
  width: number;
  /** Font size in user-space units. */
  height: number;
}

/** Affine PDF user space → page pixels, [a, b, c, d, e, f] (pdf.js viewport.transform). */
export type PageTransform = readonly number[];

/** Share of the font size above the baseline and below it that a glyph box covers. */
const ASCENT = 0.85;
const DESCENT = 0.25;
/** A gap narrower than this share of the font size joins two words without a space (split runs). */
const JOIN_GAP = 0.15;
/** The confidence a text-layer word carries: it was not guessed. */
export const PDF_TEXT_SCORE = 1;

function apply(m: PageTransform, x: number, y: number): Point {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

/**
 * The words of a page's text runs in page pixels (`toPage`: the viewport's transform). Each run
 * is split at whitespace and its advance shared by character count: exact for monospace, close
 * enough to tell which region a word's centre falls in for any font.
 */
export function pageWords(runs: readonly TextRun[], toPage: PageTransform): PageWord[] {
  const words: PageWord[] = [];
  for (const run of runs) {
    const chars = [...run.str];
    if (chars.length === 0 || run.str.trim() === '') continue;
    const [a = 1, b = 0, , , e = 0, f = 0] = run.transform;
    const size = run.height || Math.hypot(a, b) || 1;
    // Along the run's own direction (rotated text keeps its baseline).
    const dirX = Math.hypot(a, b) > 0 ? a / Math.hypot(a, b) : 1;
    const dirY = Math.hypot(a, b) > 0 ? b / Math.hypot(a, b) : 0;
    const step = run.width / chars.length;
    let index = 0;
    for (const match of run.str.matchAll(/\S+/g)) {
      const start = [...run.str.slice(0, match.index)].length;
      const length = [...match[0]].length;
      index = start;
      const from = index * step;
      const to = (index + length) * step;
      const corners = [
        [from, -DESCENT * size],
        [to, -DESCENT * size],
        [to, ASCENT * size],
        [from, ASCENT * size],
      ].map(([along, up]) =>
        apply(toPage, e + dirX * along! - dirY * up!, f + dirY * along! + dirX * up!),
      );
      const { minX, minY, maxX, maxY } = polygonBounds(corners);
      words.push({ text: match[0], left: minX, top: minY, right: maxX, bottom: maxY });
    }
  }
  return words;
}

function centre(word: PageWord): Point {
  return [(word.left + word.right) / 2, (word.top + word.bottom) / 2];
}

/** Distance from a point to a box, 0 inside. */
function distanceToBox(
  [x, y]: Point,
  box: { minX: number; minY: number; maxX: number; maxY: number },
): number {
  const dx = Math.max(box.minX - x, 0, x - box.maxX);
  const dy = Math.max(box.minY - y, 0, y - box.maxY);
  return Math.hypot(dx, dy);
}

/** Words of one region in reading order: lines top to bottom, words left to right. */
function inReadingOrder(words: PageWord[]): PageWord[] {
  const sorted = [...words].sort((p, q) => centre(p)[1] - centre(q)[1]);
  const lines: PageWord[][] = [];
  for (const word of sorted) {
    const line = lines.at(-1);
    const last = line?.at(-1);
    const height = word.bottom - word.top;
    if (line && last && Math.abs(centre(last)[1] - centre(word)[1]) < height / 2) line.push(word);
    else lines.push([word]);
  }
  return lines.flatMap((line) => line.sort((p, q) => p.left - q.left));
}

/** Words in reading order with the runs that touch (a word split across runs) made one. */
function joinWords(words: PageWord[]): PageWord[] {
  const joined: PageWord[] = [];
  let previous: PageWord | null = null;
  for (const word of words) {
    const height = word.bottom - word.top;
    const last = joined.at(-1);
    const touching =
      previous !== null &&
      last !== undefined &&
      Math.abs(centre(previous)[1] - centre(word)[1]) < height / 2 &&
      word.left - previous.right < JOIN_GAP * height;
    if (touching && last) {
      joined[joined.length - 1] = {
        text: last.text + word.text,
        left: Math.min(last.left, word.left),
        top: Math.min(last.top, word.top),
        right: Math.max(last.right, word.right),
        bottom: Math.max(last.bottom, word.bottom),
      };
    } else joined.push(word);
    previous = word;
  }
  return joined;
}

/**
 * The detected regions with the page's own words as their text (confidence 1): each word goes to
 * the region its centre is in, or else to the nearest region, so no word of the page is lost
 * while any region was found. Regions no word falls in get empty text. Each region keeps its
 * words with their boxes, as read regions do (hOCR, searchable PDF, the overlay).
 */
export function withPageText(
  detections: readonly Detection[],
  words: readonly PageWord[],
): Detection[] {
  const bounds = detections.map((d) => polygonBounds(d.imagePolygon));
  const byRegion: PageWord[][] = detections.map(() => []);
  for (const word of words) {
    const point = centre(word);
    let index = detections.findIndex((d) => pointInPolygon(point, d.imagePolygon));
    if (index < 0) {
      let best = Infinity;
      bounds.forEach((box, i) => {
        const distance = distanceToBox(point, box);
        if (distance < best) {
          best = distance;
          index = i;
        }
      });
    }
    if (index >= 0) byRegion[index]!.push(word);
  }
  return detections.map((detection, i) => {
    const joined = joinWords(inReadingOrder(byRegion[i]!));
    return {
      ...detection,
      text: joined.map((word) => word.text).join(' '),
      textScore: PDF_TEXT_SCORE,
      words: joined.map(({ text, left, top, right, bottom }) => ({
        text,
        points: [
          [left, top],
          [right, top],
          [right, bottom],
          [left, bottom],
        ],
        score: PDF_TEXT_SCORE,
      })),
    };
  });
}
