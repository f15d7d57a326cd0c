/** Versioned Cache Storage bucket for model weights; bump the suffix when the key scheme changes. */
export const MODEL_CACHE_NAME = 'textspot-models-v1';

// Weights fetched once stay here when Cache Storage is missing or refuses (e.g. some private modes).
const memoryCache = new Map<string, ArrayBuffer>();

/** Where a model's bytes came from, for the status line and the benchmarks. */
import type { BytesOrigin } from './protocol.js';

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(MODEL_CACHE_NAME);
  } catch {
    return null;
  }
}

/**
 * Fetches model weights, served from Cache Storage under `cacheKey` (an absolute URL that includes
 * the model version) when present, so reloads and worker respawns do not download them again.
 */
export async function fetchModelBytes(
  url: string,
  cacheKey: string,
  signal?: AbortSignal,
): Promise<{ bytes: ArrayBuffer; origin: BytesOrigin }> {
  const remembered = memoryCache.get(cacheKey);
  if (remembered) return { bytes: remembered, origin: 'memory' };
  const cache = await openCache();
  const cached = await cache?.match(cacheKey);
  if (cached) return { bytes: await cached.arrayBuffer(), origin: 'cache-storage' };

  const response = await fetch(url, { signal });
  if (!response.ok)
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  const bytes = await response.arrayBuffer();
  try {
    await cache?.put(cacheKey, new Response(bytes.slice(0)));
  } catch {
    // A full or refusing cache only costs a download next time.
  }
  if (!cache) memoryCache.set(cacheKey, bytes);
  return { bytes, origin: 'network' };
}
