/**
 * A person's own models: weights and descriptor in IndexedDB (database `textspot-models`, through
 * idb-keyval), so they survive reloads until removed. Falls back to memory when IndexedDB is
 * missing or refuses (e.g. Firefox private mode): the model works for the session, then is gone.
 */
import { delMany, getMany, keys, setMany, type UseStore } from 'idb-keyval';
import { ErrorName, errorMessage, errorName, namedError } from '../../../core/errors.js';
import { sha256Hex } from '../../history/store/content-hash.js';
import type { ModelDescriptor } from '../pipeline/descriptor.js';
import { createStoreIn } from './idb-stores.js';

/** The IndexedDB database and object store user models live in. */
export const MODEL_DB_NAME = 'textspot-models';
const MODEL_STORE_NAME = 'models';

// Descriptors and weights sit under separate keys so listing models never reads the weights.
// Weights are keyed by their SHA-256, so two models of the same bytes store them once; models
// stored before that keep theirs under `bytes:<id>`.
const DESCRIPTOR_PREFIX = 'descriptor:';
const BYTES_PREFIX = 'bytes:';
const HASHED_BYTES_PREFIX = 'bytes:sha256:';

/** One stored user model, without its weights. */
export interface StoredModelEntry {
  descriptor: ModelDescriptor;
  /** When it was added, ms since the epoch. */
  addedAt: number;
  /** `false` when held only in memory: it will not survive a reload. */
  persisted: boolean;
  /** Lower-case hex SHA-256 of the weights; missing for models stored before it was kept. */
  bytesHash?: string;
}

interface DescriptorRecord {
  descriptor: ModelDescriptor;
  addedAt: number;
  bytesHash?: string;
}

/**
 * Keys of the weights model `id` leaves unused once it is gone or stored with weights `keepHash`:
 * its own, unless another model (or the new weights) uses the same bytes.
 */
function orphanedBytes(
  records: readonly (DescriptorRecord | undefined)[],
  id: string,
  keepHash: string | undefined,
): string[] {
  const record = records.find((r) => r?.descriptor.id === id);
  if (!record) return [];
  const shared =
    record.bytesHash !== undefined &&
    (record.bytesHash === keepHash ||
      records.some(
        (other) => other?.descriptor.id !== id && other?.bytesHash === record.bytesHash,
      ));
  return shared ? [] : [bytesKeyOf(record)];
}

/** The key of a record's weights. */
function bytesKeyOf(record: DescriptorRecord): string {
  return record.bytesHash
    ? HASHED_BYTES_PREFIX + record.bytesHash
    : BYTES_PREFIX + record.descriptor.id;
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
      ({ descriptor, addedAt, bytesHash }) => ({
        descriptor,
        addedAt,
        persisted: false,
        ...(bytesHash ? { bytesHash } : {}),
      }),
    );
    if (this.store) {
      try {
        for (const record of await this.records()) {
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

  /** Stored models whose weights are these bytes (same SHA-256), oldest first. */
  async withBytes(bytes: ArrayBuffer): Promise<StoredModelEntry[]> {
    const hash = await sha256Hex(bytes);
    return (await this.list()).filter((entry) => entry.bytesHash === hash);
  }

  /**
   * Stores a model under `descriptor.id` (replacing one with the same id); weights another model
   * already stored are not written again. Resolves with `persisted: false` when IndexedDB refused
   * and the model is held in memory instead.
   */
  async put(
    descriptor: ModelDescriptor,
    bytes: ArrayBuffer,
  ): Promise<{ persisted: boolean; errorName?: string }> {
    const bytesHash = await sha256Hex(bytes);
    const record: DescriptorRecord = { descriptor, addedAt: this.now(), bytesHash };
    if (this.store) {
      try {
        // A model replaced under the same id may leave weights no model uses.
        const unused = orphanedBytes(await this.records(), descriptor.id, bytesHash);
        // One transaction: a descriptor is never stored without its weights.
        await setMany(
          [
            [bytesKeyOf(record), bytes],
            [DESCRIPTOR_PREFIX + descriptor.id, record],
          ],
          this.store,
        );
        if (unused.length > 0) await delMany(unused, this.store);
        this.memory.delete(descriptor.id);
        return { persisted: true };
      } catch (error) {
        this.memory.set(descriptor.id, { ...record, bytes: this.sharedInMemory(bytesHash, bytes) });
        return { persisted: false, errorName: errorName(error) };
      }
    }
    this.memory.set(descriptor.id, { ...record, bytes: this.sharedInMemory(bytesHash, bytes) });
    return { persisted: false };
  }

  /** Weights held in memory for another model of the same bytes, so they are held once; else `bytes`. */
  private sharedInMemory(bytesHash: string, bytes: ArrayBuffer): ArrayBuffer {
    for (const entry of this.memory.values()) {
      if (entry.bytesHash === bytesHash) return entry.bytes;
    }
    return bytes;
  }

  /** Every stored descriptor record (IndexedDB only); throws when the database cannot be read. */
  private async records(): Promise<(DescriptorRecord | undefined)[]> {
    if (!this.store) return [];
    const descriptorKeys = (await keys(this.store)).filter(
      (key): key is string => typeof key === 'string' && key.startsWith(DESCRIPTOR_PREFIX),
    );
    return getMany<DescriptorRecord | undefined>(descriptorKeys, this.store);
  }

  /** The weights of model `id`, or null when no such model is stored. */
  async getBytes(id: string): Promise<ArrayBuffer | null> {
    const remembered = this.memory.get(id);
    if (remembered) return remembered.bytes;
    if (!this.store) return null;
    try {
      const [record] = await getMany<DescriptorRecord | undefined>(
        [DESCRIPTOR_PREFIX + id],
        this.store,
      );
      if (!record) return null;
      const [bytes] = await getMany<ArrayBuffer | undefined>([bytesKeyOf(record)], this.store);
      return bytes ?? null;
    } catch (error) {
      throw namedError(
        ErrorName.Storage,
        `the weights of this model could not be read: ${errorMessage(error)}`,
        error,
      );
    }
  }

  /**
   * Removes model `id`: its descriptor, and its weights unless another model uses the same bytes.
   * Removing an unknown id does nothing.
   */
  async delete(id: string): Promise<void> {
    this.memory.delete(id);
    if (!this.store) return;
    try {
      const unused = orphanedBytes(await this.records(), id, undefined);
      await delMany([DESCRIPTOR_PREFIX + id, ...unused], this.store);
    } catch (error) {
      throw namedError(
        ErrorName.Storage,
        `the model could not be removed: ${errorMessage(error)}`,
        error,
      );
    }
  }
}
