/**
 * A person's own models: weights and descriptor in IndexedDB (database `textspot-models`, through
 * idb-keyval), so they survive reloads until removed. Falls back to memory when IndexedDB is
 * missing or refuses (e.g. Firefox private mode): the model works for the session, then is gone.
 */
import { delMany, getMany, keys, setMany, type UseStore } from 'idb-keyval';
import { ErrorName, errorMessage, errorName, namedError } from '../../../core/errors.js';
import type { ModelDescriptor } from '../pipeline/descriptor.js';
import { createStoreIn } from './idb-stores.js';

/** The IndexedDB database and object store user models live in. */
export const MODEL_DB_NAME = 'textspot-models';
const MODEL_STORE_NAME = 'models';

// Descriptors and weights sit under separate keys so listing models never reads the weights.
const DESCRIPTOR_PREFIX = 'descriptor:';
const BYTES_PREFIX = 'bytes:';

/** One stored user model, without its weights. */
export interface StoredModelEntry {
  descriptor: ModelDescriptor;
  /** When it was added, ms since the epoch. */
  addedAt: number;
  /** `false` when held only in memory: it will not survive a reload. */
  persisted: boolean;
}

interface DescriptorRecord {
  descriptor: ModelDescriptor;
  addedAt: number;
}

/** How to open a {@link ModelStore}. */
export interface ModelStoreOptions {
  /** IndexedDB to use; `null` forces memory. Defaults to `globalThis.indexedDB`. */
  indexedDB?: IDBFactory | null;
  /** A ready-made idb-keyval store; overrides `indexedDB` (tests wrap it to inject failures). */
  store?: UseStore;
  /** Clock, ms since the epoch. */
  now?: () => number;
}

function defaultFactory(): IDBFactory | null {
  try {
    return globalThis.indexedDB ?? null;
  } catch {
    // Some sandboxed frames throw on mere access.
    return null;
  }
}

/** User models, listed by descriptor and loaded by id. */
export class ModelStore {
  private readonly store: UseStore | null;
  private readonly now: () => number;
  private readonly memory = new Map<string, DescriptorRecord & { bytes: ArrayBuffer }>();

  constructor(options: ModelStoreOptions = {}) {
    const factory = options.indexedDB === undefined ? defaultFactory() : options.indexedDB;
    this.store =
      options.store ?? (factory ? createStoreIn(factory, MODEL_DB_NAME, MODEL_STORE_NAME) : null);
    this.now = options.now ?? Date.now;
  }

  /** Every stored model, oldest first. An unreadable database lists only what memory holds. */
  async list(): Promise<StoredModelEntry[]> {
    const entries: StoredModelEntry[] = [...this.memory.values()].map(
      ({ descriptor, addedAt }) => ({ descriptor, addedAt, persisted: false }),
    );
    if (this.store) {
      try {
        const descriptorKeys = (await keys(this.store)).filter(
          (key): key is string => typeof key === 'string' && key.startsWith(DESCRIPTOR_PREFIX),
        );
        const records = await getMany<DescriptorRecord | undefined>(descriptorKeys, this.store);
        for (const record of records) {
          if (record && !this.memory.has(record.descriptor.id)) {
            entries.push({ ...record, persisted: true });
          }
        }
      } catch {
        // Listing is best effort: the app still runs with the catalog.
      }
    }
    return entries.sort((a, b) => a.addedAt - b.addedAt);
  }

  /**
   * Stores a model under `descriptor.id` (replacing one with the same id). Resolves with
   * `persisted: false` when IndexedDB refused and the model is held in memory instead.
   */
  async put(
    descriptor: ModelDescriptor,
    bytes: ArrayBuffer,
  ): Promise<{ persisted: boolean; errorName?: string }> {
    const record: DescriptorRecord = { descriptor, addedAt: this.now() };
    if (this.store) {
      try {
        // One transaction: a descriptor is never stored without its weights.
        await setMany(
          [
            [BYTES_PREFIX + descriptor.id, bytes],
            [DESCRIPTOR_PREFIX + descriptor.id, record],
          ],
          this.store,
        );
        this.memory.delete(descriptor.id);
        return { persisted: true };
      } catch (error) {
        this.memory.set(descriptor.id, { ...record, bytes });
        return { persisted: false, errorName: errorName(error) };
      }
    }
    this.memory.set(descriptor.id, { ...record, bytes });
    return { persisted: false };
  }

  /** The weights of model `id`, or null when no such model is stored. */
  async getBytes(id: string): Promise<ArrayBuffer | null> {
    const remembered = this.memory.get(id);
    if (remembered) return remembered.bytes;
    if (!this.store) return null;
    try {
      const [bytes] = await getMany<ArrayBuffer | undefined>([BYTES_PREFIX + id], this.store);
      return bytes ?? null;
    } catch (error) {
      throw namedError(
        ErrorName.Storage,
        `the weights of this model could not be read: ${errorMessage(error)}`,
        error,
      );
    }
  }

  /** Removes model `id` (weights and descriptor). Removing an unknown id does nothing. */
  async delete(id: string): Promise<void> {
    this.memory.delete(id);
    if (!this.store) return;
    try {
      await delMany([DESCRIPTOR_PREFIX + id, BYTES_PREFIX + id], this.store);
    } catch (error) {
      throw namedError(
        ErrorName.Storage,
        `the model could not be removed: ${errorMessage(error)}`,
        error,
      );
    }
  }
}
