/** The stored thumbnail of a detected image, and what a detection result hands over rather than copies. */
import type { DecodedImage } from '../core/decode-image.js';
import { ErrorName, namedError } from '../core/errors.js';
import type { CompactMap } from '../features/detection/pipeline/compact-map.js';
import type { Thumbnail } from '../protocol/detector.js';

/** Quality of the stored thumbnails (0–1). */
const THUMBNAIL_JPEG_QUALITY = 0.82;

/**
 * The stored thumbnail, from the same (maybe reduced) decode as the model's input: at most
 * `longSide` px and at most the decoded long side, in the original's aspect ratio (the model's
 * input rounds sides to its stride).
 */
export async function makeThumbnail(decoded: DecodedImage, longSide: number): Promise<Thumbnail> {
  const { bitmap } = decoded;
  const side = Math.min(longSide, Math.max(bitmap.width, bitmap.height));
  const ratio = Math.min(1, side / Math.max(decoded.width, decoded.height));
  const width = Math.max(1, Math.round(decoded.width * ratio));
  const height = Math.max(1, Math.round(decoded.height * ratio));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw namedError(ErrorName.Storage, 'no 2D canvas for the thumbnail');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  // JPEG, not WebP: encoding a 1024 px thumbnail takes ~11 ms against ~70 ms in Chromium, on the
  // critical path of every detection, for thumbnails about 1.5× larger.
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: THUMBNAIL_JPEG_QUALITY });
  return { bytes: await blob.arrayBuffer(), mimeType: blob.type, width, height };
}

/** What a result hands over rather than copies: the thumbnail's bytes and the kept map's levels. */
export function transferablesOf(
  thumbnail: Thumbnail,
  result: { map?: CompactMap },
): Transferable[] {
  return result.map ? [thumbnail.bytes, result.map.levels.buffer] : [thumbnail.bytes];
}
