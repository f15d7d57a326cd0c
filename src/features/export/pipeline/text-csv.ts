/**
 * The text CSV: one row per recognised region, `filename,polygon,text,reading_score`, polygons in
 * original-image pixels. Cells a spreadsheet would run as a formula are neutralised.
 */
import type { Polygon } from '../../../core/geometry/types.js';
import { formatPolygon, quoteField } from './csv.js';

/** One recognised region of an image. */
export interface TextRegion {
  /** The region in original-image pixels. */
  imagePolygon: Polygon;
  /** The text read in it (may be empty). */
  text: string;
  /** Recognition confidence (0–1). */
  confidence: number;
}

/** One image's regions, in the order they should be written (reading order, usually). */
export interface TextCsvImage {
  /** The image's file name as uploaded. */
  fileName: string;
  /** Its recognised regions. */
  regions: TextRegion[];
}

const HEADER = ['filename', 'polygon', 'text', 'reading_score'] as const;
/** Decimal places of a written confidence. */
const CONFIDENCE_DECIMALS = 3;
// The competition CSV's quoting, which also neutralises cells a spreadsheet would run as formulas.
const cell = quoteField;

/**
 * Writes the text CSV: header `filename,polygon,text,reading_score`, one row per region, the polygon
 * as space-separated rounded pixel coordinates, confidence to 3 decimals. Lines end with `\n`.
 * An image without regions writes no rows.
 */
export function toTextCsv(images: readonly TextCsvImage[]): string {
  const lines = [HEADER.join(',')];
  for (const image of images) {
    for (const region of image.regions) {
      lines.push(
        [
          cell(image.fileName),
          cell(formatPolygon(region.imagePolygon)),
          cell(region.text),
          region.confidence.toFixed(CONFIDENCE_DECIMALS),
        ].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
