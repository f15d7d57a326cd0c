import { type Remote, wrap } from 'comlink';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { userMessage } from '../../../core/errors.js';
import type { ScoringApi } from '../../../protocol/scoring.js';
import { type BatchItem, type ItemResult, ItemStatus } from '../../batch/ui/batch-item.js';
import type { CompactMap } from '../../detection/pipeline/compact-map.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { downloadBlob } from '../../export/ui/png.js';
import { preprocessKey, type StoredMap } from '../../history/store/stored-result.js';
import type {
  ModelDescriptor,
  NumericParamKey,
  PostprocessParams,
} from '../../models/pipeline/descriptor.js';
import {
  tunedDescriptor,
  tunedDescriptorFileName,
} from '../../models/pipeline/tuned-descriptor.js';
import { type Comparison, compareScores } from '../pipeline/compare.js';
import { type ImageMatch, type SetScore, setScoreOf } from '../pipeline/icdar2015.js';
import {
  isLabelFileName,
  type LabelFile,
  type PairedLabels,
  type Pairing,
  pairLabels,
  parseLabelFile,
} from '../pipeline/labels.js';
import { type LabelFileError, poolScores, type TuningSummary } from '../pipeline/pooling.js';
import type { SweepResult } from '../pipeline/sweep.js';
import type { MatchOverlay } from './draw-matches.js';

/** Settings pinned as A for comparison, and what every scored image looked like under them. */
export interface PinnedSettings {
  params: PostprocessParams;
  modelId: string;
  /** Each scored image's regions and matching under A, by item id. */
  images: ReadonlyMap<string, { detections: readonly Detection[]; match: ImageMatch }>;
}

/** How the tuning controller reaches the rest of the app. */
export interface TuningDeps {
  /** The batch as it is now. */
  items: () => readonly BatchItem[];
  /** Starts the scoring worker. */
  createWorker: () => Worker;
  /** Adds images that came with labels (a chosen folder holding both). */
  addImages: (files: File[]) => void;
  /** The post-processing parameters in use (a sweep varies one of them). */
  params: () => PostprocessParams | null;
  /** The model in use, whose maps re-scoring may use. */
  model: () => ModelDescriptor | null;
  /** Replaces item `id`'s result with one re-processed with `params` by model `modelId`. */
  updateResult: (
    id: string,
    result: ItemResult,
    params: PostprocessParams,
    modelId: string,
  ) => void;
  report: (message: string) => void;
}

/** The name an item's labels are paired by: its path inside a chosen folder, else its name. */
export function itemImageName(item: BatchItem): string {
  return item.file.webkitRelativePath || item.file.name;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : '';
}

/**
 * Ground truth and scores: reads label files, pairs them with the batch's images by name, has
 * every labelled result scored in the scoring worker (never on the main thread: a few hundred
 * boxes per image cost tens of milliseconds) and pools P / R / H per source or folder.
 */
export class TuningController implements ReactiveController {
  /** Label files read without error, in the order added. */
  labelFiles: readonly LabelFile[] = [];
  /** Label files that could not be read. */
  fileErrors: readonly LabelFileError[] = [];

  private api: Remote<ScoringApi> | null = null;
  private worker: Worker | null = null;
  /** Each item's last matching and the exact detections array it was computed from. */
  private readonly matches = new Map<
    string,
    { detections: readonly Detection[]; match: ImageMatch }
  >();
  /** One overlay object per matching, so the overlay redraws only when the verdicts change. */
  private readonly overlays = new WeakMap<ImageMatch, MatchOverlay>();
  private scoring = false;
  /** Items whose map the scoring worker keeps, with the model and preprocessing it came from. */
  private readonly kept = new Map<
    string,
    { modelId: string; preprocessKey: string; bytes: number }
  >();
  /** The parameters re-scoring should reach next; null when none is pending. */
  private wanted: PostprocessParams | null = null;
  private rescoring: Promise<void> | null = null;
  /** Settings pinned as A, with each labelled image's regions and matching under them; null when none. */
  pinned: PinnedSettings | null = null;
  /** The last sweep's figures, the parameter it varied and its wall time; null before any. */
  sweepResult: SweepResult | null = null;
  /** True while a sweep runs. */
  sweeping = false;
  /** Wall time of the last re-scoring of every labelled image (post-processing + scoring + messaging), ms. */
  lastRescoreMs: number | null = null;
  /** Set when the scoring worker failed: no retry loop until the labels change. */
  private failed = false;
  private pairingCache: {
    items: readonly BatchItem[];
    files: readonly LabelFile[];
    pairing: Pairing;
  } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: TuningDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  hostUpdated(): void {
    if (this.kept.size > 0) {
      const present = new Set(this.deps.items().map((item) => item.id));
      const gone = [...this.kept.keys()].filter((id) => !present.has(id));
      if (gone.length > 0) {
        for (const id of gone) this.kept.delete(id);
        void this.scorer().dropMaps(gone);
      }
    }
    if (!this.scoring && !this.failed && this.unscored().length > 0) void this.scoreMissing();
  }

