/**
 * The receipts CSV: one row per read receipt, `filename,company,date,date_printed,address,total,
 * currency`, the date as a calendar day (`yyyy-mm-dd`) beside its printed form. Cells a
 * spreadsheet would run as a formula are neutralised as in the competition CSV.
 */
import { quoteField } from '../../export/pipeline/csv.js';
import type { ReceiptRecord } from './receipt-record.js';

const HEADER = [
  'filename',
  'company',
  'date',
  'date_printed',
  'address',
  'total',
  'currency',
] as const;

/** One receipt: the image's file name and its fields. */
export interface ReceiptRow {
  fileName: string;
  receipt: ReceiptRecord;
}

/**
 * Writes the receipts CSV, one row per receipt in the order given; a field not found is an empty
 * cell, a date that names no calendar day leaves `date` empty and keeps `date_printed`. Lines end
 * with `\n`.
 */
export function toReceiptsCsv(rows: readonly ReceiptRow[]): string {
  const lines = [HEADER.join(',')];
  for (const { fileName, receipt } of rows) {
    lines.push(
      [
        fileName,
        receipt.company ?? '',
        receipt.dateIso ?? '',
        receipt.date ?? '',
        receipt.address ?? '',
        receipt.total ?? '',
        receipt.currency ?? '',
      ]
        .map(quoteField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
