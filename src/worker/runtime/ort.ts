/**
 * The one import of ONNX Runtime: its WebGPU or WASM build, loaded on demand with the thread
 * count set. Feature code holds the loaded build as an {@link OrtRuntime} and opens sessions on
 * it through session.ts; only worker/runtime looks inside.
 */
import type * as Ort from 'onnxruntime-web';
import type { Backend } from '../../features/detection/pipeline/detection.js';

/** ONNX Runtime's module, either build (worker/runtime only). */
export type OrtModule = typeof Ort;

/** A loaded ONNX Runtime build: the backend it was loaded for and its WASM threads. */
export interface OrtRuntime {
  readonly backend: Backend;
  /** WASM threads in use (1 without cross-origin isolation); 0 on WebGPU. */
  readonly threads: number;
}

const modules = new WeakMap<OrtRuntime, OrtModule>();

/**
 * Loads ONNX Runtime's WebGPU or WASM build for `backend`, with at most `maxThreads` WASM
 * threads: dynamic, so each person downloads one build.
 */
export async function loadOrt(
  backend: Backend,
  maxThreads = Number.POSITIVE_INFINITY,
): Promise<OrtRuntime> {
  const ort =
    backend === 'webgpu'
      ? await import('onnxruntime-web/webgpu')
      : await import('onnxruntime-web/wasm');
  // ORT defaults to half the cores; on 2-core machines that is one thread.
  const cores = self.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
  ort.env.wasm.numThreads = Math.max(1, Math.min(cores, maxThreads));
  ort.env.logLevel = 'error';
  const runtime: OrtRuntime = {
    backend,
    threads: backend === 'wasm' ? (ort.env.wasm.numThreads ?? 1) : 0,
  };
  modules.set(runtime, ort);
  return runtime;
}

/** The module behind `runtime` (worker/runtime only). */
export function ortOf(runtime: OrtRuntime): OrtModule {
  const ort = modules.get(runtime);
  if (!ort) throw new Error('not a runtime loadOrt made');
  return ort;
}
