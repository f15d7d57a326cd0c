/**
 * The detector that lives in the worker, exposed through Comlink: one session, created once and
 * reused, plus the probability map of the image on screen. A thin shell: it decodes, binds the
 * model calls to the runtime's sessions and hands the work to the pipeline stages.
 */
import { transfer } from 'comlink';
import { decodeImage, readPixels } from '../../../core/decode-image.js';
import { ErrorName, namedError } from '../../../core/errors.js';
import type { Homography } from '../../../core/geometry/perspective.js';
import type { RgbaImage } from '../../../core/image.js';
import type {
  DetectorApi,
  DetectProgress,
  DetectRequest,
  DetectResult,
  Heatmap,
  LoadRequest,
  LoadResult,
  PdfPageRequest,
  ReadRegionsRequest,
  ReadRegionsResult,
  RecognizeRequest,
  RepostprocessResult,
  WorkerStats,
} from '../../../protocol/detector.js';
import { DeviceWatch } from '../../../worker/runtime/device.js';
import type { RunModel } from '../../../worker/runtime/session.js';
import { makeThumbnail, transferablesOf } from '../../../worker/thumbnail.js';
import { type FoundImage, runDocumentJob } from '../../document/worker/document-job.js';
import { HalfTurnClassifier } from '../../document/worker/half-turn-classifier.js';
import { HeifDecoder } from '../../heic/worker/heif-decode.js';
import { loadLibHeif } from '../../heic/worker/load-libheif.js';
import type { ModelDescriptor, PostprocessParams } from '../../models/pipeline/descriptor.js';
import { type PageWord, withPageText } from '../../pdf/pipeline/page-text.js';
import { PDF_TEXT_RECOGNIZER_ID } from '../../pdf/pipeline/pdf-pages.js';
import { PdfPageSource } from '../../pdf/worker/pdf-pages-source.js';
import { Recognizer } from '../../recognition/worker/recognizer.js';
import { compactMap } from '../pipeline/compact-map.js';
import { detectRegions, type PixelSize } from '../pipeline/detect.js';
import type { Detection } from '../pipeline/detection.js';
import { KeptMap } from '../pipeline/kept-map.js';
import { planInput } from '../pipeline/preprocess.js';
import { type LoadedDetector, loadDetector } from './detector-model.js';
import { TestFaults, wantsFullDecode } from './test-faults.js';

/**
 * How the browser resizes a large image while decoding it to the model's input scale. Measured by
 * H-mean on ../shared/eval/dev in Chromium: 'low' (bilinear, like PaddleOCR's cv2.resize) 0.942,
 * the same as decoding at full size; 'medium' and 'high' 0.941; 'pixelated' 0.938.
 */
export const DECODE_RESIZE_QUALITY: ResizeQuality = 'low';

/** The size to decode an image to so it fills the model's input without resizing again; null: full size. */
export function modelDecodeSize(
  width: number,
  height: number,
  descriptor: ModelDescriptor,
): PixelSize | null {
  const { contentWidth, contentHeight } = planInput(width, height, descriptor.input);
  const smaller =
    contentWidth <= width &&
    contentHeight <= height &&
    contentWidth * contentHeight < width * height;
  return smaller ? { width: contentWidth, height: contentHeight } : null;
}

/** The detector of one worker; see the module comment. */
export class Detector implements DetectorApi {
  private model: LoadedDetector | null = null;
  private readonly kept = new KeptMap();
  /** The text recognizer: its session is created on the first job that asks for text. */
  private readonly recognizer = new Recognizer();
  /** The 0°/180° line classifier document photos use; its session opens on first use. */
  private halfTurn = new HalfTurnClassifier(null);
  private inferenceCount = 0;
  /** The WebGPU device the sessions run on, once lost: every session on it is unusable. */
  private readonly device = new DeviceWatch();
  private readonly faults = new TestFaults(this.device);
  /** The kept map's way back to the photo when it is a straightened page's map. */
  private keptPage: { id: string; back: (detections: Detection[]) => Detection[] } | null = null;
  /** PDF pages: pdf.js and the open PDF. */
  private readonly pdf = new PdfPageSource();
  /** HEIC/HEIF where the browser cannot decode it: libheif, loaded on the first such file. */
  private readonly heif = new HeifDecoder(loadLibHeif);
  /** The text layer of the born-digital page whose map is kept, to give re-processed regions their text. */
  private keptWords: { id: string; words: PageWord[] } | null = null;

