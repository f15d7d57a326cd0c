import { IDBFactory } from 'fake-indexeddb';
import { keys, setMany, type UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/features/history/store/content-hash.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import { presetSettings } from '../../src/features/models/pipeline/descriptor-presets.js';
import { createStoreIn } from '../../src/features/models/store/idb-stores.js';
import { MODEL_DB_NAME, ModelStore } from '../../src/features/models/store/model-store.js';

function descriptor(id: string): ModelDescriptor {
  return {
    id,
    name: `Model ${id}`,
    source: 'test',
    license: 'MIT',
    bytes: 4,
    ...presetSettings('competition-dbnet-640'),
  };
}

function weights(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer;
}

/** A clock that ticks one millisecond per call. */
function ticking(start = 1000): () => number {
  let now = start;
  return () => now++;
}

describe('ModelStore', () => {
  it('keeps a model across a reopen (a page reload), weights byte for byte', async () => {
    const indexedDB = new IDBFactory();
    const first = new ModelStore({ indexedDB });
    expect(await first.put(descriptor('a'), weights(1, 2, 3, 4))).toEqual({ persisted: true });

    const reopened = new ModelStore({ indexedDB });
    const listed = await reopened.list();
    expect(listed.map((e) => [e.descriptor, e.persisted])).toEqual([[descriptor('a'), true]]);
    const bytes = await reopened.getBytes('a');
    expect([...new Uint8Array(bytes!)]).toEqual([1, 2, 3, 4]);
  });

  it('lists models oldest first', async () => {
    const store = new ModelStore({ indexedDB: new IDBFactory(), now: ticking() });
    await store.put(descriptor('later-name-first'), weights(1));
    await store.put(descriptor('a-second'), weights(2));
    expect((await store.list()).map((e) => e.descriptor.id)).toEqual([
      'later-name-first',
      'a-second',
    ]);
  });

  it('removes both the descriptor and the weights', async () => {
    const indexedDB = new IDBFactory();
    const store = new ModelStore({ indexedDB });
    await store.put(descriptor('a'), weights(1));
    await store.put(descriptor('b'), weights(2));
    await store.delete('a');

    expect((await store.list()).map((e) => e.descriptor.id)).toEqual(['b']);
    expect(await store.getBytes('a')).toBeNull();
    const raw = createStoreIn(indexedDB, MODEL_DB_NAME, 'models');
    const hashOf2 = await sha256Hex(weights(2));
    expect((await keys(raw)).sort()).toEqual([`bytes:sha256:${hashOf2}`, 'descriptor:b']);
  });

  it('stores the same weights once for two models, and keeps them until the last one goes', async () => {
    const indexedDB = new IDBFactory();
    const store = new ModelStore({ indexedDB, now: ticking() });
    await store.put(descriptor('a'), weights(1, 2, 3, 4));
    await store.put(descriptor('b'), weights(1, 2, 3, 4));
    const raw = createStoreIn(indexedDB, MODEL_DB_NAME, 'models');
    const bytesKeys = async () => (await keys(raw)).filter((k) => String(k).startsWith('bytes:'));
    expect(await bytesKeys()).toHaveLength(1);
    expect((await store.withBytes(weights(1, 2, 3, 4))).map((e) => e.descriptor.id)).toEqual([
      'a',
      'b',
    ]);
    expect(await store.withBytes(weights(9))).toEqual([]);

    await store.delete('a');
    expect([...new Uint8Array((await store.getBytes('b'))!)]).toEqual([1, 2, 3, 4]);
    await store.delete('b');
    expect(await bytesKeys()).toEqual([]);
  });

  it('reads weights stored under the model id before they were keyed by hash', async () => {
    const indexedDB = new IDBFactory();
    const raw = createStoreIn(indexedDB, MODEL_DB_NAME, 'models');
    await setMany(
      [
        ['bytes:old', weights(7)],
        ['descriptor:old', { descriptor: descriptor('old'), addedAt: 1 }],
      ],
      raw,
    );
    const store = new ModelStore({ indexedDB });
    expect([...new Uint8Array((await store.getBytes('old'))!)]).toEqual([7]);
    await store.delete('old');
    expect(await keys(raw)).toEqual([]);
  });

  it('replaces a model stored under the same id', async () => {
    const indexedDB = new IDBFactory();
    const store = new ModelStore({ indexedDB });
    await store.put(descriptor('a'), weights(1));
    await store.put({ ...descriptor('a'), name: 'renamed' }, weights(9));
    const listed = await store.list();
    expect(listed.map((e) => e.descriptor.name)).toEqual(['renamed']);
    expect([...new Uint8Array((await store.getBytes('a'))!)]).toEqual([9]);
    // The replaced weights are gone: one model, one set of weights.
    const raw = createStoreIn(indexedDB, MODEL_DB_NAME, 'models');
    expect((await keys(raw)).filter((k) => String(k).startsWith('bytes:'))).toHaveLength(1);
  });

  it('holds a model in memory when IndexedDB refuses the write, and says so', async () => {
    const indexedDB = new IDBFactory();
    const base = createStoreIn(indexedDB, MODEL_DB_NAME, 'models');
    const refusing: UseStore = (mode, callback) =>
      mode === 'readwrite'
        ? Promise.reject(new DOMException('disk full', 'QuotaExceededError'))
        : base(mode, callback);
    const store = new ModelStore({ store: refusing });

    expect(await store.put(descriptor('a'), weights(5))).toEqual({
      persisted: false,
      errorName: 'QuotaExceededError',
    });
    expect((await store.list()).map((e) => [e.descriptor.id, e.persisted])).toEqual([['a', false]]);
    expect([...new Uint8Array((await store.getBytes('a'))!)]).toEqual([5]);
    // Nothing reached the database, so a reload would not find it.
    expect(await new ModelStore({ indexedDB }).list()).toEqual([]);
  });

  it('works from memory alone without IndexedDB', async () => {
    const store = new ModelStore({ indexedDB: null });
    expect(await store.put(descriptor('a'), weights(7))).toEqual({ persisted: false });
    expect((await store.list()).map((e) => e.descriptor.id)).toEqual(['a']);
    await store.delete('a');
    expect(await store.list()).toEqual([]);
    expect(await store.getBytes('a')).toBeNull();
  });
});
