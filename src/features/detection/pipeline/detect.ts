/**
 * The detection stage without a runtime: input tensor, the model call (a parameter), the
 * probability map read and checked, DB post-processing. The worker binds the call to
 * onnxruntime-web; Node tests and scripts to onnxruntime-node.
 */
import { ErrorName, errorMessage, namedError } from '../../../core/errors.js';
import type { RgbaImage } from '../../../core/image.js';
import type { ModelDescriptor, PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { RunModel } from '../../models/pipeline/run-model.js';
import type { Detection } from './detection.js';
import { extractProbabilityMap, type ProbabilityMap, probabilityMapProblem } from './output.js';
import { dbPostprocess } from './postprocess.js';
import {
  type InputGeometry,
  type MapToImage,
  mapToImageTransform,
  planInput,
  toInputTensor,
} from './preprocess.js';

/** A width and height, px. */
export interface PixelSize {
  width: number;
  height: number;
}

/** One model input: the NCHW tensor and how the image was placed in it. */
export interface DetectorInput {
  tensor: Float32Array;
  geometry: InputGeometry;
}

/**
 * The input tensor from `pixels` (the decoded, maybe reduced, image), planned on the `original`
 * size so map pixels map back to original-image pixels.
 */
export function prepareInput(
  pixels: RgbaImage,
  original: PixelSize,
  descriptor: ModelDescriptor,
): DetectorInput {
  const geometry = planInput(original.width, original.height, descriptor.input);
  const padValue = descriptor.input.kind === 'letterbox' ? descriptor.input.padValue : 0;
  const tensor = toInputTensor(pixels, geometry, descriptor.normalization, padValue);
  return { tensor, geometry };
}

/** NCHW dims of a detector input. */
export function inputDims(geometry: InputGeometry): [number, number, number, number] {
  return [1, 3, geometry.inputHeight, geometry.inputWidth];
}

/**
 * Runs the detector on `input` and reads its probability map. Throws `ModelMismatchError` when
 * the output is not a map of the descriptor's shape, or holds NaN or values outside 0–1.
 */
export async function runDetector(
  input: DetectorInput,
  descriptor: ModelDescriptor,
  run: RunModel,
): Promise<ProbabilityMap> {
  const output = await run(input.tensor, inputDims(input.geometry));
  let map: ProbabilityMap;
  try {
    map = extractProbabilityMap(output.data, output.dims, descriptor.output);
  } catch (error) {
    throw namedError(ErrorName.ModelMismatch, errorMessage(error), error);
  }
  const problem = probabilityMapProblem(map);
  if (problem) throw namedError(ErrorName.ModelMismatch, problem);
  return map;
}

/** What the detection stage produced for one image. */
export interface DetectedRegions {
  /** Regions in original-image pixels. */
  detections: Detection[];
  map: ProbabilityMap;
  /** Map pixels → original-image pixels. */
  mapToImage: MapToImage;
  geometry: InputGeometry;
  preprocessMs: number;
  /** The model call, ms (whatever `run` does, included). */
  inferenceMs: number;
  postprocessMs: number;
}

/**
 * Detects the text regions of one image: `pixels` is its decode (maybe reduced), `original` its
 * full size; polygons come back in original-image pixels. Checks `signal` between stages.
 */
export async function detectRegions(
  pixels: RgbaImage,
  original: PixelSize,
  descriptor: ModelDescriptor,
  params: PostprocessParams,
  run: RunModel,
  signal?: AbortSignal,
): Promise<DetectedRegions> {
  signal?.throwIfAborted();
  const preStart = performance.now();
  const input = prepareInput(pixels, original, descriptor);
  const preprocessMs = performance.now() - preStart;
  signal?.throwIfAborted();
  const inferStart = performance.now();
  const map = await runDetector(input, descriptor, run);
  const inferenceMs = performance.now() - inferStart;
  signal?.throwIfAborted();
  const postStart = performance.now();
  const { geometry } = input;
  const mapToImage = mapToImageTransform(
    geometry,
    original.width,
    original.height,
    map.width,
    map.height,
  );
  const detections = dbPostprocess(map, params, mapToImage, signal);
  const postprocessMs = performance.now() - postStart;
  return { detections, map, mapToImage, geometry, preprocessMs, inferenceMs, postprocessMs };
}
