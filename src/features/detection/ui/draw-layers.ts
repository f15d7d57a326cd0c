/**
 * The overlay's extra layers, drawn in image pixels on a canvas already zoomed by `zoom`: a
 * document photo's page outline with its corner handles, and settings A beside the current ones
 * (B) for the tuning view's swipe comparison. Display only: no state, no events.
 */
import type { Point, Polygon } from '../../../core/geometry/types.js';
import { drawMatches, type MatchOverlay } from '../../tuning/ui/draw-matches.js';
import type { Detection } from '../pipeline/detection.js';
import { tracePolygon } from './draw-detections.js';

/** Outlines a page quad, dashed, with round handles on its corners when they can be dragged. */
export function drawPageOutline(
  context: CanvasRenderingContext2D,
  quad: Polygon,
  lineWidth: number,
  zoom: number,
  withHandles: boolean,
): void {
  const path = new Path2D();
  tracePolygon(path, quad);
  context.save();
  context.strokeStyle = '#2563eb';
  context.lineWidth = lineWidth * 2.5;
  context.setLineDash([8 / zoom, 5 / zoom]);
  context.stroke(path);
  context.setLineDash([]);
  if (withHandles) {
    const radius = 7 / zoom;
    for (const [x, y] of quad) {
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      context.fillStyle = '#ffffff';
      context.fill();
      context.lineWidth = lineWidth * 2;
      context.stroke();
    }
  }
  context.restore();
}

/** Index of the corner of `quad` nearest `point` within `reach` (image pixels), or null. */
export function cornerNear(quad: Polygon, [x, y]: Point, reach: number): number | null {
  let best: number | null = null;
  let bestDistance = reach;
  quad.forEach(([cx, cy], index) => {
    const distance = Math.hypot(cx - x, cy - y);
    if (distance <= bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/** Settings A and what they found, drawn left of the split. */
export interface PinnedLayer {
  detections: readonly Detection[];
  verdicts: MatchOverlay;
}

/**
 * Replaces the marks over the left `split` share (0–1) of a `width` × `height` image with
 * settings A's regions, then draws the divider and A / B tags. The image is on a canvas below.
 */
export function drawPinnedSplit(
  context: CanvasRenderingContext2D,
  pinned: PinnedLayer,
  width: number,
  height: number,
  split: number,
  lineWidth: number,
  zoom: number,
): void {
  const splitX = Math.min(1, Math.max(0, split)) * width;
  context.save();
  context.beginPath();
  context.rect(0, 0, splitX, height);
  context.clip();
  context.clearRect(0, 0, splitX, height);
  drawMatches(context, pinned.detections, pinned.verdicts, lineWidth, zoom);
  context.restore();
  context.save();
  context.strokeStyle = '#0f172a';
  context.lineWidth = lineWidth * 2;
  context.beginPath();
  context.moveTo(splitX, 0);
  context.lineTo(splitX, height);
  context.stroke();
  const fontPx = 14 / zoom;
  context.font = `700 ${fontPx}px system-ui, sans-serif`;
  context.textBaseline = 'top';
  context.fillStyle = '#0f172a';
  context.textAlign = 'right';
  context.fillText('A', splitX - fontPx / 2, fontPx / 2);
  context.textAlign = 'left';
  context.fillText('B', splitX + fontPx / 2, fontPx / 2);
  context.restore();
}
