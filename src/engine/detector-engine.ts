import { proxy, type Remote } from 'comlink';
import { ErrorName, errorMessage, errorName, namedError } from '../core/errors.js';
import type {
  DetectorApi,
  DetectProgress,
  DetectRequest,
  DetectResult,
  Heatmap,
  LoadRequest,
  LoadResult,
  PdfPageRequest,
  PostprocessParams,
  ReadRegionsRequest,
  ReadRegionsResult,
  RecognizeRequest,
  RepostprocessResult,
  WorkerStats,
} from '../protocol/detector.js';
import type { LoadTestFaults, TestLoadRequest } from '../protocol/test-hooks.js';
import { abortError, type CallOptions, WorkerClient, type WorkerSession } from './worker-client.js';

/** Time limit of one image's job when the person has not set one, ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default time limit of loading a model on WASM (or letting the app choose), ms. */
export const DEFAULT_LOAD_TIMEOUT_MS = 45_000;
/** Default time limit of loading a model on forced WebGPU, ms: a software adapter compiles shaders for most of a minute. */
export const DEFAULT_WEBGPU_LOAD_TIMEOUT_MS = 180_000;
/** Fresh workers tried when loading stalls past its time limit. */
const LOAD_ATTEMPTS = 2;
/** How long a worker being retired gets to release its session politely, ms. */
const RELEASE_TIMEOUT_MS = 5_000;

/** How the engine gets its workers and how long it lets them work. */
export interface EngineOptions {
  /** Starts a new detector worker; tests pass a fake. */
  createWorker: () => Worker;
  /** Time limit of one job, ms. */
  timeoutMs?: number;
  /** Time limit of loading a model into a fresh worker, ms (WASM or auto). */
  loadTimeoutMs?: number;
  /** Time limit of loading a model on forced WebGPU, ms. */
  webgpuLoadTimeoutMs?: number;
}

/** Per-call options: cancellation and an optional time limit overriding the engine's. */
export type JobOptions = CallOptions;

/** The live worker and what loading the model into it reported. */
interface Loaded {
  session: WorkerSession<DetectorApi>;
  result: LoadResult;
}

/** The engine moved from WebGPU to WASM by itself: why (what WebGPU failed with). */
export class BackendFallbackEvent extends Event {
  constructor(readonly reason: string) {
    super('backend-fallback');
  }
}

/**
 * The main-thread side of the detector worker, on a {@link WorkerClient}: one job at a time, each
 * raced against its time limit, its `AbortSignal` and the worker's death. A job that overruns gets
 * its worker terminated (a stuck inference cannot be interrupted any other way) and rejects with
 * `TimeoutError`; so does a job that fails in a way that may have broken the worker or its
 * session (see `mayBreakWorker`). The next job starts a fresh worker and reloads the model.
 * Under `auto`, a WebGPU failure (session, warm-up, run, lost device) moves the engine to WASM:
 * the job is run again there and `backend-fallback` says why.
 */
export class DetectorEngine extends EventTarget {
  private readonly client: WorkerClient<DetectorApi>;
  private loaded: Loaded | null = null;
  private load: LoadRequest | null = null;
  private fallbackReason: string | null = null;
  private readonly loadTimeoutMs: number;
  private readonly webgpuLoadTimeoutMs: number;

