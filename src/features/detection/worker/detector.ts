import { transfer } from 'comlink';
import type * as Ort from 'onnxruntime-web';
import { type DecodedImage, decodeImage, readPixels } from '../../../core/decode-image.js';
import { ErrorName, errorMessage, errorName, namedError } from '../../../core/errors.js';
import { invert3 } from '../../../core/geometry/matrix3.js';
import type { Homography } from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import type {
  DetectorApi,
  DetectProgress,
  DetectRequest,
  DetectResult,
  DetectTestFault,
  Heatmap,
  LoadRequest,
  LoadResult,
  ReadRegionsRequest,
  ReadRegionsResult,
  RecognizeRequest,
  RepostprocessResult,
  Thumbnail,
  WorkerStats,
} from '../../../protocol/detector.js';
import { chooseBackend } from '../../../worker/runtime/backend.js';
import { fetchModelBytes } from '../../../worker/runtime/model-bytes.js';
import { regionsRunDown, turnPlanQuarter } from '../../document/pipeline/document-pipeline.js';
import {
  CLS_FIRST_LINES,
  CLS_INPUT,
  clsInputTensor,
  lineCrops,
  settledUpsideDown,
  voteUpsideDown,
} from '../../document/pipeline/half-turn.js';
import {
  detectionsToPhoto,
  documentResult,
  prepareDocument,
} from '../../document/worker/document-step.js';
import type { ModelDescriptor, PostprocessParams } from '../../models/pipeline/descriptor.js';
import { checkModelSignature } from '../../models/pipeline/signature.js';
import { Recognizer } from '../../recognition/worker/recognizer.js';
import { type CompactMap, compactMap } from '../pipeline/compact-map.js';
import type { Backend, Detection } from '../pipeline/detection.js';
import { KeptMap } from '../pipeline/kept-map.js';
import {
  extractProbabilityMap,
  type ProbabilityMap,
  probabilityMapProblem,
} from '../pipeline/output.js';
import { dbPostprocess } from '../pipeline/postprocess.js';
import {
  type InputGeometry,
  mapToImageTransform,
  planInput,
  toInputTensor,
} from '../pipeline/preprocess.js';

type OrtModule = typeof Ort;

interface LoadedModel {
  ort: OrtModule;
  session: Ort.InferenceSession;
  descriptor: ModelDescriptor;
  backend: Backend;
  inputName: string;
  outputName: string;
}

// The little of WebGPU's device the worker needs (WebGPU types are not in TypeScript's lib).
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** Quality of the stored thumbnails (0–1). */
const THUMBNAIL_JPEG_QUALITY = 0.82;
/**
 * How the browser resizes a large image while decoding it to the model's input scale. Measured by
 * H-mean on ../shared/eval/dev in Chromium: 'low' (bilinear, like PaddleOCR's cv2.resize) 0.942,
 * the same as decoding at full size; 'medium' and 'high' 0.941; 'pixelated' 0.938.
 */
const DECODE_RESIZE_QUALITY: ResizeQuality = 'low';

