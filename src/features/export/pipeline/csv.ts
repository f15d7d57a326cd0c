/**
 * The competition CSV: one row per image, `filename,polygons[,confidence]`, polygons in
 * original-image pixels as rounded integers. Quoting follows RFC 4180.
 */
import type { Point, Polygon } from '../../../core/geometry/types.js';
import type { Detection } from '../../detection/pipeline/detection.js';

/** One image's row: its file name and detections in original-image pixels (empty when it failed). */
export interface ExportRow {
  /** The image's file name as uploaded, e.g. `receipt 01.jpg`. */
  fileName: string;
  /** Detected regions; empty for an image that failed or has no text. */
  detections: Detection[];
}

/** One row read back from a competition CSV. */
export interface CompetitionCsvRow {
  /** The image's file name. */
  fileName: string;
  /** Polygons in original-image pixels (integers as written). */
  imagePolygons: Polygon[];
  /** Per-polygon scores (0–1), or `null` when the file has no confidence column. */
  scores: number[] | null;
}

const HEADER = ['filename', 'polygons'] as const;
const CONFIDENCE_HEADER = 'confidence';
const POLYGON_SEPARATOR = '|';
/** Decimal places of a written confidence score. */
const SCORE_DECIMALS = 3;

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets: a file
// named "=HYPERLINK(…).jpg" would run as one. OWASP's advice: prefix a single quote.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED_FORMULA = /^'[=+\-@\t\r]/;

/** Quotes a field per RFC 4180, with a leading `'` when a spreadsheet would read it as a formula. */
export function quoteField(text: string): string {
  const field = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A polygon as space-separated rounded pixel coordinates: `x1 y1 x2 y2 …`. */
export function formatPolygon(imagePolygon: Polygon): string {
  return imagePolygon.flatMap(([x, y]) => [Math.round(x), Math.round(y)]).join(' ');
}

/**
 * Writes the competition CSV: header `filename,polygons` (plus `,confidence` when asked),
 * each polygon as space-separated rounded pixel coordinates, polygons joined with `|`,
 * scores joined with `|` to 3 decimals. Lines end with `\n`. A file name a spreadsheet would
 * run as a formula (starting with =, +, -, @) gets a leading `'`; reading back removes it.
 */
export function toCompetitionCsv(rows: ExportRow[], options?: { confidence?: boolean }): string {
  const withConfidence = options?.confidence ?? false;
  const header = withConfidence ? [...HEADER, CONFIDENCE_HEADER] : [...HEADER];
  const lines = [header.join(',')];
  for (const row of rows) {
    const fields = [
      quoteField(row.fileName),
      row.detections.map((d) => formatPolygon(d.imagePolygon)).join(POLYGON_SEPARATOR),
    ];
    if (withConfidence) {
      fields.push(
        row.detections.map((d) => d.score.toFixed(SCORE_DECIMALS)).join(POLYGON_SEPARATOR),
      );
    }
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Splits CSV text into records of fields per RFC 4180 (quoted fields, `""` escapes, CRLF or LF). */
function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldWasQuoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (inQuotes) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        inQuotes = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '' && !fieldWasQuoted) {
      inQuotes = true;
      fieldWasQuoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
      fieldWasQuoted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldWasQuoted = false;
    } else if (fieldWasQuoted) {
      throw new SyntaxError(`CSV record ${records.length + 1}: text after a closing quote`);
    } else {
      field += char;
    }
  }
  if (inQuotes) throw new SyntaxError('CSV ends inside a quoted field');
  if (field !== '' || fieldWasQuoted || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function parseNumbers(text: string, recordNumber: number): number[] {
  const numbers = text.trim() === '' ? [] : text.trim().split(/\s+/).map(Number);
  if (numbers.length === 0 || numbers.some((n) => !Number.isFinite(n))) {
    throw new SyntaxError(`CSV record ${recordNumber}: "${text}" is not a list of numbers`);
  }
  return numbers;
}

function parsePolygon(text: string, recordNumber: number): Polygon {
  const coordinates = parseNumbers(text, recordNumber);
  if (coordinates.length < 6 || coordinates.length % 2 !== 0) {
    throw new SyntaxError(
      `CSV record ${recordNumber}: a polygon needs an even count ≥ 6 of numbers`,
    );
  }
  const polygon: Point[] = [];
  for (let i = 0; i < coordinates.length; i += 2) {
    polygon.push([coordinates[i]!, coordinates[i + 1]!]);
  }
  return polygon;
}

function parseScores(text: string, recordNumber: number): number[] {
  if (text.trim() === '') return [];
  return text.split(POLYGON_SEPARATOR).map((scoreText) => {
    const numbers = parseNumbers(scoreText, recordNumber);
    if (numbers.length !== 1) {
      throw new SyntaxError(`CSV record ${recordNumber}: "${scoreText}" is not one score`);
    }
    return numbers[0]!;
  });
}

/**
 * Reads a competition CSV back (as written by {@link toCompetitionCsv}): polygons in
 * original-image pixels, scores when a `confidence` column exists. Throws `SyntaxError` on bad input.
 */
export function parseCompetitionCsv(text: string): CompetitionCsvRow[] {
  const [header, ...records] = parseRecords(text).filter(
    (record) => !(record.length === 1 && record[0] === ''),
  );
  const withConfidence = header?.length === 3 && header[2] === CONFIDENCE_HEADER;
  if (
    !header ||
    header[0] !== HEADER[0] ||
    header[1] !== HEADER[1] ||
    (header.length !== 2 && !withConfidence)
  ) {
    throw new SyntaxError(`CSV header must be "filename,polygons" with an optional ",confidence"`);
  }
  return records.map((record, index) => {
    const recordNumber = index + 2;
    if (record.length !== header.length) {
      throw new SyntaxError(
        `CSV record ${recordNumber}: ${record.length} fields, expected ${header.length}`,
      );
    }
    const [cell, polygonsField, scoresField] = record as [string, string, string?];
    const fileName = NEUTRALISED_FORMULA.test(cell) ? cell.slice(1) : cell;
    const imagePolygons =
      polygonsField.trim() === ''
        ? []
        : polygonsField.split(POLYGON_SEPARATOR).map((p) => parsePolygon(p, recordNumber));
    const scores = withConfidence ? parseScores(scoresField ?? '', recordNumber) : null;
    if (scores && scores.length !== imagePolygons.length) {
      throw new SyntaxError(
        `CSV record ${recordNumber}: ${scores.length} scores for ${imagePolygons.length} polygons`,
      );
    }
    return { fileName, imagePolygons, scores };
  });
}