  /**
   * Reads the label files among `files` (the rest, images, go to the batch). A file that cannot
   * be read gets its own error; the others load.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    const labels = files.filter((file) => isLabelFileName(file.name));
    const images = files.filter((file) => !isLabelFileName(file.name));
    if (images.length > 0) this.deps.addImages(images);
    const added: LabelFile[] = [];
    const failed: LabelFileError[] = [];
    await Promise.all(
      labels.map(async (file) => {
        const fileName = file.webkitRelativePath || file.name;
        try {
          added.push(parseLabelFile(fileName, await file.text()));
        } catch (error) {
          failed.push({ fileName, message: userMessage(error) });
        }
      }),
    );
    const byName = (a: { fileName: string }, b: { fileName: string }) =>
      a.fileName.localeCompare(b.fileName);
    added.sort(byName);
    failed.sort(byName);
    const names = new Set(added.map((f) => f.fileName));
    // A file added again replaces its earlier copy (and its earlier error).
    this.labelFiles = [...this.labelFiles.filter((f) => !names.has(f.fileName)), ...added];
    const failedNames = new Set(failed.map((e) => e.fileName));
    this.fileErrors = [
      ...this.fileErrors.filter((e) => !names.has(e.fileName) && !failedNames.has(e.fileName)),
      ...failed,
    ];
    this.failed = false;
    this.host.requestUpdate();
  }

  /** Forgets every label file, score, sweep and pinned A (kept maps stay until their images leave the batch). */
  clear(): void {
    this.labelFiles = [];
    this.fileErrors = [];
    this.matches.clear();
    this.pinned = null;
    this.sweepResult = null;
    this.failed = false;
    this.host.requestUpdate();
  }

  /** True when any label file is loaded or refused. */
  get active(): boolean {
    return this.labelFiles.length > 0 || this.fileErrors.length > 0;
  }

  /** True when detection should return maps: ground truth is loaded, so re-scoring will want them. */
  get wantsMaps(): boolean {
    return this.labelFiles.length > 0;
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
    this.kept.set(item.id, {
      modelId: map.modelId,
      preprocessKey: map.preprocessKey,
      bytes: map.levels.byteLength,
    });
    void this.scorer().keepMap(item.id, map);
    return map;
  }

  /** Labelled images that re-score live (map kept for the model in use), and the maps' bytes. */
  get keptMaps(): { images: number; bytes: number } {
    const live = this.rescorable();
    const bytes = live.reduce((sum, item) => sum + (this.kept.get(item.id)?.bytes ?? 0), 0);
    return { images: live.length, bytes };
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
    this.rescoring ??= this.drainRescores().finally(() => {
      this.rescoring = null;
    });
    return ids;
  }

  /**
   * Pooled P / R / H of every labelled image with a kept map at each of `values` of `key`,
   * the other parameters as they are now; re-processed in the scoring worker, no inference.
   */
  async sweep(key: NumericParamKey, values: number[]): Promise<void> {
    const params = this.deps.params();
    const items = this.rescorable();
    if (!params || items.length === 0 || this.sweeping) return;
    this.sweeping = true;
    this.host.requestUpdate();
    const start = performance.now();
    try {
      const counts = await this.scorer().sweep(
        params,
        key,
        values,
        items.map((item) => ({ id: item.id, labels: this.labelsFor(item)!.labels })),
      );
      this.sweepResult = {
        key,
        images: items.length,
        points: counts.map((c) => ({ value: c.value, score: setScoreOf(c) })),
        ms: performance.now() - start,
      };
    } catch (error) {
      this.deps.report(`The sweep failed: ${userMessage(error)}`);
    } finally {
      this.sweeping = false;
      this.host.requestUpdate();
    }
  }

