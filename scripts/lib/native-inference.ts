/**
 * onnxruntime-node inference on the same input tensors the browser builds: the native reference
 * `npm run bench` compares the WASM backend against (Node only).
 */
import * as ort from 'onnxruntime-node';
import type { ModelDescriptor } from '../../src/model/descriptor.js';
import { type InputGeometry, planInput, toInputTensor } from '../../src/model/preprocess.js';

/** Decoded pixels of one image as the page produced them: tightly packed RGBA rows. */
export interface DecodedImage {
  name: string;
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** A model input built in Node with the project's own preprocessing. */
export interface NativeInput {
  name: string;
  geometry: InputGeometry;
  tensor: Float32Array;
}

/** Builds the NCHW input of `image` exactly as the worker does (planInput + toInputTensor). */
export function nativeInputFor(image: DecodedImage, descriptor: ModelDescriptor): NativeInput {
  const geometry = planInput(image.width, image.height, descriptor.input);
  const padValue = descriptor.input.kind === 'letterbox' ? descriptor.input.padValue : 0;
  const tensor = toInputTensor(
    { data: image.rgba, width: image.width, height: image.height },
    geometry,
    descriptor.normalization,
    padValue,
  );
  return { name: image.name, geometry, tensor };
}

/** An onnxruntime-node session on the CPU with a fixed intra-op thread count. */
export interface NativeSession {
  /** Runs one inference; returns its wall time, ms (tensor wrapping included, negligible). */
  time(input: NativeInput): Promise<number>;
  release(): Promise<void>;
}

/** Opens `modelPath` with the same graph optimisation level as the worker and `threads` threads. */
export async function openNativeSession(
  modelPath: string,
  threads: number,
): Promise<NativeSession> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const inputName = session.inputNames[0];
  if (!inputName) throw new Error(`${modelPath} has no inputs`);
  return {
    async time(input) {
      const { inputWidth, inputHeight } = input.geometry;
      const start = performance.now();
      const tensor = new ort.Tensor('float32', input.tensor, [1, 3, inputHeight, inputWidth]);
      const outputs = await session.run({ [inputName]: tensor });
      const elapsedMs = performance.now() - start;
      for (const value of Object.values(outputs)) value.dispose();
      return elapsedMs;
    },
    release: () => session.release(),
  };
}
