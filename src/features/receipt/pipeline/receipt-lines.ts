/**
 * A receipt's regions as printed lines in reading order, the unit the field rules work on.
 */
import { polygonBounds } from '../../../core/geometry/polygon.js';
import { readingOrderLines } from '../../../core/geometry/reading-order.js';
import type { Polygon } from '../../../core/geometry/types.js';

/** One region of a read receipt: its polygon (image pixels) and the text read in it. */
export interface ReceiptRegion {
  imagePolygon: Polygon;
  text: string;
  /** Recognition confidence (0–1); absent for ground-truth text. */
  textScore?: number;
}

/** A printed line: its regions left to right and their bounds (image pixels). */
export interface ReceiptLine {
  /** Indices into the regions, left to right. */
  regions: number[];
  /** The regions' texts joined by a space, upper case, whitespace collapsed. */
  text: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Upper case, runs of whitespace as one space, trimmed. */
export function cleanText(text: string): string {
  return text.toUpperCase().replace(/\s+/g, ' ').trim();
}

/** The regions grouped into printed lines, top to bottom; regions with no text are left out. */
export function receiptLines(regions: readonly ReceiptRegion[]): ReceiptLine[] {
  const withText = regions
    .map((region, index) => ({ region, index }))
    .filter(({ region }) => cleanText(region.text) !== '');
  const grouped = readingOrderLines(withText.map(({ region }) => region.imagePolygon));
  return grouped.map((members) => {
    const indices = members.map((member) => withText[member]!.index);
    const bounds = indices.map((index) => polygonBounds(regions[index]!.imagePolygon));
    return {
      regions: indices,
      text: indices.map((index) => cleanText(regions[index]!.text)).join(' '),
      top: Math.min(...bounds.map((b) => b.minY)),
      bottom: Math.max(...bounds.map((b) => b.maxY)),
      left: Math.min(...bounds.map((b) => b.minX)),
      right: Math.max(...bounds.map((b) => b.maxX)),
    };
  });
}

/** Mean recognition confidence of `indices` (1 where text came without a score). */
export function meanTextScore(
  regions: readonly ReceiptRegion[],
  indices: readonly number[],
): number {
  if (indices.length === 0) return 0;
  const sum = indices.reduce((acc, index) => acc + (regions[index]!.textScore ?? 1), 0);
  return sum / indices.length;
}
