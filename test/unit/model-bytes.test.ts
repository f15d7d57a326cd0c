import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchModelBytes, MODEL_CACHE_NAME } from '../../src/worker/runtime/model-bytes.js';

const URL_ = 'https://textspot.test/models/m.onnx';

/** A Cache Storage stand-in with one bucket, enough for the weights cache. */
function fakeCaches() {
  const store = new Map<string, Response>();
  const cache = {
    match: async (key: string) => store.get(key)?.clone(),
    put: async (key: string, response: Response) => {
      store.set(key, response);
    },
  };
  return {
    store,
    api: { open: async (name: string) => (name === MODEL_CACHE_NAME ? cache : null) },
  };
}

/** A server whose file has `etag`, answering 304 to a matching If-None-Match. */
function server(bytes: Uint8Array, etag: string) {
  return vi.fn(async (_url: string, init?: RequestInit) => {
    const asked = new Headers(init?.headers).get('If-None-Match');
    if (asked === etag) return new Response(null, { status: 304 });
    return new Response(bytes.slice(), { status: 200, headers: { ETag: etag } });
  });
}

describe('fetchModelBytes', () => {
  let caches: ReturnType<typeof fakeCaches>;
  beforeEach(() => {
    caches = fakeCaches();
    vi.stubGlobal('caches', caches.api);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('without a cache key only fetches (the service worker keeps the weights)', async () => {
    const fetch = server(new Uint8Array([1, 2, 3]), '"v1"');
    vi.stubGlobal('fetch', fetch);
    const { bytes, origin } = await fetchModelBytes(URL_, undefined);
    expect([...new Uint8Array(bytes)]).toEqual([1, 2, 3]);
    expect(origin).toBe('network');
    expect(caches.store.size).toBe(0);
  });

  it('downloads once, then serves the copy the server confirms with a 304', async () => {
    const fetch = server(new Uint8Array([1, 2, 3]), '"v1"');
    vi.stubGlobal('fetch', fetch);
    expect((await fetchModelBytes(URL_, 'key-a')).origin).toBe('network');
    const again = await fetchModelBytes(URL_, 'key-a');
    expect(again.origin).toBe('cache-storage');
    expect([...new Uint8Array(again.bytes)]).toEqual([1, 2, 3]);
    expect(new Headers(fetch.mock.calls[1]?.[1]?.headers).get('If-None-Match')).toBe('"v1"');
  });

  it('downloads again when the weights changed (a new ETag), whatever their size', async () => {
    vi.stubGlobal('fetch', server(new Uint8Array([1, 2, 3]), '"v1"'));
    await fetchModelBytes(URL_, 'key-b');
    vi.stubGlobal('fetch', server(new Uint8Array([9, 9, 9]), '"v2"'));
    const changed = await fetchModelBytes(URL_, 'key-b');
    expect(changed.origin).toBe('network');
    expect([...new Uint8Array(changed.bytes)]).toEqual([9, 9, 9]);
    const cached = await caches.store.get('key-b')?.clone().arrayBuffer();
    expect([...new Uint8Array(cached!)]).toEqual([9, 9, 9]);
  });

  it('serves the cached copy when the network is gone', async () => {
    vi.stubGlobal('fetch', server(new Uint8Array([4, 5]), '"v1"'));
    await fetchModelBytes(URL_, 'key-c');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const offline = await fetchModelBytes(URL_, 'key-c');
    expect(offline.origin).toBe('cache-storage');
    expect([...new Uint8Array(offline.bytes)]).toEqual([4, 5]);
  });

  it('fails with the status when nothing is cached and the server refuses', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 404, statusText: 'Not Found' })),
    );
    await expect(fetchModelBytes(URL_, 'key-d')).rejects.toThrow('answered 404 Not Found');
  });
});
