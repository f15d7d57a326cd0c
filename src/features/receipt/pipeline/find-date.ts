/**
 * The receipt's date: every date-shaped token in every printed form, the one beside a DATE label
 * first, else the first one on the page.
 */
import { type FoundField, parseDate } from './fields.js';
import { meanTextScore, type ReceiptLine, type ReceiptRegion } from './receipt-lines.js';

const MONTH = '(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]{0,6}\\.?';
/**
 * A year: four digits from 1900 to 2099 or two, then not a digit, unless a time follows with no
 * space (the recognizer often drops it: "21/09/201710:20:37AM", "18/03/1815:17").
 */
const YEAR = String.raw`(?:(?:19|20)\d{2}|\d{2})(?=\D|$|\d{1,2}:\d{2})`;
/** Date shapes, each tried on one region's text (upper case). */
const DATE_PATTERNS = [
  new RegExp(String.raw`(?<!\d)\d{1,2}([-/.])\d{1,2}\1${YEAR}`, 'g'),
  /(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/g,
  new RegExp(String.raw`(?<!\d)\d{1,2}[ \-/]*${MONTH}[ \-/,]*${YEAR}`, 'g'),
  new RegExp(`(?<![A-Z])${MONTH} ?\\d{1,2},? ?\\d{4}(?!\\d)`, 'g'),
];
/** Eight digits ddmmyyyy, taken only beside a DATE label. */
const COMPACT_DATE = /(?<!\d)\d{8}(?!\d)/g;
const DATE_LABEL = /\bDATE\b|\bTARIKH\b|\bDT\b/;
/** Dates that are not the receipt's own: expiry, validity, due dates. */
const OTHER_DATE_LABEL = /\bEXP|\bVALID|\bDUE\b|\bBEFORE\b|\bUNTIL\b|\bPRINTED\b/;

/** Confidence of a date found beside a DATE label, and of one found without. */
const LABELLED_DATE_CONFIDENCE = 0.95;
const UNLABELLED_DATE_CONFIDENCE = 0.8;

/** Whether `text` holds a date in any printed form. */
export function hasDate(text: string): boolean {
  const upper = text.toUpperCase();
  return DATE_PATTERNS.some((pattern) =>
    [...upper.matchAll(pattern)].some((match) => parseDate(match[0]) !== null),
  );
}

/** The receipt's date as printed, with its calendar day (`yyyy-mm-dd`), or null. */
export function findDate(
  lines: readonly ReceiptLine[],
  regions: readonly ReceiptRegion[],
): (FoundField & { iso: string }) | null {
  let best: (FoundField & { iso: string }) | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const [lineIndex, line] of lines.entries()) {
    const labelled = DATE_LABEL.test(line.text);
    const other = OTHER_DATE_LABEL.test(line.text);
    // Labelled dates first, other dates last, then the earliest on the page.
    const rank = (labelled ? 0 : 1e4) + (other ? 2e4 : 0) + lineIndex;
    if (rank >= bestRank) continue;
    const patterns = labelled ? [...DATE_PATTERNS, COMPACT_DATE] : DATE_PATTERNS;
    for (const regionIndex of line.regions) {
      const text = regions[regionIndex]!.text.toUpperCase();
      for (const match of patterns.flatMap((pattern) => [...text.matchAll(pattern)])) {
        const iso = parseDate(match[0]);
        if (!iso || rank >= bestRank) continue;
        const rule = labelled ? LABELLED_DATE_CONFIDENCE : UNLABELLED_DATE_CONFIDENCE;
        bestRank = rank;
        best = {
          value: match[0].trim(),
          iso,
          regions: [regionIndex],
          confidence: rule * meanTextScore(regions, [regionIndex]),
        };
      }
    }
  }
  return best;
}
