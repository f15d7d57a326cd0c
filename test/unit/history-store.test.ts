import { IDBFactory } from 'fake-indexeddb';
import { set } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/features/history/store/content-hash.js';
import {
  HISTORY_DB_NAME,
  HISTORY_DB_VERSION,
} from '../../src/features/history/store/history-db.js';
import {
  DEFAULT_HISTORY_LIMITS,
  HistoryStore,
  newResultId,
  paramsKey,
  type StorageManagerLike,
  type StoredResult,
} from '../../src/features/history/store/history-store.js';
import { summarizeResult } from '../../src/features/history/store/stored-result.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { createStoreIn } from '../../src/features/models/store/idb-stores.js';

const PARAMS = { ...PPOCR_V4_DET.postprocess };

/** A result created at `createdAt` ms with a thumbnail of `thumbnailBytes` bytes and one square region. */
function makeResult(
  createdAt: number,
  overrides: Partial<StoredResult> = {},
  thumbnailBytes = 16,
): StoredResult {
  return {
    schemaVersion: 1,
    id: newResultId(createdAt),
    createdAt,
    fileName: `image-${createdAt}.png`,
    contentHash: `hash-${createdAt}`,
    modelId: 'ppocr-v4-det',
    params: { ...PARAMS },
    backend: 'wasm',
    timings: { decodeMs: 1, preprocessMs: 2, inferenceMs: 3, postprocessMs: 4 },
    imageWidth: 640,
    imageHeight: 480,
    detections: [
      {
        imagePolygon: [
          [10, 10],
          [20, 10],
          [20, 20],
          [10, 20],
        ],
        score: 0.9,
      },
    ],
    thumbnail: {
      bytes: new Uint8Array(thumbnailBytes).fill(7).buffer,
      mimeType: 'image/webp',
      width: 64,
      height: 48,
    },
    ...overrides,
  };
}

function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** A write hook that throws QuotaExceededError for `id` while `failuresLeft()` allows. */
function quotaFor(id: string, failures = Number.POSITIVE_INFINITY) {
  let left = failures;
  return (writing: string) => {
    if (writing === id && left-- > 0) throw quotaError();
  };
}

async function ids(store: HistoryStore): Promise<string[]> {
  return (await store.list()).map((summary) => summary.id);
}

