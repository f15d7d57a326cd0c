import type { Polygon } from '../../../core/geometry/types.js';
import { isLowConfidenceText } from '../../recognition/pipeline/recognize.js';
import type { Detection } from '../pipeline/detection.js';
import { type LabelRequest, type PlacedLabel, placeLabels } from './label-layout.js';

/** Colours of drawn regions; read from CSS so the overlay and the PNG export agree. */
export interface RegionStyle {
  fill: string;
  stroke: string;
  /** Outline width in the context's current units. */
  lineWidth: number;
}

/** The default look: a teal outline with a light fill, so the text inside stays readable. */
export const REGION_STYLE: RegionStyle = {
  fill: 'rgba(20, 184, 166, 0.07)',
  stroke: 'rgba(13, 148, 136, 0.95)',
  lineWidth: 1.5,
};

/**
 * Appends one polygon to `path`, back to its first vertex. Not `closePath()`: in Chromium each
 * call gets slower as the path grows (10,000 boxes: ~780 ms against ~2 ms). Fills close
 * sub-paths anyway, and square caps fill the outline's one unjoined corner.
 */
export function tracePolygon(path: Path2D, polygon: Polygon): void {
  const first = polygon[0];
  if (!first) return;
  path.moveTo(first[0], first[1]);
  for (let i = 1; i < polygon.length; i++) path.lineTo(polygon[i]![0], polygon[i]![1]);
  path.lineTo(first[0], first[1]);
}

/**
 * Draws every region with one fill and one stroke of a single path: a few milliseconds for
 * 10,000 polygons, where a fill per polygon would take hundreds.
 */
export function drawDetections(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  detections: readonly Detection[],
  style: RegionStyle = REGION_STYLE,
): void {
  const all = new Path2D();
  for (const detection of detections) tracePolygon(all, detection.imagePolygon);
  // Miter joins rasterise in about half the time of round ones (10,000 boxes: ~40 against ~70 ms).
  context.lineJoin = 'miter';
  context.lineCap = 'square';
  context.fillStyle = style.fill;
  context.fill(all);
  context.strokeStyle = style.stroke;
  context.lineWidth = style.lineWidth;
  context.stroke(all);
}

/**
 * A region's label: `index · text` once its text is read (a low-confidence reading ends in
 * " (?)"), `index · score` before, or for a region read as empty.
 */
export function regionLabel(detection: Detection, index: number): string {
  if (!detection.text) return `${index + 1} · ${detection.score.toFixed(2)}`;
  return `${index + 1} · ${detection.text}${isLowConfidenceText(detection) ? ' (?)' : ''}`;
}

/**
 * Draws the regions' labels ({@link regionLabel}) above their top-left corners, never two on top
 * of each other: a label that would overlap one already drawn is shortened or left out
 * ({@link placeLabels}). `focusIndex` (hovered or selected) is drawn first and whole. Returns what
 * was drawn, in the context's units.
 */
export function drawLabels(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  detections: readonly Detection[],
  fontPx: number,
  focusIndex: number | null = null,
): PlacedLabel[] {
  context.font = `600 ${fontPx}px system-ui, sans-serif`;
  context.textBaseline = 'bottom';
  const requests: LabelRequest[] = detections.map((detection, index) => {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    for (const [x, y] of detection.imagePolygon) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
    }
    return {
      index,
      text: regionLabel(detection, index),
      anchorX: minX,
      anchorY: minY - 1,
      regionWidth: maxX - minX,
    };
  });
  const focus = focusIndex === null ? undefined : requests[focusIndex];
  const ordered = focus ? [focus, ...requests.filter((r) => r !== focus)] : requests;
  const pad = fontPx / 6;
  const placed = placeLabels(
    ordered,
    (text) => context.measureText(text).width,
    fontPx * 1.15,
    pad,
  );
  for (const label of placed) {
    const { x, y, width, height } = label.box;
    context.fillStyle =
      label.index === focusIndex ? 'rgba(255, 237, 213, 0.97)' : 'rgba(255, 255, 255, 0.88)';
    context.fillRect(x, y, width, height);
    context.fillStyle = '#134e4a';
    context.fillText(label.text, x + pad, y + height - pad);
  }
  return placed;
}
