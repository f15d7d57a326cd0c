/**
 * The result history: full results and their summaries in IndexedDB (through idb-keyval), with
 * count and byte caps, eviction of the oldest on quota errors, and an in-memory fallback when
 * IndexedDB is missing or refuses to work (e.g. Firefox private mode).
 */
import { clear as clearStore, del, delMany, get, keys, set, values } from 'idb-keyval';
import { BYTES_PER_MB } from '../units.js';
import { createHistoryStores, type HistoryStores } from './idb-stores.js';
import {
  newResultId,
  RESULT_SCHEMA_VERSION,
  type ResultSummary,
  type StoredResult,
  type StoredSummary,
  type StoredThumbnail,
  summarizeResult,
} from './stored-result.js';

export type { HistoryStores } from './idb-stores.js';
export { createHistoryStores, createStoreIn } from './idb-stores.js';
export type {
  ResultSummary,
  StoredResult,
  StoredSummary,
  StoredThumbnail,
} from './stored-result.js';
export { newResultId, paramsKey, RESULT_SCHEMA_VERSION } from './stored-result.js';

/** Where the history lives: `memory` means nothing survives a reload. */
export type HistoryMode = 'indexeddb' | 'memory';

/** Caps on the stored history; beyond either, the oldest results are evicted. */
export interface HistoryLimits {
  /** Maximum number of stored results. */
  maxEntries: number;
  /** Maximum total of `StoredSummary.byteSize`, bytes. */
  maxBytes: number;
}

/** Default caps: 500 results, 200 MB. */
export const DEFAULT_HISTORY_LIMITS: Readonly<HistoryLimits> = {
  maxEntries: 500,
  maxBytes: 200 * BYTES_PER_MB,
};

/** Most results kept in memory when IndexedDB cannot take them. */
export const DEFAULT_MEMORY_MAX_ENTRIES = 50;

/** Results without a summary younger than this, ms, may be another tab's put in progress and are left alone. */
const ORPHAN_GRACE_MS = 10 * 60 * 1000;

/** How long the open-time probe waits for IndexedDB before falling back to memory, ms. */
const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/** Prefix of the open-time probe's key; each probe adds a random suffix. */
const PROBE_KEY_PREFIX = 'probe-';

/** What `put` did: how many older results it evicted and whether the new one survives a reload. */
export interface PutOutcome {
  /** Older results removed to respect the caps or to make room after a quota error. */
  evicted: number;
  /** `false` when the result is held only in memory (memory mode, or IndexedDB refused it). */
  persisted: boolean;
  /** Name of the IndexedDB error that sent the result to memory, e.g. `QuotaExceededError`. */
  errorName?: string;
}

/** Storage use of the whole origin, from `navigator.storage.estimate()`, bytes. */
export interface StorageUsage {
  usageBytes: number;
  quotaBytes: number;
}

/** The part of `navigator.storage` the history uses. */
export type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persist'>;

/** How to open a `HistoryStore`; every field is optional and defaults to the browser's own. */
export interface HistoryStoreOptions {
  /** IndexedDB to use; `null` forces memory mode. Defaults to `globalThis.indexedDB`. */
  indexedDB?: IDBFactory | null;
  /** Ready-made idb-keyval stores; overrides `indexedDB` (tests wrap these to inject failures). */
  stores?: HistoryStores;
  /** Caps; missing fields take `DEFAULT_HISTORY_LIMITS`. */
  limits?: Partial<HistoryLimits>;
  /** Most results held in memory. */
  memoryMaxEntries?: number;
  /** Source of `usage()` and `requestPersistence()`; `null` when there is none. Defaults to `navigator.storage`. */
  storageManager?: StorageManagerLike | null;
  /** How long the probe write at open may take before memory mode is chosen, ms. */
  probeTimeoutMs?: number;
}

interface MemoryEntry {
  result: StoredResult;
  summary: StoredSummary;
}