  constructor(options: EngineOptions) {
    super();
    this.client = new WorkerClient<DetectorApi>({
      createWorker: options.createWorker,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    for (const type of ['worker-spawned', 'worker-terminated']) {
      this.client.addEventListener(type, () => this.dispatchEvent(new Event(type)));
    }
    this.loadTimeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    this.webgpuLoadTimeoutMs = options.webgpuLoadTimeoutMs ?? DEFAULT_WEBGPU_LOAD_TIMEOUT_MS;
  }

  /** Workers started and not yet terminated (0 or 1 in a healthy engine). */
  get workersAlive(): number {
    return this.client.workersAlive;
  }

  /** Workers started since the engine was made, respawns included. */
  get workersSpawned(): number {
    return this.client.workersSpawned;
  }

  /** Why the engine moved from WebGPU to WASM by itself, or null when it has not. */
  get backendFallback(): string | null {
    return this.fallbackReason;
  }

  /** Test builds only: faults every load provokes from now on. */
  testLoadFaults: LoadTestFaults | null = null;

  /** What the current worker's load reported, or null before the first load. */
  get loadResult(): LoadResult | null {
    return this.current?.result ?? null;
  }

  /**
   * Switches to another model: the old session is released and its worker ended before the new
   * one is created. If the new model fails to load, the previous one is loaded again and the
   * error is rethrown, so the model in use stays in use.
   */
  setModel(load: LoadRequest, options: JobOptions = {}): Promise<LoadResult> {
    return this.client.enqueue(async (signal) => {
      const previous = this.load;
      await this.retire();
      this.load = load;
      if (load.backend !== 'auto') this.fallbackReason = null;
      try {
        return (await this.ensureLoaded(signal)).result;
      } catch (error) {
        this.load = previous;
        if (previous) await this.ensureLoaded(signal).catch(() => undefined);
        throw error;
      }
    }, options.signal);
  }

  /**
   * Detects text in one image (and reads it, when the request asks). `onProgress` sees the
   * regions and then each batch of text as the worker reads it, within the same job.
   */
  detect(
    request: DetectRequest,
    options: JobOptions & { onProgress?: (progress: DetectProgress) => void } = {},
  ): Promise<DetectResult> {
    const { onProgress } = options;
    return this.call(
      (api) => (onProgress ? api.detect(request, proxy(onProgress)) : api.detect(request)),
      options,
    );
  }

  /**
   * Re-runs post-processing on the probability map the worker keeps for `mapId`: no new
   * inference. Rejects with `MapMissingError` when it keeps no map, or another image's.
   */
  repostprocess(
    mapId: string,
    params: PostprocessParams,
    options: JobOptions & { recognize?: RecognizeRequest } = {},
  ): Promise<RepostprocessResult> {
    const { recognize } = options;
    return this.call(
      (api) =>
        recognize ? api.repostprocess(mapId, params, recognize) : api.repostprocess(mapId, params),
      options,
    );
  }

  /** The page count of a PDF, opened in the worker; rejects with `PdfError` when it does not open. */
  pdfPageCount(file: Blob, assetsUrl: string, options: JobOptions = {}): Promise<number> {
    return this.call((api) => api.pdfPageCount(file, assetsUrl), options);
  }

  /** One page of a PDF rendered in the worker as detection sees it, for the viewer. */
  renderPdfPage(file: Blob, page: PdfPageRequest, options: JobOptions = {}): Promise<Blob> {
    return this.call((api) => api.renderPdfPage(file, page), options);
  }

  /** The image as the worker decodes it (a HEIC the browser cannot read, decoded by libheif). */
  decodable(image: Blob, options: JobOptions = {}): Promise<Blob> {
    return this.call((api) => api.decodable(image), options);
  }

  /** Reads the text of regions the caller gives (no detection), within the job's time limit. */
  readRegions(request: ReadRegionsRequest, options: JobOptions = {}): Promise<ReadRegionsResult> {
    return this.call((api) => api.readRegions(request), options);
  }

  /** The map kept for `mapId` as grey levels, or null when the worker keeps no map for it. */
  heatmap(mapId: string, options: JobOptions = {}): Promise<Heatmap | null> {
    return this.call((api) => api.heatmap(mapId), options);
  }

  /** Counters from inside the worker (inference calls, recognizer sessions), for tests and benchmarks. */
  stats(options: JobOptions = {}): Promise<WorkerStats> {
    return this.call((api) => api.stats(), options);
  }

  /** Ends the worker and rejects whatever is in flight. The engine can still be used after. */
  dispose(): void {
    this.client.dispose();
  }

  /**
   * Runs `task` against the loaded worker when its turn comes, within the time limit. A failure
   * that may have broken the worker ends it; a WebGPU failure under `auto` runs `task` again on
   * WASM.
   */
  call<T>(task: (api: Remote<DetectorApi>) => Promise<T>, options: JobOptions = {}): Promise<T> {
    return this.client.enqueue(async (signal) => {
      for (;;) {
        try {
          const { session } = await this.ensureLoaded(signal);
          return await this.client.run(task, { signal, session, timeoutMs: options.timeoutMs });
        } catch (error) {
          if (!this.fallBackToWasm(error)) throw error;
        }
      }
    }, options.signal);
  }

  /** The live worker with its model loaded, or null (none yet, or it died since). */
  private get current(): Loaded | null {
    const loaded = this.loaded;
    return loaded && loaded.session === this.client.session ? loaded : null;
  }

  /** True when `error` is WebGPU failing while the person let the app choose the backend. */
  private canFallBack(error: unknown): boolean {
    return errorName(error) === ErrorName.WebGpu && this.load?.backend === 'auto';
  }

  /**
   * After a WebGPU failure under `auto`: ends the worker, loads WASM from now on and says why.
   * True when the engine fell back (the caller tries again), false for any other failure.
   */
  private fallBackToWasm(error: unknown): boolean {
    if (!this.canFallBack(error)) return false;
    this.client.kill(error);
    this.load = { ...this.load!, backend: 'wasm' };
    this.announceFallback(errorMessage(error));
    return true;
  }

  private announceFallback(reason: string): void {
    this.fallbackReason = reason;
    this.dispatchEvent(new BackendFallbackEvent(reason));
  }

  /**
   * The loaded worker, spawning one and loading the model when needed. A load that stalls past
   * its time limit (seen, rarely, in Firefox on a loaded machine) gets its worker terminated and
   * one more fresh worker, on one WASM thread; a load that fails outright is not retried.
   */
  private async ensureLoaded(signal: AbortSignal): Promise<Loaded> {
    const current = this.current;
    if (current) return current;
    // A WebGPU load failure under auto is blamed on WebGPU only once WASM loads the same model:
    // a model no backend can open must not turn WebGPU off for this browser.
    let gpuFailure: { load: LoadRequest; error: unknown } | null = null;
    for (let attempt = 1; ; attempt++) {
      const load = this.load;
      if (!load) throw namedError(ErrorName.ModelLoad, 'No model has been chosen.');
      let timeoutMs = load.backend === 'webgpu' ? this.webgpuLoadTimeoutMs : this.loadTimeoutMs;
      // After a stall, one thread: no pthread pool whose nested workers might never start.
      let request: TestLoadRequest = attempt > 1 ? { ...load, maxWasmThreads: 1 } : load;
      if (__TEST_HOOKS__ && this.testLoadFaults) {
        performance.mark('textspot:test-load-faults');
        request = { ...request, testFaults: this.testLoadFaults };
        // Auto on a software adapter compiles shaders as long as forced WebGPU does.
        if (this.testLoadFaults.gpuOnFallbackAdapter) timeoutMs = this.webgpuLoadTimeoutMs;
      }
      const session = this.client.spawn();
      let stalled = false;
      try {
        const result = await this.client.run((api) => api.load(request), {
          signal,
          session,
          timeoutMs,
          timeoutError: (ms) => {
            stalled = true;
            return namedError(ErrorName.ModelLoad, `Loading the model took over ${ms / 1000} s.`);
          },
        });
        this.loaded = { session, result };
        if (gpuFailure) this.announceFallback(errorMessage(gpuFailure.error));
        this.dispatchEvent(new Event('model-loaded'));
        return this.loaded;
      } catch (reason) {
        // A worker whose load failed holds no usable session, whatever the failure.
        this.client.kill(reason, session);
        if (!stalled && !gpuFailure && this.canFallBack(reason)) {
          gpuFailure = { load, error: reason };
          this.load = { ...load, backend: 'wasm' };
          attempt = 0;
          continue;
        }
        if (!stalled || attempt >= LOAD_ATTEMPTS) {
          if (gpuFailure && this.load === load) this.load = gpuFailure.load;
          throw reason;
        }
      }
    }
  }

  /** Releases the session politely, then ends the worker (used when switching models). */
  private async retire(): Promise<void> {
    const session = this.client.session;
    if (!session) return;
    await this.client
      .run((api) => api.release(), { session, timeoutMs: RELEASE_TIMEOUT_MS })
      .catch(() => undefined);
    this.client.kill(abortError(), session);
  }
}
