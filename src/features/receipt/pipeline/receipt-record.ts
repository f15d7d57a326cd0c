/**
 * A read receipt's fields as the app keeps and exports them: what the extractor found, with the
 * person's edits over it. Edits are kept apart (`ReceiptEdits`), so the found value stays known.
 */
import { extractReceiptFields, type ReceiptExtraction, type ReceiptRegion } from './extract.js';
import {
  parseAmountCents,
  parseDate,
  RECEIPT_FIELD_NAMES,
  type ReceiptFieldName,
  type ReceiptKeys,
} from './fields.js';

/** The person's corrections, field by field; a field absent keeps the extracted value. */
export type ReceiptEdits = Partial<Record<ReceiptFieldName, string>>;

/** A receipt's fields with edits applied, as the JSON export writes them. */
export interface ReceiptRecord {
  company: string | null;
  /** The date as printed (or as edited). */
  date: string | null;
  /** The calendar day `date` names, `yyyy-mm-dd`, or null when it names none. */
  dateIso: string | null;
  address: string | null;
  /** The total as printed, without currency. */
  total: string | null;
  /** The total in cents, or null when `total` is not an amount. */
  totalCents: number | null;
  /** The currency printed with the total (`RM`, `$`, …), or null. */
  currency: string | null;
  /** Fields whose value is the person's edit rather than the extractor's. */
  edited: ReceiptFieldName[];
}

/** Regions with text as the extractor reads them: a detection's polygon, text and confidence. */
export function receiptRegions(
  detections: readonly {
    imagePolygon: ReceiptRegion['imagePolygon'];
    text?: string;
    textScore?: number;
  }[],
): ReceiptRegion[] {
  return detections.map((d) => ({
    imagePolygon: d.imagePolygon,
    text: d.text ?? '',
    ...(d.textScore === undefined ? {} : { textScore: d.textScore }),
  }));
}

/** The extraction's value of each field, with `edits` over it (an empty edit clears the field). */
export function fieldValues(extraction: ReceiptExtraction, edits: ReceiptEdits = {}): ReceiptKeys {
  const values: ReceiptKeys = {};
  for (const field of RECEIPT_FIELD_NAMES) {
    const value = edits[field] ?? extraction[field]?.value;
    if (value) values[field] = value;
  }
  return values;
}

/** The record of a receipt from its extraction and the person's edits. */
export function receiptRecord(
  extraction: ReceiptExtraction,
  edits: ReceiptEdits = {},
): ReceiptRecord {
  const values = fieldValues(extraction, edits);
  const edited = RECEIPT_FIELD_NAMES.filter((field) => edits[field] !== undefined);
  const total = values.total ?? null;
  return {
    company: values.company ?? null,
    date: values.date ?? null,
    dateIso: values.date ? parseDate(values.date) : null,
    address: values.address ?? null,
    total,
    totalCents: total === null ? null : parseAmountCents(total),
    currency: edits.total === undefined ? (extraction.total?.currency ?? null) : null,
    edited,
  };
}

/** The receipt record of detections with text and edits; null when no region has text. */
export function receiptRecordOf(
  detections: Parameters<typeof receiptRegions>[0],
  edits?: ReceiptEdits,
): ReceiptRecord | null {
  if (!detections.some((d) => d.text)) return null;
  return receiptRecord(extractReceiptFields(receiptRegions(detections)), edits);
}
