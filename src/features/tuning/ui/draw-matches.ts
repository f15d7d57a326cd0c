import type { Polygon } from '../../../core/geometry/types.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { tracePolygon } from '../../detection/ui/draw-detections.js';
import { boundsMeet, type ImageRect, polygonBounds } from '../../detection/ui/visible-polygons.js';
import { MatchClass } from '../pipeline/icdar2015.js';
import { drawDenseBoxes, type Rgba } from './draw-dense.js';

/** Ground truth and the protocol's verdicts for one image, polygons in original-image pixels. */
export interface MatchOverlay {
  gtPolygons: readonly Polygon[];
  /** {@link MatchClass} of each ground-truth polygon (hit, missed, don't care). */
  gtClasses: Uint8Array;
  /** {@link MatchClass} of each detection, in the detections' order. */
  predictionClasses: Uint8Array;
}

/**
 * How each class looks. Told apart by line pattern and weight as well as colour, so the
 * difference survives colour blindness and greyscale: hits solid with a fill, false positives
 * dashed, missed ground truth a thick dotted outline, don't care hatched.
 */
export const MATCH_STYLES = {
  hit: { stroke: '#15803d', fill: 'rgba(34, 197, 94, 0.22)', widthFactor: 1, dash: [] },
  falsePositive: { stroke: '#dc2626', fill: '', widthFactor: 1.5, dash: [6, 4] },
  missed: { stroke: '#7c3aed', fill: '', widthFactor: 3, dash: [0.1, 2.2] },
  dontCare: { stroke: '#64748b', fill: 'hatch', widthFactor: 1, dash: [] },
} as const;

type MatchStyle = (typeof MATCH_STYLES)[keyof typeof MATCH_STYLES];

/** Pixels between hatch lines, screen px. */
const HATCH_SPACING = 8;

/**
 * Above this many polygons of one class in view, they are drawn plain: solid outlines, a flat
 * fill for don't care. Dash patterns and hatching cost most of a redraw at tens of thousands of
 * boxes, and at that density a box is a few screen pixels, too small to show a pattern anyway.
 */
export const PLAIN_STYLE_ABOVE = 5_000;

/** The flat fill of don't-care boxes drawn plain. */
const PLAIN_DONT_CARE_FILL = 'rgba(100, 116, 139, 0.3)';

function hatchPattern(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  zoom: number,
): CanvasPattern | null {
  const tile = new OffscreenCanvas(HATCH_SPACING, HATCH_SPACING);
  const tileContext = tile.getContext('2d');
  if (!tileContext) return null;
  tileContext.strokeStyle = 'rgba(71, 85, 105, 0.75)';
  tileContext.lineWidth = 1.5;
  tileContext.beginPath();
  // Two segments so the diagonal continues across tile edges.
  tileContext.moveTo(0, HATCH_SPACING);
  tileContext.lineTo(HATCH_SPACING, 0);
  tileContext.moveTo(-1, 1);
  tileContext.lineTo(1, -1);
  tileContext.moveTo(HATCH_SPACING - 1, HATCH_SPACING + 1);
  tileContext.lineTo(HATCH_SPACING + 1, HATCH_SPACING - 1);
  tileContext.stroke();
  const pattern = context.createPattern(tile, 'repeat');
  // Hatching stays the same on screen at any zoom.
  pattern?.setTransform(new DOMMatrix().scale(1 / zoom));
  return pattern;
}

function strokeAll(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  polygons: readonly Polygon[],
  style: MatchStyle,
  lineWidth: number,
  zoom: number,
): void {
  if (polygons.length === 0) return;
  const path = new Path2D();
  for (const polygon of polygons) tracePolygon(path, polygon);
  const plain = polygons.length > PLAIN_STYLE_ABOVE;
  if (style.fill === 'hatch' && plain) {
    context.fillStyle = PLAIN_DONT_CARE_FILL;
    context.fill(path);
  } else if (style.fill === 'hatch') {
    const pattern = hatchPattern(context, zoom);
    if (pattern) {
      context.fillStyle = pattern;
      context.fill(path);
    }
  } else if (style.fill) {
    context.fillStyle = style.fill;
    context.fill(path);
  }
  const width = lineWidth * style.widthFactor;
  const dashed = style.dash.length > 0 && !plain;
  context.setLineDash(dashed ? style.dash.map((d) => d * width * 2) : []);
  context.lineCap = dashed ? 'round' : 'square';
  // Miter joins rasterise in about half the time of round ones (see drawDetections).
  context.lineJoin = plain ? 'miter' : 'round';
  context.strokeStyle = style.stroke;
  context.lineWidth = width;
  context.stroke(path);
  context.setLineDash([]);
}

