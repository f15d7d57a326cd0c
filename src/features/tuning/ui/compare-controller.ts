import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BatchItem } from '../../batch/ui/batch-item.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { downloadBlob } from '../../export/ui/png.js';
import type { ModelDescriptor, PostprocessParams } from '../../models/pipeline/descriptor.js';
import {
  tunedDescriptor,
  tunedDescriptorFileName,
} from '../../models/pipeline/tuned-descriptor.js';
import { type Comparison, compareScores } from '../pipeline/compare.js';
import type { ImageMatch } from '../pipeline/icdar2015.js';
import type { PairedLabels } from '../pipeline/labels.js';
import type { MatchOverlay } from './draw-matches.js';
import { scoredDetections } from './scored-item.js';

/** Settings pinned as A for comparison, and what every scored image looked like under them. */
export interface PinnedSettings {
  params: PostprocessParams;
  modelId: string;
  /** Each scored image's regions and matching under A, by item id. */
  images: ReadonlyMap<string, { detections: readonly Detection[]; match: ImageMatch }>;
}

/** How the comparison reaches the batch, the model and the scores. */
export interface CompareDeps {
  items: () => readonly BatchItem[];
  params: () => PostprocessParams | null;
  model: () => ModelDescriptor | null;
  /** `item`'s matching for the result it holds now; null while unscored or unlabelled. */
  matchFor: (item: BatchItem) => ImageMatch | null;
  /** The labels paired with `item`, or null. */
  labelsFor: (item: BatchItem) => PairedLabels | null;
}

/**
 * A/B comparison: pins the settings in use and every scored image's regions as A; B is whatever
 * the figures are now. Also saves B as the model's defaults.
 */
export class CompareController implements ReactiveController {
  /** Settings pinned as A, with each labelled image's regions and matching under them; null when none. */
  pinned: PinnedSettings | null = null;
  /** Where A gives way to B on the overlay, 0–1 of the image's width. */
  split = 0.5;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: CompareDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Pins the current settings and every scored image's regions as A; B is whatever comes next. */
  pin(): void {
    const params = this.deps.params();
    const model = this.deps.model();
    if (!params || !model) return;
    const images = new Map<string, { detections: readonly Detection[]; match: ImageMatch }>();
    for (const item of this.deps.items()) {
      const match = this.deps.matchFor(item);
      const detections = scoredDetections(item);
      if (match && detections) images.set(item.id, { detections, match });
    }
    this.pinned = { params: { ...params }, modelId: model.id, images };
    this.host.requestUpdate();
  }

  /** Forgets A. */
  clear(): void {
    this.pinned = null;
    this.host.requestUpdate();
  }

  /** Moves the split between A and B on the overlay. */
  setSplit(split: number): void {
    this.split = split;
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
      const now = this.deps.matchFor(item);
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
    const labels = item ? this.deps.labelsFor(item) : null;
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
}
