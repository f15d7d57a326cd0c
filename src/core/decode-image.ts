import { ErrorName, namedError } from './errors.js';
import { IMAGE_HEADER_BYTES, imageSizeProblem, readImageHeader } from './image-header.js';

/** A decoded image: the bitmap (maybe reduced) and the size of the original as displayed. */
export interface DecodedImage {
  bitmap: ImageBitmap;
  /** Original size, EXIF orientation applied, px: the space every coordinate refers to. */
  width: number;
  height: number;
}

/** The size to decode to, from the original size (as displayed); null decodes at full size. */
export type DecodeTarget = (
  width: number,
  height: number,
) => { width: number; height: number } | null;

// Formats people often try that browsers cannot decode, by MIME type or file extension.
const UNDECODABLE_HINTS: [RegExp, string][] = [
  [/tiff?$/i, 'TIFF is not decoded by browsers; convert it to PNG or JPEG.'],
  [/hei[cf]$/i, 'This HEIC/HEIF file does not decode; it may be damaged or cut short.'],
  [/pdf$/i, 'This PDF does not open as pages here; its bytes may not be a PDF.'],
];

function refuse(message: string, cause?: unknown): Error {
  return namedError(ErrorName.ImageDecode, message, cause);
}

function tooLarge(message: string): Error {
  return namedError(ErrorName.ImageTooLarge, message);
}

/**
 * Decodes an image, EXIF orientation applied, reading its size from the header first: an image
 * over the size limits is refused before any pixel is decoded, and a large one is decoded
 * straight to `target`'s size (browsers resize in displayed orientation). Rejects with
 * `ImageTooLargeError` naming the size, or `ImageDecodeError` naming the problem.
 */
export async function decodeImage(
  image: Blob,
  target: DecodeTarget,
  resizeQuality: ResizeQuality,
): Promise<DecodedImage> {
  if (image.size === 0) throw refuse('The file is empty.');
  const head = new Uint8Array(await image.slice(0, IMAGE_HEADER_BYTES).arrayBuffer());
  const header = readImageHeader(head);
  if (header) {
    const problem = imageSizeProblem(header.width, header.height);
    if (problem) throw tooLarge(problem);
  }
  const size = header ? target(header.width, header.height) : null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image, {
      imageOrientation: 'from-image',
      ...(size ? { resizeWidth: size.width, resizeHeight: size.height, resizeQuality } : {}),
    });
  } catch (error) {
    const name = image instanceof File ? image.name : '';
    const hint = UNDECODABLE_HINTS.find(
      ([pattern]) => pattern.test(image.type) || pattern.test(name),
    )?.[1];
    throw refuse(
      hint ??
        `Its bytes do not decode (${image.type || 'no type'}, ${image.size.toLocaleString('en')} bytes).`,
      error,
    );
  }
  // Decoded at full size, the bitmap has the last word (a format whose orientation the header
  // reader does not know); reduced, the header's size is the original's.
  const width = size && header ? header.width : bitmap.width;
  const height = size && header ? header.height : bitmap.height;
  const problem = header ? null : imageSizeProblem(width, height);
  if (problem) {
    bitmap.close();
    throw tooLarge(problem);
  }
  return { bitmap, width, height };
}

/**
 * A smaller copy of a decoded image, `target` picking the size from the original's (null keeps
 * the bitmap's own): resizing a bitmap already in memory costs far less than decoding again.
 */
export async function resizeDecoded(
  decoded: DecodedImage,
  target: DecodeTarget,
  resizeQuality: ResizeQuality,
): Promise<DecodedImage> {
  const size = target(decoded.width, decoded.height);
  const smaller = size && size.width < decoded.bitmap.width;
  const bitmap = await createImageBitmap(
    decoded.bitmap,
    smaller ? { resizeWidth: size.width, resizeHeight: size.height, resizeQuality } : {},
  );
  return { bitmap, width: decoded.width, height: decoded.height };
}

/** The bitmap's RGBA pixels, through a 2D canvas (the only way a worker reads a bitmap). */
export function readPixels(bitmap: ImageBitmap): ImageData {
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw namedError(ErrorName.ImageDecode, 'No 2D canvas in this worker.');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, width, height);
}
