/**
 * Sharpens a page quad found on a coarse mask: along each side, the strongest brightness step
 * across the side is located on a finer grey image, a line is fitted through those steps, and
 * neighbouring lines meet in the new corners.
 */
import type { Quad } from '../../../core/geometry/perspective.js';
import type { Point } from '../../../core/geometry/types.js';
import type { GreyImage } from './grey-image.js';

/** Profiles sampled across each side. */
const SAMPLES_PER_SIDE = 48;
/** Part of each side's length left out at either end (corners are rounded by blur). */
const CORNER_SKIP_SHARE = 0.1;
/** Fitted points farther than this from the first line are dropped before the second fit, px. */
const OUTLIER_PX = 1.5;
/**
 * Share of each side's samples that must sit on its fitted line: a page border is one straight
 * step, the outline of a block of text is not.
 */
const MIN_INLIER_SHARE = 0.5;
/** How far inside the fitted side the paper is sampled, px. */
const INSIDE_OFFSET_PX = 3;
/**
 * The most the brightness just inside a side may vary, grey levels (standard deviation): a page
 * has a blank margin there, the edge of a block of text alternates ink and paper.
 */
const MAX_INSIDE_SPREAD = 24;

function sample(image: GreyImage, x: number, y: number): number {
  const cx = Math.min(Math.max(x, 0), image.width - 1);
  const cy = Math.min(Math.max(y, 0), image.height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, image.width - 1);
  const y1 = Math.min(y0 + 1, image.height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const d = image.data;
  const top = d[y0 * image.width + x0]! * (1 - fx) + d[y0 * image.width + x1]! * fx;
  const bottom = d[y1 * image.width + x0]! * (1 - fx) + d[y1 * image.width + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

/** A line as a point on it and a unit direction. */
interface Line {
  point: Point;
  direction: Point;
}

/** Total-least-squares line through `points`. */
function fitLine(points: readonly Point[]): Line {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
    syy += (y - my) * (y - my);
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { point: [mx, my], direction: [Math.cos(angle), Math.sin(angle)] };
}

function distanceToLine(line: Line, [x, y]: Point): number {
  const [px, py] = line.point;
  const [dx, dy] = line.direction;
  return Math.abs((x - px) * dy - (y - py) * dx);
}

function intersect(a: Line, b: Line): Point | null {
  const [ax, ay] = a.point;
  const [adx, ady] = a.direction;
  const [bx, by] = b.point;
  const [bdx, bdy] = b.direction;
  const denominator = adx * bdy - ady * bdx;
  if (Math.abs(denominator) < 1e-9) return null;
  const t = ((bx - ax) * bdy - (by - ay) * bdx) / denominator;
  return [ax + t * adx, ay + t * ady];
}

/** Standard deviation of the brightness a few pixels inside `quad` from each of `points`. */
function insideSpread(grey: GreyImage, points: readonly Point[], quad: Quad): number {
  const cx = quad.reduce((sum, [x]) => sum + x, 0) / 4;
  const cy = quad.reduce((sum, [, y]) => sum + y, 0) / 4;
  const values = points.map(([x, y]) => {
    const length = Math.hypot(cx - x, cy - y) || 1;
    return sample(
      grey,
      x + ((cx - x) / length) * INSIDE_OFFSET_PX,
      y + ((cy - y) / length) * INSIDE_OFFSET_PX,
    );
  });
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
}

/**
 * Refines `quad` (in `grey`'s pixels, ordered) by locating the page border within `searchPx`
 * of each side on `grey`. Null when a side is not one straight step (too few samples on its
 * line) or a corner would move farther than twice `searchPx`: then it is no page border.
 */
export function refineQuad(grey: GreyImage, quad: Quad, searchPx: number): Quad | null {
  const lines: Line[] = [];
  for (let side = 0; side < 4; side++) {
    const [x0, y0] = quad[side]!;
    const [x1, y1] = quad[(side + 1) % 4]!;
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < 8) return null;
    const nx = -(y1 - y0) / length;
    const ny = (x1 - x0) / length;
    const found: Point[] = [];
    for (let s = 0; s < SAMPLES_PER_SIDE; s++) {
      const t = CORNER_SKIP_SHARE + ((1 - 2 * CORNER_SKIP_SHARE) * (s + 0.5)) / SAMPLES_PER_SIDE;
      const bx = x0 + (x1 - x0) * t;
      const by = y0 + (y1 - y0) * t;
      let best = 0;
      let bestOffset = 0;
      for (let offset = -searchPx; offset <= searchPx; offset += 0.5) {
        // Nearer the coarse side counts more: a scan's own inner border must not win over the page's.
        const nearness = 1 - Math.abs(offset) / (searchPx + 1);
        const step =
          nearness *
          Math.abs(
            sample(grey, bx + nx * (offset + 1), by + ny * (offset + 1)) -
              sample(grey, bx + nx * (offset - 1), by + ny * (offset - 1)),
          );
        if (step > best) {
          best = step;
          bestOffset = offset;
        }
      }
      if (best > 0) found.push([bx + nx * bestOffset, by + ny * bestOffset]);
    }
    if (found.length < MIN_INLIER_SHARE * SAMPLES_PER_SIDE) return null;
    let line = fitLine(found);
    let kept = found;
    // Coarse then fine: a few steps latched onto the desk's texture must not tilt the line.
    for (const limit of [4 * OUTLIER_PX, 2 * OUTLIER_PX, OUTLIER_PX]) {
      kept = found.filter((point) => distanceToLine(line, point) <= limit);
      if (kept.length < 2) return null;
      line = fitLine(kept);
    }
    if (kept.length < MIN_INLIER_SHARE * SAMPLES_PER_SIDE) return null;
    if (insideSpread(grey, kept, quad) > MAX_INSIDE_SPREAD) return null;
    lines.push(line);
  }
  const corners: Point[] = [];
  for (let i = 0; i < 4; i++) {
    const corner = intersect(lines[(i + 3) % 4]!, lines[i]!);
    if (!corner) return null;
    const [ox, oy] = quad[i]!;
    if (Math.hypot(corner[0] - ox, corner[1] - oy) > 2 * searchPx) return null;
    corners.push(corner);
  }
  return corners as Quad;
}
