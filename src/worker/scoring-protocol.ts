/**
 * What crosses the scoring worker's boundary: scoring jobs and the API it exposes. The scoring
 * worker runs the ICDAR 2015 protocol (and, for live re-scoring, DB post-processing on kept
 * maps) off the main thread; both sides import this module.
 */
import type { Polygon } from '../geometry/types.js';
import type { ImageMatch } from '../model/scoring/icdar2015.js';
import type { ImageLabels } from '../model/scoring/labels.js';

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

/** The scoring worker's API, exposed through Comlink. */
export interface ScoringApi {
  /** Matches each job's predictions to its ground truth under the ICDAR 2015 protocol. */
  score(jobs: ScoreJob[]): ScoredImage[];
}
