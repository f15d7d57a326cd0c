/**
 * What crosses the worker boundary: requests, results and the API the detector worker exposes.
 * The worker's implementation and the main thread (engine, app, tests, scripts) both import this
 * module; nobody imports the implementation for its types.
 */
import type { ModelDescriptor, PostprocessParams } from '../model/descriptor.js';
import type { Backend, Detection, StageTimings } from '../model/detection.js';
import type { ProbabilityMap } from '../model/output.js';

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

/** One image to detect. The Blob is decoded here, off the main thread, EXIF orientation applied. */
export interface DetectRequest {
  image: Blob;
  params: PostprocessParams;
  /** Keep the probability map for live re-processing and the heatmap (the image on screen). */
  keepMap: boolean;
  /** Long side of the stored thumbnail, px. */
  thumbnailLongSide: number;
  /** Test builds only: busy-wait this long inside inference, to exercise the timeout. */
  testHangMs?: number;
}

/** A downscaled copy of the image, encoded, as bytes (IndexedDB-safe in every browser). */
export interface Thumbnail {
  bytes: ArrayBuffer;
  mimeType: string;
  width: number;
  height: number;
}

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
}

/** Post-processing again from the kept probability map. */
export interface RepostprocessResult {
  detections: Detection[];
  postprocessMs: number;
}

/** The probability map of the last kept image, as 8-bit levels (0–255), map-pixel space. */
export interface Heatmap {
  pixels: Uint8Array;
  width: number;
  height: number;
  /** The part of the map that covers the image (letterboxed inputs leave padding), map px. */
  contentX: number;
  contentY: number;
  contentWidth: number;
  contentHeight: number;
}

/** The detector worker's API, exposed through Comlink. */
export interface DetectorApi {
  /** Creates the session (after releasing any previous one) and runs a warm-up inference. */
  load(request: LoadRequest): Promise<LoadResult>;
  /** Decodes, preprocesses, infers and post-processes one image. */
  detect(request: DetectRequest): Promise<DetectResult>;
  /** Re-runs only post-processing on the kept map with new parameters: no inference. */
  repostprocess(params: PostprocessParams): RepostprocessResult;
  /** The kept probability map as grey levels, for the heatmap overlay; null when none is kept. */
  heatmap(): Heatmap | null;
  /** Drops the kept probability map (the image left the screen). */
  forgetMap(): void;
  /** How many image inferences this worker ran (warm-ups not counted). */
  stats(): { inferenceCount: number; backend: Backend | null };
  /** Releases the session and the kept map. */
  release(): Promise<void>;
  /** Test builds only: the input tensor and raw probability map for one image. */
  debugTensors(image: Blob): Promise<{ input: Float32Array; dims: number[]; map: ProbabilityMap }>;
}
