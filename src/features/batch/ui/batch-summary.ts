import { jobMs } from '../../detection/pipeline/detection.js';
import type { BatchItem } from './batch-item.js';

/** The figures of the results summary. Means are null when there is nothing to average. */
export interface BatchSummary {
  /** Every file in the list. */
  images: number;
  /** Done plus skipped (already done with the same content, model and parameters). */
  succeeded: number;
  /** Of `succeeded`, how many came from the stored results. */
  skipped: number;
  /** Failed plus timed out. */
  failed: number;
  /** Of `failed`, how many hit the time limit. */
  timedOut: number;
  /** Detected regions over all succeeded images. */
  regions: number;
  /** Mean score over every region of every succeeded image (0–1). */
  meanConfidence: number | null;
  /** Mean per-image worker time (decode + preprocess + inference + postprocess) of succeeded images, ms. */
  meanTimeMs: number | null;
}

/**
 * Summarises a batch for the results tiles. Regions, confidence and time count only succeeded
 * items: an item queued for a re-run still holds its old result, which no longer stands.
 */
export function summarize(items: readonly BatchItem[]): BatchSummary {
  let done = 0;
  let skipped = 0;
  let failed = 0;
  let timedOut = 0;
  let regions = 0;
  let scoreSum = 0;
  let timed = 0;
  let timeSumMs = 0;
  for (const item of items) {
    switch (item.status) {
      case 'done':
        done++;
        break;
      case 'skipped':
        skipped++;
        break;
      case 'failed':
        failed++;
        continue;
      case 'timed-out':
        timedOut++;
        continue;
      default:
        continue;
    }
    const result = item.result;
    if (!result) continue;
    regions += result.detections.length;
    for (const detection of result.detections) scoreSum += detection.score;
    timed++;
    timeSumMs += jobMs(result.timings);
  }
  return {
    images: items.length,
    succeeded: done + skipped,
    skipped,
    failed: failed + timedOut,
    timedOut,
    regions,
    meanConfidence: regions > 0 ? scoreSum / regions : null,
    meanTimeMs: timed > 0 ? timeSumMs / timed : null,
  };
}
