/**
 * Image sizes read from file headers, before any pixel is decoded: a 20000 × 20000 PNG is refused
 * from its first 24 bytes instead of after a 1.6 GB decode. Pure: bytes in, numbers out.
 */

/** Largest image decoded, px: a 100 MP RGBA copy is already 400 MB. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Longest side decoded, px: browsers' canvases stop at 32,767 px a side. */
export const MAX_IMAGE_SIDE = 32_767;
/** Bytes of a file read for its header; JPEG puts EXIF (with its own thumbnail) before the size. */
export const IMAGE_HEADER_BYTES = 1 << 20;

/** What a header says: the format, the stored size and the EXIF orientation (1–8, 1 = upright). */
export interface ImageHeader {
  format: 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp' | 'avif';
  /** Size as stored, px. */
  storedWidth: number;
  storedHeight: number;
  orientation: number;
  /** Size as displayed (orientation applied), px: what every coordinate refers to. */
  width: number;
  height: number;
}

function header(
  format: ImageHeader['format'],
  storedWidth: number,
  storedHeight: number,
  orientation = 1,
  swap = orientation >= 5 && orientation <= 8,
): ImageHeader | null {
  if (!(storedWidth > 0 && storedHeight > 0)) return null;
  return {
    format,
    storedWidth,
    storedHeight,
    orientation,
    width: swap ? storedHeight : storedWidth,
    height: swap ? storedWidth : storedHeight,
  };
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/**
 * Reads the size of a JPEG, PNG, GIF, BMP, WebP or AVIF image from its first bytes (EXIF
 * orientation of JPEGs and AVIF rotation applied). Null when the format is not one of these or
 * the size is not within `bytes`.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes, view);
    if (ascii(bytes, 1, 3) === 'PNG' && ascii(bytes, 12, 4) === 'IHDR') {
      return header('png', view.getUint32(16), view.getUint32(20));
    }
    if (ascii(bytes, 0, 4) === 'GIF8') {
      return header('gif', view.getUint16(6, true), view.getUint16(8, true));
    }
    if (ascii(bytes, 0, 2) === 'BM') {
      const dibSize = view.getUint32(14, true);
      if (dibSize === 12) return header('bmp', view.getUint16(18, true), view.getUint16(20, true));
      return header('bmp', Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
    }
    if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
      return readWebp(bytes, view);
    if (ascii(bytes, 4, 4) === 'ftyp') return readAvif(bytes, view);
  } catch (error) {
    // A header cut short reads past the end: the size is simply not known.
    if (error instanceof RangeError) return null;
    throw error;
  }
  return null;
}

function readJpeg(bytes: Uint8Array, view: DataView): ImageHeader | null {
  let orientation = 1;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    const length = view.getUint16(offset + 2);
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      return header('jpeg', view.getUint16(offset + 7), view.getUint16(offset + 5), orientation);
    }
    if (marker === 0xe1 && ascii(bytes, offset + 4, 6) === 'Exif\0\0') {
      orientation = exifOrientation(view, offset + 10) ?? orientation;
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data before any size
    offset += 2 + length;
  }
  return null;
}

/** The orientation tag (0x0112) of IFD0 in the TIFF structure at `tiff`, or null. */
function exifOrientation(view: DataView, tiff: number): number | null {
  const little = view.getUint16(tiff) === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

function readWebp(bytes: Uint8Array, view: DataView): ImageHeader | null {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    return header('webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return header('webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const u24 = (at: number) => view.getUint16(at, true) + (view.getUint8(at + 2) << 16);
    const width = u24(24) + 1;
    const height = u24(27) + 1;
    return header('webp', width, height);
  }
  return null;
}

/** AVIF (ISO BMFF): the `ispe` property in meta → iprp → ipco, turned by `irot`. */
function readAvif(bytes: Uint8Array, view: DataView): ImageHeader | null {
  const brand = ascii(bytes, 8, 4);
  if (brand !== 'avif' && brand !== 'avis') return null;
  const boxes = (start: number, end: number) => {
    const found = new Map<string, { start: number; end: number }>();
    let offset = start;
    while (offset + 8 <= end) {
      let size = view.getUint32(offset);
      const type = ascii(bytes, offset + 4, 4);
      let body = offset + 8;
      if (size === 1) {
        size = Number(view.getBigUint64(offset + 8));
        body += 8;
      } else if (size === 0) {
        size = end - offset;
      }
      if (size < 8) return found;
      if (!found.has(type)) found.set(type, { start: body, end: Math.min(offset + size, end) });
      offset += size;
    }
    return found;
  };
  const meta = boxes(0, bytes.length).get('meta');
  if (!meta) return null;
  const iprp = boxes(meta.start + 4, meta.end).get('iprp'); // meta is a full box
  const ipco = iprp && boxes(iprp.start, iprp.end).get('ipco');
  if (!ipco) return null;
  const properties = boxes(ipco.start, ipco.end);
  const ispe = properties.get('ispe');
  if (!ispe) return null;
  const rotation = properties.get('irot');
  const quarterTurns = rotation ? bytes[rotation.start]! & 3 : 0;
  return header(
    'avif',
    view.getUint32(ispe.start + 4),
    view.getUint32(ispe.start + 8),
    1,
    quarterTurns % 2 === 1,
  );
}

/** Why an image of `width` × `height` px (as displayed) is refused, or null when it is not. */
export function imageSizeProblem(width: number, height: number): string | null {
  const size = `${width.toLocaleString('en')} × ${height.toLocaleString('en')} px`;
  if (width * height > MAX_IMAGE_PIXELS) {
    return `${size} is over the ${MAX_IMAGE_PIXELS / 1e6} MP limit.`;
  }
  if (Math.max(width, height) > MAX_IMAGE_SIDE) {
    return `${size} has a side over the ${MAX_IMAGE_SIDE.toLocaleString('en')} px limit.`;
  }
  return null;
}

/**
 * The size to decode an image of `width` × `height` px to so that its long side is at least
 * `neededLongSide` px, keeping its aspect ratio; null when the image is not larger than that
 * (decode at full size).
 */
export function reducedSize(
  width: number,
  height: number,
  neededLongSide: number,
): { width: number; height: number } | null {
  const longSide = Math.max(width, height);
  if (longSide <= neededLongSide) return null;
  const ratio = neededLongSide / longSide;
  return {
    width: Math.max(1, Math.round(width * ratio)),
    height: Math.max(1, Math.round(height * ratio)),
  };
}
