/**
 * The result history: full results and their summaries in one IndexedDB database
 * (`history-db.ts`), with count and byte caps, eviction of the oldest on quota errors, and an
 * in-memory fallback when IndexedDB is missing or refuses to work (e.g. Firefox private mode).
 */
import { BYTES_PER_MB } from '../../../core/units.js';
import { type BeforeWrite, HistoryDb, type HistoryLimits, oldestBeyondCaps } from './history-db.js';
import {
  newResultId,
  type ResultSummary,
  type StoredResult,
  type StoredSummary,
  type StoredThumbnail,
  summarizeResult,
} from './stored-result.js';

export type { BeforeWrite, HistoryLimits } from './history-db.js';
export type {
  ResultSummary,
  StoredResult,
  StoredSummary,
  StoredThumbnail,
} from './stored-result.js';
export { newResultId, paramsKey, RESULT_SCHEMA_VERSION, runKey } from './stored-result.js';

/** Where the history lives: `memory` means nothing survives a reload. */
export type HistoryMode = 'indexeddb' | 'memory';

/** Default caps: 500 results, 200 MB. */
export const DEFAULT_HISTORY_LIMITS: Readonly<HistoryLimits> = {
  maxEntries: 500,
  maxBytes: 200 * BYTES_PER_MB,
};

/** Most results kept in memory when IndexedDB cannot take them. */
export const DEFAULT_MEMORY_MAX_ENTRIES = 50;

/** How long the open-time probe waits for IndexedDB before falling back to memory, ms. */
const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/** Prefix of the open-time probe's key; each probe adds a random suffix. */
const PROBE_KEY_PREFIX = 'probe-';

