/**
 * What crosses the worker boundary: requests, results and the API the detector worker exposes.
 * The worker's implementation and the main thread (engine, app, tests, scripts) both import this
 * module; nobody imports the implementation for its types. Test builds' extra fields and
 * methods are in ./test-hooks.ts.
 */
import type { Quad } from '../core/geometry/perspective.js';
import type { Polygon } from '../core/geometry/types.js';
import type { CompactMap } from '../features/detection/pipeline/compact-map.js';
import type { Backend, Detection, StageTimings } from '../features/detection/pipeline/detection.js';
import type { Heatmap } from '../features/detection/pipeline/kept-map.js';
import type { DocumentPlan } from '../features/document/pipeline/document-pipeline.js';
import type { DocumentParams } from '../features/document/pipeline/params.js';
import type { ModelDescriptor, PostprocessParams } from '../features/models/pipeline/descriptor.js';
import type { ReadingOrientation } from '../features/recognition/pipeline/reading-orientation.js';

/** What the person asked for: let the app choose, or force one backend. */
export type BackendPreference = 'auto' | Backend;

/** Where a model's bytes came from, for the status line and the benchmarks. */
export type BytesOrigin = 'network' | 'cache-storage' | 'memory';

/** Which model to load and on which backend. Weights come by URL (cached) or as bytes. */
export interface LoadRequest {
  descriptor: ModelDescriptor;
  /** Absolute URL of the weights; ignored when `modelBytes` is given. */
  modelUrl?: string;
  /** Weights held by the page (a person's own model). */
  modelBytes?: ArrayBuffer;
  /**
   * The worker's own Cache Storage key for the weights; absent when the page's service worker
   * precaches them (then it alone keeps them, versioned by content).
   */
  cacheKey?: string;
  backend: BackendPreference;
  /**
   * URL of the 0°/180° line classifier document photos use; its session is created on the first
   * document job that turns pages upright. Absent: pages are never turned by a half turn.
   */
  halfTurnModelUrl?: string;
  /** The worker's Cache Storage key for the classifier; absent under the page's service worker. */
  halfTurnCacheKey?: string;
  /**
   * At most this many WASM threads; absent: all cores when cross-origin isolated. The engine asks
   * for 1 after a stalled load: no pthread pool, no nested workers to wait for.
   */
  maxWasmThreads?: number;
}

/** What loading did: the backend that actually runs and what it cost. */
export interface LoadResult {
  backend: Backend;
  backendReason: string;
  /** WASM threads in use (1 without cross-origin isolation). */
  threads: number;
  fetchMs: number;
  bytesOrigin: BytesOrigin | 'page';
  sessionCreateMs: number;
  warmupMs: number;
  inputName: string;
  outputName: string;
}

/**
 * Read the regions' text with this recognizer. Its descriptor (JSON) names the weights and the
 * dictionary, relative to it; the worker creates the recognizer session on first use only.
 */
export interface RecognizeRequest {
  /** Absolute URL of the recognizer's descriptor JSON. */
  descriptorUrl: string;
  /** Keep the weights in the worker's Cache Storage (no service worker precaches them). */
  cacheWeights: boolean;
  /**
   * Replaces the backend's batching (benchmarks measure the levers): lines per batch, and whether
   * each batch is padded only to its widest line (`fitWidths`, for measuring) or to the fixed widths (the default on every backend).
   */
  batching?: { maxBatchSize?: number; fitWidths?: boolean; minInputWidth?: number };
}

/** Regions given by the caller (ground truth, say) to read the text of. */
export interface ReadRegionsRequest {
  image: Blob;
  /** 4-point regions (any vertex order) or polygons, in original-image pixels. */
  imagePolygons: Polygon[];
  recognize: RecognizeRequest;
}

/** The text of each given region, in the order given. */
export interface ReadRegionsResult {
  regions: { text: string; textScore: number }[];
  /** Full-size decode, crops and recognizer runs, ms. */
  recognitionMs: number;
  recognizerId: string;
  backend: Backend;
}

/** What a job has produced so far: its regions, with the text of those read already. */
export interface DetectProgress {
  detections: Detection[];
  imageWidth: number;
  imageHeight: number;
  /** Regions whose text has been read so far. */
  readCount: number;
}

/** One page of a PDF, rendered in the worker and detected in place of an image. */
export interface PdfPageRequest {
  /** 1-based page number. */
  number: number;
  /** Absolute URL (ending in `/`) of pdf.js's fonts, CMaps and decoders (`pdfjs/` of the app). */
  assetsUrl: string;
}

/** One image to detect. The Blob is decoded here, off the main thread, EXIF orientation applied. */
export interface DetectRequest {
  /** The image; with `pdfPage`, the PDF whose page is detected. */
  image: Blob;
  /** Detect this page of the PDF `image` (rendered at 200 DPI); absent: `image` is an image. */
  pdfPage?: PdfPageRequest;
  params: PostprocessParams;
  /**
   * Keep the probability map under this id (the batch item's) for live re-processing and the
   * heatmap; absent: keep none. Later calls name the id, so they never reach another image's map.
   */
  keepMapFor?: string;
  /** Long side of the stored thumbnail, px. */
  thumbnailLongSide: number;
  /** Read each region's text too; absent: detection only (no recognizer session is created). */
  recognize?: RecognizeRequest;
  /** Document-photo preprocessing; absent or `enabled: false`: the photo is detected as it is. */
  document?: DocumentParams;
  /** Hand-placed page corners, original-photo pixels: replaces page finding (document on only). */
  pageQuad?: Quad;
  /** Return the probability map as 8-bit levels (kept with the result for live re-scoring). */
  returnMap?: boolean;
}

