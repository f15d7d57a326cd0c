/**
 * onnxruntime-node inference on the same input tensors the browser builds: the native reference
 * `npm run bench` compares the WASM backend against (Node only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  type InputGeometry,
  planInput,
  toInputTensor,
} from '../../src/features/detection/pipeline/preprocess.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import {
  parseRecognizerDescriptor,
  type RecognizerDescriptor,
} from '../../src/features/recognition/pipeline/descriptor.js';
import {
  buildClassCharacters,
  type ClassCharacters,
} from '../../src/features/recognition/pipeline/dictionary.js';
import type { RunRecognizer } from '../../src/features/recognition/pipeline/recognize.js';

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

/** The app's recognizer descriptor and class list, read from `modelsFolder` (public/models). */
export function loadNativeRecognizer(modelsFolder: string): {
  descriptor: RecognizerDescriptor;
  classes: ClassCharacters;
} {
  const descriptor = parseRecognizerDescriptor(
    JSON.parse(readFileSync(join(modelsFolder, 'ppocr-v4-rec.json'), 'utf8')),
  );
  const classes = buildClassCharacters(
    readFileSync(join(modelsFolder, descriptor.dictionaryFile), 'utf8'),
    descriptor.ctc,
  );
  return { descriptor, classes };
}

/** An onnxruntime-node recognizer session as `recognizeRegions` runs it, with its inference time. */
export interface NativeRecognizer {
  run: RunRecognizer;
  /** Inference time summed over every run so far, ms. */
  inferenceMs(): number;
  release(): Promise<void>;
}

/** Opens the recognizer's weights on the CPU with `threads` intra-op threads. */
export async function openNativeRecognizer(
  modelsFolder: string,
  descriptor: RecognizerDescriptor,
  threads: number,
): Promise<NativeRecognizer> {
  const session = await ort.InferenceSession.create(join(modelsFolder, descriptor.file), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  let spentMs = 0;
  return {
    async run(tensor, dims) {
      const start = performance.now();
      const outputs = await session.run({ [inputName]: new ort.Tensor('float32', tensor, dims) });
      spentMs += performance.now() - start;
      const output = outputs[outputName]!;
      return { data: output.data as Float32Array, dims: output.dims };
    },
    inferenceMs: () => spentMs,
    release: () => session.release(),
  };
}
