import type { Polygon } from '../../../core/geometry/types.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { tracePolygon } from '../../detection/ui/draw-detections.js';
import { MatchClass, type MatchClassValue } from '../pipeline/icdar2015.js';

/** Ground truth and the protocol's verdicts for one image, polygons in original-image pixels. */
export interface MatchOverlay {
  gtPolygons: readonly Polygon[];
  /** Class of each ground-truth polygon (hit, missed, dont-care). */
  gtClasses: readonly MatchClassValue[];
  /** Class of each detection, in the detections' order. */
  predictionClasses: readonly MatchClassValue[];
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
  if (style.fill === 'hatch') {
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
  context.setLineDash(style.dash.map((d) => d * width * 2));
  context.lineCap = style.dash.length > 0 ? 'round' : 'square';
  context.lineJoin = 'round';
  context.strokeStyle = style.stroke;
  context.lineWidth = width;
  context.stroke(path);
  context.setLineDash([]);
}

/**
 * Draws detections and ground truth by the protocol's verdict, one path per class: don't-care
 * boxes hatched, missed ground truth, then hits and false positives on top.
 */
export function drawMatches(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  detections: readonly Detection[],
  overlay: MatchOverlay,
  lineWidth: number,
  zoom: number,
): void {
  const gtOf = (kind: MatchClassValue) =>
    overlay.gtPolygons.filter((_, i) => overlay.gtClasses[i] === kind);
  const predictedOf = (kinds: readonly MatchClassValue[]) =>
    detections
      .filter((_, i) => kinds.includes(overlay.predictionClasses[i] ?? MatchClass.Invalid))
      .map((d) => d.imagePolygon);
  context.save();
  strokeAll(context, gtOf(MatchClass.DontCare), MATCH_STYLES.dontCare, lineWidth, zoom);
  strokeAll(
    context,
    predictedOf([MatchClass.DontCare, MatchClass.Invalid]),
    MATCH_STYLES.dontCare,
    lineWidth,
    zoom,
  );
  strokeAll(context, gtOf(MatchClass.Missed), MATCH_STYLES.missed, lineWidth, zoom);
  strokeAll(context, predictedOf([MatchClass.Hit]), MATCH_STYLES.hit, lineWidth, zoom);
  strokeAll(
    context,
    predictedOf([MatchClass.FalsePositive]),
    MATCH_STYLES.falsePositive,
    lineWidth,
    zoom,
  );
  context.restore();
}
