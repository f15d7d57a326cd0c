import type { StoredThumbnail } from '../../features/history/store/stored-result.js';

/** Decodes stored thumbnail bytes, optionally scaled so the long side is `longSide` px. */
export async function decodeThumbnail(
  thumbnail: StoredThumbnail,
  longSide?: number,
): Promise<ImageBitmap> {
  const blob = new Blob([thumbnail.bytes], { type: thumbnail.mimeType });
  if (!longSide) return createImageBitmap(blob);
  const scale = Math.min(1, longSide / Math.max(thumbnail.width, thumbnail.height));
  return createImageBitmap(blob, {
    resizeWidth: Math.max(1, Math.round(thumbnail.width * scale)),
    resizeHeight: Math.max(1, Math.round(thumbnail.height * scale)),
    resizeQuality: 'medium',
  });
}
