/**
 * Which way the text on a straightened page runs, and how far its lines are tilted. The turn is a
 * vote over nearest-neighbour directions between ink blobs (O'Gorman's docstrum): the letters of a
 * line sit closer to each other than to the lines above and below, so most links run along the
 * lines. Receipts defeat projection profiles (monospaced columns are as spiky as the lines), not
 * this. The tilt is the angle at which the ink's row profile is spikiest.
 */
import { adaptiveThresholdDark, type GreyImage } from './grey-image.js';

/** Skew angles tried, degrees either side of straight. */
const MAX_SKEW_DEG = 8;
/** Step between the skew angles tried, degrees. */
const SKEW_STEP_DEG = 0.5;
/** Local-contrast ink threshold: darker than the 15 px mean by this many grey levels. */
const INK_OFFSET = 12;
const INK_BLOCK_PX = 15;
/** Below this share of ink pixels there is no text to vote with. */
const MIN_INK_SHARE = 0.002;
/** Blobs smaller than this are specks, px. */
const MIN_GLYPH_PX = 4;
/** Blobs wider or taller than this share of the image are rules, borders or pictures, not letters. */
const MAX_GLYPH_SHARE = 1 / 8;
/** A link counts as along a line or across lines within this many degrees of the axis. */
const LINK_TOLERANCE_DEG = 30;
/** Links down the page must outnumber links across it by this factor before the page is turned. */
const TURN_MARGIN = 2;
/** Fewest axis-aligned links the vote needs. */
const MIN_LINKS = 20;
/** Share of the ink left out on each side when framing the text (specks, desk edges). */
const TEXT_BOUNDS_TRIM = 0.01;

/** What the vote decided. */
export interface OrientationVote {
  /** Quarter turns counter-clockwise that make the text lines run across (0 or 1). */
  quarterTurnsCCW: 0 | 1;
  /** The remaining clockwise tilt of the text lines after that turn, degrees. */
  skewDeg: number;
}

/** An axis-aligned box in an image's pixels, `x1`/`y1` exclusive. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The page's ink: 1 marks a pixel darker than its neighbourhood. */
function inkMask(grey: GreyImage): Uint8Array {
  return adaptiveThresholdDark(grey, INK_BLOCK_PX, INK_OFFSET);
}

/**
 * The box around the text on a small copy of a page: where its ink lies, the outermost 1% on each
 * side left out. The orientation vote reads this box at a finer scale. Null when there is no ink.
 */
export function textBounds(grey: GreyImage): PixelBox | null {
  const { width, height } = grey;
  const ink = inkMask(grey);
  const columns = new Uint32Array(width);
  const rows = new Uint32Array(height);
  let total = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]) {
        columns[x]!++;
        rows[y]!++;
        total++;
      }
    }
  }
  if (total < MIN_INK_SHARE * width * height) return null;
  const trimmed = (counts: Uint32Array): [number, number] => {
    const cut = total * TEXT_BOUNDS_TRIM;
    let low = 0;
    for (let seen = counts[0]!; seen <= cut && low < counts.length - 1; ) seen += counts[++low]!;
    let high = counts.length - 1;
    for (let seen = counts[high]!; seen <= cut && high > low; ) seen += counts[--high]!;
    return [low, high + 1];
  };
  const [x0, x1] = trimmed(columns);
  const [y0, y1] = trimmed(rows);
  return { x0, y0, x1, y1 };
}