/** The result history. Open with `HistoryStore.open()`; check `mode` to tell the person whether results persist. */
export class HistoryStore {
  /** Opens the history, probing IndexedDB with a write; falls back to memory if that fails. */
  static async open(options: HistoryStoreOptions = {}): Promise<HistoryStore> {
    const limits = checkLimits({ ...DEFAULT_HISTORY_LIMITS, ...options.limits });
    const factory =
      options.indexedDB !== undefined
        ? options.indexedDB
        : typeof indexedDB === 'undefined'
          ? null
          : indexedDB;
    const candidate = options.stores ?? (factory ? createHistoryStores(factory) : null);
    const usable =
      candidate !== null &&
      (await probe(candidate, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS));
    const storageManager =
      options.storageManager !== undefined
        ? options.storageManager
        : (globalThis.navigator?.storage ?? null);
    const store = new HistoryStore(
      usable ? candidate : null,
      limits,
      options.memoryMaxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES,
      storageManager,
    );
    // Leftovers of an interrupted put or delete only cost space; never let them block opening.
    await store.removeOrphans().catch(() => undefined);
    return store;
  }

  private readonly memory = new Map<string, MemoryEntry>();

  private constructor(
    private readonly stores: HistoryStores | null,
    private currentLimits: HistoryLimits,
    private readonly memoryMaxEntries: number,
    private readonly storageManager: StorageManagerLike | null,
  ) {}

  /** `indexeddb` when results survive a reload, `memory` when they do not. */
  get mode(): HistoryMode {
    return this.stores ? 'indexeddb' : 'memory';
  }

  /** `true` when results survive a reload. */
  get persistent(): boolean {
    return this.stores !== null;
  }

  /** The caps in force. */
  get limits(): HistoryLimits {
    return { ...this.currentLimits };
  }

  /** Changes the caps and evicts the oldest results beyond them at once. */
  async setLimits(limits: Partial<HistoryLimits>): Promise<{ evicted: number }> {
    this.currentLimits = checkLimits({ ...this.currentLimits, ...limits });
    const evicted = this.enforceMemoryCaps(undefined) + (await this.enforceDbCaps(undefined));
    return { evicted };
  }

  /**
   * Stores a result, then evicts the oldest results beyond the caps (never this one).
   * On `QuotaExceededError` it evicts older results one by one and retries; if nothing older is
   * left, or IndexedDB fails otherwise, the result is kept in memory and `persisted` is `false`.
   */
  async put(result: StoredResult): Promise<PutOutcome> {
    const summary = summarizeResult(result);
    if (!this.stores) {
      return { evicted: this.putInMemory({ result, summary }), persisted: false };
    }
    const counter = { evicted: 0 };
    try {
      await this.writeMakingRoom(this.stores, result, summary, counter);
    } catch (error) {
      await this.removeFromDb([result.id]).catch(() => undefined);
      counter.evicted += this.putInMemory({ result, summary });
      return { evicted: counter.evicted, persisted: false, errorName: errorNameOf(error) };
    }
    this.memory.delete(result.id);
    // The result is safely stored; a failed cap check is retried on the next put.
    counter.evicted += await this.enforceDbCaps(result.id).catch(() => 0);
    return { evicted: counter.evicted, persisted: true };
  }

  /** Summaries of every result, newest first, without thumbnails or polygons. */
  async list(): Promise<ResultSummary[]> {
    const stored = this.stores ? await this.readDbSummaries(this.stores) : [];
    const summaries: ResultSummary[] = stored.map((summary) => ({ ...summary, persistent: true }));
    for (const { summary } of this.memory.values()) {
      summaries.push({ ...summary, persistent: false });
    }
    return summaries.sort((a, b) => compareIds(b.id, a.id));
  }

