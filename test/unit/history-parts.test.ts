import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BatchItem, ItemStatus } from '../../src/features/batch/ui/batch-item.js';
import type {
  ResultSummary,
  StoredResult,
} from '../../src/features/history/store/history-store.js';
import { historyCsv, readExportRows } from '../../src/features/history/ui/history-export.js';
import {
  EVICTION_REPORT_MAX_WAIT_MS,
  EVICTION_REPORT_QUIET_MS,
  EvictionReporter,
  evictionMessage,
} from '../../src/features/history/ui/history-notices.js';
import { toItemResult, toStoredResult } from '../../src/features/history/ui/history-records.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';

const PARAMS = { ...PPOCR_V4_DET.postprocess };
const TIMINGS = { decodeMs: 1, preprocessMs: 2, inferenceMs: 3, postprocessMs: 4 };
const BOX = {
  imagePolygon: [
    [1, 2],
    [11, 2],
    [11, 8],
    [1, 8],
  ] as [number, number][],
  score: 0.9,
};

function doneItem(name: string): BatchItem {
  return {
    id: name,
    file: new File(['x'], name),
    included: true,
    status: ItemStatus.Done,
    error: null,
    errorName: null,
    result: {
      detections: [BOX],
      imageWidth: 20,
      imageHeight: 10,
      inputWidth: 32,
      inputHeight: 32,
      timings: TIMINGS,
      backend: 'wasm',
      recognizerId: 'rec',
    },
    modelId: 'ppocr-v4-det',
    params: PARAMS,
    elapsedMs: 12,
  };
}

const THUMBNAIL = { bytes: new ArrayBuffer(3), mimeType: 'image/webp', width: 20, height: 10 };

describe('history records', () => {
  it('store a finished item with its hash, time and thumbnail, and read back as the batch keeps it', () => {
    const stored = toStoredResult(doneItem('a.jpg'), THUMBNAIL, 'abc', 1_700_000_000_000);
    expect(stored).not.toBeNull();
    expect(stored!.id.startsWith('1700000000000')).toBe(true);
    expect(stored).toMatchObject({
      fileName: 'a.jpg',
      contentHash: 'abc',
      createdAt: 1_700_000_000_000,
      modelId: 'ppocr-v4-det',
      recognizerId: 'rec',
      thumbnail: { mimeType: 'image/webp', width: 20, height: 10 },
    });
    expect('map' in stored!).toBe(false);
    const back = toItemResult(stored!);
    expect(back).toEqual({
      detections: [BOX],
      imageWidth: 20,
      imageHeight: 10,
      inputWidth: 0,
      inputHeight: 0,
      timings: TIMINGS,
      backend: 'wasm',
      recognizerId: 'rec',
    });
  });

  it('store nothing for an item without a result', () => {
    expect(toStoredResult({ ...doneItem('a.jpg'), result: null }, THUMBNAIL, 'abc', 1)).toBeNull();
  });
});

describe('history export', () => {
  it('reads oldest first and leaves out results deleted meanwhile', async () => {
    const newestFirst = ['c', 'b', 'a'].map((id) => ({ id }) as ResultSummary);
    const results = new Map(
      ['a', 'c'].map((id) => {
        const stored = toStoredResult(doneItem(`${id}.jpg`), THUMBNAIL, id, 1)!;
        return [id, stored] as [string, StoredResult];
      }),
    );
    const store = {
      list: async () => [...newestFirst],
      get: async (id: string) => results.get(id),
    };
    const { rows, entries } = await readExportRows(store);
    expect(rows.map((r) => r.fileName)).toEqual(['a.jpg', 'c.jpg']);
    expect(entries[0]).toMatchObject({ fileName: 'a.jpg', width: 20, height: 10, backend: 'wasm' });
    const csv = await historyCsv(store);
    expect(csv).toContain('a.jpg');
    expect(csv.indexOf('a.jpg')).toBeLessThan(csv.indexOf('c.jpg'));
  });
});

describe('EvictionReporter', () => {
  let reported: string[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    reported = [];
  });
  afterEach(() => vi.useRealTimers());

  it('reports one total per reason once evictions pause', () => {
    const reporter = new EvictionReporter((message) => reported.push(message));
    reporter.note(1, 'to stay under the cap');
    vi.advanceTimersByTime(EVICTION_REPORT_QUIET_MS - 1);
    reporter.note(2, 'to stay under the cap');
    reporter.note(1, 'to make room');
    vi.advanceTimersByTime(EVICTION_REPORT_QUIET_MS - 1);
    expect(reported).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reported).toEqual([
      evictionMessage(3, 'to stay under the cap'),
      '1 oldest result was removed from the history to make room.',
    ]);
  });

  it('reports at the longest wait while evictions keep coming', () => {
    const reporter = new EvictionReporter((message) => reported.push(message));
    const step = EVICTION_REPORT_QUIET_MS / 2;
    for (let t = 0; t <= EVICTION_REPORT_MAX_WAIT_MS; t += step) {
      reporter.note(1, 'why');
      vi.advanceTimersByTime(step);
    }
    expect(reported).toEqual([evictionMessage(EVICTION_REPORT_MAX_WAIT_MS / step + 1, 'why')]);
  });
});
