/**
 * An idb-keyval store opened through a given `IDBFactory`, so tests can hand in fake-indexeddb
 * and the app can hand in `globalThis.indexedDB`. The model store uses it; the history has a
 * database of its own (`history-db.ts`).
 */
import { promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * idb-keyval's `createStore`, but opening through `factory` instead of the global `indexedDB`.
 * One object store per database, as in idb-keyval: the upgrade only ever creates `storeName`.
 */
export function createStoreIn(factory: IDBFactory, dbName: string, storeName: string): UseStore {
  let dbPromise: Promise<IDBDatabase> | undefined;
  const getDb = (): Promise<IDBDatabase> => {
    if (dbPromise) return dbPromise;
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(dbName);
    } catch (error) {
      // Some browsers throw from open() itself (e.g. SecurityError in sandboxed frames); reject instead.
      return Promise.reject(error);
    }
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    const opened = promisifyRequest(request);
    dbPromise = opened;
    opened.then(
      (db) => {
        // Safari sometimes closes the connection on its own; reopen on next use.
        db.onclose = () => {
          dbPromise = undefined;
        };
        // Let another tab upgrade or delete the database instead of blocking it forever.
        db.onversionchange = () => {
          db.close();
          dbPromise = undefined;
        };
      },
      () => {
        dbPromise = undefined;
      },
    );
    return opened;
  };
  return (txMode, callback) =>
    getDb().then((db) => callback(db.transaction(storeName, txMode).objectStore(storeName)));
}
