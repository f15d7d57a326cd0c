import { type CompactMap, expandMap } from '../model/compact-map.js';
import type { PostprocessParams } from '../model/descriptor.js';
import { dbPostprocess } from '../model/postprocess.js';
import { matchImage } from '../model/scoring/icdar2015.js';
import type {
  RescoredImage,
  RescoreJob,
  ScoredImage,
  ScoreJob,
  ScoringApi,
} from './scoring-protocol.js';

/**
 * The scoring worker's implementation: scores predictions, and keeps 8-bit probability maps
 * so a parameter change re-processes and re-scores every labelled image without inference.
 */
export class Scorer implements ScoringApi {
  private readonly maps = new Map<string, CompactMap>();
  /** One float buffer reused for every map a re-scoring expands. */
  private buffer = new Float32Array(0);

  score(jobs: ScoreJob[]): ScoredImage[] {
    return jobs.map((job) => ({ id: job.id, match: matchImage(job.labels, job.predictions) }));
  }

  keepMap(id: string, map: CompactMap): void {
    this.maps.set(id, map);
  }

  dropMaps(ids: string[]): void {
    for (const id of ids) this.maps.delete(id);
  }

  rescore(params: PostprocessParams, jobs: RescoreJob[]): RescoredImage[] {
    const answers: RescoredImage[] = [];
    for (const job of jobs) {
      const map = this.maps.get(job.id);
      if (!map) continue;
      const start = performance.now();
      if (this.buffer.length < map.width * map.height) {
        this.buffer = new Float32Array(map.width * map.height);
      }
      const detections = dbPostprocess(expandMap(map, this.buffer), params, map.mapToImage);
      const postprocessMs = performance.now() - start;
      const match = matchImage(
        job.labels,
        detections.map((d) => d.imagePolygon),
      );
      answers.push({ id: job.id, detections, match, postprocessMs });
    }
    return answers;
  }

  keptBytes(): number {
    let bytes = 0;
    for (const map of this.maps.values()) bytes += map.levels.byteLength;
    return bytes;
  }
}
