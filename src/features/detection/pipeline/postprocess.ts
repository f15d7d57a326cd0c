/**
 * DB (Differentiable Binarization) post-processing, after PaddleOCR's DBPostProcess
 * (ppocr/postprocess/db_postprocess.py): probability map → text regions in original-image pixels.
 */
import { traceContoursAbove } from '../../../core/geometry/contours.js';
import { minAreaRect } from '../../../core/geometry/min-area-rect.js';
import { polygonBounds, polygonPerimeter, toClockwise } from '../../../core/geometry/polygon.js';
import { simplifyPolygon } from '../../../core/geometry/simplify.js';
import type { Point, Polygon } from '../../../core/geometry/types.js';
import { unclip, unclipRect } from '../../../core/geometry/unclip.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { Detection } from './detection.js';
import type { ProbabilityMap } from './output.js';
import type { MapToImage } from './preprocess.js';

export type { ProbabilityMap } from './output.js';
export type { MapToImage } from './preprocess.js';

/** Douglas–Peucker tolerance as a share of the contour's perimeter, from PaddleOCR's polygon mode. */
const SIMPLIFY_EPSILON_PER_PERIMETER = 0.002;
/** After unclipping, a region's shorter side must reach `minSize` plus this many map pixels (PaddleOCR). */
const UNCLIPPED_MIN_SIZE_MARGIN = 2;
/** Candidates handled between two checks of the abort signal. */
const CANDIDATES_PER_ABORT_CHECK = 64;
/** Slack for deciding whether a pixel centre lies on a polygon edge, in map pixels. */
const EDGE_TOLERANCE = 1e-6;

/**
 * Mean probability of the map pixels whose centres lie inside or on `mapPolygon`, vertices truncated to whole
 * pixels first: PaddleOCR's box_score_fast casts the box to int32 (truncation toward zero, and its coordinates
 * are never negative) before cv2.fillPoly. Scans only the polygon's bounding box; 0 when no pixel is covered.
 */
export function meanInsidePolygon(map: ProbabilityMap, mapPolygon: readonly Point[]): number {
  const count = mapPolygon.length;
  if (count === 0 || map.width === 0 || map.height === 0) return 0;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const [x, y] = mapPolygon[i]!;
    // Math.floor equals numpy's truncation here: box_score_fast first subtracts floor(min x), so
    // every coordinate it casts is ≥ 0 (negative ones lie off the map and are clipped anyway).
    const roundedX = Math.floor(x);
    const roundedY = Math.floor(y);
    xs[i] = roundedX;
    ys[i] = roundedY;
    if (roundedX < minX) minX = roundedX;
    if (roundedX > maxX) maxX = roundedX;
    if (roundedY < minY) minY = roundedY;
    if (roundedY > maxY) maxY = roundedY;
  }
  const left = Math.max(0, minX);
  const right = Math.min(map.width - 1, maxX);
  const top = Math.max(0, minY);
  const bottom = Math.min(map.height - 1, maxY);
  if (left > right || top > bottom) return 0;

  const crossings = new Float64Array(count);
  // cv2.fillPoly also draws every edge as an 8-connected line, so pixels the outline merely
  // touches count too: one run per edge and row.
  const lineRuns = edgeLineRuns(xs, ys, top, bottom);
  // At most count / 2 spans per side, one per horizontal edge and one per edge line.
  const spans = new SpanList(3 * count + 2, left, right);
  const { data, width } = map;
  let sum = 0;
  let covered = 0;
  for (let y = top; y <= bottom; y++) {
    spans.clear();
    // The row as the polygon looks just below it and just above it, plus edges lying on it: their union is
    // the closed polygon, so pixels on edges and vertices count too.
    for (let side = 0; side < 2; side++) {
      const below = side === 0;
      let found = 0;
      for (let i = 0; i < count; i++) {
        const j = i === count - 1 ? 0 : i + 1;
        const ya = ys[i]!;
        const yb = ys[j]!;
        if (ya === yb) {
          if (below && ya === y) spans.add(Math.min(xs[i]!, xs[j]!), Math.max(xs[i]!, xs[j]!));
          continue;
        }
        const low = Math.min(ya, yb);
        const high = Math.max(ya, yb);
        if (below ? low <= y && y < high : low < y && y <= high) {
          const x = xs[i]! + ((y - ya) * (xs[j]! - xs[i]!)) / (yb - ya);
          let k = found++;
          while (k > 0 && crossings[k - 1]! > x) {
            crossings[k] = crossings[k - 1]!;
            k--;
          }
          crossings[k] = x;
        }
      }
      for (let k = 0; k + 1 < found; k += 2) spans.add(crossings[k]!, crossings[k + 1]!);
    }
    const runs = lineRuns[y - top]!;
    for (let k = 0; k + 1 < runs.length; k += 2) spans.add(runs[k]!, runs[k + 1]!);
    const rowStart = y * width;
    spans.forEachMerged((from, to) => {
      for (let x = from; x <= to; x++) sum += data[rowStart + x]!;
      covered += to - from + 1;
    });
  }
  return covered > 0 ? sum / covered : 0;
}

