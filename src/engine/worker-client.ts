import { type Remote, wrap } from 'comlink';
import { ErrorName, mayBreakWorker, namedError } from '../core/errors.js';

/** Per-call options: cancellation, and a time limit overriding the client's, ms. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** How a client starts its workers and how long it lets each call run. */
export interface WorkerClientOptions {
  /** Starts a new worker; tests pass a fake. */
  createWorker: () => Worker;
  /** Time limit of a call that sets none, ms. */
  timeoutMs: number;
}

/** One started worker as its callers see it: its Comlink proxy, and its death. */
export interface WorkerSession<Api> {
  readonly api: Remote<Api>;
  /** Aborted, with the reason, when the worker is terminated or crashes. */
  readonly death: AbortSignal;
}

/** Options of one `run` inside a job. */
export interface RunOptions<Api> extends CallOptions {
  /** The worker to run on; default: the live one, started when there is none. */
  session?: WorkerSession<Api>;
  /** What an overrun rejects with; default a `TimeoutError`. */
  timeoutError?: (timeoutMs: number) => Error;
}

/** A worker was terminated (overrun, cancelled, broken, crashed or disposed): why. */
export class WorkerTerminatedEvent extends Event {
  constructor(readonly reason: unknown) {
    super('worker-terminated');
  }
}

/** The `AbortError` of a job cancelled by its caller or by `dispose`. */
export function abortError(): DOMException {
  return new DOMException('The job was cancelled.', 'AbortError');
}

/** Resolves or rejects with `promise`, or rejects with the signal's reason once it aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function overrun(timeoutMs: number): Error {
  return namedError(ErrorName.Timeout, `No answer within ${(timeoutMs / 1000).toFixed(1)} s.`);
}

interface Live<Api> {
  worker: Worker;
  session: WorkerSession<Api>;
  death: AbortController;
}

/**
 * The main-thread side of one kind of worker, after Squoosh's worker bridge. Starts the worker on
 * first use and runs one job at a time; races every call against its time limit, its
 * `AbortSignal` and the worker's death. A call that overruns or is cancelled gets the worker
 * terminated (a stuck computation cannot be interrupted any other way), and so does one that
 * fails in a way that may have broken it (see `mayBreakWorker`); the calls in flight on it reject
 * and the next call starts a fresh worker. Dispatches `worker-spawned` and `worker-terminated`.
 */
export class WorkerClient<Api> extends EventTarget {
  private live: Live<Api> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private spawned = 0;
  private terminated = 0;

  constructor(private readonly options: WorkerClientOptions) {
    super();
  }

  /** Workers started and not yet terminated (0 or 1). */
  get workersAlive(): number {
    return this.spawned - this.terminated;
  }

  /** Workers started since the client was made, respawns included. */
  get workersSpawned(): number {
    return this.spawned;
  }

  /** The live worker, or null when none runs (before the first call, after a kill). */
  get session(): WorkerSession<Api> | null {
    return this.live?.session ?? null;
  }

  /** Runs `task` on the worker when its turn comes, within the time limit. */
  call<T>(task: (api: Remote<Api>) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.enqueue((signal) => this.run(task, { ...options, signal }), options.signal);
  }

  /**
   * Queues `job`, which may `run` several calls on the worker; one job runs at a time. A job
   * cancelled while queued never starts; one cancelled while running rejects at once.
   */
  enqueue<T>(job: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const jobSignal = signal ?? new AbortController().signal;
    const turn = this.queue.then(() => {
      if (jobSignal.aborted) throw jobSignal.reason ?? abortError();
      return job(jobSignal);
    });
    this.queue = turn.catch(() => undefined);
    return raceSignal(turn, jobSignal);
  }

  /**
   * Runs `task` on a worker now (inside a job: call it from `enqueue`), raced against the time
   * limit, the signal and the worker's death. An overrun, a cancellation or a failure that may
   * have broken the worker terminates it.
   */
  async run<T>(task: (api: Remote<Api>) => Promise<T>, options: RunOptions<Api> = {}): Promise<T> {
    const session = options.session ?? this.session ?? this.spawn();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const timeoutError = options.timeoutError ?? overrun;
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(timeoutError(timeoutMs)), timeoutMs);
    const stop = AbortSignal.any(
      options.signal
        ? [options.signal, limit.signal, session.death]
        : [limit.signal, session.death],
    );
    try {
      return await raceSignal(task(session.api), stop);
    } catch (error) {
      // Timed out or cancelled mid-call: the worker may be stuck, so it goes. So does a worker
      // whose call failed in a way that may leave it (or what it holds) unusable.
      if (stop.aborted) this.kill(stop.reason, session);
      else if (mayBreakWorker(error)) this.kill(error, session);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts a fresh worker (ending the live one, if any) and makes it the live one. */
  spawn(): WorkerSession<Api> {
    if (this.live) this.kill(abortError());
    const worker = this.options.createWorker();
    this.spawned++;
    const death = new AbortController();
    const live: Live<Api> = {
      worker,
      session: { api: wrap<Api>(worker), death: death.signal },
      death,
    };
    worker.addEventListener('error', (event) => {
      if (this.live !== live) return;
      event.preventDefault();
      this.kill(
        namedError(ErrorName.WorkerCrashed, (event as ErrorEvent).message || 'worker error'),
      );
    });
    this.live = live;
    this.dispatchEvent(new Event('worker-spawned'));
    return live.session;
  }

  /**
   * Terminates the live worker (only when it is `session`'s, if given) and rejects every call
   * still waiting on it with `reason`. The next call starts a fresh one.
   */
  kill(reason: unknown, session?: WorkerSession<Api>): void {
    const live = this.live;
    if (!live || (session && live.session !== session)) return;
    this.live = null;
    live.worker.terminate();
    this.terminated++;
    live.death.abort(reason);
    this.dispatchEvent(new WorkerTerminatedEvent(reason));
  }

  /** Ends the worker and rejects whatever is in flight. The client can still be used after. */
  dispose(): void {
    this.kill(abortError());
  }
}