/** Loads ONNX Runtime's WebGPU or WASM build: dynamic, so each person downloads one. */
async function importOrt(
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

/** The size to decode an image to so it fills the model's input without resizing again; null: full size. */
function modelDecodeSize(
  width: number,
  height: number,
  descriptor: ModelDescriptor,
): { width: number; height: number } | null {
  const { contentWidth, contentHeight } = planInput(width, height, descriptor.input);
  const smaller =
    contentWidth <= width &&
    contentHeight <= height &&
    contentWidth * contentHeight < width * height;
  return smaller ? { width: contentWidth, height: contentHeight } : null;
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
  private readonly kept = new KeptMap();
  /** The text recognizer: its session is created on the first job that asks for text. */
  private readonly recognizer = new Recognizer();
  private inferenceCount = 0;
  /** Test builds only: the next session run fails as ONNX Runtime's would. */
  private failNextRun = false;
  /** Why the WebGPU device was lost, once it is; the session on it is unusable from then on. */
  private deviceLost: string | null = null;
  private device: GpuDeviceLike | null = null;
  /** The kept map's way back to the photo when it is a straightened page's map. */
  private keptPage: { id: string; back: (detections: Detection[]) => Detection[] } | null = null;
  /** Where the 0°/180° line classifier is, and its session once a document job needed it. */
  private halfTurnUrl: string | null = null;
  private halfTurnCacheKey: string | undefined;
  private halfTurn: Promise<Ort.InferenceSession> | null = null;

  /** Creates the session (after releasing any previous one) and runs a warm-up inference. */
  async load(request: LoadRequest): Promise<LoadResult> {
    await this.release();
    const { descriptor } = request;
    this.halfTurnUrl = request.halfTurnModelUrl ?? null;
    this.halfTurnCacheKey = request.halfTurnCacheKey;
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

    const faults = __TEST_HOOKS__ ? request.testFaults : undefined;
    const choice = await chooseBackend(request.backend, {
      softwareAdapterCounts: faults?.gpuOnFallbackAdapter === true,
    }).catch((error: unknown) => {
      throw namedError(ErrorName.ModelLoad, errorMessage(error), error);
    });
    const onGpu = choice.backend === 'webgpu';
    const ort = await importOrt(choice.backend, request.maxWasmThreads);
    const createStart = performance.now();
    let session: Ort.InferenceSession;
    try {
      if (__TEST_HOOKS__ && onGpu && faults?.failWebgpuSession) {
        performance.mark('textspot:test-fault');
        throw new Error('simulated WebGPU session failure (test switch)');
      }
      session = await ort.InferenceSession.create(new Uint8Array(bytes), {
        executionProviders: [choice.backend],
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw namedError(
        onGpu ? ErrorName.WebGpu : ErrorName.ModelLoad,
        `ONNX Runtime could not open "${descriptor.name}" on ${choice.backend}: ${errorMessage(error)}`,
        error,
      );
    }
    const sessionCreateMs = performance.now() - createStart;
    if (onGpu) await this.watchDevice(ort);

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
      const name = errorName(error);
      throw name === ErrorName.ModelMismatch
        ? error
        : namedError(
            name === ErrorName.WebGpu ? name : ErrorName.ModelLoad,
            `Warm-up run failed: ${errorMessage(error)}`,
            error,
          );
    }
  }

  /** Remembers when the WebGPU device ONNX Runtime runs on is lost (driver reset, GPU removed). */
  private async watchDevice(ort: OrtModule): Promise<void> {
    this.deviceLost = null;
    // ORT's typings say a Promise; 1.30 hands back the device itself once a session exists.
    const device = (await Promise.resolve(ort.env.webgpu.device as unknown).catch(() => null)) as
      | GpuDeviceLike
      | null
      | undefined;
    this.device = device?.lost ? device : null;
    const watched = this.device;
    void watched?.lost.then((info) => {
      if (this.device !== watched) return;
      this.deviceLost = info.message || info.reason || 'no reason given';
    });
  }

  /** Decodes (straight to the model's input scale), preprocesses, infers and post-processes one image. */
  async detect(
    request: DetectRequest,
    onProgress?: (progress: DetectProgress) => void,
  ): Promise<DetectResult> {
    if (request.document?.enabled) return this.detectDocument(request, onProgress);
    const model = this.requireModel();
    this.forgetKept();
    const decodeStart = performance.now();
    const fullDecode = __TEST_HOOKS__ && request.testFullDecode === true;
    const decoded = await decodeImage(
      request.image,
      (width, height) => (fullDecode ? null : modelDecodeSize(width, height, model.descriptor)),
      DECODE_RESIZE_QUALITY,
    );
    try {
      const pixels = readPixels(decoded.bitmap);
      const decodeMs = performance.now() - decodeStart;
      const found = await this.detectPixels(request, pixels, decoded, decodeMs);
      if (request.keepMapFor !== undefined) {
        this.recognizer.keepImage(request.keepMapFor, request.image);
      }
      const thumbnail = await makeThumbnail(decoded, request.thumbnailLongSide);
      decoded.bitmap.close();
      const read = await this.withText(request, found, onProgress);
      return transfer({ ...read, thumbnail }, transferablesOf(thumbnail, read));
    } finally {
      // Pixels go as soon as detection ends.
      decoded.bitmap.close();
    }
  }

  /** Detection with document preprocessing: the page is found, straightened and detected; polygons come back in photo pixels. */
  private async detectDocument(
    request: DetectRequest,
    onProgress?: (progress: DetectProgress) => void,
  ): Promise<DetectResult> {
    const model = this.requireModel();
    this.forgetKept();
    const prepared = await prepareDocument(
      request.image,
      request.document!,
      request.pageQuad,
      model.descriptor,
      DECODE_RESIZE_QUALITY,
      (bitmap) => readPixels(bitmap),
      (width, height) => modelDecodeSize(width, height, model.descriptor),
    );
    const { small } = prepared;
    let plan = prepared.plan;
    try {
      const photo = { width: small.width, height: small.height };
      let pixels = (prepared.pagePixels ?? prepared.photoPixels)!;
      const decodeMs = prepared.timings.decodeMs;
      let page = prepared.pagePixels ? { width: plan.pageWidth, height: plan.pageHeight } : photo;
      let found = await this.detectPixels(request, pixels, page, decodeMs);
      const turnable = prepared.rerender && request.document!.orientation && plan.method !== null;
      if (turnable && regionsRunDown(found.detections.map((d) => d.imagePolygon))) {
        // The orientation vote missed a page on its side; the regions' shapes tell: turn and detect again.
        plan = turnPlanQuarter(plan);
        pixels = prepared.rerender!(plan);
        page = { width: plan.pageWidth, height: plan.pageHeight };
        const again = await this.detectPixels(request, pixels, page, decodeMs);
        found = {
          ...again,
          timings: {
            ...again.timings,
            inferenceMs: found.timings.inferenceMs + again.timings.inferenceMs,
            preprocessMs: found.timings.preprocessMs + again.timings.preprocessMs,
            postprocessMs: found.timings.postprocessMs + again.timings.postprocessMs,
          },
        };
      }
      const detectPlan = plan;
      if (turnable && this.halfTurnUrl) {
        const voteStart = performance.now();
        const scale = pixels.width / page.width;
        const pagePolygons = found.detections.map((d) =>
          d.imagePolygon.map(([x, y]) => [x * scale, y * scale] as [number, number]),
        );
        // Upside down: the regions are right as they are; only the page the person sees turns.
        if (await this.upsideDown(pixels, pagePolygons))
          plan = turnPlanQuarter(turnPlanQuarter(plan));
        prepared.timings.orientationMs += performance.now() - voteStart;
      }
      const back = (detections: Detection[]) =>
        prepared.pagePixels
          ? detectionsToPhoto(detectPlan, detections, photo.width, photo.height)
          : detections;
      // Text is cut from the photo but ordered on the upright page (a page on its side reads too).
      const photoToUpright = prepared.pagePixels ? plan.photoToPage : undefined;
      if (request.keepMapFor !== undefined) {
        if (detectPlan.method !== null) this.keptPage = { id: request.keepMapFor, back };
        this.recognizer.keepImage(request.keepMapFor, request.image, photoToUpright);
      }
      const thumbnail = await makeThumbnail(small, request.thumbnailLongSide);
      const { decodeMs: _decode, ...steps } = prepared.timings;
      const straightened = prepared.pagePixels !== null && found.map;
      const read = await this.withText(
        request,
        {
          ...found,
          ...(straightened
            ? {
                map: {
                  ...found.map!,
                  pageToImage: {
                    homography: invert3(detectPlan.photoToPage),
                    imageWidth: photo.width,
                    imageHeight: photo.height,
                  },
                },
              }
            : {}),
          detections: back(found.detections),
          imageWidth: photo.width,
          imageHeight: photo.height,
          timings: { ...found.timings, ...steps },
        },
        onProgress,
        photoToUpright,
      );
      return transfer(
        {
          ...read,
          thumbnail,
          document: documentResult(plan, request.document!, prepared.timings),
        },
        transferablesOf(thumbnail, read),
      );
    } finally {
      small.bitmap.close();
    }
  }

  /**
   * PaddleOCR's line classifier's vote on the page's largest lines (page pixels): upside down?
   * The first few lines are classified alone; the rest only when their answers leave it open.
   */
  private async upsideDown(
    page: { data: Uint8ClampedArray | Uint8Array; width: number; height: number },
    pagePolygons: Polygon[],
  ): Promise<boolean> {
    const { ort } = this.requireModel();
    const crops = lineCrops(page, pagePolygons);
    if (crops.length === 0) return false;
    const session = await this.halfTurnSession(ort);
    const first = await this.classifyLines(ort, session, crops.slice(0, CLS_FIRST_LINES));
    const settled = settledUpsideDown(first, crops.length - CLS_FIRST_LINES);
    if (settled !== null) return settled;
    const rest = await this.classifyLines(ort, session, crops.slice(CLS_FIRST_LINES));
    return voteUpsideDown([...first, ...rest]);
  }

  /** The line classifier's `[p0°, p180°]` for each crop, flattened. */
  private async classifyLines(
    ort: OrtModule,
    session: Ort.InferenceSession,
    crops: RgbaImage[],
  ): Promise<Float32Array> {
    const input = new ort.Tensor('float32', clsInputTensor(crops), [
      crops.length,
      3,
      CLS_INPUT.height,
      CLS_INPUT.width,
    ]);
    let outputs: Ort.InferenceSession.OnnxValueMapType | undefined;
    try {
      outputs = await session.run({ [session.inputNames[0]!]: input });
      return Float32Array.from((await outputs[session.outputNames[0]!]!.getData()) as Float32Array);
    } catch (error) {
      throw namedError(
        ErrorName.Inference,
        `The page-orientation classifier failed: ${errorMessage(error)}`,
        error,
      );
    } finally {
      input.dispose();
      for (const value of Object.values(outputs ?? {})) value.dispose();
    }
  }

  /** The line classifier's session, created on first use (WASM: it is small, and runs once per page). */
  private halfTurnSession(ort: OrtModule): Promise<Ort.InferenceSession> {
    const url = this.halfTurnUrl;
    if (!url) throw namedError(ErrorName.ModelLoad, 'no page-orientation model was given');
    this.halfTurn ??= fetchModelBytes(url, this.halfTurnCacheKey)
      .then(({ bytes }) =>
        ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'] }),
      )
      .catch((error: unknown) => {
        this.halfTurn = null;
        throw namedError(
          ErrorName.ModelLoad,
          `The page-orientation model could not be loaded: ${errorMessage(error)}`,
          error,
        );
      });
    return this.halfTurn;
  }

  /** Model input, inference and post-processing on decoded pixels of an `original`-sized image. */
  private async detectPixels(
    request: DetectRequest,
    pixels: { data: Uint8ClampedArray | Uint8Array; width: number; height: number },
    original: { width: number; height: number },
    decodeMs: number,
  ): Promise<Omit<DetectResult, 'thumbnail'>> {
    const model = this.requireModel();
    const preStart = performance.now();
    const { tensor, geometry } = prepareInput(pixels, original, model.descriptor);
    const preprocessMs = performance.now() - preStart;

    const inferStart = performance.now();
    if (__TEST_HOOKS__ && request.testHangMs) {
      performance.mark('textspot:test-hang');
      busyWait(request.testHangMs);
    }
    if (__TEST_HOOKS__ && request.testFault) await this.provoke(request.testFault);
    const map = await this.infer(tensor, geometry, true);
    const inferenceMs = performance.now() - inferStart;

    const postStart = performance.now();
    const mapToImage = mapToImageTransform(
      geometry,
      original.width,
      original.height,
      map.width,
      map.height,
    );
    const detections = dbPostprocess(map, request.params, mapToImage);
    const postprocessMs = performance.now() - postStart;
    if (request.keepMapFor !== undefined) this.kept.keep(request.keepMapFor, map, mapToImage);
    return {
      ...(request.returnMap ? { map: compactMap(map, mapToImage) } : {}),
      detections,
      imageWidth: original.width,
      imageHeight: original.height,
      inputWidth: geometry.inputWidth,
      inputHeight: geometry.inputHeight,
      timings: { decodeMs, preprocessMs, inferenceMs, postprocessMs },
      backend: model.backend,
    };
  }

  private forgetKept(): void {
    this.kept.forget();
    this.keptPage = null;
    this.recognizer.forget();
  }

  /**
   * `found` with its regions' text read when the request asks for it (photo pixels, the given
   * image), telling `onProgress` of the regions first and then of each batch read.
   * `imageToUpright`: the frame the text stands upright in, when it is not the image's own.
   */
  private async withText(
    request: DetectRequest,
    found: Omit<DetectResult, 'thumbnail'>,
    onProgress?: (progress: DetectProgress) => void,
    imageToUpright?: Homography,
  ): Promise<Omit<DetectResult, 'thumbnail'>> {
    if (!request.recognize) return found;
    const { ort, backend } = this.requireModel();
    this.checkDevice();
    const { imageWidth, imageHeight } = found;
    onProgress?.({ detections: found.detections, readCount: 0, imageWidth, imageHeight });
    const read = await this.recognizer.read(
      { ort, backend },
      request.recognize,
      request.image,
      found.detections,
      (detections, readCount) => onProgress?.({ detections, readCount, imageWidth, imageHeight }),
      imageToUpright,
    );
    return {
      ...found,
      detections: read.detections,
      timings: { ...found.timings, recognitionMs: read.recognitionMs },
      recognizerId: read.recognizerId,
    };
  }

  /** Test builds only: makes this job fail the way a broken run, worker or GPU would. */
  private async provoke(fault: DetectTestFault): Promise<void> {
    if (!__TEST_HOOKS__) return;
    performance.mark('textspot:test-fault');
    if (fault === 'run-error') this.failNextRun = true;
    if (fault === 'crash') {
      // Thrown outside any call, like a fault in ONNX Runtime's own code: the worker's error event.
      setTimeout(() => {
        throw new Error('simulated worker crash (test switch)');
      });
      await new Promise<never>(() => {});
    }
    if (fault === 'lose-device' && this.device) {
      const device = this.device;
      device.destroy();
      await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, 2_000))]);
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
    const decoded = await decodeImage(
      image,
      (width, height) => modelDecodeSize(width, height, model.descriptor),
      DECODE_RESIZE_QUALITY,
    );
    try {
      const { tensor, geometry } = prepareInput(
        readPixels(decoded.bitmap),
        decoded,
        model.descriptor,
      );
      const map = await this.infer(tensor.slice(), geometry, false);
      return { input: tensor, dims: [1, 3, geometry.inputHeight, geometry.inputWidth], map };
    } finally {
      decoded.bitmap.close();
    }
  }

  /** Reads the text of regions the caller gives, on the detector's runtime: no detection. */
  async readRegions(request: ReadRegionsRequest): Promise<ReadRegionsResult> {
    const { ort, backend } = this.requireModel();
    this.checkDevice();
    const read = await this.recognizer.read(
      { ort, backend },
      request.recognize,
      request.image,
      request.imagePolygons.map((imagePolygon) => ({ imagePolygon, score: 1 })),
    );
    return {
      regions: read.detections.map((d) => ({ text: d.text ?? '', textScore: d.textScore ?? 0 })),
      recognitionMs: read.recognitionMs,
      recognizerId: read.recognizerId,
      backend,
    };
  }

  /**
   * Re-runs only post-processing on the map kept for `mapId` with new parameters: no inference.
   * With `recognize`, reads the text of the regions whose polygon changed.
   */
  async repostprocess(
    mapId: string,
    params: PostprocessParams,
    recognize?: RecognizeRequest,
  ): Promise<RepostprocessResult> {
    const kept = this.kept.repostprocess(mapId, params);
    const page = this.keptPage?.id === mapId ? this.keptPage : null;
    const result = page ? { ...kept, detections: page.back(kept.detections) } : kept;
    if (!recognize) return result;
    const { ort, backend } = this.requireModel();
    this.checkDevice();
    const read = await this.recognizer.reread(
      { ort, backend },
      recognize,
      mapId,
      result.detections,
    );
    return {
      ...result,
      detections: read.detections,
      recognitionMs: read.recognitionMs,
      reread: read.reread,
      recognizerId: read.recognizerId,
    };
  }

  /** The map kept for `mapId` as grey levels, for the heatmap overlay; null when it is not kept. */
  heatmap(mapId: string): Heatmap | null {
    // A straightened page's map does not lie over the photo: no overlay rather than a wrong one.
    if (this.keptPage?.id === mapId) return null;
    const heatmap = this.kept.heatmap(mapId);
    return heatmap && transfer(heatmap, [heatmap.pixels.buffer]);
  }

  /** Drops the kept probability map and image (the image left the screen). */
  forgetMap(): void {
    this.forgetKept();
  }

  /** Counters: image inferences (re-processing skips them), recognizer sessions, lines read. */
  stats(): WorkerStats {
    return {
      inferenceCount: this.inferenceCount,
      backend: this.model?.backend ?? null,
      recognizerSessions: this.recognizer.sessionsCreated,
      linesRead: this.recognizer.linesRead,
    };
  }

  /** Releases both sessions and the kept map. */
  async release(): Promise<void> {
    this.forgetKept();
    await this.recognizer.release();
    const halfTurn = this.halfTurn;
    this.halfTurn = null;
    await halfTurn?.then((session) => session.release()).catch(() => undefined);
    this.device = null;
    this.deviceLost = null;
    const model = this.model;
    this.model = null;
    await model?.session.release();
  }

  /** Throws `WebGpuError` once the device the sessions run on is lost. */
  private checkDevice(): void {
    if (this.deviceLost !== null) {
      throw namedError(ErrorName.WebGpu, `The GPU device was lost: ${this.deviceLost}`);
    }
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
    const { ort, session, descriptor, inputName, outputName, backend } = this.requireModel();
    this.checkDevice();
    const input = new ort.Tensor('float32', tensorData, [
      1,
      3,
      geometry.inputHeight,
      geometry.inputWidth,
    ]);
    let outputs: Ort.InferenceSession.OnnxValueMapType | undefined;
    try {
      if (__TEST_HOOKS__ && this.failNextRun) {
        this.failNextRun = false;
        throw new Error('simulated ONNX Runtime run failure (test switch)');
      }
      outputs = await session.run({ [inputName]: input });
      if (count) this.inferenceCount++;
      const output = outputs[outputName];
      if (output?.type !== 'float32') {
        throw namedError(ErrorName.ModelMismatch, `output "${outputName}" is not a float32 tensor`);
      }
      const data = (await output.getData()) as Float32Array;
      let map: ProbabilityMap;
      try {
        map = extractProbabilityMap(data, output.dims, descriptor.output);
      } catch (error) {
        throw namedError(ErrorName.ModelMismatch, errorMessage(error), error);
      }
      const problem = probabilityMapProblem(map);
      if (problem) throw namedError(ErrorName.ModelMismatch, problem);
      return map;
    } catch (error) {
      const name = errorName(error);
      if (name === ErrorName.ModelMismatch || name === ErrorName.WebGpu) throw error;
      // A failed run on WebGPU is the GPU's failure: in auto mode the engine moves to WASM.
      throw namedError(
        backend === 'webgpu' ? ErrorName.WebGpu : ErrorName.Inference,
        `${geometry.inputWidth}×${geometry.inputHeight} input: ${errorMessage(error)}`,
        error,
      );
    } finally {
      input.dispose();
      for (const value of Object.values(outputs ?? {})) value.dispose();
    }
  }
}

