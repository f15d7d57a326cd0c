import { IDBFactory } from 'fake-indexeddb';
import type { ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BatchItem,
  type ItemResult,
  ItemStatus,
} from '../../src/features/batch/ui/batch-item.js';
import type { HistoryLimits } from '../../src/features/history/store/history-store.js';
import {
  HistoryController,
  type HistoryDeps,
  toItemResult,
} from '../../src/features/history/ui/history-controller.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import type { Thumbnail } from '../../src/protocol/detector.js';

const PARAMS: PostprocessParams = { ...PPOCR_V4_DET.postprocess };
const MODEL_ID = 'ppocr-v4-det';

/** A result with `regions` unit squares, in a 640 × 480 image. */
function makeResult(regions: number): ItemResult {
  return {
    detections: Array.from({ length: regions }, (_, i) => ({
      imagePolygon: [
        [i, 0],
        [i + 1, 0],
        [i + 1, 1],
        [i, 1],
      ],
      score: 0.9,
    })),
    imageWidth: 640,
    imageHeight: 480,
    inputWidth: 640,
    inputHeight: 480,
    timings: { decodeMs: 1, preprocessMs: 2, inferenceMs: 3, postprocessMs: 4 },
    backend: 'wasm',
  };
}

/** A finished item whose file holds `content`, detected with `regions` regions. */
function makeItem(content: string, regions = 2, params = PARAMS): BatchItem {
  return {
    id: `item-${content}`,
    file: new File([content], `${content}.png`, { type: 'image/png' }),
    included: true,
    status: ItemStatus.Done,
    error: null,
    errorName: null,
    result: makeResult(regions),
    modelId: MODEL_ID,
    params,
    elapsedMs: 12,
  };
}

function thumbnail(): Thumbnail {
  return { bytes: new Uint8Array([1, 2, 3]).buffer, mimeType: 'image/webp', width: 4, height: 3 };
}

const host: ReactiveControllerHost = {
  addController: () => undefined,
  removeController: () => undefined,
  requestUpdate: () => undefined,
  updateComplete: Promise.resolve(true),
};

function makeController(limits: HistoryLimits = { maxEntries: 100, maxBytes: 1e9 }) {
  const notices: string[] = [];
  const deps: HistoryDeps = {
    limits: () => limits,
    saveLimits: () => undefined,
    report: (message) => notices.push(message),
  };
  return { history: new HistoryController(host, deps), notices };
}

let clockMs = 1_700_000_000_000;

