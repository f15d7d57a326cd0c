/**
 * A 24-bit BMP of RGBA pixels: the cheapest lossless container every browser decodes, so a
 * rendered PDF page travels through the same Blob path as a photo (header read, decode to need,
 * full-size decode for reading) without a PNG encoder's cost. Pure: pixels in, bytes out.
 */
import type { RgbaImage } from './image.js';

const FILE_HEADER_BYTES = 14;
const INFO_HEADER_BYTES = 40;
/** Pixels per metre written in the header (200 DPI, the rendering resolution of PDF pages). */
const PIXELS_PER_METRE = Math.round(200 / 0.0254);

/** Encodes `image` as a bottom-up 24-bit BMP (alpha dropped: pages are rendered on white). */
export function encodeBmp(image: RgbaImage): Uint8Array<ArrayBuffer> {
  const { width, height, data } = image;
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const offset = FILE_HEADER_BYTES + INFO_HEADER_BYTES;
  const bytes = new Uint8Array(offset + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, INFO_HEADER_BYTES, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // positive: rows bottom-up, as every decoder expects
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 24, true); // bits per pixel
  view.setUint32(34, rowBytes * height, true);
  view.setInt32(38, PIXELS_PER_METRE, true);
  view.setInt32(42, PIXELS_PER_METRE, true);
  for (let y = 0; y < height; y++) {
    let source = (height - 1 - y) * width * 4;
    let target = offset + y * rowBytes;
    for (let x = 0; x < width; x++, source += 4, target += 3) {
      bytes[target] = data[source + 2]!;
      bytes[target + 1] = data[source + 1]!;
      bytes[target + 2] = data[source]!;
    }
  }
  return bytes;
}
