import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { userMessage } from '../../../core/errors.js';
import { ScoringClient } from '../../../engine/scoring-client.js';
import type { BatchItem, ItemResult } from '../../batch/ui/batch-item.js';
import type { CompactMap } from '../../detection/pipeline/compact-map.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { StoredMap } from '../../history/store/stored-result.js';
import type {
  ModelDescriptor,
  NumericParamKey,
  PostprocessParams,
} from '../../models/pipeline/descriptor.js';
import { type ImageMatch, type SetScore, setScoreOf } from '../pipeline/icdar2015.js';
import { type OutsideLabel, outsideLabelMessage, withinImage } from '../pipeline/label-bounds.js';
import {
  type ImageLabels,
  isLabelFileName,
  type LabelFile,
  type PairedLabels,
  type Pairing,
  pairLabels,
  parseLabelFile,
} from '../pipeline/labels.js';
import { type LabelFileError, poolScores, type TuningSummary } from '../pipeline/pooling.js';
import type { SweepResult } from '../pipeline/sweep.js';
import { CompareController } from './compare-controller.js';
import type { MatchOverlay } from './draw-matches.js';
import { LiveRescoring } from './live-rescoring.js';
import { groupName, itemImageName, scoredDetections } from './scored-item.js';
import { SweepController } from './sweep-controller.js';

/** How the tuning controller reaches the rest of the app. */
export interface TuningDeps {
  /** The batch as it is now. */
  items: () => readonly BatchItem[];
  /** Starts the scoring worker. */
  createWorker: () => Worker;
  /** Time limit of a scoring call before its images are counted, ms; tests shorten it. */
  scoringTimeoutMs?: number;
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

/**
 * Ground truth and scores: reads label files, pairs them with the batch's images by name, has
 * every labelled result scored in the scoring worker (never on the main thread: a few hundred
 * boxes per image cost tens of milliseconds) and pools P / R / H per source or folder. Live
 * re-scoring, the sweep and the A/B comparison are controllers of their own (`live`, `sweeps`,
 * `compare`); the members of theirs the app and the benchmark read are forwarded here.
 */
export class TuningController implements ReactiveController {
  /** Label files read without error, in the order added. */
  labelFiles: readonly LabelFile[] = [];
  /** Label files that could not be read. */
  fileErrors: readonly LabelFileError[] = [];

  /** The scoring worker, behind its client: a time limit on every call, killed and respawned. */
  private readonly scoring: ScoringClient;
  /** Kept maps and re-processing every labelled image from them. */
  readonly live: LiveRescoring;
  /** Parameter sweeps over the kept maps. */
  readonly sweeps: SweepController;
  /** Settings pinned as A against the figures now. */
  readonly compare: CompareController;

  /** Each item's last matching and the exact detections array it was computed from. */
  private readonly matches = new Map<
    string,
    { detections: readonly Detection[]; match: ImageMatch }
  >();
  /** One overlay object per matching, so the overlay redraws only when the verdicts change. */
  private readonly overlays = new WeakMap<ImageMatch, MatchOverlay>();
  /** Each pairing's labels without the boxes outside its image, for the image size last seen. */
  private readonly boundedCache = new WeakMap<
    ImageLabels,
    { width: number; height: number; labels: ImageLabels; outside: readonly OutsideLabel[] }
  >();
  private scoringNow = false;
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
    const { items, model, params, report } = deps;
    const labelsFor = (item: BatchItem) => this.labelsFor(item);
    this.scoring = new ScoringClient({
      createWorker: deps.createWorker,
      timeoutMs: deps.scoringTimeoutMs,
    });
    this.live = new LiveRescoring(host, {
      scoring: this.scoring,
      items,
      model,
      labelsFor,
      scored: (id, detections, match) => this.matches.set(id, { detections, match }),
      updateResult: deps.updateResult,
      report,
    });
    this.sweeps = new SweepController(host, {
      scoring: this.scoring,
      params,
      jobs: () => this.live.jobs(),
      report,
    });
    this.compare = new CompareController(host, {
      items,
      params,
      model,
      matchFor: (item) => this.matchFor(item),
      labelsFor,
    });
    // The worker's maps died with it: those images re-score live again once detected again.
    this.scoring.addEventListener('maps-lost', () => this.live.forgetStored());
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.scoring.dispose();
  }