/** A downscaled copy of the image, encoded, as bytes (IndexedDB-safe in every browser). */
export interface Thumbnail {
  bytes: ArrayBuffer;
  mimeType: string;
  width: number;
  height: number;
}

/** Milliseconds of the document-photo steps (the page's decodes included in `decodeMs`). */
export interface DocumentTimings {
  decodeMs: number;
  pageMs: number;
  orientationMs: number;
  warpMs: number;
  enhanceMs: number;
}

/** What document preprocessing did to one photo, as plain data (stored with the result). */
export type DocumentResult = Omit<DocumentPlan, 'photoToPage'> & {
  /** The parameters the step ran with. */
  params: DocumentParams;
  /** Original-photo pixels → upright page pixels, 3 × 3 row-major. */
  photoToPage: number[];
  timings: DocumentTimings;
};

/** Everything one detection produced, polygons in original-image pixels. */
export interface DetectResult {
  detections: Detection[];
  imageWidth: number;
  imageHeight: number;
  inputWidth: number;
  inputHeight: number;
  timings: StageTimings;
  backend: Backend;
  thumbnail: Thumbnail;
  /** Id of the recognizer that read the regions' `text`; absent when recognition did not run. */
  recognizerId?: string;
  /** How the text was turned before it was read; absent when recognition did not run. */
  readingOrientation?: ReadingOrientation;
  /** Present when document preprocessing ran: the page, the transform and the steps' timings. */
  document?: DocumentResult;
  /** `pdf` when the regions' text is the PDF page's own text layer, not read by the recognizer. */
  textSource?: 'pdf';
  /** The probability map as 8-bit levels, when `returnMap` asked for it. */
  map?: CompactMap;
}

/** Post-processing again from the kept probability map. */
export interface RepostprocessResult {
  detections: Detection[];
  postprocessMs: number;
  /** Reading the text of the regions whose polygon changed, ms; absent without recognition. */
  recognitionMs?: number;
  /** Regions read again (their polygon changed); the rest kept their text. */
  reread?: number;
  /** Id of the recognizer that read the regions' `text`; absent without recognition. */
  recognizerId?: string;
  /** How the regions read again were turned; absent when none was read. */
  readingOrientation?: ReadingOrientation;
}

/** Counters from inside the worker, for tests and benchmarks. */
export interface WorkerStats {
  /** Image inferences of the detector (warm-ups not counted). */
  inferenceCount: number;
  backend: Backend | null;
  /** Recognizer sessions this worker created (0 while recognition was never asked for). */
  recognizerSessions: number;
  /** Text lines the recognizer read. */
  linesRead: number;
}

/** The kept probability map as grey levels, named by its image (defined with the keeper). */
export type { Heatmap } from '../features/detection/pipeline/kept-map.js';

/** The post-processing parameters a detection or a re-processing carries (defined with the model). */
export type { PostprocessParams } from '../features/models/pipeline/descriptor.js';

/** The detector worker's API, exposed through Comlink. */
export interface DetectorApi {
  /** Creates the session (after releasing any previous one) and runs a warm-up inference. */
  load(request: LoadRequest): Promise<LoadResult>;
  /**
   * Decodes, preprocesses, infers and post-processes one image, then reads its regions' text when
   * asked; `onProgress` (a Comlink proxy) sees the regions, then each batch of text as it is read.
   */
  detect(
    request: DetectRequest,
    onProgress?: (progress: DetectProgress) => void,
  ): Promise<DetectResult>;
  /**
   * Re-runs only post-processing on the map kept for `mapId` with new parameters: no inference.
   * With `recognize`, reads only the regions whose polygon changed. Throws `MapMissingError` when
   * the worker keeps no map, or another image's.
   */
  repostprocess(
    mapId: string,
    params: PostprocessParams,
    recognize?: RecognizeRequest,
  ): Promise<RepostprocessResult>;
  /** The map kept for `mapId` as grey levels, for the heatmap overlay; null when it is not kept. */
  heatmap(mapId: string): Heatmap | null;
  /** Drops the kept probability map (the image left the screen). */
  forgetMap(): void;
  /** The page count of a PDF; rejects with `PdfError` naming a password or damage. */
  pdfPageCount(file: Blob, assetsUrl: string): Promise<number>;
  /** One page of a PDF rendered as `detect` sees it (a BMP), for the viewer. */
  renderPdfPage(file: Blob, page: PdfPageRequest): Promise<Blob>;
  /**
   * The image as the worker decodes it: a HEIC/HEIF the browser cannot read comes back decoded by
   * libheif (upright, as a BMP); anything else comes back as it is. For the viewer.
   */
  decodable(image: Blob): Promise<Blob>;
  /** Reads the text of regions the caller gives (no detection): `npm run eval -- --gt-boxes`, the bench. */
  readRegions(request: ReadRegionsRequest): Promise<ReadRegionsResult>;
  /** Counters: image inferences (warm-ups not counted), recognizer sessions, lines read. */
  stats(): WorkerStats;
  /** Releases both sessions and the kept map. */
  release(): Promise<void>;
}
