/**
 * What crosses the scoring worker's boundary: scoring jobs and the API it exposes. The scoring
 * worker runs the ICDAR 2015 protocol (and, for live re-scoring, DB post-processing on kept
 * maps) off the main thread; both sides import this module.
 */
import type { Polygon } from '../core/geometry/types.js';
import type { CompactMap } from '../features/detection/pipeline/compact-map.js';
import type { Detection } from '../features/detection/pipeline/detection.js';
import type { NumericParamKey, PostprocessParams } from '../features/models/pipeline/descriptor.js';
import type { ImageMatch } from '../features/tuning/pipeline/icdar2015.js';
import type { ImageLabels } from '../features/tuning/pipeline/labels.js';
import type { SweepCounts } from '../features/tuning/pipeline/sweep.js';

/** One image to score: its ground truth and the predicted polygons, original-image pixels. */
export interface ScoreJob {
  /** The batch item's id, echoed back. */
  id: string;
  labels: Pick<ImageLabels, 'image' | 'polygons' | 'ignore'>;
  predictions: Polygon[];
}

/** One image's matching, by the id of its job. */
export interface ScoredImage {
  id: string;
  match: ImageMatch;
}

/** One image to post-process again from its kept map and score. */
export interface RescoreJob {
  /** The batch item's id: the key its map is kept under. */
  id: string;
  /**
   * Its ground truth. The worker keeps the last labels each id came with; the client leaves them
   * out when the worker already has these (100,000 boxes cost the main thread tens of ms to send).
   */
  labels?: Pick<ImageLabels, 'image' | 'polygons' | 'ignore'>;
}

/** One image re-processed from its kept map: the new regions and their matching. */
export interface RescoredImage extends ScoredImage {
  detections: Detection[];
  postprocessMs: number;
}

/** The scoring worker's API, exposed through Comlink. */
export interface ScoringApi {
  /** Matches each job's predictions to its ground truth under the ICDAR 2015 protocol. */
  score(jobs: ScoreJob[]): ScoredImage[];
  /** Keeps image `id`'s 8-bit probability map for re-scoring (replacing any earlier one). */
  keepMap(id: string, map: CompactMap): void;
  /** Drops the maps of images no longer in the batch. */
  dropMaps(ids: string[]): void;
  /**
   * Post-processes each job's kept map with `params` and scores the regions; jobs whose map is
   * not kept are left out of the answer.
   */
  rescore(params: PostprocessParams, jobs: RescoreJob[]): RescoredImage[];
  /**
   * Re-processes every job's kept map at each value of `key` (other parameters from `params`)
   * and returns the pooled counts per value; regions are not returned.
   */
  sweep(
    params: PostprocessParams,
    key: NumericParamKey,
    values: number[],
    jobs: RescoreJob[],
  ): SweepCounts[];
  /** Bytes of the maps kept, for the benchmark. */
  keptBytes(): number;
}

/** The types the scoring calls carry, defined with their pipelines (re-exported for the engine). */
export type { CompactMap } from '../features/detection/pipeline/compact-map.js';
export type { NumericParamKey, PostprocessParams } from '../features/models/pipeline/descriptor.js';
export type { SweepCounts } from '../features/tuning/pipeline/sweep.js';
