import { describe, expect, it } from 'vitest';
import { type BatchItem, ItemStatus } from '../../src/features/batch/ui/batch-item.js';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import { resultsEntry, toResults } from '../../src/features/export/pipeline/json.js';
import { searchSummaries } from '../../src/features/history/store/history-search.js';
import { summarizeResult } from '../../src/features/history/store/stored-result.js';
import { toItemResult, toStoredResult } from '../../src/features/history/ui/history-records.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { receiptRecordOf } from '../../src/features/receipt/pipeline/receipt-record.js';
import { toReceiptsCsv } from '../../src/features/receipt/pipeline/receipts-csv.js';
import {
  receiptExtraction,
  receiptFieldRegions,
  withReceiptEdit,
} from '../../src/features/receipt/ui/receipt-view.js';

const PARAMS = { ...PPOCR_V4_DET.postprocess };
const TIMINGS = { decodeMs: 1, preprocessMs: 2, inferenceMs: 3, postprocessMs: 4 };

/** A read region at `(x, y)`, 10 px per character, 20 px tall. */
function read(x: number, y: number, text: string): Detection {
  const right = x + text.length * 10;
  return {
    imagePolygon: [
      [x, y],
      [right, y],
      [right, y + 20],
      [x, y + 20],
    ],
    score: 0.9,
    text,
    textScore: 0.95,
  };
}

const RECEIPT: Detection[] = [
  read(10, 0, 'ACME TRADING SDN BHD'),
  read(10, 30, 'NO. 5, JALAN MAJU,'),
  read(10, 60, '43300 SERI KEMBANGAN, SELANGOR'),
  read(10, 90, 'TEL: 03-1234 5678'),
  read(10, 120, 'DATE: 24/03/2018'),
  read(10, 150, 'TOTAL'),
  read(300, 150, 'RM 86.00'),
];

function item(detections: Detection[], receiptEdits?: Record<string, string>): BatchItem {
  return {
    id: 'a',
    file: new File(['x'], '=receipt.jpg'),
    included: true,
    status: ItemStatus.Done,
    error: null,
    errorName: null,
    result: {
      detections,
      imageWidth: 400,
      imageHeight: 200,
      inputWidth: 32,
      inputHeight: 32,
      timings: TIMINGS,
      backend: 'wasm',
      recognizerId: 'rec',
      ...(receiptEdits ? { receiptEdits } : {}),
    },
    modelId: 'ppocr-v4-det',
    params: PARAMS,
    elapsedMs: 1,
  };
}

describe('receipt record', () => {
  it('gives the found fields, the date as a calendar day and the printed currency', () => {
    expect(receiptRecordOf(RECEIPT)).toEqual({
      company: 'ACME TRADING SDN BHD',
      date: '24/03/2018',
      dateIso: '2018-03-24',
      address: 'NO. 5, JALAN MAJU, 43300 SERI KEMBANGAN, SELANGOR',
      total: '86.00',
      totalCents: 8600,
      currency: 'RM',
      edited: [],
    });
  });

  it('puts edits over the found values and names them', () => {
    const record = receiptRecordOf(RECEIPT, { date: '25 MAR 2018', company: 'ACME' });
    expect(record).toMatchObject({
      company: 'ACME',
      date: '25 MAR 2018',
      dateIso: '2018-03-25',
      edited: ['company', 'date'],
    });
  });

  it('is null for regions without text', () => {
    expect(receiptRecordOf([{ ...RECEIPT[0]!, text: undefined }])).toBeNull();
  });
});

describe('receipt edits in the workbench', () => {
  it('are set and undone field by field, leaving no empty edits behind', () => {
    const result = item(RECEIPT).result!;
    const edited = withReceiptEdit(result, 'total', '87.00');
    expect(edited.receiptEdits).toEqual({ total: '87.00' });
    expect('receiptEdits' in withReceiptEdit(edited, 'total', null)).toBe(false);
  });

  it('highlight the regions a picked field came from, and none without text', () => {
    const result = item(RECEIPT).result!;
    expect(receiptFieldRegions(result, 'total')).toEqual([5, 6]);
    expect(receiptFieldRegions(result, null)).toEqual([]);
    expect(receiptExtraction({ ...result, recognizerId: undefined })).toBeNull();
  });

  it('are kept with the stored result and come back with it', () => {
    const thumbnail = { bytes: new ArrayBuffer(3), mimeType: 'image/jpeg', width: 4, height: 2 };
    const stored = toStoredResult(item(RECEIPT, { total: '87.00' }), thumbnail, 'hash', 1)!;
    expect(stored.receiptEdits).toEqual({ total: '87.00' });
    expect(toItemResult(stored).receiptEdits).toEqual({ total: '87.00' });
    expect(summarizeResult(stored).receipt).toEqual({
      company: 'ACME TRADING SDN BHD',
      date: '24/03/2018',
      address: 'NO. 5, JALAN MAJU, 43300 SERI KEMBANGAN, SELANGOR',
      total: '87.00',
    });
  });
});

describe('history search by receipt fields', () => {
  const summaries = [
    {
      id: 'a',
      fileName: 'a.jpg',
      text: 'ACME',
      receipt: { company: 'ACME', date: '24/03/2018', total: '86.00' },
    },
    {
      id: 'b',
      fileName: 'b.jpg',
      text: 'SHOP',
      receipt: { company: 'Corner shop (edited)', total: '9.20' },
    },
    { id: 'c', fileName: 'c.jpg', text: 'no receipt' },
  ];

  it('finds edited field values and the calendar day of the date', () => {
    expect(searchSummaries(summaries, 'corner shop').map((s) => s.id)).toEqual(['b']);
    expect(searchSummaries(summaries, '2018-03-24').map((s) => s.id)).toEqual(['a']);
  });

  it('compares the total for "total > 50"-style queries', () => {
    expect(searchSummaries(summaries, 'total > 50').map((s) => s.id)).toEqual(['a']);
    expect(searchSummaries(summaries, 'total <= 9.20').map((s) => s.id)).toEqual(['b']);
    expect(searchSummaries(summaries, 'TOTAL = RM 86').map((s) => s.id)).toEqual(['a']);
  });
});

describe('receipt exports', () => {
  it('writes the receipt with its edits in the results JSON', () => {
    const { result } = item(RECEIPT, { company: 'ACME' });
    const entry = resultsEntry({ fileName: 'a.jpg', modelId: 'm', params: PARAMS, result });
    expect(toResults([entry]).images[0]!.receipt).toMatchObject({
      company: 'ACME',
      dateIso: '2018-03-24',
      edited: ['company'],
    });
    const noText = resultsEntry({
      fileName: 'b.jpg',
      modelId: 'm',
      params: PARAMS,
      result: { ...result!, detections: [{ ...RECEIPT[0]!, text: undefined }] },
    });
    expect('receipt' in toResults([noText]).images[0]!).toBe(false);
  });

  it('writes one CSV row per receipt, ISO date beside the printed one, formulas neutralised', () => {
    const receipt = receiptRecordOf(RECEIPT, { company: '=HYPERLINK("x")' })!;
    expect(toReceiptsCsv([{ fileName: '=receipt.jpg', receipt }])).toBe(
      'filename,company,date,date_printed,address,total,currency\n' +
        `'=receipt.jpg,"'=HYPERLINK(""x"")",2018-03-24,24/03/2018,"NO. 5, JALAN MAJU, 43300 SERI KEMBANGAN, SELANGOR",86.00,RM\n`,
    );
  });
});
