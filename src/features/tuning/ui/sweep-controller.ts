import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { userMessage } from '../../../core/errors.js';
import type { ScoringClient } from '../../../engine/scoring-client.js';
import type { RescoreJob } from '../../../protocol/scoring.js';
import type { NumericParamKey, PostprocessParams } from '../../models/pipeline/descriptor.js';
import { setScoreOf } from '../pipeline/icdar2015.js';
import type { SweepResult } from '../pipeline/sweep.js';

/** How the sweep reaches the rest of the tuning slice. */
export interface SweepDeps {
  scoring: ScoringClient;
  /** The post-processing parameters in use (the sweep varies one of them). */
  params: () => PostprocessParams | null;
  /** One job per labelled image whose map is kept for the model in use. */
  jobs: () => RescoreJob[];
  report: (message: string) => void;
}

/**
 * Parameter sweeps: pooled P / R / H of every labelled image with a kept map at each value of one
 * parameter, re-processed in the scoring worker (no inference). One sweep at a time.
 */
export class SweepController implements ReactiveController {
  /** The last sweep's figures, the parameter it varied and its wall time; null before any. */
  result: SweepResult | null = null;
  /** True while a sweep runs. */
  running = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: SweepDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Sweeps `key` over `values`, the other parameters as they are now; ignored while one runs. */
  async run(key: NumericParamKey, values: number[]): Promise<void> {
    const params = this.deps.params();
    const jobs = this.deps.jobs();
    if (!params || jobs.length === 0 || this.running) return;
    this.running = true;
    this.host.requestUpdate();
    const start = performance.now();
    try {
      const counts = await this.deps.scoring.sweep(params, key, values, jobs);
      this.result = {
        key,
        images: jobs.length,
        points: counts.map((c) => ({ value: c.value, score: setScoreOf(c) })),
        ms: performance.now() - start,
      };
    } catch (error) {
      this.deps.report(`The sweep failed: ${userMessage(error, 'scoring')}`);
    } finally {
      this.running = false;
      this.host.requestUpdate();
    }
  }

  /** Forgets the last sweep. */
  clear(): void {
    this.result = null;
    this.host.requestUpdate();
  }
}
