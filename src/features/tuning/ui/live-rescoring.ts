import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, userMessage } from '../../../core/errors.js';
import type { ScoringClient } from '../../../engine/scoring-client.js';
import type { RescoreJob } from '../../../protocol/scoring.js';
import type { BatchItem, ItemResult } from '../../batch/ui/batch-item.js';
import type { CompactMap } from '../../detection/pipeline/compact-map.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { preprocessKey, type StoredMap } from '../../history/store/stored-result.js';
import type { ModelDescriptor, PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { ImageMatch } from '../pipeline/icdar2015.js';
import type { PairedLabels } from '../pipeline/labels.js';
import { scoredDetections } from './scored-item.js';

/** How live re-scoring reaches the batch, the model, the labels and the scores. */
export interface LiveRescoringDeps {
  scoring: ScoringClient;
  items: () => readonly BatchItem[];
  /** The model in use, whose maps re-scoring may use. */
  model: () => ModelDescriptor | null;
  /** The labels paired with `item`, or null. */
  labelsFor: (item: BatchItem) => PairedLabels | null;
  /** Records item `id`'s matching and the detections it was computed from. */
  scored: (id: string, detections: readonly Detection[], match: ImageMatch) => void;
  /** Replaces item `id`'s result with one re-processed with `params` by model `modelId`. */
  updateResult: (
    id: string,
    result: ItemResult,
    params: PostprocessParams,
    modelId: string,
  ) => void;
  report: (message: string) => void;
}

/**
 * Live re-scoring: the 8-bit probability maps the scoring worker keeps, and re-processing every
 * labelled image from them when the parameters change (no inference). Maps die with the worker:
 * `forgetStored` drops the record of them, so those images wait for their next detection.
 */
export class LiveRescoring implements ReactiveController {
  /** Wall time of the last re-scoring of every labelled image (post-processing + scoring + messaging), ms. */
  lastRescoreMs: number | null = null;
  /**
   * Items whose map the scoring worker keeps (or will, once its turn comes), with the model and
   * preprocessing it came from; `stored` once the worker has it.
   */
  private readonly kept = new Map<
    string,
    { modelId: string; preprocessKey: string; bytes: number; stored: boolean }
  >();
  /** The parameters re-scoring should reach next; null when none is pending. */
  private wanted: PostprocessParams | null = null;
  private rescoring: Promise<void> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: LiveRescoringDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Drops the maps of images that left the batch. */
  hostUpdated(): void {
    if (this.kept.size === 0) return;
    const present = new Set(this.deps.items().map((item) => item.id));
    const gone = [...this.kept.keys()].filter((id) => !present.has(id));
    if (gone.length === 0) return;
    for (const id of gone) this.kept.delete(id);
    // A failure here ends the worker, and its maps go with it: nothing is left to drop.
    void this.deps.scoring.dropMaps(gone).catch(() => undefined);
  }

  /**
   * Hands `item`'s 8-bit probability map to the scoring worker for live re-scoring; returns it
   * named by the model and preprocessing it came from, as the history stores it.
   */
  keepMap(item: BatchItem, compact: CompactMap | StoredMap): StoredMap | undefined {
    const model = this.deps.model();
    const map: StoredMap | undefined =
      'modelId' in compact
        ? compact
        : model && item.modelId === model.id
          ? { ...compact, modelId: model.id, preprocessKey: preprocessKey(model) }
          : undefined;
    if (!map) return undefined;
    const entry = {
      modelId: map.modelId,
      preprocessKey: map.preprocessKey,
      bytes: map.levels.byteLength,
      stored: false,
    };
    this.kept.set(item.id, entry);
    this.deps.scoring.keepMap(item.id, map).then(
      () => {
        entry.stored = true;
      },
      (error: unknown) => {
        if (this.kept.get(item.id) === entry) this.kept.delete(item.id);
        if (!isAbort(error)) {
          this.deps.report(
            `Keeping a map for live re-scoring failed: ${userMessage(error, 'scoring')}`,
          );
        }
        this.host.requestUpdate();
      },
    );
    return map;
  }

  /**
   * Forgets the maps the scoring worker held: it is gone. Maps still waiting for their turn stay:
   * they go to the fresh worker.
   */
  forgetStored(): void {
    for (const [id, entry] of this.kept) if (entry.stored) this.kept.delete(id);
    this.host.requestUpdate();
  }

  /** Labelled images that re-score live (map kept for the model in use), and the maps' bytes. */
  get keptMaps(): { images: number; bytes: number } {
    const live = this.rescorable();
    const bytes = live.reduce((sum, item) => sum + (this.kept.get(item.id)?.bytes ?? 0), 0);
    return { images: live.length, bytes };
  }

  /** One re-scoring job per labelled image whose map is kept for the model in use. */
  jobs(): RescoreJob[] {
    return this.rescorable().map((item) => ({
      id: item.id,
      labels: this.deps.labelsFor(item)!.labels,
    }));
  }

  /**
   * Re-processes and re-scores every labelled image whose map is kept (for the model in use)
   * with `params`, off the main thread; returns the ids it takes over, so the viewer leaves
   * them alone. Calls made while one runs collapse into one more run with the latest params.
   */
  rescore(params: PostprocessParams): ReadonlySet<string> {
    const ids = new Set(this.rescorable().map((item) => item.id));
    if (ids.size === 0) return ids;
    this.wanted = params;
    this.rescoring ??= this.drain().finally(() => {
      this.rescoring = null;
    });
    return ids;
  }

  /** Resolves once no re-scoring is running or pending (benchmarks and tests wait on it). */
  async settled(): Promise<void> {
    while (this.rescoring) await this.rescoring;
  }

  /** Labelled images with a result but no kept map: detected before their labels came. */
  unmapped(): BatchItem[] {
    const live = new Set(this.rescorable());
    return this.deps
      .items()
      .filter((item) => !live.has(item) && item.result && this.deps.labelsFor(item) !== null);
  }

  private rescorable(): BatchItem[] {
    const model = this.deps.model();
    if (!model) return [];
    const key = preprocessKey(model);
    return this.deps.items().filter((item) => {
      const kept = this.kept.get(item.id);
      return (
        kept?.modelId === model.id &&
        kept.preprocessKey === key &&
        scoredDetections(item) !== null &&
        this.deps.labelsFor(item) !== null
      );
    });
  }

  private async drain(): Promise<void> {
    while (this.wanted) {
      const params = this.wanted;
      this.wanted = null;
      const start = performance.now();
      try {
        const answers = await this.deps.scoring.rescore(params, this.jobs());
        for (const answer of answers) {
          this.deps.scored(answer.id, answer.detections, answer.match);
          const item = this.deps.items().find((i) => i.id === answer.id);
          if (!item?.result || !item.modelId) continue;
          const timings = { ...item.result.timings, postprocessMs: answer.postprocessMs };
          this.deps.updateResult(
            answer.id,
            { ...item.result, detections: answer.detections, timings },
            params,
            item.modelId,
          );
        }
        this.lastRescoreMs = performance.now() - start;
      } catch (error) {
        this.deps.report(`Re-scoring failed: ${userMessage(error, 'scoring')}`);
      }
      this.host.requestUpdate();
    }
  }
}