/** `#rrggbb` as opaque red, green, blue, alpha. */
function opaque(hex: string): Rgba {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 255];
}

/** In-view ground truth lists, with what they were computed from. */
interface InView {
  view: string;
  gtPolygons: readonly Polygon[];
  gtClasses: Uint8Array;
  gtDontCare: readonly number[];
  gtMissed: readonly number[];
}

/** The ground truth drawn last, by overlay: the same overlay and view give the same lists. */
const inViewCache = new WeakMap<MatchOverlay, InView>();
/** The lists computed last, for a new matching whose classes are all as they were. */
let lastInView: InView | null = null;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Indices of `overlay`'s don't-care and missed ground truth meeting `view` (all with no view).
 * Hits are drawn as their detections. One pass over 100,000 boxes per new matching or view; a
 * redraw of the same (a hover, a highlight), or a new matching that leaves every class as it was
 * (most slider moves), reuses the lists, and the dense layer with them.
 */
function groundTruthInView(
  overlay: MatchOverlay,
  view: ImageRect | null,
): { gtDontCare: readonly number[]; gtMissed: readonly number[] } {
  const key = view ? `${view.minX} ${view.minY} ${view.maxX} ${view.maxY}` : '';
  const cached = inViewCache.get(overlay);
  if (cached?.view === key) return cached;
  const { gtPolygons, gtClasses } = overlay;
  const last = lastInView;
  if (
    last?.view === key &&
    last.gtPolygons === gtPolygons &&
    sameBytes(last.gtClasses, gtClasses)
  ) {
    inViewCache.set(overlay, last);
    return last;
  }
  const gtDontCare: number[] = [];
  const gtMissed: number[] = [];
  const bounds = view ? polygonBounds(gtPolygons) : null;
  for (let i = 0; i < gtPolygons.length; i++) {
    const kind = gtClasses[i];
    if (kind !== MatchClass.DontCare && kind !== MatchClass.Missed) continue;
    if (bounds && view && !boundsMeet(bounds, i, view)) continue;
    (kind === MatchClass.DontCare ? gtDontCare : gtMissed).push(i);
  }
  const lists = { view: key, gtPolygons, gtClasses, gtDontCare, gtMissed };
  inViewCache.set(overlay, lists);
  lastInView = lists;
  return lists;
}

/** The flat fill of don't-care boxes drawn dense, as red, green, blue, alpha. */
const DENSE_DONT_CARE_FILL: Rgba = [100, 116, 139, 77];

/**
 * Draws detections and ground truth by the protocol's verdict, one path per class: don't-care
 * boxes hatched, missed ground truth, then hits and false positives on top. With `view` (the
 * part of the image on screen, original-image px), ground truth outside it is not drawn; above
 * {@link PLAIN_STYLE_ABOVE} boxes in view, the ground truth is written into pixels instead.
 */
export function drawMatches(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  detections: readonly Detection[],
  overlay: MatchOverlay,
  lineWidth: number,
  zoom: number,
  view: ImageRect | null = null,
): void {
  const { gtPolygons, predictionClasses } = overlay;
  const { gtDontCare, gtMissed } = groundTruthInView(overlay, view);
  const predicted = detections.map((d) => d.imagePolygon);
  const predictedOf = (kinds: readonly number[]) =>
    predicted.flatMap((_, i) =>
      kinds.includes(predictionClasses[i] ?? MatchClass.Invalid) ? [i] : [],
    );
  context.save();
  const draw = (polygons: readonly Polygon[], indices: readonly number[], style: MatchStyle) =>
    strokeAll(
      context,
      indices.map((i) => polygons[i]!),
      style,
      lineWidth,
      zoom,
    );
  // Tens of thousands of label boxes in view: written into pixels in one layer (draw-dense.ts).
  const dense =
    gtDontCare.length + gtMissed.length > PLAIN_STYLE_ABOVE &&
    drawDenseBoxes(context, gtPolygons, [
      {
        indices: gtDontCare,
        stroke: opaque(MATCH_STYLES.dontCare.stroke),
        fill: DENSE_DONT_CARE_FILL,
      },
      { indices: gtMissed, stroke: opaque(MATCH_STYLES.missed.stroke), fill: null },
    ]);
  if (!dense) draw(gtPolygons, gtDontCare, MATCH_STYLES.dontCare);
  draw(predicted, predictedOf([MatchClass.DontCare, MatchClass.Invalid]), MATCH_STYLES.dontCare);
  if (!dense) draw(gtPolygons, gtMissed, MATCH_STYLES.missed);
  draw(predicted, predictedOf([MatchClass.Hit]), MATCH_STYLES.hit);
  draw(predicted, predictedOf([MatchClass.FalsePositive]), MATCH_STYLES.falsePositive);
  context.restore();
}
