import type { Detection } from '../model/detection.js';
import { drawDetections, drawLabels, REGION_STYLE } from '../ui/draw-detections.js';

/** Longest side of an exported overlay, px: keeps the canvas within every browser's limits. */
export const MAX_EXPORT_SIDE = 4096;

/**
 * Renders the image with its regions at original resolution (capped at {@link MAX_EXPORT_SIDE})
 * and encodes it as PNG.
 */
export async function renderOverlayPng(
  image: CanvasImageSource,
  imageWidth: number,
  imageHeight: number,
  detections: readonly Detection[],
  options: { labels?: boolean } = {},
): Promise<Blob> {
  const scale = Math.min(1, MAX_EXPORT_SIDE / Math.max(imageWidth, imageHeight));
  const canvas = new OffscreenCanvas(
    Math.max(1, Math.round(imageWidth * scale)),
    Math.max(1, Math.round(imageHeight * scale)),
  );
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas to draw the export on.');
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.drawImage(image, 0, 0, imageWidth, imageHeight);
  const lineWidth = Math.max(1.5, 2 / scale);
  drawDetections(context, detections, { ...REGION_STYLE, lineWidth });
  if (options.labels) drawLabels(context, detections, Math.max(11, 13 / scale));
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Saves a Blob as a file through a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously from the URL.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
