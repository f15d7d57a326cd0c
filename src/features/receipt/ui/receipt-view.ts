/**
 * The receipt card as the workbench shows it: the extraction of the result on screen (made on the
 * main thread from its regions' text: it is pure and takes milliseconds, so the worker is not
 * asked) and the edits kept with that result.
 */
import { html, nothing } from 'lit';
import type { BatchItem, ItemResult } from '../../batch/ui/batch-item.js';
import { downloadBlob } from '../../export/ui/png.js';
import { extractReceiptFields, type ReceiptExtraction } from '../pipeline/extract.js';
import type { ReceiptFieldName } from '../pipeline/fields.js';
import { type ReceiptEdits, receiptRecordOf, receiptRegions } from '../pipeline/receipt-record.js';
import { toReceiptsCsv } from '../pipeline/receipts-csv.js';
import type { ReceiptFieldEditedEvent, ReceiptFieldSelectedEvent } from './receipt-card.js';
import './receipt-card.js';

/** Extractions by the detections they came from: the workbench renders far more often than they change. */
const extractions = new WeakMap<readonly unknown[], ReceiptExtraction>();

/** The receipt fields of a result whose regions were read; null without text. */
export function receiptExtraction(result: ItemResult | null | undefined): ReceiptExtraction | null {
  if (!result?.recognizerId || !result.detections.some((d) => d.text)) return null;
  let extraction = extractions.get(result.detections);
  if (!extraction) {
    extraction = extractReceiptFields(receiptRegions(result.detections));
    extractions.set(result.detections, extraction);
  }
  return extraction;
}

/** The regions a picked field came from (indices into the result's detections). */
export function receiptFieldRegions(
  result: ItemResult | null | undefined,
  field: ReceiptFieldName | null,
): number[] {
  if (!field) return [];
  return receiptExtraction(result)?.[field]?.regions ?? [];
}

/** `result` with one field's edit set (`value`) or undone (null). */
export function withReceiptEdit(
  result: ItemResult,
  field: ReceiptFieldName,
  value: string | null,
): ItemResult {
  const edits: ReceiptEdits = { ...result.receiptEdits };
  if (value === null) delete edits[field];
  else edits[field] = value;
  const { receiptEdits: _old, ...rest } = result;
  return Object.keys(edits).length > 0 ? { ...rest, receiptEdits: edits } : rest;
}

/** What the card's events do in the workbench. */
export interface ReceiptCardHandlers {
  selected(field: ReceiptFieldName | null): void;
  edited(item: BatchItem, result: ItemResult): void;
}

/** The "Receipt" card of `item`, or nothing when its result has no text. */
export function renderReceiptCard(
  item: BatchItem | null,
  selectedField: ReceiptFieldName | null,
  handlers: ReceiptCardHandlers,
) {
  const result = item?.result;
  const extraction = receiptExtraction(result);
  if (!item || !result || !extraction) return nothing;
  return html`<receipt-card
    class="card"
    data-testid="receipt-card"
    .extraction=${extraction}
    .edits=${result.receiptEdits ?? {}}
    .selectedField=${selectedField}
    @receipt-field-selected=${(e: ReceiptFieldSelectedEvent) => handlers.selected(e.field)}
    @receipt-field-edited=${(e: ReceiptFieldEditedEvent) =>
      handlers.edited(item, withReceiptEdit(result, e.field, e.value))}
  ></receipt-card>`;
}

/** Saves `textspot-receipts.csv`: one row per item whose regions were read, in list order. */
export function saveReceiptsCsv(items: readonly BatchItem[]): void {
  const rows = items.flatMap((item) => {
    const result = item.result;
    const receipt = result?.recognizerId
      ? receiptRecordOf(result.detections, result.receiptEdits)
      : null;
    return receipt ? [{ fileName: item.file.name, receipt }] : [];
  });
  downloadBlob(new Blob([toReceiptsCsv(rows)], { type: 'text/csv' }), 'textspot-receipts.csv');
}
