import { ErrorName, errorMessage, namedError } from '../errors.js';
import type { ModelDescriptor } from '../model/descriptor.js';
import type { BackendPreference, LoadRequest } from '../worker/protocol.js';

/** The models folder, resolved against the page so the build works from any sub-path. */
export function modelsBaseUrl(): URL {
  return new URL(`${import.meta.env.BASE_URL}models/`, document.baseURI);
}

/** The catalog in `public/models/manifest.json`: descriptors and the default model's id. */
export interface Catalog {
  defaultId: string;
  models: ModelDescriptor[];
}

/** Fetches the manifest and every descriptor it lists. */
export async function fetchCatalog(signal?: AbortSignal): Promise<Catalog> {
  const base = modelsBaseUrl();
  try {
    const manifestResponse = await fetch(new URL('manifest.json', base), { signal });
    if (!manifestResponse.ok) throw new Error(`manifest.json answered ${manifestResponse.status}`);
    const manifest = (await manifestResponse.json()) as { default: string; models: string[] };
    const models = await Promise.all(
      manifest.models.map(async (file) => {
        const response = await fetch(new URL(file, base), { signal });
        if (!response.ok) throw new Error(`${file} answered ${response.status}`);
        return (await response.json()) as ModelDescriptor;
      }),
    );
    return { defaultId: manifest.default, models };
  } catch (error) {
    throw namedError(
      ErrorName.ModelLoad,
      `The model catalog could not be read: ${errorMessage(error)}`,
      error,
    );
  }
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
  return {
    descriptor,
    modelUrl,
    cacheKey: globalThis.navigator?.serviceWorker?.controller ? undefined : modelUrl,
    backend,
  };
}
