/**
 * TextSpot's one service worker. It (a) adds the cross-origin-isolation headers to every
 * same-origin response, so ONNX Runtime gets WASM threads on hosts that cannot send headers
 * (GitHub Pages), and (b) precaches the app, ONNX Runtime's WASM build and the catalog's model
 * weights, so the app opens and detects offline after one visit. Two service workers cannot
 * share a scope, so both jobs live here.
 */
import { ExpirationPlugin } from 'workbox-expiration';
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import type { SwMessage } from '../../../protocol/sw-messages.js';
import { withIsolationHeaders } from './isolation-headers.js';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

/** Runtime cache of large same-origin files not precached (ONNX Runtime's WebGPU build). */
const RUNTIME_CACHE = 'textspot-runtime-v1';
/** The model cache the detector worker kept before this service worker existed. */
const LEGACY_MODEL_CACHE = 'textspot-models-v1';

const isolation = {
  handlerWillRespond: async ({ response }: { response: Response }) =>
    withIsolationHeaders(response),
};

// Precached responses get the headers as they are served, not as they are stored.
addPlugins([isolation]);
// Precache entries are versioned by content (Workbox stores each with a hash of its bytes), so
// an update downloads only files that changed: unchanged model weights stay where they are.
// Query strings (`?backend=wasm`) do not make the page a different file.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

const sameOrigin = (url: URL) => url.origin === self.location.origin;

// ONNX Runtime's WebGPU build (about 27 MB of WASM) is cached on first use, not precached: most
// people never need it. Its file name carries a content hash, so a new build is a new entry and
// the expiration drops the old one.
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.endsWith('.wasm'),
  new CacheFirst({
    cacheName: RUNTIME_CACHE,
    plugins: [isolation, new ExpirationPlugin({ maxEntries: 2, purgeOnQuotaError: true })],
  }),
);

// Everything else from this origin comes from the network, with the headers added.
registerRoute(({ url }) => sameOrigin(url), new NetworkOnly({ plugins: [isolation] }));

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Catalog weights now live in the precache; the worker's own copy would be a second one.
      await caches.delete(LEGACY_MODEL_CACHE);
      // The first install takes the open page at once, so its one reload makes it isolated.
      // An update does not: it waits until the person chooses to reload (see SkipWaiting).
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const type = (event.data as Partial<SwMessage> | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  // A hard reload bypasses the service worker; the page asks to be taken back.
  if (type === 'CLAIM') event.waitUntil(self.clients.claim());
});