  /** Creates the session (after releasing any previous one) and runs a warm-up inference. */
  async load(request: LoadRequest): Promise<LoadResult> {
    await this.release();
    const { halfTurnModelUrl: url, halfTurnCacheKey: cacheKey } = request;
    this.halfTurn = new HalfTurnClassifier(url ? { url, cacheKey } : null);
    const { model, result } = await loadDetector(request, this.device);
    this.model = model;
    return result;
  }

  /** Decodes (straight to the model's input scale), preprocesses, infers and post-processes one image. */
  async detect(
    request: DetectRequest,
    onProgress?: (progress: DetectProgress) => void,
  ): Promise<DetectResult> {
    if (request.pdfPage) return this.detectPdfPage(request, request.pdfPage, onProgress);
    const image = await this.heif.decodable(request.image);
    if (image !== request.image) return this.detect({ ...request, image }, onProgress);
    if (request.document?.enabled) return this.detectDocument(request, onProgress);
    const model = this.requireModel();
    this.forgetKept();
    const decodeStart = performance.now();
    const fullDecode = wantsFullDecode(request);
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

  /**
   * One PDF page: rendered, then detected as an image. A page with a text layer takes its text
   * from it (no recognizer run); a scanned page is read like a photo when text is asked for.
   */
  private async detectPdfPage(
    request: DetectRequest,
    pdfPage: PdfPageRequest,
    onProgress?: (progress: DetectProgress) => void,
  ): Promise<DetectResult> {
    const { pdfPage: _page, ...rest } = request;
    const renderStart = performance.now();
    const page = await this.pdf.render(request.image, pdfPage);
    const renderMs = performance.now() - renderStart;
    // A page's decode is its rendering (and text layer) plus the decode of the rendering.
    const withRender = (found: DetectResult): DetectResult => ({
      ...found,
      timings: { ...found.timings, decodeMs: found.timings.decodeMs + renderMs },
    });
    if (page.words.length === 0) {
      const found = withRender(await this.detect({ ...rest, image: page.image }, onProgress));
      return transfer(found, [found.thumbnail.bytes]);
    }
    const { recognize: _recognize, ...detectOnly } = rest;
    const found = withRender(await this.detect({ ...detectOnly, image: page.image }));
    if (request.keepMapFor !== undefined) {
      this.keptWords = { id: request.keepMapFor, words: page.words };
    }
    const detections = withPageText(found.detections, page.words);
    return transfer(
      { ...found, detections, textSource: 'pdf' as const, recognizerId: PDF_TEXT_RECOGNIZER_ID },
      [found.thumbnail.bytes],
    );
  }

  /** The PDF's page count (pdf.js loads on the first PDF). */
  pdfPageCount(file: Blob, assetsUrl: string): Promise<number> {
    return this.pdf.pageCount(file, assetsUrl);
  }

  /** One page of a PDF as `detect` renders it, for the viewer. */
  async renderPdfPage(file: Blob, page: PdfPageRequest): Promise<Blob> {
    return (await this.pdf.render(file, page)).image;
  }

  /** The image as this worker decodes it: a HEIC the browser cannot read, decoded by libheif. */
  decodable(image: Blob): Promise<Blob> {
    return this.heif.decodable(image);
  }

  /** Detection with document preprocessing; polygons come back in photo pixels. */
  private async detectDocument(
    request: DetectRequest,
    onProgress?: (progress: DetectProgress) => void,
  ): Promise<DetectResult> {
    const model = this.requireModel();
    this.forgetKept();
    const halfTurn = this.halfTurn;
    const job = await runDocumentJob(request, {
      descriptor: model.descriptor,
      resizeQuality: DECODE_RESIZE_QUALITY,
      readPixels: (bitmap) => readPixels(bitmap),
      modelDecodeSize: (width, height) => modelDecodeSize(width, height, model.descriptor),
      detectPixels: (pixels, original, decodeMs) =>
        this.detectPixels(request, pixels, original, decodeMs),
      upsideDown: halfTurn.model
        ? (pixels, pagePolygons) => halfTurn.upsideDown(model.runtime, pixels, pagePolygons)
        : null,
    });
    const { small } = job;
    try {
      if (request.keepMapFor !== undefined) {
        if (job.back) this.keptPage = { id: request.keepMapFor, back: job.back };
        this.recognizer.keepImage(request.keepMapFor, request.image, job.photoToUpright);
      }
      const thumbnail = await makeThumbnail(small, request.thumbnailLongSide);
      const read = await this.withText(request, job.found, onProgress, job.photoToUpright);
      return transfer(
        { ...read, thumbnail, document: job.document },
        transferablesOf(thumbnail, read),
      );
    } finally {
      small.bitmap.close();
    }
  }

  /** The detector's model call for this job: the device checked, the run counted, test faults in. */
  protected runFor(request: DetectRequest | null): RunModel {
    const model = this.requireModel();
    const counted: RunModel = async (input, dims) => {
      this.device.check();
      const output = await model.run(input, dims);
      if (request) this.inferenceCount++;
      return output;
    };
    return request ? this.faults.wrapRun(counted, request, model.backend) : counted;
  }

  /** Model input, inference and post-processing on decoded pixels of an `original`-sized image. */
  private async detectPixels(
    request: DetectRequest,
    pixels: RgbaImage,
    original: PixelSize,
    decodeMs: number,
  ): Promise<FoundImage> {
    const model = this.requireModel();
    const found = await detectRegions(
      pixels,
      original,
      model.descriptor,
      request.params,
      this.runFor(request),
    );
    const { geometry, map, mapToImage, preprocessMs, inferenceMs, postprocessMs } = found;
    if (request.keepMapFor !== undefined) this.kept.keep(request.keepMapFor, map, mapToImage);
    return {
      ...(request.returnMap ? { map: compactMap(map, mapToImage) } : {}),
      detections: found.detections,
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
    this.keptWords = null;
    this.recognizer.forget();
  }

  /**
   * `found` with its regions' text read when the request asks for it (photo pixels, the given
   * image), telling `onProgress` of the regions first and then of each batch read.
   * `imageToUpright`: the frame the text stands upright in, when it is not the image's own.
   */
  private async withText(
    request: DetectRequest,
    found: FoundImage,
    onProgress?: (progress: DetectProgress) => void,
    imageToUpright?: Homography,
  ): Promise<FoundImage> {
    if (!request.recognize) return found;
    const { runtime } = this.requireModel();
    this.device.check();
    const { imageWidth, imageHeight } = found;
    onProgress?.({ detections: found.detections, readCount: 0, imageWidth, imageHeight });
    const read = await this.recognizer.read(
      runtime,
      request.recognize,
      request.image,
      found.detections,
      (detections, readCount) => onProgress?.({ detections, readCount, imageWidth, imageHeight }),
      imageToUpright,
      this.lineClassifier(),
    );
    return {
      ...found,
      detections: read.detections,
      timings: { ...found.timings, recognitionMs: read.recognitionMs },
      recognizerId: read.recognizerId,
      ...(read.orientation ? { readingOrientation: read.orientation } : {}),
    };
  }

  /** The 0°/180° line classifier that turns lines the right way round for reading; absent without its model. */
  private lineClassifier(): RunModel | undefined {
    const { runtime } = this.requireModel();
    return this.halfTurn.model ? this.halfTurn.run(runtime) : undefined;
  }

  /** Reads the text of regions the caller gives, on the detector's runtime: no detection. */
  async readRegions(request: ReadRegionsRequest): Promise<ReadRegionsResult> {
    const { runtime, backend } = this.requireModel();
    this.device.check();
    const read = await this.recognizer.read(
      runtime,
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
    const words = this.keptWords?.id === mapId ? this.keptWords.words : null;
    if (words) {
      const detections = withPageText(result.detections, words);
      return { ...result, detections, recognizerId: PDF_TEXT_RECOGNIZER_ID };
    }
    if (!recognize) return result;
    const { runtime } = this.requireModel();
    this.device.check();
    const read = await this.recognizer.reread(
      runtime,
      recognize,
      mapId,
      result.detections,
      this.lineClassifier(),
    );
    return {
      ...result,
      detections: read.detections,
      recognitionMs: read.recognitionMs,
      reread: read.reread,
      recognizerId: read.recognizerId,
      ...(read.orientation ? { readingOrientation: read.orientation } : {}),
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

  /** Releases every session and the kept map. */
  async release(): Promise<void> {
    this.forgetKept();
    await this.pdf.close();
    await this.recognizer.release();
    await this.halfTurn.release();
    this.device.reset();
    const model = this.model;
    this.model = null;
    await model?.session.release();
  }

  protected requireModel(): LoadedDetector {
    if (!this.model) throw namedError(ErrorName.ModelLoad, 'no model is loaded');
    return this.model;
  }
}