/** What a result hands over rather than copies: the thumbnail's bytes and the kept map's levels. */
function transferablesOf(thumbnail: Thumbnail, result: { map?: CompactMap }): Transferable[] {
  return result.map ? [thumbnail.bytes, result.map.levels.buffer] : [thumbnail.bytes];
}

/** The input tensor from `pixels` (the decoded, maybe reduced, image), planned on the original size. */
function prepareInput(
  pixels: { data: Uint8ClampedArray | Uint8Array; width: number; height: number },
  original: { width: number; height: number },
  descriptor: ModelDescriptor,
): { tensor: Float32Array; geometry: InputGeometry } {
  const geometry = planInput(original.width, original.height, descriptor.input);
  const padValue = descriptor.input.kind === 'letterbox' ? descriptor.input.padValue : 0;
  const tensor = toInputTensor(
    { data: pixels.data, width: pixels.width, height: pixels.height },
    geometry,
    descriptor.normalization,
    padValue,
  );
  return { tensor, geometry };
}

/**
 * The stored thumbnail, from the same (maybe reduced) decode as the model's input: at most
 * `longSide` and at most the decoded long side, in the original's aspect ratio (the model's input
 * rounds sides to its stride).
 */
async function makeThumbnail(decoded: DecodedImage, longSide: number): Promise<Thumbnail> {
  const { bitmap } = decoded;
  const side = Math.min(longSide, Math.max(bitmap.width, bitmap.height));
  const ratio = Math.min(1, side / Math.max(decoded.width, decoded.height));
  const width = Math.max(1, Math.round(decoded.width * ratio));
  const height = Math.max(1, Math.round(decoded.height * ratio));
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
