import type { Detection } from '../../detection/pipeline/detection.js';
import { drawDetections, drawLabels, REGION_STYLE } from '../../detection/ui/draw-detections.js';

/**
 * Most pixels an exported overlay may have: Safari refuses canvases over 16,777,216 px (4096²),
 * the smallest limit of the browsers TextSpot runs in. A 12-megapixel phone photo fits whole.
 */
export const MAX_EXPORT_PIXELS = 16_777_216;

/**
 * Renders the image with its regions at original resolution (scaled down only beyond
 * {@link MAX_EXPORT_PIXELS}) and encodes it as PNG. `image` must be decoded at full size.
 */
export async function renderOverlayPng(
  image: CanvasImageSource,
  imageWidth: number,
  imageHeight: number,
  detections: readonly Detection[],
  options: { labels?: boolean } = {},
): Promise<Blob> {
  const scale = Math.min(1, Math.sqrt(MAX_EXPORT_PIXELS / (imageWidth * imageHeight)));
  const canvas = new OffscreenCanvas(
    Math.max(1, Math.floor(imageWidth * scale)),
    Math.max(1, Math.floor(imageHeight * scale)),
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
