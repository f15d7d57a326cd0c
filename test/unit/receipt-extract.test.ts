import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readReceiptKeys, readReceiptLines } from '../../scripts/lib/receipt-folder.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import {
  extractReceiptFields,
  type ReceiptRegion,
} from '../../src/features/receipt/pipeline/extract.js';
import { RECEIPT_FIELD_NAMES } from '../../src/features/receipt/pipeline/fields.js';
import { fieldMatches } from '../../src/features/receipt/pipeline/score.js';

/** Four SROIE receipts' ground-truth lines and keys (see test/fixtures/README.md). */
const fixtures = fileURLToPath(new URL('../fixtures/receipt-lines', import.meta.url));

function box(x: number, y: number, width: number, height = 20): Polygon {
  return [
    [x, y],
    [x + width, y],
    [x + width, y + height],
    [x, y + height],
  ];
}

/** Regions from `[x, y, text]`, 10 px per character. */
function regionsOf(rows: [number, number, string][]): ReceiptRegion[] {
  return rows.map(([x, y, text]) => ({ imagePolygon: box(x, y, text.length * 10), text }));
}

describe('extractReceiptFields on SROIE receipts', () => {
  const keys = readReceiptKeys(fixtures);
  const receipts = readReceiptLines(fixtures);

  it.each(Object.keys(keys))('finds the four fields of %s as its keys give them', (name) => {
    const found = extractReceiptFields(receipts[name]!);
    for (const field of RECEIPT_FIELD_NAMES) {
      expect(found[field]?.value, field).toBeDefined();
      expect(fieldMatches(field, found[field]!.value, keys[name]![field]!), field).toBe(true);
    }
  });

  it('names the regions each field came from', () => {
    const regions = receipts['sroie_089.jpg']!;
    const found = extractReceiptFields(regions);
    expect(found.company!.regions.map((index) => regions[index]!.text)).toEqual([
      'FY EAGLE ENTERPRISE',
    ]);
    expect(found.date!.regions.map((index) => regions[index]!.text).join(' ')).toContain(
      '04/12/2017',
    );
    expect(found.total!.regions.map((index) => regions[index]!.text).join(' ')).toContain('7.00');
  });
});

describe('extractReceiptFields rules', () => {
  it('takes the company from the head, the address under it down to the TEL line', () => {
    const found = extractReceiptFields(
      regionsOf([
        [10, 0, 'ACME TRADING SDN BHD'],
        [10, 30, '(123456-X)'],
        [10, 60, 'NO. 5, JALAN MAJU,'],
        [10, 90, '43300 SERI KEMBANGAN, SELANGOR'],
        [10, 120, 'TEL: 03-1234 5678'],
      ]),
    );
    expect(found.company?.value).toBe('ACME TRADING SDN BHD');
    expect(found.address?.value).toBe('NO. 5, JALAN MAJU, 43300 SERI KEMBANGAN, SELANGOR');
    expect(found.address?.regions).toEqual([2, 3]);
  });

  it('prefers the rounded total over the total, subtotal, cash and change', () => {
    const found = extractReceiptFields(
      regionsOf([
        [10, 0, 'SHOP'],
        [10, 100, 'SUBTOTAL'],
        [300, 100, '21.30'],
        [10, 130, 'TOTAL (INCLUSIVE OF GST)'],
        [300, 130, '23.26'],
        [10, 160, 'ROUNDING ADJ'],
        [300, 160, '-0.01'],
        [10, 190, 'ROUNDED TOTAL'],
        [300, 190, 'RM 23.25'],
        [10, 220, 'CASH'],
        [300, 220, '50.00'],
        [10, 250, 'CHANGE'],
        [300, 250, '26.75'],
      ]),
    );
    expect(found.total).toMatchObject({ value: '23.25', currency: 'RM', regions: [7, 8] });
  });

  it('takes the amount printed under a TOTAL label when none is beside it', () => {
    const found = extractReceiptFields(
      regionsOf([
        [10, 0, 'SHOP'],
        [200, 100, 'TOTAL'],
        [200, 130, '12.50'],
      ]),
    );
    expect(found.total?.value).toBe('12.50');
  });

  it('takes the date beside a DATE label before an earlier one, as a calendar day', () => {
    const found = extractReceiptFields(
      regionsOf([
        [10, 0, 'SHOP'],
        [10, 30, 'VALID UNTIL 31/12/2019'],
        [10, 60, 'DATE: 14 MAY 2017 10:22'],
      ]),
    );
    expect(found.date).toMatchObject({ value: '14 MAY 2017', iso: '2017-05-14', regions: [2] });
  });

  it('reads what the recognizer glues together: a time after the year, a dot after RM', () => {
    const found = extractReceiptFields(
      regionsOf([
        [10, 0, 'Shop'],
        [10, 30, '18/03/1815:17 0605102'],
        [10, 60, 'TOTAL'],
        [300, 60, '<RM.34.80'],
      ]),
    );
    expect(found.date).toMatchObject({ value: '18/03/18', iso: '2018-03-18' });
    expect(found.total).toMatchObject({ value: '34.80', currency: 'RM' });
    expect(extractReceiptFields(regionsOf([[10, 0, '21/09/201710:20:37AM']])).date?.iso).toBe(
      '2017-09-21',
    );
  });

  it('undoes O/0 mix-ups in the address where the word says which it is', () => {
    const found = extractReceiptFields(
      regionsOf([
        [10, 0, 'ACME SDN BHD'],
        [10, 30, 'L0T 5, JALAN MAJU,'],
        [10, 60, '433OO SERI KEMBANGAN'],
        [10, 90, 'TEL: 03-1234 5678'],
      ]),
    );
    expect(found.address?.value).toBe('LOT 5, JALAN MAJU, 43300 SERI KEMBANGAN');
    const glued = extractReceiptFields(
      regionsOf([
        [10, 0, 'ACME SDN BHD'],
        [10, 30, 'L0T1851-A,JALANKPB6,'],
        [10, 60, '433O0 SERI KEMBANGAN'],
        [10, 90, 'MOBILE/WHATSAPPS: +6012-918 7937'],
      ]),
    );
    expect(glued.address?.value).toBe('LOT1851-A,JALANKPB6, 43300 SERI KEMBANGAN');
  });

  it('finds nothing on an empty receipt', () => {
    expect(extractReceiptFields([])).toEqual({
      company: null,
      date: null,
      address: null,
      total: null,
    });
  });
});
