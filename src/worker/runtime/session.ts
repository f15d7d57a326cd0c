/**
 * One way to open a model: every session of the worker (detector, recognizer, line classifier) is
 * created here and run through a {@link RunModel}, so no feature code touches ONNX Runtime.
 */
import type * as Ort from 'onnxruntime-web';
import { ErrorName, errorMessage, errorName, namedError } from '../../core/errors.js';
import type { Backend } from '../../features/detection/pipeline/detection.js';
import type { RunModel } from '../../features/models/pipeline/run-model.js';
import type { ValueMetadataLike } from '../../features/models/pipeline/signature.js';
import { type OrtRuntime, ortOf } from './ort.js';

export type { ModelOutput, RunModel } from '../../features/models/pipeline/run-model.js';

/** An open model: its inputs and outputs as declared, a way to run it, and its release. */
export interface ModelSession {
  /** The execution provider the session runs on. */
  readonly backend: Backend;
  readonly inputs: readonly ValueMetadataLike[];
  readonly outputs: readonly ValueMetadataLike[];
  /**
   * A run function fed through `inputName`, answering `outputName` (float32, else
   * `ModelMismatchError`). Failed runs are `WebGpuError` on WebGPU (the GPU's failure), else
   * `InferenceError`, their message led by `labelOf(dims)`.
   */
  runner(
    inputName: string,
    outputName: string,
    labelOf: (dims: readonly number[]) => string,
  ): RunModel;
  release(): Promise<void>;
}

/** How {@link openSession} opens a model. */
export interface OpenSessionOptions {
  /** Execution provider. */
  backend: Backend;
  /** The model's name in error messages. */
  label: string;
  /** Ask for ONNX Runtime's full graph optimisation ('all'); absent: its default. */
  optimize?: boolean;
}

/**
 * Opens `bytes` (an ONNX model) on `runtime`'s build with `options.backend` (a WebGPU build runs
 * WASM sessions too). Throws `WebGpuError` when a
 * WebGPU session cannot be created (auto mode then moves to WASM), else `ModelLoadError`.
 */
export async function openSession(
  runtime: OrtRuntime,
  bytes: ArrayBuffer,
  options: OpenSessionOptions,
): Promise<ModelSession> {
  const { backend, label } = options;
  const ort = ortOf(runtime);
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(bytes), {
      executionProviders: [backend],
      ...(options.optimize ? { graphOptimizationLevel: 'all' as const } : {}),
    });
  } catch (error) {
    throw namedError(
      backend === 'webgpu' ? ErrorName.WebGpu : ErrorName.ModelLoad,
      `ONNX Runtime could not open "${label}" on ${backend}: ${errorMessage(error)}`,
      error,
    );
  }
  return {
    backend,
    inputs: session.inputMetadata,
    outputs: session.outputMetadata,
    runner: (inputName, outputName, labelOf) => async (data, dims) => {
      const input = new ort.Tensor('float32', data, dims);
      let outputs: Ort.InferenceSession.OnnxValueMapType | undefined;
      try {
        outputs = await session.run({ [inputName]: input });
        const output = outputs[outputName];
        if (output?.type !== 'float32') {
          throw namedError(
            ErrorName.ModelMismatch,
            `output "${outputName}" is not a float32 tensor`,
          );
        }
        return { data: (await output.getData()) as Float32Array, dims: output.dims };
      } catch (error) {
        const name = errorName(error);
        if (name === ErrorName.ModelMismatch || name === ErrorName.WebGpu) throw error;
        throw namedError(
          backend === 'webgpu' ? ErrorName.WebGpu : ErrorName.Inference,
          `${labelOf(dims)}: ${errorMessage(error)}`,
          error,
        );
      } finally {
        input.dispose();
        for (const value of Object.values(outputs ?? {})) value.dispose();
      }
    },
    release: () => session.release(),
  };
}