  /** Pins the current settings and every scored image's regions as A; B is whatever comes next. */
  pinA(): void {
    const params = this.deps.params();
    const model = this.deps.model();
    if (!params || !model) return;
    const images = new Map<string, { detections: readonly Detection[]; match: ImageMatch }>();
    for (const item of this.deps.items()) {
      const match = this.matchFor(item);
      const detections = scoredDetections(item);
      if (match && detections) images.set(item.id, { detections, match });
    }
    this.pinned = { params: { ...params }, modelId: model.id, images };
    this.host.requestUpdate();
  }

  /** Where A gives way to B on the overlay, 0–1 of the image's width. */
  compareSplit = 0.5;

  /** Moves the split between A and B on the overlay. */
  setCompareSplit(split: number): void {
    this.compareSplit = split;
    this.host.requestUpdate();
  }

  /** Downloads the model's descriptor with the current post-processing as its defaults. */
  saveDefaults(): void {
    const model = this.deps.model();
    const params = this.deps.params();
    if (!model || !params) return;
    const json = JSON.stringify(tunedDescriptor(model, params), null, 2);
    downloadBlob(
      new Blob([`${json}\n`], { type: 'application/json' }),
      tunedDescriptorFileName(model),
    );
  }

  /** Forgets A. */
  clearA(): void {
    this.pinned = null;
    this.host.requestUpdate();
  }

  /** A (pinned) against B (now): pooled and per image, most changed first; null without A. */
  get comparison(): Comparison | null {
    const pinned = this.pinned;
    if (!pinned) return null;
    const a = new Map<string, ImageMatch>();
    const b = new Map<string, ImageMatch>();
    const names = new Map<string, string>();
    for (const item of this.deps.items()) {
      const before = pinned.images.get(item.id);
      const now = this.matchFor(item);
      if (!before || !now) continue;
      a.set(item.id, before.match);
      b.set(item.id, now);
      names.set(item.id, item.file.name);
    }
    return compareScores(a, b, names);
  }

  /** What `item` looked like under A, for the split view; null without A or without its matching. */
  pinnedOverlayFor(
    item: BatchItem | null,
  ): { detections: readonly Detection[]; verdicts: MatchOverlay } | null {
    const before = item ? this.pinned?.images.get(item.id) : undefined;
    const labels = item ? this.labelsFor(item) : null;
    if (!before || !labels) return null;
    return {
      detections: before.detections,
      verdicts: {
        gtPolygons: labels.labels.polygons,
        gtClasses: before.match.gtClasses,
        predictionClasses: before.match.predictionClasses,
      },
    };
  }

