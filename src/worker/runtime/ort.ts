/**
 * The one import of ONNX Runtime: its WebGPU or WASM build, loaded on demand with the thread
 * count set. Everything else reaches the runtime through session.ts.
 */
import type * as Ort from 'onnxruntime-web';
import type { Backend } from '../../features/detection/pipeline/detection.js';

/** ONNX Runtime's module, either build. */
export type OrtModule = typeof Ort;

/** Loads ONNX Runtime's WebGPU or WASM build: dynamic, so each person downloads one. */
export async function importOrt(
  backend: Backend,
  maxThreads = Number.POSITIVE_INFINITY,
): Promise<OrtModule> {
  const ort =
    backend === 'webgpu'
      ? await import('onnxruntime-web/webgpu')
      : await import('onnxruntime-web/wasm');
  // ORT defaults to half the cores; on 2-core machines that is one thread.
  const cores = self.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
  ort.env.wasm.numThreads = Math.max(1, Math.min(cores, maxThreads));
  ort.env.logLevel = 'error';
  return ort;
}