  hostUpdated(): void {
    if (!this.scoringNow && !this.failed && this.unscored().length > 0) void this.scoreMissing();
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
    this.compare.clear();
    this.sweeps.clear();
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

  /** Hands `item`'s map to the scoring worker for live re-scoring (see {@link LiveRescoring.keepMap}). */
  keepMap(item: BatchItem, compact: CompactMap | StoredMap): StoredMap | undefined {
    return this.live.keepMap(item, compact);
  }

  /** Labelled images that re-score live (map kept for the model in use), and the maps' bytes. */
  get keptMaps(): { images: number; bytes: number } {
    return this.live.keptMaps;
  }

  /** Re-scores every labelled image with a kept map; returns the ids it takes over from the viewer. */
  rescore(params: PostprocessParams): ReadonlySet<string> {
    return this.live.rescore(params);
  }

  /** Resolves once no re-scoring is running or pending (benchmarks and tests wait on it). */
  settled(): Promise<void> {
    return this.live.settled();
  }

  /** Sweeps `key` over `values` (see {@link SweepController.run}). */
  sweep(key: NumericParamKey, values: number[]): Promise<void> {
    return this.sweeps.run(key, values);
  }

  /** The last sweep's figures; null before any. */
  get sweepResult(): SweepResult | null {
    return this.sweeps.result;
  }

  /** Where A gives way to B on the overlay, 0–1 of the image's width. */
  get compareSplit(): number {
    return this.compare.split;
  }

  /** What `item` looked like under A, for the split view; null without A or without its matching. */
  pinnedOverlayFor(
    item: BatchItem | null,
  ): { detections: readonly Detection[]; verdicts: MatchOverlay } | null {
    return this.compare.pinnedOverlayFor(item);
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

  /**
   * The labels paired with `item`, or null; once its size is known, without the boxes outside
   * the image (see `outsideLabels`), so scoring, re-scoring, A/B and the overlay leave them out.
   */
  labelsFor(item: BatchItem): PairedLabels | null {
    const paired = this.pairing.paired.find((p) => p.imageName === itemImageName(item));
    if (!paired || !item.result) return paired ?? null;
    return this.bounded(paired, item.result.imageWidth, item.result.imageHeight).paired;
  }

  /** Every label box left out of scoring because it lies outside its image, by file and line. */
  get outsideLabels(): string[] {
    const lines: string[] = [];
    for (const item of this.deps.items()) {
      const paired = this.pairing.paired.find((p) => p.imageName === itemImageName(item));
      if (!paired || !item.result) continue;
      const { imageWidth, imageHeight } = item.result;
      for (const entry of this.bounded(paired, imageWidth, imageHeight).outside) {
        lines.push(outsideLabelMessage(entry, imageWidth, imageHeight));
      }
    }
    return [...new Set(lines)];
  }

  /**
   * `paired` without its boxes outside a `width` × `height` image. Computed once per label entry
   * and size, so the labels keep their identity across pairings (caches downstream key on it).
   */
  private bounded(
    paired: PairedLabels,
    width: number,
    height: number,
  ): { paired: PairedLabels; outside: readonly OutsideLabel[] } {
    let cached = this.boundedCache.get(paired.labels);
    if (!cached || cached.width !== width || cached.height !== height) {
      cached = { width, height, ...withinImage(paired.labels, width, height, paired.labelFile) };
      this.boundedCache.set(paired.labels, cached);
    }
    const { labels, outside } = cached;
    return { paired: labels === paired.labels ? paired : { ...paired, labels }, outside };
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

  /** Scores every labelled item whose result changed, until none is left (results may change meanwhile). */
  private async scoreMissing(): Promise<void> {
    this.scoringNow = true;
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
        const scored = await this.scoring.score(jobs.map((j) => j.job));
        scored.forEach(({ match }, index) => {
          const { item, detections } = jobs[index]!;
          this.matches.set(item.id, { detections, match });
        });
        this.host.requestUpdate();
      }
    } catch (error) {
      this.failed = true;
      this.deps.report(`Scoring failed: ${userMessage(error, 'scoring')}`);
    } finally {
      this.scoringNow = false;
    }
  }
}