/**
 * The pixels of each polygon edge as OpenCV's 8-connected `Line` draws them (its LineIterator,
 * left to right, Bresenham error term `dx - 2dy`), as [from, to] runs per row of [top, bottom].
 */
function edgeLineRuns(xs: Float64Array, ys: Float64Array, top: number, bottom: number): number[][] {
  const rows: number[][] = Array.from({ length: bottom - top + 1 }, () => []);
  const count = xs.length;
  for (let i = 0; i < count; i++) {
    const j = i === count - 1 ? 0 : i + 1;
    let x = xs[i]!;
    let y = ys[i]!;
    let dx = xs[j]! - x;
    let dy = ys[j]! - y;
    if (dx < 0) {
      x = xs[j]!;
      y = ys[j]!;
      dx = -dx;
      dy = -dy;
    }
    const stepY = dy < 0 ? -1 : 1;
    dy = Math.abs(dy);
    const steep = dy > dx;
    const major = steep ? dy : dx;
    const minor = steep ? dx : dy;
    let err = major - 2 * minor;
    let runY = y;
    let runFrom = x;
    let runTo = x;
    const flush = () => {
      const row = rows[runY - top];
      if (row) row.push(runFrom, runTo);
    };
    for (let step = 0; step < major; step++) {
      const minorStep = err < 0;
      err += -2 * minor + (minorStep ? 2 * major : 0);
      if (steep) {
        y += stepY;
        if (minorStep) x += 1;
      } else {
        x += 1;
        if (minorStep) y += stepY;
      }
      if (y === runY) {
        runTo = x;
      } else {
        flush();
        runY = y;
        runFrom = x;
        runTo = x;
      }
    }
    flush();
  }
  return rows;
}

/** Integer pixel spans of one row, clipped to [left, right], kept sorted by start. */
class SpanList {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private length = 0;