  /** Resolves once no re-scoring is running or pending (benchmarks and tests wait on it). */
  async settled(): Promise<void> {
    while (this.rescoring) await this.rescoring;
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
        this.labelsFor(item) !== null
      );
    });
  }

  private async drainRescores(): Promise<void> {
    while (this.wanted) {
      const params = this.wanted;
      this.wanted = null;
      const items = this.rescorable();
      const start = performance.now();
      try {
        const answers = await this.scorer().rescore(
          params,
          items.map((item) => ({ id: item.id, labels: this.labelsFor(item)!.labels })),
        );
        for (const answer of answers) {
          this.matches.set(answer.id, { detections: answer.detections, match: answer.match });
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
        this.deps.report(`Re-scoring failed: ${userMessage(error)}`);
      }
      this.host.requestUpdate();
    }
  }

  /** The batch's images paired with the loaded labels; unpaired ones on both sides listed. */
  get pairing(): Pairing {
    const items = this.deps.items();
    const cache = this.pairingCache;
    if (cache && cache.items === items && cache.files === this.labelFiles) return cache.pairing;
    const names = [...new Set(items.map(itemImageName))];
    const pairing = pairLabels(names, this.labelFiles);
    this.pairingCache = { items, files: this.labelFiles, pairing };
    return pairing;
  }

  /** The labels paired with `item`, or null. */
  labelsFor(item: BatchItem): PairedLabels | null {
    return this.pairing.paired.find((p) => p.imageName === itemImageName(item)) ?? null;
  }

  /** `item`'s matching for the result it holds now; null while unscored or unlabelled. */
  matchFor(item: BatchItem): ImageMatch | null {
    const kept = this.matches.get(item.id);
    return kept && kept.detections === scoredDetections(item) ? kept.match : null;
  }

  /** What the overlay draws for `item`: its ground truth and each region's verdict; null when unscored. */
  overlayFor(item: BatchItem | null): MatchOverlay | null {
    if (!item) return null;
    const match = this.matchFor(item);
    const labels = this.labelsFor(item);
    if (!match || !labels) return null;
    const cached = this.overlays.get(match);
    if (cached) return cached;
    const overlay: MatchOverlay = {
      gtPolygons: labels.labels.polygons,
      gtClasses: match.gtClasses,
      predictionClasses: match.predictionClasses,
    };
    this.overlays.set(match, overlay);
    return overlay;
  }

  /** P / R / H of each scored item, by item id, for the results table. */
  get scores(): ReadonlyMap<string, SetScore> {
    const scores = new Map<string, SetScore>();
    for (const item of this.deps.items()) {
      const match = this.matchFor(item);
      if (match) scores.set(item.id, setScoreOf(match));
    }
    return scores;
  }

  /** Pooled P / R / H over the scored labelled images, and per source (or folder). */
  get summary(): TuningSummary {
    const scored: { group: string; counts: ImageMatch }[] = [];
    let labelled = 0;
    for (const item of this.deps.items()) {
      const labels = this.labelsFor(item);
      if (!labels) continue;
      labelled++;
      const match = this.matchFor(item);
      if (match) scored.push({ group: groupName(item, labels), counts: match });
    }
    return poolScores(scored, labelled);
  }

  private unscored(): BatchItem[] {
    if (this.labelFiles.length === 0) return [];
    return this.deps
      .items()
      .filter((item) => scoredDetections(item) && this.labelsFor(item) && !this.matchFor(item));
  }

  private scorer(): Remote<ScoringApi> {
    if (!this.api) {
      this.worker = this.deps.createWorker();
      this.api = wrap<ScoringApi>(this.worker);
    }
    return this.api;
  }

  /** Scores every labelled item whose result changed, until none is left (results may change meanwhile). */
  private async scoreMissing(): Promise<void> {
    this.scoring = true;
    try {
      for (let items = this.unscored(); items.length > 0; items = this.unscored()) {
        const jobs = items.map((item) => {
          const detections = scoredDetections(item)!;
          const { labels } = this.labelsFor(item)!;
          return {
            item,
            detections,
            job: {
              id: item.id,
              labels: { image: labels.image, polygons: labels.polygons, ignore: labels.ignore },
              predictions: detections.map((d) => d.imagePolygon),
            },
          };
        });
        const scored = await this.scorer().score(jobs.map((j) => j.job));
        scored.forEach(({ match }, index) => {
          const { item, detections } = jobs[index]!;
          this.matches.set(item.id, { detections, match });
        });
        this.host.requestUpdate();
      }
    } catch (error) {
      this.failed = true;
      this.deps.report(`Scoring failed: ${userMessage(error)}`);
    } finally {
      this.scoring = false;
    }
  }
}

/** The detections of a result whose figures stand (a queued re-run still holds a stale one). */
function scoredDetections(item: BatchItem): readonly Detection[] | null {
  const standing = item.status === ItemStatus.Done || item.status === ItemStatus.Skipped;
  return standing && item.result ? item.result.detections : null;
}

/** The group an image's figures pool into: its dataset source when labels name one, else its folder. */
function groupName(item: BatchItem, labels: PairedLabels): string {
  if ('source' in labels.labels && typeof labels.labels.source === 'string') {
    return labels.labels.source;
  }
  return folderOf(itemImageName(item)) || labels.labelFile;
}