describe('HistoryStore in IndexedDB', () => {
  it('stores a result and returns it whole, thumbnail bytes included', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const result = makeResult(1000, {}, 5);
    expect(store.mode).toBe('indexeddb');
    expect(store.persistent).toBe(true);

    expect(await store.put(result)).toEqual({ evicted: 0, madeRoom: false, persisted: true });
    const read = await store.get(result.id);
    expect(read?.detections).toEqual(result.detections);
    expect(read?.params).toEqual(PARAMS);
    expect([...new Uint8Array(read?.thumbnail.bytes ?? new ArrayBuffer(0))]).toEqual([
      7, 7, 7, 7, 7,
    ]);
    expect((await store.getThumbnail(result.id))?.mimeType).toBe('image/webp');
    expect(await store.get('missing')).toBeUndefined();
  });

  it('lists light summaries newest first, without thumbnails or polygons', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const older = makeResult(1000);
    const newer = makeResult(2000, { detections: [] });
    await store.put(older);
    await store.put(newer);

    const summaries = await store.list();
    expect(summaries.map((summary) => summary.id)).toEqual([newer.id, older.id]);
    const [first, second] = summaries;
    expect(first).not.toHaveProperty('thumbnail');
    expect(first).not.toHaveProperty('detections');
    expect(first?.regionCount).toBe(0);
    expect(second?.regionCount).toBe(1);
    expect(second?.totalMs).toBe(10);
    expect(second?.imageWidth).toBe(640);
    expect(second?.fileName).toBe('image-1000.png');
    expect(second?.persistent).toBe(true);
    expect(second?.byteSize).toBeGreaterThan(16);
  });

  it('deletes one result and clears all', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const a = makeResult(1000);
    const b = makeResult(2000);
    const c = makeResult(3000);
    for (const result of [a, b, c]) await store.put(result);

    await store.delete(b.id);
    expect(await ids(store)).toEqual([c.id, a.id]);
    expect(await store.get(b.id)).toBeUndefined();

    await store.clear();
    expect(await store.list()).toEqual([]);
    expect(await store.get(a.id)).toBeUndefined();
  });

  it('evicts the oldest result beyond a count cap of 2 and reports 1 evicted', async () => {
    const store = await HistoryStore.open({
      indexedDB: new IDBFactory(),
      limits: { maxEntries: 2 },
    });
    const [a, b, c] = [makeResult(1000), makeResult(2000), makeResult(3000)];
    expect((await store.put(a)).evicted).toBe(0);
    expect((await store.put(b)).evicted).toBe(0);
    expect(await store.put(c)).toEqual({ evicted: 1, madeRoom: false, persisted: true });
    expect(await ids(store)).toEqual([c.id, b.id]);
    expect(await store.get(a.id)).toBeUndefined();
  });

  it('evicts the oldest results beyond the byte cap', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const [a, b, c] = [1000, 2000, 3000].map((t) => makeResult(t, {}, 10_000)) as [
      StoredResult,
      StoredResult,
      StoredResult,
    ];
    await store.put(a);
    await store.put(b);
    const [bSummary] = await store.list();
    // Room for two results of this size but not three.
    await store.setLimits({ maxBytes: (bSummary?.byteSize ?? 0) * 2.5 });

    expect(await store.put(c)).toEqual({ evicted: 1, madeRoom: false, persisted: true });
    expect(await ids(store)).toEqual([c.id, b.id]);
  });

  it('evicts at once when the caps are lowered', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const results = [1000, 2000, 3000].map((t) => makeResult(t));
    for (const result of results) await store.put(result);

    expect(await store.setLimits({ maxEntries: 1 })).toEqual({ evicted: 2 });
    expect(await ids(store)).toEqual([results[2]?.id]);
    expect(store.limits.maxEntries).toBe(1);
  });

  it('counts the results lower caps would evict without evicting any', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const results = [1000, 2000, 3000].map((t) => makeResult(t));
    for (const result of results) await store.put(result);

    expect(await store.countBeyond({ maxEntries: 1 })).toBe(2);
    expect(await store.countBeyond({ maxEntries: 3 })).toBe(0);
    expect(await ids(store)).toHaveLength(3);
    expect(store.limits).toEqual(DEFAULT_HISTORY_LIMITS);
  });

  it('rejects caps that are not positive', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    await expect(store.setLimits({ maxEntries: 0 })).rejects.toThrow(RangeError);
    await expect(store.setLimits({ maxBytes: -1 })).rejects.toThrow(RangeError);
  });

  it('keeps the new result over the byte cap when it alone exceeds it', async () => {
    const store = await HistoryStore.open({
      indexedDB: new IDBFactory(),
      limits: { maxBytes: 100 },
    });
    const [a, b] = [makeResult(1000, {}, 1000), makeResult(2000, {}, 1000)];
    await store.put(a);
    expect(await store.put(b)).toEqual({ evicted: 1, madeRoom: false, persisted: true });
    expect(await ids(store)).toEqual([b.id]);
  });

  it('evicts the oldest and keeps the newest when the first write hits the quota', async () => {
    const factory = new IDBFactory();
    const [a, b, c, fresh] = [1000, 2000, 3000, 4000].map((t) => makeResult(t)) as [
      StoredResult,
      StoredResult,
      StoredResult,
      StoredResult,
    ];
    const seed = await HistoryStore.open({ indexedDB: factory });
    for (const result of [a, b, c]) await seed.put(result);

    const store = await HistoryStore.open({
      indexedDB: factory,
      beforeWrite: quotaFor(fresh.id, 1),
    });

    expect(await store.put(fresh)).toEqual({ evicted: 1, madeRoom: true, persisted: true });
    expect(await ids(store)).toEqual([fresh.id, c.id, b.id]);
    expect(await store.get(a.id)).toBeUndefined();
    expect(await (await HistoryStore.open({ indexedDB: factory })).get(fresh.id)).toBeDefined();
  });

  it('evicts older results one by one until the quota allows the write', async () => {
    const factory = new IDBFactory();
    const results = [1000, 2000, 3000, 4000].map((t) => makeResult(t));
    const seed = await HistoryStore.open({ indexedDB: factory });
    for (const result of results) await seed.put(result);
    const fresh = makeResult(5000);

    const store = await HistoryStore.open({
      indexedDB: factory,
      beforeWrite: quotaFor(fresh.id, 3),
    });

    expect(await store.put(fresh)).toEqual({ evicted: 3, madeRoom: true, persisted: true });
    expect(await ids(store)).toEqual([fresh.id, results[3]?.id]);
  });

  it('keeps the result in memory and says so when the quota is hit with nothing older to evict', async () => {
    const factory = new IDBFactory();
    const fresh = makeResult(1000);
    const store = await HistoryStore.open({ indexedDB: factory, beforeWrite: quotaFor(fresh.id) });

    expect(await store.put(fresh)).toEqual({
      evicted: 0,
      madeRoom: false,
      persisted: false,
      errorName: 'QuotaExceededError',
    });
    expect(store.mode).toBe('indexeddb');
    const [summary] = await store.list();
    expect(summary?.id).toBe(fresh.id);
    expect(summary?.persistent).toBe(false);
    expect((await store.get(fresh.id))?.fileName).toBe(fresh.fileName);
    const reopened = await HistoryStore.open({ indexedDB: factory });
    expect(await reopened.list()).toEqual([]);
  });

  it('does not evict newer results to make room for an older one', async () => {
    const factory = new IDBFactory();
    const newer = makeResult(5000);
    const seed = await HistoryStore.open({ indexedDB: factory });
    await seed.put(newer);
    const late = makeResult(1000);
    const store = await HistoryStore.open({ indexedDB: factory, beforeWrite: quotaFor(late.id) });

    expect((await store.put(late)).persisted).toBe(false);
    expect(await store.get(newer.id)).toBeDefined();
  });

  it('finds a result by content, model and parameters, and misses when any differs', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const result = makeResult(1000, { contentHash: 'abc' });
    await store.put(result);
    const key = paramsKey(PARAMS);

    expect((await store.findByKey('abc', 'ppocr-v4-det', key))?.id).toBe(result.id);
    expect(
      await store.findByKey('abc', 'ppocr-v4-det', paramsKey({ ...PARAMS, threshold: 0.31 })),
    ).toBeUndefined();
    expect(await store.findByKey('abc', 'other-model', key)).toBeUndefined();
    expect(await store.findByKey('abd', 'ppocr-v4-det', key)).toBeUndefined();
  });

  it('finds the newest of several matching results', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const older = makeResult(1000, { contentHash: 'abc' });
    const newer = makeResult(2000, { contentHash: 'abc' });
    await store.put(newer);
    await store.put(older);
    expect((await store.findByKey('abc', 'ppocr-v4-det', paramsKey(PARAMS)))?.id).toBe(newer.id);
  });

  it('shows the same entries to a reopened store on the same IndexedDB', async () => {
    const factory = new IDBFactory();
    const first = await HistoryStore.open({ indexedDB: factory });
    const [a, b] = [makeResult(1000), makeResult(2000)];
    await first.put(a);
    await first.put(b);

    const second = await HistoryStore.open({ indexedDB: factory });
    expect(await ids(second)).toEqual([b.id, a.id]);
    expect((await second.get(a.id))?.fileName).toBe(a.fileName);
  });

  it('keeps every entry when two stores write at once', async () => {
    const factory = new IDBFactory();
    const [left, right] = await Promise.all([
      HistoryStore.open({ indexedDB: factory }),
      HistoryStore.open({ indexedDB: factory }),
    ]);
    const results = Array.from({ length: 20 }, (_, i) => makeResult(1000 + i));

    await Promise.all(results.map((result, i) => (i % 2 === 0 ? left : right).put(result)));

    const expected = results.map((result) => result.id).reverse();
    expect(await ids(left)).toEqual(expected);
    expect(await ids(right)).toEqual(expected);
  });

  it('opens two stores at once in IndexedDB mode even when their probes interleave', async () => {
    const factory = new IDBFactory();
    // Two tabs opening together write their probes at different times; neither may read the other's.
    let clockMs = Date.now();
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (clockMs += 1));
    try {
      const stores = await Promise.all([
        HistoryStore.open({ indexedDB: factory }),
        HistoryStore.open({ indexedDB: factory }),
      ]);
      expect(stores.map((store) => store.mode)).toEqual(['indexeddb', 'indexeddb']);
    } finally {
      clock.mockRestore();
    }
  });

  it('writes a result and its summary together or not at all', async () => {
    const factory = new IDBFactory();
    const refused = makeResult(1000);
    const store = await HistoryStore.open({
      indexedDB: factory,
      beforeWrite: (id) => {
        if (id === refused.id) throw new DOMException('Refused by a test.', 'UnknownError');
      },
    });
    expect((await store.put(refused)).persisted).toBe(false);
    const reopened = await HistoryStore.open({ indexedDB: factory });
    expect(await reopened.list()).toEqual([]);
    expect(await reopened.get(refused.id)).toBeUndefined();
  });

  it('moves every result of the version-1 layout (three databases) into the one database', async () => {
    const factory = new IDBFactory();
    // Today's layout, written the way the version-1 store wrote it: idb-keyval stores in
    // `textspot` (results), `textspot-summaries` and `textspot-meta`.
    const oldResults = createStoreIn(factory, 'textspot', 'results');
    const oldSummaries = createStoreIn(factory, 'textspot-summaries', 'summaries');
    const oldMeta = createStoreIn(factory, 'textspot-meta', 'meta');
    const results = [1000, 2000, 3000].map((t) => makeResult(t, { contentHash: `h${t}` }));
    for (const result of results) {
      await set(result.id, result, oldResults);
      await set(result.id, summarizeResult(result), oldSummaries);
    }
    // An interrupted version-1 put left a result without its summary: it is kept too.
    const unsummarised = makeResult(4000, { contentHash: 'h4000' });
    await set(unsummarised.id, unsummarised, oldResults);
    await set('probe-x', 1, oldMeta);

    const store = await HistoryStore.open({ indexedDB: factory });
    const all = [...results, unsummarised];
    expect(await ids(store)).toEqual(all.map((result) => result.id).reverse());
    for (const result of all) {
      expect(await store.get(result.id)).toEqual(result);
      expect(await store.findByKey(result.contentHash, result.modelId, paramsKey(PARAMS))).toEqual(
        result,
      );
    }
    const databases = await factory.databases();
    expect(databases.map(({ name, version }) => [name, version])).toEqual([
      [HISTORY_DB_NAME, HISTORY_DB_VERSION],
    ]);
  });
});

