import type {
  RescoredImage,
  RescoreJob,
  ScoredImage,
  ScoreJob,
  ScoringApi,
} from '../../../protocol/scoring.js';
import {
  type CompactMap,
  expandMap,
  regionsOnImage,
} from '../../detection/pipeline/compact-map.js';
import { dbPostprocess } from '../../detection/pipeline/postprocess.js';
import type { NumericParamKey, PostprocessParams } from '../../models/pipeline/descriptor.js';
import { matchImage } from '../pipeline/icdar2015.js';
import type { SweepCounts } from '../pipeline/sweep.js';

/**
 * The scoring worker's implementation: scores predictions, and keeps 8-bit probability maps
 * so a parameter change re-processes and re-scores every labelled image without inference.
 */
export class Scorer implements ScoringApi {
  private readonly maps = new Map<string, CompactMap>();
  /** The last labels each image's re-scoring jobs came with (later jobs may leave them out). */
  private readonly labels = new Map<string, NonNullable<RescoreJob['labels']>>();
  /** One float buffer reused for every map a re-scoring expands. */
  private buffer = new Float32Array(0);

  score(jobs: ScoreJob[]): ScoredImage[] {
    return jobs.map((job) => ({ id: job.id, match: matchImage(job.labels, job.predictions) }));
  }

  keepMap(id: string, map: CompactMap): void {
    this.maps.set(id, map);
  }

  dropMaps(ids: string[]): void {
    for (const id of ids) {
      this.maps.delete(id);
      this.labels.delete(id);
    }
  }

  /** The labels of `job`, given or kept from an earlier job of its image; undefined when neither. */
  private labelsOf(job: RescoreJob): RescoreJob['labels'] {
    if (job.labels) this.labels.set(job.id, job.labels);
    return this.labels.get(job.id);
  }

  rescore(params: PostprocessParams, jobs: RescoreJob[]): RescoredImage[] {
    const answers: RescoredImage[] = [];
    for (const job of jobs) {
      const map = this.maps.get(job.id);
      const labels = this.labelsOf(job);
      if (!map || !labels) continue;
      const start = performance.now();
      const detections = regionsOnImage(
        map,
        dbPostprocess(this.expand(map), params, map.mapToImage),
      );
      const postprocessMs = performance.now() - start;
      const match = matchImage(
        labels,
        detections.map((d) => d.imagePolygon),
      );
      answers.push({ id: job.id, detections, match, postprocessMs });
    }
    return answers;
  }

  sweep(
    params: PostprocessParams,
    key: NumericParamKey,
    values: number[],
    jobs: RescoreJob[],
  ): SweepCounts[] {
    const totals = values.map((value) => ({ value, matched: 0, gtCounted: 0, predCounted: 0 }));
    // Map-major: each map is expanded once for all the values.
    for (const job of jobs) {
      const map = this.maps.get(job.id);
      const labels = this.labelsOf(job);
      if (!map || !labels) continue;
      const expanded = this.expand(map);
      values.forEach((value, v) => {
        const detections = regionsOnImage(
          map,
          dbPostprocess(expanded, { ...params, [key]: value }, map.mapToImage),
        );
        const match = matchImage(
          labels,
          detections.map((d) => d.imagePolygon),
        );
        const total = totals[v]!;
        total.matched += match.matched;
        total.gtCounted += match.gtCounted;
        total.predCounted += match.predCounted;
      });
    }
    return totals;
  }

  private expand(map: CompactMap) {
    if (this.buffer.length < map.width * map.height) {
      this.buffer = new Float32Array(map.width * map.height);
    }
    return expandMap(map, this.buffer);
  }

  keptBytes(): number {
    let bytes = 0;
    for (const map of this.maps.values()) bytes += map.levels.byteLength;
    return bytes;
  }
}
