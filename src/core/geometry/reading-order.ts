/**
 * Reading order of text regions on a page: lines top to bottom, regions left to right within a
 * line. Regions share a line when they overlap vertically by at least half the shorter one's height.
 */
import { polygonBounds } from './polygon.js';
import type { Polygon } from './types.js';

/** Vertical overlap, as a share of the shorter height, above which two regions sit on one line. */
export const SAME_LINE_OVERLAP = 0.5;

interface Band {
  top: number;
  bottom: number;
  left: number;
  index: number;
}

/**
 * Groups regions (polygons in one coordinate space, y down) into lines in reading order; returns
 * each line as indices into `polygons`, left to right. Every index appears exactly once.
 */
export function readingOrderLines(polygons: readonly Polygon[]): number[][] {
  const bands: Band[] = polygons.map((polygon, index) => {
    const { minX, minY, maxY } = polygonBounds(polygon);
    return { top: minY, bottom: maxY, left: minX, index };
  });
  bands.sort((a, b) => a.top + a.bottom - (b.top + b.bottom) || a.left - b.left);
  const lines: { top: number; bottom: number; members: Band[] }[] = [];
  for (const band of bands) {
    // Only the last few lines can still overlap a band that starts lower down the page.
    let joined = false;
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
      const line = lines[i]!;
      const overlap = Math.min(line.bottom, band.bottom) - Math.max(line.top, band.top);
      const shorter = Math.min(line.bottom - line.top, band.bottom - band.top);
      if (shorter > 0 && overlap >= SAME_LINE_OVERLAP * shorter) {
        line.members.push(band);
        joined = true;
        break;
      }
    }
    if (!joined) lines.push({ top: band.top, bottom: band.bottom, members: [band] });
  }
  return lines.map((line) =>
    line.members.sort((a, b) => a.left - b.left || a.index - b.index).map((band) => band.index),
  );
}

/**
 * Joins region texts in reading order: regions of a line with a space, lines with `\n`.
 * Empty texts are left out. `texts[i]` belongs to `polygons[i]`.
 */
export function textInReadingOrder(polygons: readonly Polygon[], texts: readonly string[]): string {
  if (texts.length !== polygons.length) {
    throw new RangeError(`${texts.length} texts for ${polygons.length} regions`);
  }
  return readingOrderLines(polygons)
    .map((line) =>
      line
        .map((index) => texts[index]!)
        .filter((text) => text !== '')
        .join(' '),
    )
    .filter((line) => line !== '')
    .join('\n');
}
