/**
 * Scoring receipt fields against SROIE task 3 keys, as `../shared/eval/README.md` defines it:
 * per field, upper case without whitespace; dates as calendar days; totals to the cent; precision,
 * recall and F1 per field and micro over the four.
 */
import {
  normalizeFieldText,
  parseAmountCents,
  parseDate,
  RECEIPT_FIELD_NAMES,
  type ReceiptFieldName,
  type ReceiptKeys,
} from './fields.js';

/** Whether a predicted field value equals the truth under the field's comparison. */
export function fieldMatches(field: ReceiptFieldName, predicted: string, truth: string): boolean {
  if (field === 'total') {
    const predictedCents = parseAmountCents(predicted);
    const truthCents = parseAmountCents(truth);
    if (predictedCents !== null && truthCents !== null) return predictedCents === truthCents;
  }
  if (field === 'date') {
    const predictedDay = parseDate(predicted);
    const truthDay = parseDate(truth);
    if (predictedDay !== null && truthDay !== null) return predictedDay === truthDay;
  }
  return normalizeFieldText(predicted) === normalizeFieldText(truth);
}

/** Counts and rates of one field (or of all four pooled). */
export interface FieldScore {
  /** Receipts with a non-empty prediction. */
  predicted: number;
  /** Receipts with a non-empty truth. */
  truth: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Scores per field and micro over the four fields. */
export type ReceiptScores = Record<ReceiptFieldName | 'micro', FieldScore>;

function rates(predicted: number, truth: number, correct: number): FieldScore {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = truth === 0 ? 0 : correct / truth;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { predicted, truth, correct, precision, recall, f1 };
}

const present = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

/**
 * Scores `predictions` against `truths` (both keyed by receipt, e.g. `sroie_019.jpg`). Only
 * receipts with a truth count; a missing or empty field is not predicted.
 */
export function scoreReceipts(
  predictions: Readonly<Record<string, ReceiptKeys>>,
  truths: Readonly<Record<string, ReceiptKeys>>,
): ReceiptScores {
  const counts = Object.fromEntries(
    RECEIPT_FIELD_NAMES.map((field) => [field, { predicted: 0, truth: 0, correct: 0 }]),
  ) as Record<ReceiptFieldName, { predicted: number; truth: number; correct: number }>;
  for (const [receipt, truth] of Object.entries(truths)) {
    const prediction = predictions[receipt] ?? {};
    for (const field of RECEIPT_FIELD_NAMES) {
      const count = counts[field];
      const predicted = prediction[field];
      const expected = truth[field];
      if (present(predicted)) count.predicted++;
      if (present(expected)) count.truth++;
      if (present(predicted) && present(expected) && fieldMatches(field, predicted, expected)) {
        count.correct++;
      }
    }
  }
  const total = { predicted: 0, truth: 0, correct: 0 };
  const scores = {} as ReceiptScores;
  for (const field of RECEIPT_FIELD_NAMES) {
    const { predicted, truth, correct } = counts[field];
    scores[field] = rates(predicted, truth, correct);
    total.predicted += predicted;
    total.truth += truth;
    total.correct += correct;
  }
  scores.micro = rates(total.predicted, total.truth, total.correct);
  return scores;
}
