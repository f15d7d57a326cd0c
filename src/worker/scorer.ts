import { matchImage } from '../model/scoring/icdar2015.js';
import type { ScoredImage, ScoreJob, ScoringApi } from './scoring-protocol.js';

/** The scoring worker's implementation: pure scoring, no state besides what it is given. */
export class Scorer implements ScoringApi {
  score(jobs: ScoreJob[]): ScoredImage[] {
    return jobs.map((job) => ({ id: job.id, match: matchImage(job.labels, job.predictions) }));
  }
}
