/**
 * The history's IndexedDB database: results and their summaries as two stores of one database,
 * so a result and its summary are written, evicted and deleted in one transaction and never
 * outlive each other. Raw IndexedDB rather than the `idb` wrapper: the history needs a handful
 * of requests, one upgrade and explicit transactions, which a small promise helper covers;
 * idb-keyval (one store per database) stays for the simple key/value stores.
 */
import {
  RESULT_SCHEMA_VERSION,
  type StoredResult,
  type StoredSummary,
  summarizeResult,
} from './stored-result.js';

/** Name of the history database; version 1 held only the `results` store. */
export const HISTORY_DB_NAME = 'textspot';
/** Version 2: `results`, `summaries` (with the lookup index) and `meta` in one database. */
export const HISTORY_DB_VERSION = 2;
/** Databases version 1 kept beside `textspot`, one store each; deleted once migrated. */
export const LEGACY_DB_NAMES = ['textspot-summaries', 'textspot-meta'] as const;

const RESULTS = 'results';
const SUMMARIES = 'summaries';
const META = 'meta';
/** Index of summaries on (content hash, model id, parameters key): the "already processed" lookup. */
const LOOKUP_INDEX = 'by-content-model-params';

/** Caps on the stored history; beyond either, the oldest results are evicted. */
export interface HistoryLimits {
  /** Maximum number of stored results. */
  maxEntries: number;
  /** Maximum total of `StoredSummary.byteSize`, bytes. */
  maxBytes: number;
}

/** Called inside a result's write transaction before anything is written; throwing aborts it (tests inject quota errors). */
export type BeforeWrite = (id: string) => void;

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = transaction.onerror = () =>
      reject(transaction.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/** Runs `work` in one transaction over `stores`; resolves with its value once the transaction commits. */
async function inTransaction<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  work: (transaction: IDBTransaction) => Promise<T>,
): Promise<T> {
  const transaction = db.transaction(stores, mode);
  const commit = committed(transaction);
  let value: T;
  try {
    value = await work(transaction);
  } catch (error) {
    try {
      transaction.abort();
    } catch {
      // Already finished or aborted: the original error is the one to report.
    }
    commit.catch(() => undefined);
    throw error;
  }
  await commit;
  return value;
}

function isCurrentSchema<T extends { schemaVersion: number }>(
  record: T | undefined | null,
): record is T {
  return record?.schemaVersion === RESULT_SCHEMA_VERSION;
}

/**
 * Creates the stores a version lacks. From version 1 (results only, summaries in a database of
 * their own) the summaries are rebuilt from the results inside the upgrade: they are derived
 * data, so nothing is lost and no second database has to be read mid-upgrade.
 */
function upgrade(db: IDBDatabase, transaction: IDBTransaction): void {
  const results = db.objectStoreNames.contains(RESULTS)
    ? transaction.objectStore(RESULTS)
    : db.createObjectStore(RESULTS);
  if (!db.objectStoreNames.contains(SUMMARIES)) {
    const summaries = db.createObjectStore(SUMMARIES);
    summaries.createIndex(LOOKUP_INDEX, ['contentHash', 'modelId', 'paramsKey']);
    const cursorRequest = results.openCursor();
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) return;
      const result = cursor.value as StoredResult | undefined;
      if (isCurrentSchema(result)) summaries.put(summarizeResult(result), cursor.key);
      cursor.continue();
    };
  }
  if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
}