  constructor(
    capacity: number,
    private readonly left: number,
    private readonly right: number,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  /** Adds the pixel centres within [from, to]; edge points count, up to floating-point slack. */
  add(from: number, to: number): void {
    const start = Math.max(this.left, Math.ceil(from - EDGE_TOLERANCE));
    const end = Math.min(this.right, Math.floor(to + EDGE_TOLERANCE));
    if (start > end) return;
    let k = this.length++;
    while (k > 0 && this.starts[k - 1]! > start) {
      this.starts[k] = this.starts[k - 1]!;
      this.ends[k] = this.ends[k - 1]!;
      k--;
    }
    this.starts[k] = start;
    this.ends[k] = end;
  }

  /** Calls `visit` once per maximal run of covered pixels, so overlapping spans count each pixel once. */
  forEachMerged(visit: (from: number, to: number) => void): void {
    if (this.length === 0) return;
    let from = this.starts[0]!;
    let to = this.ends[0]!;
    for (let k = 1; k < this.length; k++) {
      const start = this.starts[k]!;
      const end = this.ends[k]!;
      if (start <= to + 1) {
        if (end > to) to = end;
      } else {
        visit(from, to);
        from = start;
        to = end;
      }
    }
    visit(from, to);
  }
}

/**
 * Map pixels to image pixels, rounded (DBPostProcess) and clipped to the last pixel row and column
 * (PaddleOCR's final clip_det_res, which is tighter than DBPostProcess's own clip to the size).
 */
function toImagePolygon(mapPolygon: readonly Point[], mapToImage: MapToImage): Polygon {
  const { scaleX, scaleY, offsetX, offsetY, imageWidth, imageHeight } = mapToImage;
  return mapPolygon.map(([mapX, mapY]) => [
    Math.min(imageWidth - 1, Math.max(0, Math.round((mapX - offsetX) * scaleX))),
    Math.min(imageHeight - 1, Math.max(0, Math.round((mapY - offsetY) * scaleY))),
  ]);
}

/**
 * PaddleOCR's final filter of boxes (filter_tag_det_res): a box with a side of at most this many
 * image pixels, the length truncated to whole pixels, is dropped. Polygons are only clipped.
 */
const MAX_DROPPED_SIDE_PX = 3;

/** True when a clipped box keeps both sides longer than {@link MAX_DROPPED_SIDE_PX} image pixels. */
function longEnough(box: Polygon): boolean {
  const [p0, p1, , p3] = box as [Point, Point, Point, Point];
  const width = Math.trunc(Math.hypot(p1[0] - p0[0], p1[1] - p0[1]));
  const height = Math.trunc(Math.hypot(p3[0] - p0[0], p3[1] - p0[1]));
  return width > MAX_DROPPED_SIDE_PX && height > MAX_DROPPED_SIDE_PX;
}

/** Drops repeated consecutive vertices (clamping can merge neighbours). */
function withoutRepeats(polygon: Polygon): Polygon {
  return polygon.filter((point, i) => {
    const next = polygon[(i + 1) % polygon.length]!;
    return polygon.length === 1 || point[0] !== next[0] || point[1] !== next[1];
  });
}

/** Rotates a polygon so that its top-left-most vertex (smallest x + y) comes first. */
function startTopLeft(polygon: Polygon): Polygon {
  let first = 0;
  for (let i = 1; i < polygon.length; i++) {
    const [x, y] = polygon[i]!;
    const [bestX, bestY] = polygon[first]!;
    if (x + y < bestX + bestY) first = i;
  }
  return [...polygon.slice(first), ...polygon.slice(0, first)];
}

function hasArea(polygon: Polygon): boolean {
  const { minX, minY, maxX, maxY } = polygonBounds(polygon);
  return maxX > minX && maxY > minY;
}

function decodeBox(
  map: ProbabilityMap,
  contour: Polygon,
  params: PostprocessParams,
  mapToImage: MapToImage,
): Detection | null {
  // The shorter side of the minimum-area rectangle is at most √(bounding-box area), so tiny specks can be
  // rejected before the hull is built.
  const { minX, minY, maxX, maxY } = polygonBounds(contour);
  if ((maxX - minX) * (maxY - minY) < params.minSize * params.minSize) return null;
  const rect = minAreaRect(contour);
  if (Math.min(rect.width, rect.height) < params.minSize) return null;
  const score = meanInsidePolygon(map, rect.corners);
  if (score < params.boxThreshold) return null;
  const box = unclipRect(rect, params.unclipRatio);
  if (!box) return null;
  if (Math.min(box.width, box.height) < params.minSize + UNCLIPPED_MIN_SIZE_MARGIN) return null;
  const imagePolygon = toImagePolygon(box.corners, mapToImage);
  return longEnough(imagePolygon) ? { imagePolygon, score } : null;
}

function decodePolygon(
  map: ProbabilityMap,
  contour: Polygon,
  params: PostprocessParams,
  mapToImage: MapToImage,
): Detection | null {
  const epsilon = SIMPLIFY_EPSILON_PER_PERIMETER * polygonPerimeter(contour);
  const simplified = simplifyPolygon(contour, epsilon);
  if (simplified.length < 4) return null;
  const score = meanInsidePolygon(map, simplified);
  if (score < params.boxThreshold) return null;
  const expanded = unclip(simplified, params.unclipRatio);
  if (!expanded) return null;
  const rect = minAreaRect(expanded);
  if (Math.min(rect.width, rect.height) < params.minSize + UNCLIPPED_MIN_SIZE_MARGIN) return null;
  const imagePolygon = startTopLeft(
    withoutRepeats(toClockwise(toImagePolygon(expanded, mapToImage))),
  );
  return imagePolygon.length >= 4 && hasArea(imagePolygon) ? { imagePolygon, score } : null;
}

/**
 * Decodes a DB probability map into text regions in original-image pixels, clamped to the image.
 * Boxes run clockwise on screen from the top-left; polygons run clockwise from their top-left-most vertex.
 * Throws `signal.reason` when aborted.
 */
export function dbPostprocess(
  map: ProbabilityMap,
  params: PostprocessParams,
  mapToImage: MapToImage,
  signal?: AbortSignal,
): Detection[] {
  signal?.throwIfAborted();
  const { data, width, height } = map;
  if (data.length !== width * height) {
    throw new RangeError(
      `probability map holds ${data.length} values, expected ${width}×${height}`,
    );
  }
  // The map holds float32 values and PaddleOCR compares them with a float32 threshold: a pixel of exactly
  // 0.3 is background at threshold 0.3 only if the threshold is rounded the same way.
  const threshold = Math.fround(params.threshold);
  // PaddleOCR decodes the first max_candidates borders cv2.findContours(RETR_LIST) lists: holes
  // count too, and OpenCV lists borders last-found first, so those are the last our raster scan
  // finds. They are decoded in scan order, so regions still come top to bottom.
  const borders = traceContoursAbove(
    data,
    width,
    height,
    threshold,
    Number.POSITIVE_INFINITY,
    'list',
  );
  signal?.throwIfAborted();

  const decode = params.outputMode === 'polygon' ? decodePolygon : decodeBox;
  const detections: Detection[] = [];
  const first = Math.max(0, borders.length - params.maxCandidates);
  for (let i = first; i < borders.length; i++) {
    if (i % CANDIDATES_PER_ABORT_CHECK === CANDIDATES_PER_ABORT_CHECK - 1) signal?.throwIfAborted();
    const detection = decode(map, borders[i]!, params, mapToImage);
    if (detection) detections.push(detection);
  }
  return detections;
}
