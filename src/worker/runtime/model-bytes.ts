import type { BytesOrigin } from '../../protocol/detector.js';

/**
 * Cache Storage bucket for model weights on pages no service worker controls (the dev server, a
 * window without service workers). Under the service worker its precache holds them instead and
 * it deletes this bucket; bump the suffix when the key scheme changes.
 */
export const MODEL_CACHE_NAME = 'textspot-models-v1';

// Weights fetched once stay here when Cache Storage is missing or refuses (e.g. some private modes).
const memoryCache = new Map<string, ArrayBuffer>();

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(MODEL_CACHE_NAME);
  } catch {
    return null;
  }
}

/** Request headers asking the server whether `cached` is still current (ETag, else date). */
function validators(cached: Response): Record<string, string> | null {
  const etag = cached.headers.get('ETag');
  if (etag) return { 'If-None-Match': etag };
  const modified = cached.headers.get('Last-Modified');
  return modified ? { 'If-Modified-Since': modified } : null;
}

/** The bytes as a response to cache, keeping the validators of the response they came in. */
function toCachedResponse(bytes: ArrayBuffer, from: Response): Response {
  const headers = new Headers();
  for (const name of ['ETag', 'Last-Modified']) {
    const value = from.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(bytes.slice(0), { headers });
}

/**
 * Fetches model weights. Without a `cacheKey` this is a plain fetch: the service worker's
 * precache answers it, versioned by content. With one, the copy in Cache Storage is used when the
 * server confirms it is current (a 304 for its ETag: versioned by content, not size) or cannot be
 * reached (offline), so reloads and worker respawns do not download the weights again.
 */
export async function fetchModelBytes(
  url: string,
  cacheKey: string | undefined,
  signal?: AbortSignal,
): Promise<{ bytes: ArrayBuffer; origin: BytesOrigin }> {
  if (cacheKey === undefined) {
    return { bytes: await (await get(url, signal)).arrayBuffer(), origin: 'network' };
  }
  const remembered = memoryCache.get(cacheKey);
  if (remembered) return { bytes: remembered, origin: 'memory' };
  const cache = await openCache();
  const cached = await cache?.match(cacheKey);
  if (cached) {
    const ask = validators(cached);
    // Without a validator the copy cannot be checked; it stands until the cache is cleared.
    if (!ask) return { bytes: await cached.arrayBuffer(), origin: 'cache-storage' };
    let response: Response | null = null;
    try {
      response = await fetch(url, { signal, cache: 'no-store', headers: ask });
    } catch (error) {
      if (signal?.aborted) throw error;
      // Offline or blocked: the cached copy is the best there is.
    }
    if (!response?.ok) return { bytes: await cached.arrayBuffer(), origin: 'cache-storage' };
    return { bytes: await keep(cache, cacheKey, response), origin: 'network' };
  }
  const bytes = await keep(cache ?? null, cacheKey, await get(url, signal));
  return { bytes, origin: 'network' };
}

/** GETs `url`, refusing anything but a 2xx answer. */
async function get(url: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(url, { signal });
  if (!response.ok)
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return response;
}

/** Reads the response's bytes and stores them under `cacheKey` (in memory without a cache). */
async function keep(cache: Cache | null, cacheKey: string, response: Response) {
  const bytes = await response.arrayBuffer();
  try {
    await cache?.put(cacheKey, toCachedResponse(bytes, response));
  } catch {
    // A full or refusing cache only costs a download next time.
  }
  if (!cache) memoryCache.set(cacheKey, bytes);
  return bytes;
}