describe('HistoryStore without IndexedDB', () => {
  it('falls back to memory when IndexedDB is missing, and still works', async () => {
    const store = await HistoryStore.open({ indexedDB: null });
    expect(store.mode).toBe('memory');
    expect(store.persistent).toBe(false);
    const result = makeResult(1000, { contentHash: 'abc' });

    expect(await store.put(result)).toEqual({ evicted: 0, madeRoom: false, persisted: false });
    expect((await store.list()).map((summary) => [summary.id, summary.persistent])).toEqual([
      [result.id, false],
    ]);
    expect((await store.get(result.id))?.fileName).toBe(result.fileName);
    expect((await store.findByKey('abc', result.modelId, paramsKey(PARAMS)))?.id).toBe(result.id);
    await store.delete(result.id);
    expect(await store.list()).toEqual([]);
  });

  it('falls back to memory when opening the database throws', async () => {
    const throwing = {
      open() {
        throw new DOMException('A mutation operation was attempted', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const store = await HistoryStore.open({ indexedDB: throwing });
    expect(store.mode).toBe('memory');
    expect((await store.put(makeResult(1000))).persisted).toBe(false);
    expect(await store.list()).toHaveLength(1);
  });

  it('falls back to memory when opening the database never finishes', async () => {
    const hanging = { open: () => ({}) } as unknown as IDBFactory;
    const store = await HistoryStore.open({ indexedDB: hanging, probeTimeoutMs: 10 });
    expect(store.mode).toBe('memory');
  });

  it('caps the memory history and evicts its oldest', async () => {
    const store = await HistoryStore.open({ indexedDB: null, memoryMaxEntries: 2 });
    const [a, b, c] = [makeResult(1000), makeResult(2000), makeResult(3000)];
    await store.put(a);
    await store.put(b);
    expect(await store.put(c)).toEqual({ evicted: 1, madeRoom: false, persisted: false });
    expect(await ids(store)).toEqual([c.id, b.id]);
  });
});

describe('HistoryStore storage manager', () => {
  it('reports usage and persistence from the storage manager', async () => {
    const storageManager: StorageManagerLike = {
      estimate: async () => ({ usage: 1234, quota: 10_000 }),
      persist: async () => true,
    };
    const store = await HistoryStore.open({ indexedDB: null, storageManager });
    expect(await store.usage()).toEqual({ usageBytes: 1234, quotaBytes: 10_000 });
    expect(await store.requestPersistence()).toBe(true);
  });

  it('reports no usage and no persistence without a storage manager', async () => {
    const store = await HistoryStore.open({ indexedDB: null, storageManager: null });
    expect(await store.usage()).toBeNull();
    expect(await store.requestPersistence()).toBe(false);
  });
});

describe('paramsKey', () => {
  it('gives the same key whatever the key order', () => {
    const reordered = {
      outputMode: PARAMS.outputMode,
      unclipRatio: PARAMS.unclipRatio,
      minSize: PARAMS.minSize,
      maxCandidates: PARAMS.maxCandidates,
      boxThreshold: PARAMS.boxThreshold,
      threshold: PARAMS.threshold,
    };
    expect(paramsKey(reordered)).toBe(paramsKey(PARAMS));
    expect(paramsKey({ ...PARAMS, unclipRatio: 2 })).not.toBe(paramsKey(PARAMS));
  });
});

describe('newResultId', () => {
  it('sorts ids in creation order', () => {
    const ids = [newResultId(99_999), newResultId(1_700_000_000_000), newResultId(5)];
    expect([...ids].sort()).toEqual([ids[2], ids[0], ids[1]]);
  });
});

describe('sha256Hex', () => {
  it('hashes "abc" to the FIPS 180-2 test vector', async () => {
    const bytes = new TextEncoder().encode('abc');
    expect(await sha256Hex(bytes.buffer as ArrayBuffer)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('kept probability maps', () => {
  const map = {
    levels: new Uint8Array(1000).fill(128),
    width: 40,
    height: 25,
    mapToImage: { scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0, imageWidth: 40, imageHeight: 25 },
    modelId: 'ppocr-v4-det',
    preprocessKey: 'key',
  };

  it('stores a map with its result, counts its bytes in the summary and drops it with the result', async () => {
    const store = await HistoryStore.open({ indexedDB: new IDBFactory() });
    const withMap = makeResult(1_000, { map });
    const without = makeResult(2_000);
    await store.put(withMap);
    await store.put(without);
    const summaries = await store.list();
    const summaryOf = (id: string) => summaries.find((s) => s.id === id)!;
    expect(summaryOf(withMap.id).mapBytes).toBe(1000);
    expect(summaryOf(withMap.id).byteSize - summaryOf(without.id).byteSize).toBeGreaterThanOrEqual(
      1000,
    );
    expect(summaryOf(without.id).mapBytes).toBeUndefined();
    const found = await store.findByKey(withMap.contentHash, withMap.modelId, paramsKey(PARAMS));
    expect(found?.map?.levels).toEqual(map.levels);
    await store.delete(withMap.id);
    expect(await store.get(withMap.id)).toBeUndefined();
  });
});