/** What `put` did: how many older results it evicted and whether the new one survives a reload. */
export interface PutOutcome {
  /** Older results removed to respect the caps or to make room after a quota error. */
  evicted: number;
  /** `true` when some of `evicted` went because the browser's storage was full, not for a cap. */
  madeRoom: boolean;
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
  /** Called inside each result's write transaction; throwing aborts the write (tests inject quota errors). */
  beforeWrite?: BeforeWrite;
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
    const candidate = factory ? new HistoryDb(factory, options.beforeWrite ?? null) : null;
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
    return store;
  }

  private readonly memory = new Map<string, MemoryEntry>();

  private constructor(
    private readonly db: HistoryDb | null,
    private currentLimits: HistoryLimits,
    private readonly memoryMaxEntries: number,
    private readonly storageManager: StorageManagerLike | null,
  ) {}

  /** `indexeddb` when results survive a reload, `memory` when they do not. */
  get mode(): HistoryMode {
    return this.db ? 'indexeddb' : 'memory';
  }

  /** `true` when results survive a reload. */
  get persistent(): boolean {
    return this.db !== null;
  }

  /** The caps in force. */
  get limits(): HistoryLimits {
    return { ...this.currentLimits };
  }

  /** How many stored results `setLimits(limits)` would remove now; removes none. */
  async countBeyond(limits: Partial<HistoryLimits>): Promise<number> {
    const next = checkLimits({ ...this.currentLimits, ...limits });
    const stored = this.db
      ? oldestBeyondCaps(await this.db.summaries(), next, undefined).length
      : 0;
    return stored + this.memoryVictims(next, undefined).length;
  }

  /** Changes the caps and evicts the oldest results beyond them at once. */
  async setLimits(limits: Partial<HistoryLimits>): Promise<{ evicted: number }> {
    this.currentLimits = checkLimits({ ...this.currentLimits, ...limits });
    const dbEvicted = this.db ? (await this.db.evictBeyond(this.currentLimits)).length : 0;
    return { evicted: this.enforceMemoryCaps(undefined) + dbEvicted };
  }

  /**
   * Stores a result and its summary and evicts the oldest results beyond the caps (never this
   * one), in one transaction. On `QuotaExceededError` it evicts older results one by one and
   * retries; if nothing older is left, or IndexedDB fails otherwise, the result is kept in memory
   * and `persisted` is `false`.
   */
  async put(result: StoredResult): Promise<PutOutcome> {
    if (!this.db) {
      const evicted = this.putInMemory({ result, summary: summarizeResult(result) });
      return { evicted, madeRoom: false, persisted: false };
    }
    let madeRoomFor = 0;
    let olderIds: string[] | undefined;
    for (;;) {
      try {
        const evicted = await this.db.put(result, this.currentLimits);
        this.memory.delete(result.id);
        return {
          evicted: madeRoomFor + evicted.length,
          madeRoom: madeRoomFor > 0,
          persisted: true,
        };
      } catch (error) {
        const name = errorNameOf(error);
        if (name === 'QuotaExceededError') olderIds ??= await this.olderIds(result.id);
        const oldestId = name === 'QuotaExceededError' ? olderIds?.shift() : undefined;
        if (oldestId === undefined) {
          const evicted =
            madeRoomFor + this.putInMemory({ result, summary: summarizeResult(result) });
          return { evicted, madeRoom: madeRoomFor > 0, persisted: false, errorName: name };
        }
        await this.db.delete([oldestId]);
        madeRoomFor += 1;
      }
    }
  }

  /** Summaries of every result, newest first, without thumbnails or polygons. */
  async list(): Promise<ResultSummary[]> {
    const stored = this.db ? await this.db.summaries() : [];
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
    return this.db?.get(id);
  }

  /** The thumbnail of the result with this id, or `undefined`. */
  async getThumbnail(id: string): Promise<StoredThumbnail | undefined> {
    return (await this.get(id))?.thumbnail;
  }

  /** Removes one result; removing an unknown id does nothing. */
  async delete(id: string): Promise<void> {
    this.memory.delete(id);
    await this.db?.delete([id]);
  }

  /** Removes every result. */
  async clear(): Promise<void> {
    this.memory.clear();
    await this.db?.clear();
  }

  /** The newest result of these bytes, model and parameters (`paramsKey(params)`), or `undefined`. */
  async findByKey(
    contentHash: string,
    modelId: string,
    paramsKey: string,
  ): Promise<StoredResult | undefined> {
    const inMemory = [...this.memory.values()]
      .filter(
        ({ summary }) =>
          summary.contentHash === contentHash &&
          summary.modelId === modelId &&
          summary.paramsKey === paramsKey,
      )
      .sort((a, b) => compareIds(b.result.id, a.result.id))[0]?.result;
    const stored = await this.db?.findByKey(contentHash, modelId, paramsKey);
    if (!inMemory) return stored;
    if (!stored) return inMemory;
    return compareIds(inMemory.id, stored.id) > 0 ? inMemory : stored;
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

  /** Ids of stored results older than `id`, oldest first: what may go to make room for it. */
  private async olderIds(id: string): Promise<string[]> {
    if (!this.db) return [];
    return (await this.db.summaries())
      .map((summary) => summary.id)
      .filter((storedId) => compareIds(storedId, id) < 0);
  }

  private putInMemory(entry: MemoryEntry): number {
    this.memory.set(entry.result.id, entry);
    return this.enforceMemoryCaps(entry.result.id);
  }

  private enforceMemoryCaps(keepId: string | undefined): number {
    const victims = this.memoryVictims(this.currentLimits, keepId);
    for (const id of victims) this.memory.delete(id);
    return victims.length;
  }

  /** Ids of the results held in memory that `caps` leave no room for, oldest first. */
  private memoryVictims(caps: HistoryLimits, keepId: string | undefined): string[] {
    const summaries = [...this.memory.values()]
      .map(({ summary }) => summary)
      .sort((a, b) => compareIds(a.id, b.id));
    const limits = {
      maxEntries: Math.min(caps.maxEntries, this.memoryMaxEntries),
      maxBytes: caps.maxBytes,
    };
    return oldestBeyondCaps(summaries, limits, keepId);
  }
}

/** Writes, reads back and checks a probe value within `timeoutMs`. */
async function probe(db: HistoryDb, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  // A key of its own: two tabs opening at once would otherwise read back each other's token.
  const token = Date.now();
  const attempt = db.probe(PROBE_KEY_PREFIX + newResultId(token), token).catch(() => false);
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
