/**
 * The four key fields of a receipt (ICDAR 2019 SROIE task 3) and how their printed values read:
 * a printed date as a calendar day, a printed amount in cents.
 */

/** The fields SROIE task 3 names, in the order it lists them. */
export const RECEIPT_FIELD_NAMES = ['company', 'date', 'address', 'total'] as const;

/** One of the four key fields. */
export type ReceiptFieldName = (typeof RECEIPT_FIELD_NAMES)[number];

/** A receipt's key fields as plain strings, as SROIE's keys give them; empty or absent: none. */
export type ReceiptKeys = Partial<Record<ReceiptFieldName, string>>;

/** A field found on the receipt: the value as printed, the regions it came from, a confidence. */
export interface FoundField {
  value: string;
  /** Indices into the receipt's regions. */
  regions: number[];
  /** How sure the rule is (0–1), times the recognizer's confidence in those regions. */
  confidence: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A month name or its first three letters (`MAR`, `MARCH`, `Sept`) as 1–12; else null. */
export function monthNumber(name: string): number | null {
  const upper = name.toUpperCase();
  if (upper.length < 3) return null;
  const index = MONTHS.indexOf(upper.slice(0, 3));
  return index < 0 ? null : index + 1;
}

/** Two-digit years are 20yy (SROIE's receipts are from 2015–2019). */
function fullYear(year: string): number {
  const value = Number(year);
  return year.length <= 2 ? 2000 + value : value;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDay(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2099 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const SEPARATOR = String.raw`\s*[-/.\s,]\s*`;
/** dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy, dd mm yyyy. */
const NUMERIC_DAY_FIRST = new RegExp(
  String.raw`^(\d{1,2})${SEPARATOR}(\d{1,2})${SEPARATOR}(\d{4}|\d{2})$`,
);
/** yyyy-mm-dd, yyyy/mm/dd: a four-digit first part is a year whatever the convention. */
const NUMERIC_YEAR_FIRST = new RegExp(
  String.raw`^(\d{4})${SEPARATOR}(\d{1,2})${SEPARATOR}(\d{1,2})$`,
);
/** dd MMM yyyy, dd-MMM-yy, dd/MMM/yyyy, ddMMMyy. */
const NAMED_DAY_FIRST = new RegExp(
  String.raw`^(\d{1,2})(?:${SEPARATOR})?([A-Z]{3,9})\.?(?:${SEPARATOR})?(\d{4}|\d{2})$`,
  'i',
);
/** MMM dd, yyyy. */
const NAMED_MONTH_FIRST = new RegExp(
  String.raw`^([A-Z]{3,9})\.?${SEPARATOR}(\d{1,2})${SEPARATOR}(\d{4}|\d{2})$`,
  'i',
);
/** ddmmyyyy (no separators, eight digits). */
const COMPACT_DAY_FIRST = /^(\d{2})(\d{2})(\d{4})$/;

/**
 * A printed date read as a calendar day, `yyyy-mm-dd`, or null when it is none. Day first
 * (dd/mm/yyyy, dd-mm-yy, dd MMM yyyy, …), two-digit years as 20yy, month names by their first
 * three letters; a four-digit year first is read year-month-day.
 */
export function parseDate(printed: string): string | null {
  // Brackets around the date (upstream keys have one "(06/12/2016)").
  const text = printed
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .replace(/\s+/g, ' ');
  let match = NUMERIC_DAY_FIRST.exec(text);
  if (match) return isoDay(fullYear(match[3]!), Number(match[2]), Number(match[1]));
  match = NUMERIC_YEAR_FIRST.exec(text);
  if (match) return isoDay(Number(match[1]), Number(match[2]), Number(match[3]));
  match = NAMED_DAY_FIRST.exec(text);
  if (match) {
    const month = monthNumber(match[2]!);
    return month ? isoDay(fullYear(match[3]!), month, Number(match[1])) : null;
  }
  match = NAMED_MONTH_FIRST.exec(text);
  if (match) {
    const month = monthNumber(match[1]!);
    return month ? isoDay(fullYear(match[3]!), month, Number(match[2])) : null;
  }
  match = COMPACT_DAY_FIRST.exec(text);
  if (match) return isoDay(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

/**
 * A printed amount in cents, or null when it is none: currency (`RM`, `MYR`, `$`) and thousands
 * separators dropped (`RM 1,234.50` → 123450).
 */
export function parseAmountCents(printed: string): number | null {
  const text = printed
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^(RM|MYR|\$)|(RM|MYR)$/g, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

/** Company and address as compared: upper case, no whitespace, no trailing `. , ; :`. */
export function normalizeFieldText(value: string): string {
  return value
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/[.,;:]+$/, '');
}
