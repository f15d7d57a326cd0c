/**
 * The receipt-field part of `npm run eval`: extracts company, date, address and total with the
 * app's extractor, writes `{"<image>": {company, date, address, total}}`, scores against the
 * folder's `keys/` with the app's scorer and prints the scores (last line: JSON).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Polygon } from '../../src/core/geometry/types.js';
import {
  extractReceiptFields,
  type ReceiptRegion,
} from '../../src/features/receipt/pipeline/extract.js';
import {
  RECEIPT_FIELD_NAMES,
  type ReceiptKeys,
} from '../../src/features/receipt/pipeline/fields.js';
import { type ReceiptScores, scoreReceipts } from '../../src/features/receipt/pipeline/score.js';
import { readReceiptKeys, readReceiptLines } from './receipt-folder.js';
import { formatTable, round } from './stats.js';

/** Each receipt's fields as plain strings (the printed value; empty when not found). */
export function fieldsOf(receipts: Readonly<Record<string, readonly ReceiptRegion[]>>) {
  const fields: Record<string, Required<ReceiptKeys>> = {};
  for (const [name, regions] of Object.entries(receipts)) {
    const found = extractReceiptFields(regions);
    fields[name] = {
      company: found.company?.value ?? '',
      date: found.date?.value ?? '',
      address: found.address?.value ?? '',
      total: found.total?.value ?? '',
    };
  }
  return fields;
}

function roundScores(scores: ReceiptScores) {
  return Object.fromEntries(
    Object.entries(scores).map(([field, score]) => [
      field,
      {
        precision: round(score.precision, 4),
        recall: round(score.recall, 4),
        f1: round(score.f1, 4),
        correct: score.correct,
        predicted: score.predicted,
        truth: score.truth,
      },
    ]),
  );
}

/**
 * Writes `fields` to `out`, scores them against `<folder>/keys/` when there are keys, and prints
 * a table and, as the last line, `{"fields": {<field>: {precision, recall, f1, …}, micro}, …}`.
 */
export function reportFields(
  folder: string,
  fields: Record<string, Required<ReceiptKeys>>,
  out: string,
  source: 'ground-truth lines' | 'detected and read',
): void {
  const path = resolve(out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(fields, null, 1)}\n`);
  const keys = readReceiptKeys(folder);
  const scored = Object.fromEntries(Object.entries(keys).filter(([name]) => name in fields));
  const missing = Object.keys(keys).filter((name) => !(name in fields));
  console.log(`\nreceipt fields from ${source}: ${Object.keys(fields).length} receipts → ${path}`);
  if (missing.length > 0) console.log(`keys without a receipt (not scored): ${missing.join(', ')}`);
  if (Object.keys(scored).length === 0) {
    console.log('no keys/ to score against');
    console.log(JSON.stringify({ fields: null, receipts: Object.keys(fields).length, out: path }));
    return;
  }
  const scores = scoreReceipts(fields, scored);
  console.log(
    formatTable(
      ['field', 'P', 'R', 'F1', 'correct / predicted / truth'],
      [...RECEIPT_FIELD_NAMES, 'micro' as const].map((field) => [
        field,
        scores[field].precision.toFixed(3),
        scores[field].recall.toFixed(3),
        scores[field].f1.toFixed(3),
        `${scores[field].correct} / ${scores[field].predicted} / ${scores[field].truth}`,
      ]),
    ),
  );
  console.log(
    JSON.stringify({
      fields: roundScores(scores),
      receipts: Object.keys(scored).length,
      source,
      out: path,
    }),
  );
}

/** `--fields-from-lines <folder>`: the extractor alone on `<folder>/lines/*.json`, no browser. */
export function evaluateFieldsFromLines(folder: string, out: string): void {
  const receipts = readReceiptLines(folder);
  const start = performance.now();
  const fields = fieldsOf(receipts);
  const perReceiptMs = (performance.now() - start) / Math.max(1, Object.keys(receipts).length);
  // On the main thread of the app the same work runs once per result; this is its cost.
  console.log(`extraction: ${round(perReceiptMs, 2)} ms per receipt (Node, one pass, not warmed)`);
  reportFields(folder, fields, out, 'ground-truth lines');
}

/** `--fields`: the receipt fields of every image from the regions the app read in it. */
export function reportFieldsFromReads(
  folder: string,
  reads: Readonly<Record<string, readonly { polygon: Polygon; text: string; score: number }[]>>,
  out: string,
): void {
  const receipts: Record<string, ReceiptRegion[]> = {};
  for (const [name, regions] of Object.entries(reads)) {
    receipts[name] = regions.map((region) => ({
      imagePolygon: region.polygon,
      text: region.text,
      textScore: region.score,
    }));
  }
  reportFields(folder, fieldsOf(receipts), out, 'detected and read');
}
