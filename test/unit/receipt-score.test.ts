import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readReceiptKeys, readReceiptLines } from '../../scripts/lib/receipt-folder.js';
import {
  parseAmountCents,
  parseDate,
  type ReceiptKeys,
} from '../../src/features/receipt/pipeline/fields.js';
import { fieldMatches, scoreReceipts } from '../../src/features/receipt/pipeline/score.js';

describe('parseDate', () => {
  it.each([
    ['25/12/2018', '2018-12-25'],
    ['21-03-18', '2018-03-21'],
    ['14/MAY/2017', '2017-05-14'],
    ['05 JAN 2017', '2017-01-05'],
    ['18-NOV-2017', '2017-11-18'],
    ['2018-03-23', '2018-03-23'],
    ['OCT 9, 2017', '2017-10-09'],
    ['25032018', '2018-03-25'],
    ['(06/12/2016)', '2016-12-06'],
  ])('reads %s as %s (day first, two-digit years as 20yy)', (printed, iso) => {
    expect(parseDate(printed)).toBe(iso);
  });

  it('gives null for what is not a calendar day', () => {
    expect(parseDate('31/02/2018')).toBeNull();
    expect(parseDate('03-3362 4395')).toBeNull();
    expect(parseDate('12:30:01')).toBeNull();
  });
});

describe('parseAmountCents', () => {
  it('drops currency and thousands separators and counts cents', () => {
    expect(parseAmountCents('RM 1,234.50')).toBe(123450);
    expect(parseAmountCents('$9.20')).toBe(920);
    expect(parseAmountCents('43.7')).toBe(4370);
    expect(parseAmountCents('TOTAL')).toBeNull();
  });
});

describe('fieldMatches', () => {
  it('compares company and address upper case without whitespace or trailing punctuation', () => {
    expect(
      fieldMatches('company', 'Book Ta .K (Taman Daya) Sdn Bhd', 'BOOK TA .K(TAMAN DAYA) SDN BHD.'),
    ).toBe(true);
    expect(fieldMatches('address', 'NO. 1 JALAN', 'NO,1 JALAN')).toBe(false);
  });

  it('compares dates as calendar days and totals to the cent', () => {
    expect(fieldMatches('date', '25-12-18', '25/12/2018')).toBe(true);
    expect(fieldMatches('date', '25-12-18', '26/12/2018')).toBe(false);
    expect(fieldMatches('total', '9.2', 'RM9.20')).toBe(true);
    expect(fieldMatches('total', '9.21', 'RM9.20')).toBe(false);
  });
});

describe('scoreReceipts', () => {
  const truths: Record<string, ReceiptKeys> = {
    'a.jpg': { company: 'A SDN BHD', date: '01/02/2018', address: 'X', total: '1.00' },
    'b.jpg': { company: 'B', date: '02/02/2018', address: '', total: '2.00' },
  };

  it('counts a missing or empty field as not predicted and an empty truth as no truth', () => {
    const scores = scoreReceipts(
      {
        'a.jpg': { company: 'a sdn bhd', date: '1 FEB 2018', total: '' },
        'b.jpg': { address: 'Y' },
      },
      truths,
    );
    expect(scores.company).toMatchObject({
      predicted: 1,
      truth: 2,
      correct: 1,
      precision: 1,
      recall: 0.5,
    });
    expect(scores.address).toMatchObject({ predicted: 1, truth: 1, correct: 0 });
    expect(scores.total).toMatchObject({ predicted: 0, truth: 2, correct: 0, f1: 0 });
    expect(scores.micro).toMatchObject({ predicted: 3, truth: 7, correct: 2 });
    expect(scores.micro.f1).toBeCloseTo((2 * 2) / (3 + 7), 10);
  });
});

/** The shared receipt lines, beside the repository (`../shared`); these tests skip without it. */
const receiptLinesFolder = fileURLToPath(
  new URL('../../../shared/eval/receipt-lines', import.meta.url),
);

/** The README's naive baseline: first line, first date, lines 2–4, last amount on a TOTAL line. */
function naiveBaseline(lines: string[]): ReceiptKeys {
  const dateShape = /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}[ -/]?[A-Z]{3}[ -/]?\d{2,4}\b/i;
  const date = lines.map((line) => dateShape.exec(line)?.[0]).find(Boolean) ?? '';
  let total = '';
  for (const line of lines.filter((text) => /TOTAL/i.test(text))) {
    total = line.match(/\d+\.\d{2}/g)?.at(-1) ?? total;
  }
  return { company: lines[0], date, address: lines.slice(1, 4).join(' '), total };
}

describe.skipIf(!existsSync(receiptLinesFolder))(
  'known answers of ../shared/eval/README.md',
  () => {
    const truths = existsSync(receiptLinesFolder) ? readReceiptKeys(receiptLinesFolder) : {};
    const receipts = existsSync(receiptLinesFolder) ? readReceiptLines(receiptLinesFolder) : {};

    it('scores the keys themselves 1 / 1 / 1', () => {
      const scores = scoreReceipts(truths, truths);
      expect(scores.micro).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    });

    it('scores the naive baseline at micro F1 ≈ 0.47 (date 0.97, company 0.53, address 0.11, total 0.13)', () => {
      const predictions = Object.fromEntries(
        Object.entries(receipts).map(([name, regions]) => [
          name,
          naiveBaseline(regions.map((region) => region.text)),
        ]),
      );
      const scores = scoreReceipts(predictions, truths);
      expect(scores.micro.f1).toBeCloseTo(0.47, 1);
      expect(scores.date.f1).toBeCloseTo(0.97, 1);
      expect(scores.company.f1).toBeCloseTo(0.53, 1);
      expect(scores.address.f1).toBeCloseTo(0.11, 1);
      expect(scores.total.f1).toBeCloseTo(0.13, 1);
    });
  },
);