  /** The full result with this id, or `undefined`. */
  async get(id: string): Promise<StoredResult | undefined> {
    const inMemory = this.memory.get(id);
    if (inMemory) return inMemory.result;
    if (!this.stores) return undefined;
    const result = await get<StoredResult>(id, this.stores.results);
    return isCurrentSchema(result) ? result : undefined;
  }

  /** The thumbnail of the result with this id, or `undefined`. */
  async getThumbnail(id: string): Promise<StoredThumbnail | undefined> {
    return (await this.get(id))?.thumbnail;
  }

  /** Removes one result; removing an unknown id does nothing. */
  async delete(id: string): Promise<void> {
    this.memory.delete(id);
    if (this.stores) await this.removeFromDb([id]);
  }

  /** Removes every result. */
  async clear(): Promise<void> {
    this.memory.clear();
    if (!this.stores) return;
    // Summaries first: a summary must never point at a result that is gone.
    await clearStore(this.stores.summaries);
    await clearStore(this.stores.results);
  }

  /** The newest result of these bytes, model and parameters (`paramsKey(params)`), or `undefined`. */
  async findByKey(
    contentHash: string,
    modelId: string,
    paramsKey: string,
  ): Promise<StoredResult | undefined> {
    const matches = (await this.list()).filter(
      (summary) =>
        summary.contentHash === contentHash &&
        summary.modelId === modelId &&
        summary.paramsKey === paramsKey,
    );
    for (const summary of matches) {
      // Another tab may have deleted it between the list and this read.
      const result = await this.get(summary.id);
      if (result) return result;
    }
    return undefined;
  }

  /** The origin's storage use and quota, or `null` where the browser does not say. */
  async usage(): Promise<StorageUsage | null> {
    if (!this.storageManager?.estimate) return null;
    try {
      const estimate = await this.storageManager.estimate();
      return { usageBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0 };
    } catch {
      return null;
    }
  }

  /** Asks the browser not to evict this origin's storage under pressure; `true` when granted. */
  async requestPersistence(): Promise<boolean> {
    if (!this.storageManager?.persist) return false;
    try {
      return await this.storageManager.persist();
    } catch {
      return false;
    }
  }

  private async writeMakingRoom(
    stores: HistoryStores,
    result: StoredResult,
    summary: StoredSummary,
    counter: { evicted: number },
  ): Promise<void> {
    let olderIds: string[] | undefined;
    for (;;) {
      try {
        // Result before summary, so a listed summary always has its result behind it.
        await set(result.id, result, stores.results);
        await set(result.id, summary, stores.summaries);
        return;
      } catch (error) {
        if (errorNameOf(error) !== 'QuotaExceededError') throw error;
        olderIds ??= (await this.readDbSummaries(stores))
          .map((stored) => stored.id)
          .filter((id) => compareIds(id, result.id) < 0);
        const oldestId = olderIds.shift();
        if (oldestId === undefined) throw error;
        await this.removeFromDb([oldestId]);
        counter.evicted += 1;
      }
    }
  }

  /** Evicts the oldest stored results beyond the caps, sparing `keepId`; returns how many went. */
  private async enforceDbCaps(keepId: string | undefined): Promise<number> {
    if (!this.stores) return 0;
    const victims = oldestBeyondCaps(
      await this.readDbSummaries(this.stores),
      this.currentLimits,
      keepId,
    );
    if (victims.length > 0) await this.removeFromDb(victims);
    return victims.length;
  }

  private putInMemory(entry: MemoryEntry): number {
    this.memory.set(entry.result.id, entry);
    return this.enforceMemoryCaps(entry.result.id);
  }

  private enforceMemoryCaps(keepId: string | undefined): number {
    const summaries = [...this.memory.values()]
      .map(({ summary }) => summary)
      .sort((a, b) => compareIds(a.id, b.id));
    const limits = {
      maxEntries: Math.min(this.currentLimits.maxEntries, this.memoryMaxEntries),
      maxBytes: this.currentLimits.maxBytes,
    };
    const victims = oldestBeyondCaps(summaries, limits, keepId);
    for (const id of victims) this.memory.delete(id);
    return victims.length;
  }

