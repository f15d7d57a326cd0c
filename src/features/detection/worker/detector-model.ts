/**
 * Loading the detector in the worker: the weights fetched (or given), the backend chosen, the
 * session opened through the runtime, the signature checked and a trial run on a small built-in image.
 */
import { ErrorName, errorMessage, namedError } from '../../../core/errors.js';
import type { LoadRequest, LoadResult } from '../../../protocol/detector.js';
import { chooseBackend } from '../../../worker/runtime/backend.js';
import type { DeviceWatch } from '../../../worker/runtime/device.js';
import { fetchModelBytes } from '../../../worker/runtime/model-bytes.js';
import { loadOrt, type OrtRuntime } from '../../../worker/runtime/ort.js';
import { type ModelSession, openSession, type RunModel } from '../../../worker/runtime/session.js';
import type { ModelDescriptor } from '../../models/pipeline/descriptor.js';
import { checkModelSignature } from '../../models/pipeline/signature.js';
import type { Backend } from '../pipeline/detection.js';
import { trialRun } from '../pipeline/trial-run.js';
import { loadFaultsOf } from './test-faults.js';

/** The detector's open session and what runs it. */
export interface LoadedDetector {
  /** The ONNX Runtime build the detector runs on; the recognizer and classifier open theirs on it too. */
  runtime: OrtRuntime;
  session: ModelSession;
  descriptor: ModelDescriptor;
  backend: Backend;
  /** The session's run, bound to the descriptor's input and output. */
  run: RunModel;
}

/** The weights of `request`: given, or fetched (cached by `cacheKey`). Throws `ModelLoadError`. */
async function weightsOf(
  request: LoadRequest,
): Promise<{ bytes: ArrayBuffer; bytesOrigin: LoadResult['bytesOrigin'] }> {
  try {
    if (request.modelBytes) return { bytes: request.modelBytes, bytesOrigin: 'page' };
    if (!request.modelUrl) throw new Error('no model URL or bytes given');
    const fetched = await fetchModelBytes(request.modelUrl, request.cacheKey);
    return { bytes: fetched.bytes, bytesOrigin: fetched.origin };
  } catch (error) {
    throw namedError(
      ErrorName.ModelLoad,
      `Fetching "${request.descriptor.name}" failed: ${errorMessage(error)}`,
      error,
    );
  }
}

/**
 * Loads the detector of `request` and warms it up; `device` starts watching the GPU when the
 * session runs on WebGPU. Throws `ModelLoadError`, `WebGpuError` or `ModelMismatchError`.
 */
export async function loadDetector(
  request: LoadRequest,
  device: DeviceWatch,
): Promise<{ model: LoadedDetector; result: LoadResult }> {
  const { descriptor } = request;
  const fetchStart = performance.now();
  const { bytes, bytesOrigin } = await weightsOf(request);
  const fetchMs = performance.now() - fetchStart;

  const faults = loadFaultsOf(request);
  const choice = await chooseBackend(request.backend, {
    softwareAdapterCounts: faults?.gpuOnFallbackAdapter === true,
  }).catch((error: unknown) => {
    throw namedError(ErrorName.ModelLoad, errorMessage(error), error);
  });
  const { backend } = choice;
  const runtime = await loadOrt(backend, request.maxWasmThreads);
  const createStart = performance.now();
  if (__TEST_HOOKS__ && backend === 'webgpu' && faults?.failWebgpuSession) {
    performance.mark('textspot:test-fault');
    throw namedError(
      ErrorName.WebGpu,
      `ONNX Runtime could not open "${descriptor.name}" on webgpu: simulated WebGPU session failure (test switch)`,
    );
  }
  const session = await openSession(runtime, bytes, {
    backend,
    label: descriptor.name,
    optimize: true,
  });
  const sessionCreateMs = performance.now() - createStart;
  if (backend === 'webgpu') await device.watch(runtime);

  try {
    const { inputName, outputName } = checkModelSignature(
      session.inputs,
      session.outputs,
      descriptor.input,
      descriptor.output,
    );
    const model: LoadedDetector = {
      runtime,
      session,
      descriptor,
      backend,
      run: session.runner(inputName, outputName, (dims) => `${dims[3]}×${dims[2]} input`),
    };
    const warmStart = performance.now();
    // The trial run doubles as the warm-up: it allocates buffers and, on WebGPU, compiles the
    // shaders, and a model whose output is no probability map is refused before it is current.
    await trialRun(descriptor, async (input, dims) => {
      device.check();
      return model.run(input, dims);
    });
    const warmupMs = performance.now() - warmStart;
    const result: LoadResult = {
      backend,
      backendReason: choice.reason,
      threads: runtime.threads,
      fetchMs,
      bytesOrigin,
      sessionCreateMs,
      warmupMs,
      inputName,
      outputName,
    };
    return { model, result };
  } catch (error) {
    device.reset();
    await session.release();
    throw error;
  }
}
