/**
 * libheif-js's WebAssembly build for the worker: its glue code bundled, its `.wasm` served as the
 * unmodified file Vite copies to the build, fetched and compiled on the first HEIC only.
 */
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import type { LibHeif } from './heif-decode.js';

/** Loads libheif and resolves once its runtime is ready. */
export async function loadLibHeif(): Promise<LibHeif> {
  const [{ default: factory }, wasmBinary] = await Promise.all([
    import('libheif-js/libheif-wasm/libheif.js'),
    fetch(new URL(wasmUrl, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`libheif.wasm: HTTP ${response.status}`);
      return response.arrayBuffer();
    }),
  ]);
  return new Promise((resolve, reject) => {
    const module = factory({
      wasmBinary,
      // Called during the factory call when the WebAssembly compiles synchronously (Node).
      onRuntimeInitialized: () => queueMicrotask(() => resolve(module as LibHeif)),
      onAbort: (reason: unknown) => reject(new Error(`libheif: ${String(reason)}`)),
    });
  });
}