  /** Stored summaries of the current schema, oldest first. */
  private async readDbSummaries(stores: HistoryStores): Promise<StoredSummary[]> {
    const stored = await values<StoredSummary>(stores.summaries);
    return stored.filter(isCurrentSchema).sort((a, b) => compareIds(a.id, b.id));
  }

  private async removeFromDb(ids: string[]): Promise<void> {
    if (!this.stores) return;
    // Summary first, result second: the reverse of put, so no summary outlives its result.
    await delMany(ids, this.stores.summaries);
    await delMany(ids, this.stores.results);
  }

  /**
   * Deletes summaries whose result is gone and results without a summary that are older than
   * `ORPHAN_GRACE_MS` (younger ones may be another tab's put between its two writes).
   */
  private async removeOrphans(): Promise<void> {
    if (!this.stores) return;
    // Summaries are read before results: with put writing result-then-summary and delete removing
    // summary-then-result, a summary seen here whose result is missing afterwards is truly stale.
    const summaryIds = new Set(await keys<string>(this.stores.summaries));
    const resultIds = new Set(await keys<string>(this.stores.results));
    const staleSummaryIds = [...summaryIds].filter((id) => !resultIds.has(id));
    if (staleSummaryIds.length > 0) await delMany(staleSummaryIds, this.stores.summaries);
    const now = Date.now();
    for (const id of resultIds) {
      if (summaryIds.has(id)) continue;
      const result = await get<StoredResult>(id, this.stores.results);
      const createdAt = typeof result?.createdAt === 'number' ? result.createdAt : 0;
      if (now - createdAt > ORPHAN_GRACE_MS) await del(id, this.stores.results);
    }
  }
}

/** Ids of the oldest summaries to drop so the rest fit `limits`; `summaries` sorted oldest first. */
function oldestBeyondCaps(
  summaries: readonly StoredSummary[],
  limits: HistoryLimits,
  keepId: string | undefined,
): string[] {
  let count = summaries.length;
  let bytes = summaries.reduce((total, summary) => total + summary.byteSize, 0);
  const victims: string[] = [];
  for (const summary of summaries) {
    if (count <= limits.maxEntries && bytes <= limits.maxBytes) break;
    if (summary.id === keepId) continue;
    victims.push(summary.id);
    count -= 1;
    bytes -= summary.byteSize;
  }
  return victims;
}

/** Writes, reads back and checks a probe value, and opens the other two databases, within `timeoutMs`. */
async function probe(stores: HistoryStores, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const attempt = (async () => {
    // A key of its own: two tabs opening at once would otherwise read back each other's token.
    const token = Date.now();
    const key = PROBE_KEY_PREFIX + newResultId(token);
    await set(key, token, stores.meta);
    const readBack = await get<number>(key, stores.meta);
    await del(key, stores.meta);
    if (readBack !== token) return false;
    await keys(stores.summaries);
    await keys(stores.results);
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function checkLimits(limits: HistoryLimits): HistoryLimits {
  if (!Number.isInteger(limits.maxEntries) || limits.maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${limits.maxEntries}`);
  }
  if (!(limits.maxBytes > 0)) {
    throw new RangeError(`maxBytes must be positive, got ${limits.maxBytes}`);
  }
  return { maxEntries: limits.maxEntries, maxBytes: limits.maxBytes };
}

function isCurrentSchema<T extends { schemaVersion: number }>(
  record: T | undefined | null,
): record is T {
  return record?.schemaVersion === RESULT_SCHEMA_VERSION;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Errors from IndexedDB are told apart by name: DOMExceptions from other realms fail `instanceof`. */
function errorNameOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    const { name } = error as { name: unknown };
    if (typeof name === 'string') return name;
  }
  return 'Error';
}
