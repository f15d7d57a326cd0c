import { ErrorName, namedError } from '../../../core/errors.js';
import type { BackendPreference, LoadRequest } from '../../../protocol/detector.js';
import { HALF_TURN_MODEL_FILE } from '../pipeline/catalog.js';
import type { ModelDescriptor } from '../pipeline/descriptor.js';

/** The models folder, resolved against the page so the build works from any sub-path. */
export function modelsBaseUrl(): URL {
  return new URL(`${import.meta.env.BASE_URL}models/`, document.baseURI);
}

export type { Catalog } from '../pipeline/catalog.js';

/**
 * Where the 0°/180° line classifier is, for any detection model's load request: document photos
 * turn pages upright whatever the detector. Under a service worker its precache keeps the file;
 * otherwise the worker keeps it in Cache Storage under its URL.
 */
export function halfTurnFields(): Pick<LoadRequest, 'halfTurnModelUrl' | 'halfTurnCacheKey'> {
  const url = new URL(HALF_TURN_MODEL_FILE, modelsBaseUrl()).href;
  const underServiceWorker = Boolean(globalThis.navigator?.serviceWorker?.controller);
  return { halfTurnModelUrl: url, ...(underServiceWorker ? {} : { halfTurnCacheKey: url }) };
}

/**
 * The worker's load request for a catalog model. Under a service worker its precache keeps the
 * weights; otherwise the worker keeps them in Cache Storage under their URL.
 */
export function loadRequestFor(
  descriptor: ModelDescriptor,
  backend: BackendPreference,
): LoadRequest {
  if (!descriptor.file)
    throw namedError(ErrorName.ModelLoad, `${descriptor.name} names no weights file`);
  const modelUrl = new URL(descriptor.file, modelsBaseUrl()).href;
  const underServiceWorker = Boolean(globalThis.navigator?.serviceWorker?.controller);
  return {
    descriptor,
    modelUrl,
    cacheKey: underServiceWorker ? undefined : modelUrl,
    ...halfTurnFields(),
    backend,
  };
}
