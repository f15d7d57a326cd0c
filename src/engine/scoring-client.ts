import type { Remote } from 'comlink';
import { ErrorName, namedError } from '../core/errors.js';
import type {
  CompactMap,
  NumericParamKey,
  PostprocessParams,
  RescoredImage,
  RescoreJob,
  ScoredImage,
  ScoreJob,
  ScoringApi,
  SweepCounts,
} from '../protocol/scoring.js';
import { type CallOptions, WorkerClient, type WorkerTerminatedEvent } from './worker-client.js';

/** Time limit of a scoring call before the maps it re-processes are counted, ms. */
export const SCORING_TIMEOUT_MS = 30_000;
/**
 * Added to a call's time limit per image it scores and per map re-processing it does, ms: a
 * re-processing took about 8 ms (README, "Tuning against ground truth": 2.0 s for 10 values over
 * 24 images), so this leaves room for a slow, busy machine.
 */
export const SCORING_TIMEOUT_MS_PER_MAP = 500;

/** How the scoring client starts its workers and how long it lets them work. */
export interface ScoringClientOptions {
  /** Starts a new scoring worker; tests pass a fake. */
  createWorker: () => Worker;
  /** Time limit of a call before its images are counted, ms. */
  timeoutMs?: number;
  /** Added to the time limit per image scored or map re-processed, ms. */
  timeoutMsPerMap?: number;
}

/** The maps kept in the scoring worker were lost with it (it was killed or crashed): why. */
export class MapsLostEvent extends Event {
  constructor(readonly reason: unknown) {
    super('maps-lost');
  }
}

/**
 * The main-thread side of the scoring worker, on a {@link WorkerClient}: one call at a time, each
 * within a time limit that grows with its work; a hung or broken worker is terminated and the next
 * call starts a fresh one. The worker keeps probability maps, which die with it: `maps-lost` says
 * so, and a re-scoring or sweep asked for before that rejects with `MapMissingError` rather than
 * answering for no image.
 */
export class ScoringClient extends EventTarget {
  private readonly client: WorkerClient<ScoringApi>;
  private readonly timeoutMs: number;
  private readonly timeoutMsPerMap: number;
  /** Workers that died so far; a call that needs kept maps names the count it expects. */
  private losses = 0;
  /** The labels the live worker holds per image id (it keeps the last ones each job came with). */
  private readonly sentLabels = new Map<string, RescoreJob['labels']>();

  constructor(options: ScoringClientOptions) {
    super();
    this.timeoutMs = options.timeoutMs ?? SCORING_TIMEOUT_MS;
    this.timeoutMsPerMap = options.timeoutMsPerMap ?? SCORING_TIMEOUT_MS_PER_MAP;
    this.client = new WorkerClient<ScoringApi>({
      createWorker: options.createWorker,
      timeoutMs: this.timeoutMs,
    });
    this.client.addEventListener('worker-terminated', (event) => {
      this.losses++;
      this.sentLabels.clear();
      this.dispatchEvent(new MapsLostEvent((event as WorkerTerminatedEvent).reason));
    });
  }

  /** Workers started and not yet terminated (0 or 1). */
  get workersAlive(): number {
    return this.client.workersAlive;
  }

  /** Workers started since the client was made, respawns included. */
  get workersSpawned(): number {
    return this.client.workersSpawned;
  }

  /** Matches each job's predictions to its ground truth under the ICDAR 2015 protocol. */
  score(jobs: ScoreJob[], options: CallOptions = {}): Promise<ScoredImage[]> {
    return this.client.call((api) => api.score(jobs), this.limited(options, jobs.length));
  }

  /** Keeps image `id`'s 8-bit probability map in the worker for re-scoring. */
  keepMap(id: string, map: CompactMap, options: CallOptions = {}): Promise<void> {
    return this.client.call((api) => api.keepMap(id, map), this.limited(options, 1));
  }

  /** Drops the maps of images no longer in the batch. */
  dropMaps(ids: string[], options: CallOptions = {}): Promise<void> {
    return this.client.call(
      (api) => {
        for (const id of ids) this.sentLabels.delete(id);
        return api.dropMaps(ids);
      },
      this.limited(options, 0),
    );
  }

  /** Post-processes each job's kept map with `params` and scores the regions. */
  rescore(
    params: PostprocessParams,
    jobs: RescoreJob[],
    options: CallOptions = {},
  ): Promise<RescoredImage[]> {
    return this.withKeptMaps(
      (api) => api.rescore(params, this.unsent(jobs)),
      this.limited(options, jobs.length),
    );
  }

  /** Pooled counts of every job's kept map at each value of `key`, other parameters from `params`. */
  sweep(
    params: PostprocessParams,
    key: NumericParamKey,
    values: number[],
    jobs: RescoreJob[],
    options: CallOptions = {},
  ): Promise<SweepCounts[]> {
    return this.withKeptMaps(
      (api) => api.sweep(params, key, values, this.unsent(jobs)),
      this.limited(options, jobs.length * values.length),
    );
  }

  /** Bytes of the maps kept, for the benchmark. */
  keptBytes(options: CallOptions = {}): Promise<number> {
    return this.client.call((api) => api.keptBytes(), this.limited(options, 0));
  }

  /** Ends the worker (its maps with it) and rejects whatever is in flight. */
  dispose(): void {
    this.client.dispose();
  }

  /**
   * `jobs` without the labels the worker already holds (the same object sent before for that
   * id), so an unchanged label set crosses the thread boundary once; called as the call is sent.
   */
  private unsent(jobs: RescoreJob[]): RescoreJob[] {
    return jobs.map((job) => {
      if (!job.labels) return job;
      if (this.sentLabels.get(job.id) === job.labels) return { id: job.id };
      this.sentLabels.set(job.id, job.labels);
      return job;
    });
  }

  /** `options` with the time limit for `maps` images or re-processings, unless it sets one. */
  private limited(options: CallOptions, maps: number): CallOptions {
    return {
      ...options,
      timeoutMs: options.timeoutMs ?? this.timeoutMs + maps * this.timeoutMsPerMap,
    };
  }

  /**
   * Runs `task` in its turn, unless the worker that held the maps it needs died meanwhile: a fresh
   * worker holds none, and would answer for no image as if all were well.
   */
  private withKeptMaps<T>(
    task: (api: Remote<ScoringApi>) => Promise<T>,
    options: CallOptions,
  ): Promise<T> {
    const expected = this.losses;
    return this.client.enqueue((signal) => {
      if (this.losses !== expected) {
        throw namedError(
          ErrorName.MapMissing,
          'The scoring worker was restarted, and its maps with it.',
        );
      }
      return this.client.run(task, { ...options, signal });
    }, options.signal);
  }
}