/** A connected blob of ink: its pixel count, centroid and size. */
interface Blob {
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The 8-connected blobs of `ink`, by flood fill. */
function inkBlobs(ink: Uint8Array, width: number, height: number): Blob[] {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const blobs: Blob[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    seen[start] = 1;
    stack[0] = start;
    let top = 1;
    let count = 0;
    let sumX = 0;
    let sumY = 0;
    let minX = width;
    let maxX = 0;
    let minY = height;
    let maxY = 0;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      count++;
      sumX += x;
      sumY += y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const j = ny * width + nx;
          if (ink[j] && !seen[j]) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    blobs.push({
      count,
      x: sumX / count,
      y: sumY / count,
      width: maxX - minX + 1,
      height: maxY - minY + 1,
    });
  }
  return blobs;
}

/**
 * Counts, over letter-sized blobs, the links to each one's nearest neighbour that run across the
 * image (within {@link LINK_TOLERANCE_DEG} of horizontal) and down it. Neighbours are looked for
 * within twice the median letter size; farther blobs stand alone and do not vote.
 */
function nearestNeighbourLinks(
  glyphs: readonly Blob[],
  width: number,
  height: number,
): { across: number; down: number } {
  const count = glyphs.length;
  if (count < 2) return { across: 0, down: 0 };
  const sizes = Float32Array.from(glyphs, (blob) => Math.max(blob.width, blob.height)).sort();
  const cell = Math.max(2, 2 * sizes[count >> 1]!);
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const xs = Float32Array.from(glyphs, (blob) => blob.x);
  const ys = Float32Array.from(glyphs, (blob) => blob.y);
  // Glyphs sorted by grid cell (a counting sort): cell k holds order[start[k] .. start[k + 1]).
  const cellOf = new Int32Array(count);
  const start = new Int32Array(columns * rows + 1);
  for (let i = 0; i < count; i++) {
    const column = Math.min(columns - 1, Math.floor(xs[i]! / cell));
    const row = Math.min(rows - 1, Math.floor(ys[i]! / cell));
    cellOf[i] = row * columns + column;
    start[cellOf[i]! + 1]!++;
  }
  for (let k = 0; k < columns * rows; k++) start[k + 1]! += start[k]!;
  const order = new Int32Array(count);
  const filled = start.slice(0, columns * rows);
  for (let i = 0; i < count; i++) order[filled[cellOf[i]!]!++] = i;
  const tolerance = Math.tan((LINK_TOLERANCE_DEG * Math.PI) / 180);
  let across = 0;
  let down = 0;
  for (let i = 0; i < count; i++) {
    const column = cellOf[i]! % columns;
    const row = (cellOf[i]! - column) / columns;
    let best = cell * cell;
    let dx = 0;
    let dy = 0;
    for (let r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
      for (let c = Math.max(0, column - 1); c <= Math.min(columns - 1, column + 1); c++) {
        const k = r * columns + c;
        for (let n = start[k]!; n < start[k + 1]!; n++) {
          const other = order[n]!;
          if (other === i) continue;
          const ox = xs[other]! - xs[i]!;
          const oy = ys[other]! - ys[i]!;
          const distance = ox * ox + oy * oy;
          if (distance < best) {
            best = distance;
            dx = ox;
            dy = oy;
          }
        }
      }
    }
    if (dx === 0 && dy === 0) continue;
    if (Math.abs(dy) <= Math.abs(dx) * tolerance) across++;
    else if (Math.abs(dx) <= Math.abs(dy) * tolerance) down++;
  }
  return { across, down };
}

/**
 * The clockwise tilt, degrees, at which weighted points line up best in rows: the largest sum of
 * squared bin weights of the points projected across the rows. (x, y) are about the centre.
 */
function bestRowAngle(
  xs: Float32Array,
  ys: Float32Array,
  weights: Float32Array,
  span: number,
): number {
  const bins = new Float64Array(2 * Math.ceil(span) + 3);
  const half = bins.length >> 1;
  let bestEnergy = -1;
  let bestAngle = 0;
  for (let angle = -MAX_SKEW_DEG; angle <= MAX_SKEW_DEG + 1e-9; angle += SKEW_STEP_DEG) {
    const radians = (angle * Math.PI) / 180;
    const sin = Math.sin(radians);
    const cos = Math.cos(radians);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const bin = Math.round(ys[i]! * cos - xs[i]! * sin) + half;
      if (bin >= 0 && bin < bins.length) bins[bin]! += weights[i]!;
    }
    let energy = 0;
    for (let i = 0; i < bins.length; i++) energy += bins[i]! * bins[i]!;
    if (energy > bestEnergy) {
      bestEnergy = energy;
      bestAngle = angle;
    }
  }
  return bestAngle;
}

/**
 * The clockwise tilt of lines running across (turned: down) the image, degrees, from the letters'
 * centres weighted by their ink: one point per letter is as good as all its pixels, and far fewer.
 */
function skewOf(glyphs: readonly Blob[], width: number, height: number, turned: boolean): number {
  const xs = new Float32Array(glyphs.length);
  const ys = new Float32Array(glyphs.length);
  const weights = new Float32Array(glyphs.length);
  glyphs.forEach((glyph, i) => {
    // Turned a quarter counter-clockwise, lines that ran down run across: x' = y, y' = -x.
    xs[i] = turned ? glyph.y - height / 2 : glyph.x - width / 2;
    ys[i] = turned ? width / 2 - glyph.x : glyph.y - height / 2;
    weights[i] = glyph.count;
  });
  return bestRowAngle(xs, ys, weights, turned ? width : height);
}

/**
 * Votes on a straightened page (a grey copy where letters are a few pixels apart): do its text
 * lines run across (0) or down (1 quarter turn counter-clockwise needed), and how far are they
 * tilted clockwise once upright, degrees. Null when the page has too little ink to vote.
 */
export function voteOrientation(grey: GreyImage): OrientationVote | null {
  const { width, height } = grey;
  const ink = inkMask(grey);
  let count = 0;
  for (let i = 0; i < ink.length; i++) count += ink[i]!;
  if (count < MIN_INK_SHARE * width * height) return null;
  const glyphs = inkBlobs(ink, width, height).filter(
    (blob) =>
      blob.count >= MIN_GLYPH_PX &&
      blob.width <= MAX_GLYPH_SHARE * width &&
      blob.height <= MAX_GLYPH_SHARE * height,
  );
  const { across, down } = nearestNeighbourLinks(glyphs, width, height);
  const turned = down >= MIN_LINKS && down > TURN_MARGIN * across;
  return {
    quarterTurnsCCW: turned ? 1 : 0,
    skewDeg: skewOf(glyphs, width, height, turned),
  };
}