beforeEach(() => {
  vi.stubGlobal('__TEST_HOOKS__', true);
  vi.stubGlobal('indexedDB', new IDBFactory());
  // Result ids order by creation time; a ticking clock makes "oldest" unambiguous.
  vi.spyOn(Date, 'now').mockImplementation(() => (clockMs += 1000));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('HistoryController', () => {
  it('finds a recorded result by file content, model and parameters, and nothing else', async () => {
    const { history } = makeController();
    await history.record(makeItem('receipt', 3), thumbnail());

    // Same bytes under another name and File object: a hit.
    const copy = { ...makeItem('receipt', 0), file: new File(['receipt'], 'renamed.jpg') };
    const hit = await history.lookup(copy, MODEL_ID, { ...PARAMS });
    expect(hit?.detections).toHaveLength(3);
    expect(hit?.imageWidth).toBe(640);

    expect(await history.lookup(copy, MODEL_ID, { ...PARAMS, boxThreshold: 0.7 })).toBeNull();
    expect(await history.lookup(copy, 'other-model', PARAMS)).toBeNull();
    expect(await history.lookup(makeItem('another receipt'), MODEL_ID, PARAMS)).toBeNull();
  });

  it('answers a lookup made right after a record with that record', async () => {
    const { history } = makeController();
    void history.record(makeItem('receipt', 5), thumbnail());
    const hit = await history.lookup(makeItem('receipt'), MODEL_ID, PARAMS);
    expect(hit?.detections).toHaveLength(5);
  });

  it('publishes the stored entries, newest first, after each record and delete', async () => {
    const { history } = makeController();
    await history.record(makeItem('a', 1), thumbnail());
    await history.record(makeItem('b', 2), thumbnail());
    expect(history.state.ready).toBe(true);
    expect(history.state.mode).toBe('indexeddb');
    expect(history.state.entries.map((e) => [e.fileName, e.regionCount])).toEqual([
      ['b.png', 2],
      ['a.png', 1],
    ]);
    await history.delete(history.state.entries[0]!.id);
    expect(history.state.entries.map((e) => e.fileName)).toEqual(['a.png']);
  });

  it('keeps receipt edits with the stored result of a PDF page, found by its page', async () => {
    const { history } = makeController();
    const page = (number: number): BatchItem => ({
      ...makeItem('invoice', number),
      id: `page-${number}`,
      file: new File(['%PDF-1.7 invoice'], 'invoice.pdf', { type: 'application/pdf' }),
      page: { number, count: 2 },
    });
    await history.record(page(1), thumbnail());
    await history.record(page(2), thumbnail());
    const edited = page(2);
    edited.result = { ...edited.result!, receiptEdits: { total: '12.40' } };
    await history.saveReceiptEdits(edited);
    const stored = await Promise.all(history.state.entries.map((e) => history.get(e.id)));
    expect(
      stored.map((result) => [result?.contentHash.split('#')[1], result?.receiptEdits]),
    ).toEqual([
      ['page=2', { total: '12.40' }],
      ['page=1', undefined],
    ]);
  });

  it('hands back what a delete removed, and restoring it brings it back whole, in its place', async () => {
    const { history } = makeController();
    await history.record(makeItem('a', 1), thumbnail());
    await history.record(makeItem('b', 2), thumbnail());
    const id = history.state.entries[1]!.id;
    const before = await history.get(id);
    const removed = await history.delete(id);
    expect(removed).toEqual(before);
    expect(history.state.entries.map((e) => e.fileName)).toEqual(['b.png']);
    await history.restore(removed!);
    expect(history.state.entries.map((e) => e.fileName)).toEqual(['b.png', 'a.png']);
    expect(await history.get(id)).toEqual(before);
    expect(await history.delete('no-such-id')).toBeUndefined();
  });

  it('reports evictions beyond the cap once, with their total, when they pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { history, notices } = makeController({ maxEntries: 1, maxBytes: 1e9 });
    for (const name of ['a', 'b', 'c']) await history.record(makeItem(name), thumbnail());
    expect(notices).toEqual([]);
    vi.runAllTimers();
    expect(notices).toEqual([
      '2 oldest results were removed from the history to stay under the cap.',
    ]);
    expect(history.state.entries.map((e) => e.fileName)).toEqual(['c.png']);
  });

  it('asks before caps that evict: cancel keeps every result, confirm removes the stated number', async () => {
    const { history, notices } = makeController();
    for (const name of ['a', 'b', 'c', 'd']) await history.record(makeItem(name), thumbnail());

    await history.proposeLimits({ maxEntries: 1, maxBytes: 1e9 });
    expect(history.state.pendingLimits).toEqual({
      limits: { maxEntries: 1, maxBytes: 1e9 },
      evicts: 3,
    });
    expect(history.state.entries).toHaveLength(4);
    history.cancelLimits();
    expect(history.state.pendingLimits).toBeNull();
    await history.refresh();
    expect(history.state.entries).toHaveLength(4);
    expect(history.state.limits.maxEntries).toBe(100);

    await history.proposeLimits({ maxEntries: 1, maxBytes: 1e9 });
    const stated = history.state.pendingLimits?.evicts;
    await history.confirmLimits();
    expect(history.state.pendingLimits).toBeNull();
    expect(history.state.entries.map((e) => e.fileName)).toEqual(['d.png']);
    expect(4 - history.state.entries.length).toBe(stated);
    expect(notices).toEqual(['3 oldest results were removed from the history to fit the new cap.']);
  });

  it("applies caps that evict nothing at once, and ignores caps outside the fields' ranges", async () => {
    const { history, notices } = makeController();
    await history.record(makeItem('a'), thumbnail());
    await history.proposeLimits({ maxEntries: 5, maxBytes: 1e9 });
    expect(history.state.pendingLimits).toBeNull();
    expect(history.state.limits.maxEntries).toBe(5);

    await history.proposeLimits({ maxEntries: 5, maxBytes: 1000 });
    await history.proposeLimits({ maxEntries: 1.5, maxBytes: 1e9 });
    await history.setLimits({ maxEntries: 0, maxBytes: 1e9 });
    expect(history.state.limits).toEqual({ maxEntries: 5, maxBytes: 1e9 });
    expect(history.state.entries).toHaveLength(1);
    expect(notices).toEqual([]);
  });

  it('on a quota error evicts the oldest, keeps the new result and says the storage was full', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { history, notices } = makeController();
    await history.record(makeItem('old'), thumbnail());
    history.failNextPut('QuotaExceededError');
    await history.record(makeItem('new'), thumbnail());
    vi.runAllTimers();
    expect(history.state.entries.map((e) => [e.fileName, e.persistent])).toEqual([
      ['new.png', true],
    ]);
    expect(notices).toEqual([
      "1 oldest result was removed from the history to make room: the browser's storage was full.",
    ]);
  });

  it('keeps results it cannot store in memory and says once that they will not survive a reload', async () => {
    const { history, notices } = makeController();
    for (const name of ['first', 'second']) {
      history.failNextPut('QuotaExceededError');
      await history.record(makeItem(name), thumbnail());
    }
    expect(history.state.entries.map((e) => [e.fileName, e.persistent])).toEqual([
      ['second.png', false],
      ['first.png', false],
    ]);
    expect(history.state.memoryReason).toBe("the browser's storage is full.");
    expect(notices).toEqual([
      "Results are kept in memory only and won't survive a reload: the browser's storage is full.",
    ]);
  });

  it('names the error when IndexedDB refuses a result for another reason', async () => {
    const { history, notices } = makeController();
    await history.record(makeItem('stored'), thumbnail());
    expect(history.state.memoryReason).toBeNull();
    history.failNextPut('UnknownError');
    await history.record(makeItem('refused'), thumbnail());
    expect(history.state.entries.map((e) => [e.fileName, e.persistent])).toEqual([
      ['refused.png', false],
      ['stored.png', true],
    ]);
    expect(notices).toEqual([
      "Results are kept in memory only and won't survive a reload: the browser refused to store it (UnknownError).",
    ]);
  });

  it('runs in memory when there is no IndexedDB, and says so', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const { history, notices } = makeController();
    await history.record(makeItem('receipt', 4), thumbnail());
    expect(history.state.mode).toBe('memory');
    expect(history.state.memoryReason).toMatch(/no IndexedDB/);
    expect(notices).toEqual([
      "Results are kept in memory only and won't survive a reload: this browser offers no IndexedDB.",
    ]);
    expect((await history.lookup(makeItem('receipt'), MODEL_ID, PARAMS))?.detections).toHaveLength(
      4,
    );
  });

  it('exports every stored result, oldest first, as competition CSV and JSON', async () => {
    const { history } = makeController();
    await history.record(makeItem('a', 1), thumbnail());
    await history.record(makeItem('b', 0), thumbnail());
    expect(await history.exportCsv()).toBe('filename,polygons\na.png,0 0 1 0 1 1 0 1\nb.png,\n');
    const json = JSON.parse(await history.exportJson()) as {
      images: { fileName: string; modelId: string }[];
    };
    expect(json.images.map((image) => [image.fileName, image.modelId])).toEqual([
      ['a.png', MODEL_ID],
      ['b.png', MODEL_ID],
    ]);
  });

  it('rebuilds a batch result from a stored one; the unstored model input size reads 0', () => {
    const result = toItemResult({
      schemaVersion: 1,
      id: 'x',
      createdAt: 0,
      fileName: 'a.png',
      contentHash: 'h',
      modelId: MODEL_ID,
      params: PARAMS,
      backend: 'webgpu',
      timings: { decodeMs: 1, preprocessMs: 1, inferenceMs: 1, postprocessMs: 1 },
      imageWidth: 10,
      imageHeight: 20,
      detections: [],
      thumbnail: thumbnail(),
    });
    expect(result).toEqual({
      detections: [],
      imageWidth: 10,
      imageHeight: 20,
      inputWidth: 0,
      inputHeight: 0,
      timings: { decodeMs: 1, preprocessMs: 1, inferenceMs: 1, postprocessMs: 1 },
      backend: 'webgpu',
    });
  });
});
