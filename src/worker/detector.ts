import { transfer } from 'comlink';
import type * as Ort from 'onnxruntime-web';
import { ErrorName, errorMessage, errorName, namedError } from '../errors.js';
import type { ModelDescriptor, PostprocessParams } from '../model/descriptor.js';
import type { Backend } from '../model/detection.js';
import { extractProbabilityMap, type ProbabilityMap } from '../model/output.js';
import { dbPostprocess } from '../model/postprocess.js';
import {
  type InputGeometry,
  type MapToImage,
  mapToImageTransform,
  planInput,
  toInputTensor,
} from '../model/preprocess.js';
import { checkModelSignature } from '../model/signature.js';
import { chooseBackend } from './backend.js';
import { fetchModelBytes } from './model-bytes.js';
import type {
  DetectorApi,
  DetectRequest,
  DetectResult,
  Heatmap,
  LoadRequest,
  LoadResult,
  RepostprocessResult,
  Thumbnail,
} from './protocol.js';

type OrtModule = typeof Ort;

interface LoadedModel {
  ort: OrtModule;
  session: Ort.InferenceSession;
  descriptor: ModelDescriptor;
  backend: Backend;
  inputName: string;
  outputName: string;
}

interface KeptMap {
  map: ProbabilityMap;
  mapToImage: MapToImage;
}

/** Largest image decoded, px: a 100 MP RGBA copy is already 400 MB. */
const MAX_IMAGE_PIXELS = 100_000_000;
/** Quality of the stored thumbnails (0–1). */
const THUMBNAIL_JPEG_QUALITY = 0.82;

/** Loads ONNX Runtime's WebGPU or WASM build: dynamic, so each person downloads one. */
async function importOrt(backend: Backend): Promise<OrtModule> {
  const ort =
    backend === 'webgpu'
      ? await import('onnxruntime-web/webgpu')
      : await import('onnxruntime-web/wasm');
  // ORT defaults to half the cores; on 2-core machines that is one thread.
  ort.env.wasm.numThreads = self.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
  ort.env.logLevel = 'error';
  return ort;
}

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spinning, not awaiting: a hung WASM kernel does not yield either.
  }
}

/**
 * The detector that lives in the worker: one ONNX Runtime session, created once and reused,
 * plus the probability map of the image on screen. Exposed through Comlink.
 */
export class Detector implements DetectorApi {
  private model: LoadedModel | null = null;
  private kept: KeptMap | null = null;
  private inferenceCount = 0;