/** Ids of the oldest summaries to drop so the rest fit `limits`; `summaries` sorted oldest first. */
export function oldestBeyondCaps(
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

/** The history database, opened lazily through a given `IDBFactory` (fake-indexeddb in tests). */
export class HistoryDb {
  private opening: Promise<IDBDatabase> | undefined;

  constructor(
    private readonly factory: IDBFactory,
    private readonly beforeWrite: BeforeWrite | null = null,
  ) {}

  /** Stored summaries of the current schema, oldest first (ids sort by creation time). */
  async summaries(): Promise<StoredSummary[]> {
    const db = await this.db();
    return inTransaction(db, [SUMMARIES], 'readonly', async (transaction) =>
      readSummaries(transaction),
    );
  }

  /** The full result with this id, or `undefined`. */
  async get(id: string): Promise<StoredResult | undefined> {
    const db = await this.db();
    const result = await inTransaction(db, [RESULTS], 'readonly', (transaction) =>
      done<StoredResult | undefined>(transaction.objectStore(RESULTS).get(id)),
    );
    return isCurrentSchema(result) ? result : undefined;
  }

  /** The newest result of these bytes, model and parameters key, found through the lookup index. */
  async findByKey(
    contentHash: string,
    modelId: string,
    paramsKey: string,
  ): Promise<StoredResult | undefined> {
    const db = await this.db();
    return inTransaction(db, [SUMMARIES, RESULTS], 'readonly', async (transaction) => {
      const index = transaction.objectStore(SUMMARIES).index(LOOKUP_INDEX);
      const ids = await done(index.getAllKeys([contentHash, modelId, paramsKey]));
      // Primary keys come in ascending order: the newest is last.
      for (const id of ids.reverse()) {
        const result = await done<StoredResult | undefined>(
          transaction.objectStore(RESULTS).get(id),
        );
        if (isCurrentSchema(result)) return result;
      }
      return undefined;
    });
  }

  /**
   * Writes a result and its summary, then evicts the oldest results beyond `limits` (never this
   * one), all in one transaction. Resolves with the evicted ids; rejects with the transaction's
   * error (e.g. `QuotaExceededError`), in which case nothing was written or evicted.
   */
  async put(result: StoredResult, limits: HistoryLimits): Promise<string[]> {
    const db = await this.db();
    return inTransaction(db, [RESULTS, SUMMARIES], 'readwrite', async (transaction) => {
      this.beforeWrite?.(result.id);
      const results = transaction.objectStore(RESULTS);
      const summaries = transaction.objectStore(SUMMARIES);
      results.put(result, result.id);
      summaries.put(summarizeResult(result), result.id);
      const victims = oldestBeyondCaps(await readSummaries(transaction), limits, result.id);
      for (const id of victims) {
        summaries.delete(id);
        results.delete(id);
      }
      return victims;
    });
  }

  /** Evicts the oldest results beyond `limits` in one transaction; resolves with their ids. */
  async evictBeyond(limits: HistoryLimits): Promise<string[]> {
    const db = await this.db();
    return inTransaction(db, [RESULTS, SUMMARIES], 'readwrite', async (transaction) => {
      const victims = oldestBeyondCaps(await readSummaries(transaction), limits, undefined);
      for (const id of victims) {
        transaction.objectStore(SUMMARIES).delete(id);
        transaction.objectStore(RESULTS).delete(id);
      }
      return victims;
    });
  }

  /** Deletes results and their summaries in one transaction; unknown ids are ignored. */
  async delete(ids: readonly string[]): Promise<void> {
    const db = await this.db();
    await inTransaction(db, [RESULTS, SUMMARIES], 'readwrite', async (transaction) => {
      for (const id of ids) {
        transaction.objectStore(SUMMARIES).delete(id);
        transaction.objectStore(RESULTS).delete(id);
      }
    });
  }

  /** Deletes every result and summary in one transaction. */
  async clear(): Promise<void> {
    const db = await this.db();
    await inTransaction(db, [RESULTS, SUMMARIES], 'readwrite', async (transaction) => {
      transaction.objectStore(SUMMARIES).clear();
      transaction.objectStore(RESULTS).clear();
    });
  }

  /** Writes, reads back and deletes a value of its own: resolves true when IndexedDB really works. */
  async probe(key: string, token: number): Promise<boolean> {
    const db = await this.db();
    await inTransaction(db, [META], 'readwrite', async (transaction) => {
      transaction.objectStore(META).put(token, key);
    });
    const readBack = await inTransaction(db, [META], 'readwrite', async (transaction) => {
      const store = transaction.objectStore(META);
      const value = await done(store.get(key));
      store.delete(key);
      return value;
    });
    return readBack === token;
  }

  private db(): Promise<IDBDatabase> {
    this.opening ??= this.open();
    return this.opening;
  }

  private open(): Promise<IDBDatabase> {
    let request: IDBOpenDBRequest;
    try {
      request = this.factory.open(HISTORY_DB_NAME, HISTORY_DB_VERSION);
    } catch (error) {
      // Some browsers throw from open() itself (e.g. SecurityError in sandboxed frames).
      this.opening = undefined;
      return Promise.reject(error);
    }
    let fromVersion = HISTORY_DB_VERSION;
    request.onupgradeneeded = (event) => {
      fromVersion = event.oldVersion;
      if (request.transaction) upgrade(request.result, request.transaction);
    };
    return done(request).then(
      (db) => {
        // Safari sometimes closes the connection on its own; reopen on next use.
        db.onclose = () => {
          this.opening = undefined;
        };
        // Let another tab upgrade or delete the database instead of blocking it forever.
        db.onversionchange = () => {
          db.close();
          this.opening = undefined;
        };
        if (fromVersion === 1) {
          // Version 1's summaries are rebuilt in `textspot`; its other databases only cost space.
          for (const name of LEGACY_DB_NAMES) {
            const deletion = this.factory.deleteDatabase(name);
            deletion.onerror = () => undefined;
          }
        }
        return db;
      },
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
  }
}

async function readSummaries(transaction: IDBTransaction): Promise<StoredSummary[]> {
  const all = await done<StoredSummary[]>(transaction.objectStore(SUMMARIES).getAll());
  return all.filter(isCurrentSchema);
}
