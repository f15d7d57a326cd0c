/**
 * HEIC/HEIF told from its first bytes: an ISO BMFF `ftyp` box whose brands name HEIF and not
 * AVIF (AVIF is HEIF's container too, and browsers decode it). Pure: bytes in, answer out.
 */

/** Bytes of a file read to find its brands. */
export const HEIF_HEADER_BYTES = 64;

// ISO/IEC 23008-12 brands: HEVC images and sequences, and the format-neutral image brands.
const HEIF_BRANDS: ReadonlySet<string> = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'hevm',
  'hevs',
  'mif1',
  'mif2',
  'msf1',
]);
const AVIF_BRANDS: ReadonlySet<string> = new Set(['avif', 'avis']);

function ascii(bytes: Uint8Array, start: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + 4));
}

/** True when `bytes` (a file's start) are a HEIF image that is not AVIF. */
export function isHeif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4) !== 'ftyp') return false;
  const boxSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const end = Math.min(boxSize, bytes.length);
  const brands = [ascii(bytes, 8)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset));
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return false;
  return brands.some((brand) => HEIF_BRANDS.has(brand));
}