  /** Creates the session (after releasing any previous one) and runs a warm-up inference. */
  async load(request: LoadRequest): Promise<LoadResult> {
    await this.release();
    const { descriptor } = request;
    let bytes: ArrayBuffer;
    let bytesOrigin: LoadResult['bytesOrigin'] = 'page';
    const fetchStart = performance.now();
    try {
      if (request.modelBytes) {
        bytes = request.modelBytes;
      } else if (request.modelUrl) {
        const fetched = await fetchModelBytes(request.modelUrl, request.cacheKey);
        bytes = fetched.bytes;
        bytesOrigin = fetched.origin;
      } else {
        throw new Error('no model URL or bytes given');
      }
    } catch (error) {
      throw namedError(
        ErrorName.ModelLoad,
        `Fetching "${descriptor.name}" failed: ${errorMessage(error)}`,
        error,
      );
    }
    const fetchMs = performance.now() - fetchStart;

    const choice = await chooseBackend(request.backend).catch((error: unknown) => {
      throw namedError(ErrorName.ModelLoad, errorMessage(error), error);
    });
    const ort = await importOrt(choice.backend);
    const createStart = performance.now();
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(new Uint8Array(bytes), {
        executionProviders: [choice.backend],
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw namedError(
        ErrorName.ModelLoad,
        `ONNX Runtime could not open "${descriptor.name}" on ${choice.backend}: ${errorMessage(error)}`,
        error,
      );
    }
    const sessionCreateMs = performance.now() - createStart;

    try {
      const { inputName, outputName } = checkModelSignature(
        session.inputMetadata,
        session.outputMetadata,
        descriptor.input,
        descriptor.output,
      );
      this.model = { ort, session, descriptor, backend: choice.backend, inputName, outputName };
      const warmStart = performance.now();
      // Warm-up on a small input: allocates buffers and, on WebGPU, compiles the shaders.
      const warmGeometry = planInput(64, 64, descriptor.input);
      await this.infer(
        new Float32Array(3 * warmGeometry.inputWidth * warmGeometry.inputHeight),
        warmGeometry,
        false,
      );
      const warmupMs = performance.now() - warmStart;
      return {
        backend: choice.backend,
        backendReason: choice.reason,
        threads: choice.backend === 'wasm' ? (ort.env.wasm.numThreads ?? 1) : 0,
        fetchMs,
        bytesOrigin,
        sessionCreateMs,
        warmupMs,
        inputName,
        outputName,
      };
    } catch (error) {
      await this.release();
      throw errorName(error) === ErrorName.ModelMismatch
        ? error
        : namedError(ErrorName.ModelLoad, `Warm-up run failed: ${errorMessage(error)}`, error);
    }
  }

  /** Decodes, preprocesses, infers and post-processes one image. */
  async detect(request: DetectRequest): Promise<DetectResult> {
    const model = this.requireModel();
    this.kept = null;
    const decodeStart = performance.now();
    const bitmap = await decode(request.image);
    try {
      const pixels = readPixels(bitmap);
      const decodeMs = performance.now() - decodeStart;

      const preStart = performance.now();
      const { tensor, geometry } = prepareInput(pixels, model.descriptor);
      const preprocessMs = performance.now() - preStart;

      const inferStart = performance.now();
      if (__TEST_HOOKS__ && request.testHangMs) {
        performance.mark('textspot:test-hang');
        busyWait(request.testHangMs);
      }
      const map = await this.infer(tensor, geometry, true);
      const inferenceMs = performance.now() - inferStart;

      const postStart = performance.now();
      const mapToImage = mapToImageTransform(
        geometry,
        pixels.width,
        pixels.height,
        map.width,
        map.height,
      );
      const detections = dbPostprocess(map, request.params, mapToImage);
      const postprocessMs = performance.now() - postStart;
      if (request.keepMap) this.kept = { map, mapToImage };

      const thumbnail = await makeThumbnail(bitmap, request.thumbnailLongSide);
      return transfer(
        {
          detections,
          imageWidth: pixels.width,
          imageHeight: pixels.height,
          inputWidth: geometry.inputWidth,
          inputHeight: geometry.inputHeight,
          timings: { decodeMs, preprocessMs, inferenceMs, postprocessMs },
          backend: model.backend,
          thumbnail,
        },
        [thumbnail.bytes],
      );
    } finally {
      // Full-size pixels go as soon as detection ends.
      bitmap.close();
    }
  }

  /**
   * Test builds only: the input tensor and the raw probability map for one image, so a test can
   * run the same tensor through onnxruntime-node and compare the maps.
   */
  async debugTensors(
    image: Blob,
  ): Promise<{ input: Float32Array; dims: number[]; map: ProbabilityMap }> {
    if (!__TEST_HOOKS__) throw new Error('Not in this build.');
    performance.mark('textspot:test-debug-tensors');
    const model = this.requireModel();
    const bitmap = await decode(image);
    try {
      const { tensor, geometry } = prepareInput(readPixels(bitmap), model.descriptor);
      const map = await this.infer(tensor.slice(), geometry, false);
      return { input: tensor, dims: [1, 3, geometry.inputHeight, geometry.inputWidth], map };
    } finally {
      bitmap.close();
    }
  }

  /** Re-runs only post-processing on the kept map with new parameters: no inference. */
  repostprocess(params: PostprocessParams): RepostprocessResult {
    if (!this.kept) {
      throw namedError(ErrorName.Inference, 'no probability map is kept; detect the image again');
    }
    const start = performance.now();
    const detections = dbPostprocess(this.kept.map, params, this.kept.mapToImage);
    return { detections, postprocessMs: performance.now() - start };
  }

  /** The kept probability map as grey levels, for the heatmap overlay; null when none is kept. */
  heatmap(): Heatmap | null {
    if (!this.kept) return null;
    const { map, mapToImage } = this.kept;
    const pixels = new Uint8Array(map.width * map.height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(map.data[i]! * 255);
    return transfer(
      {
        pixels,
        width: map.width,
        height: map.height,
        contentX: mapToImage.offsetX,
        contentY: mapToImage.offsetY,
        contentWidth: mapToImage.imageWidth / mapToImage.scaleX,
        contentHeight: mapToImage.imageHeight / mapToImage.scaleY,
      },
      [pixels.buffer],
    );
  }

  /** Drops the kept probability map (the image left the screen). */
  forgetMap(): void {
    this.kept = null;
  }

  /** How many image inferences this worker ran (warm-ups not counted): proves re-processing skips inference. */
  stats(): { inferenceCount: number; backend: Backend | null } {
    return { inferenceCount: this.inferenceCount, backend: this.model?.backend ?? null };
  }

  /** Releases the session and the kept map. */
  async release(): Promise<void> {
    this.kept = null;
    const model = this.model;
    this.model = null;
    await model?.session.release();
  }

  private requireModel(): LoadedModel {
    if (!this.model) throw namedError(ErrorName.ModelLoad, 'no model is loaded');
    return this.model;
  }

  private async infer(
    tensorData: Float32Array,
    geometry: InputGeometry,
    count: boolean,
  ): Promise<ProbabilityMap> {
    const { ort, session, descriptor, inputName, outputName } = this.requireModel();
    const input = new ort.Tensor('float32', tensorData, [
      1,
      3,
      geometry.inputHeight,
      geometry.inputWidth,
    ]);
    let outputs: Ort.InferenceSession.OnnxValueMapType | undefined;
    try {
      outputs = await session.run({ [inputName]: input });
      if (count) this.inferenceCount++;
      const output = outputs[outputName];
      if (output?.type !== 'float32') {
        throw namedError(ErrorName.ModelMismatch, `output "${outputName}" is not a float32 tensor`);
      }
      const data = (await output.getData()) as Float32Array;
      return extractProbabilityMap(data, output.dims, descriptor.output);
    } catch (error) {
      const name = errorName(error);
      if (name === ErrorName.ModelMismatch) throw error;
      throw namedError(
        ErrorName.Inference,
        `${geometry.inputWidth}×${geometry.inputHeight} input: ${errorMessage(error)}`,
        error,
      );
    } finally {
      input.dispose();
      for (const value of Object.values(outputs ?? {})) value.dispose();
    }
  }
}

// Formats people often try that browsers cannot decode, by MIME type or file extension.
const UNDECODABLE_HINTS: [RegExp, string][] = [
  [/tiff?$/i, 'TIFF is not decoded by browsers; convert it to PNG or JPEG.'],
  [/hei[cf]$/i, 'HEIC/HEIF is not decoded by most browsers; export it as JPEG.'],
  [/pdf$/i, 'PDF is a document, not an image; export its pages as PNG.'],
];

async function decode(image: Blob): Promise<ImageBitmap> {
  if (image.size === 0) throw namedError(ErrorName.ImageDecode, 'The file is empty.');
  try {
    return await createImageBitmap(image, { imageOrientation: 'from-image' });
  } catch (error) {
    const name = image instanceof File ? image.name : '';
    const hint = UNDECODABLE_HINTS.find(
      ([pattern]) => pattern.test(image.type) || pattern.test(name),
    )?.[1];
    throw namedError(
      ErrorName.ImageDecode,
      hint ??
        `Its bytes do not decode (${image.type || 'no type'}, ${image.size.toLocaleString('en')} bytes).`,
      error,
    );
  }
}

function readPixels(bitmap: ImageBitmap): ImageData {
  const { width, height } = bitmap;
  if (width * height > MAX_IMAGE_PIXELS) {
    throw namedError(
      ErrorName.ImageDecode,
      `${width}×${height} px is over the ${MAX_IMAGE_PIXELS / 1e6} MP limit.`,
    );
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw namedError(ErrorName.ImageDecode, 'No 2D canvas in this worker.');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, width, height);
}

function prepareInput(
  pixels: ImageData,
  descriptor: ModelDescriptor,
): { tensor: Float32Array; geometry: InputGeometry } {
  const geometry = planInput(pixels.width, pixels.height, descriptor.input);
  const padValue = descriptor.input.kind === 'letterbox' ? descriptor.input.padValue : 0;
  const tensor = toInputTensor(
    { data: pixels.data, width: pixels.width, height: pixels.height },
    geometry,
    descriptor.normalization,
    padValue,
  );
  return { tensor, geometry };
}

async function makeThumbnail(bitmap: ImageBitmap, longSide: number): Promise<Thumbnail> {
  const ratio = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * ratio));
  const height = Math.max(1, Math.round(bitmap.height * ratio));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw namedError(ErrorName.Storage, 'no 2D canvas for the thumbnail');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  // JPEG, not WebP: encoding a 1024 px thumbnail takes ~11 ms against ~70 ms in Chromium, on the
  // critical path of every detection, for thumbnails about 1.5× larger.
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: THUMBNAIL_JPEG_QUALITY });
  return { bytes: await blob.arrayBuffer(), mimeType: blob.type, width, height };
}
