/**
 * The columns of <results-table>: what each shows, its header and how it sorts. Pure, so the
 * figures and sort keys are tested without an element.
 */

import type { SortKey } from '../../../shell/design/sort.js';
import { jobMs } from '../../detection/pipeline/detection.js';
import { pageLabel } from '../../pdf/pipeline/pdf-pages.js';
import type { SetScore } from '../../tuning/pipeline/icdar2015.js';
import { type BatchItem, ItemStatus } from './batch-item.js';
import { STATUS_CHIPS } from './status-chip.js';

/** The columns of the results table, by id. */
export const ResultColumn = {
  File: 'file',
  Status: 'status',
  Regions: 'regions',
  MeanConfidence: 'mean-confidence',
  Time: 'time',
  Backend: 'backend',
  Precision: 'precision',
  Recall: 'recall',
  Hmean: 'hmean',
} as const;

/** One of {@link ResultColumn}. */
export type ResultColumnValue = (typeof ResultColumn)[keyof typeof ResultColumn];

/** The result of an item whose figures stand: a queued re-run still holds its old, stale result. */
export function standingResult(item: BatchItem) {
  return item.status === ItemStatus.Done || item.status === ItemStatus.Skipped ? item.result : null;
}

/** Mean confidence (0–1) of an item's standing regions, or null when it has none. */
export function meanScore(item: BatchItem): number | null {
  const detections = standingResult(item)?.detections;
  if (!detections || detections.length === 0) return null;
  let sum = 0;
  for (const detection of detections) sum += detection.score;
  return sum / detections.length;
}

/** Time of an item's whole job (reading included), ms, or null when it has no result. */
export function timeMs(item: BatchItem): number | null {
  const result = standingResult(item);
  return result ? jobMs(result.timings) : null;
}

/** How each backend is named in the table. */
export const BACKEND_LABEL = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/** One column: its id, header label, alignment, header tooltip and sort key. */
export interface ColumnSpec {
  id: ResultColumnValue;
  label: string;
  numeric: boolean;
  title?: string;
  sortKey: (item: BatchItem) => SortKey;
}

/** The columns always shown, in order. */
export const COLUMNS: readonly ColumnSpec[] = [
  {
    id: ResultColumn.File,
    label: 'File',
    numeric: false,
    sortKey: (item) => pageLabel(item.file.name, item.page),
  },
  {
    id: ResultColumn.Status,
    label: 'Status',
    numeric: false,
    sortKey: (item) => STATUS_CHIPS[item.status].rank,
  },
  {
    id: ResultColumn.Regions,
    label: 'Regions',
    numeric: true,
    sortKey: (item) => standingResult(item)?.detections.length ?? null,
  },
  {
    id: ResultColumn.MeanConfidence,
    label: 'Detection score',
    numeric: true,
    title:
      'Mean detection score of the regions (0–1): how sure the detector is that each is text, not how well it was read',
    sortKey: meanScore,
  },
  {
    id: ResultColumn.Time,
    label: 'Time (ms)',
    numeric: true,
    title: 'Decode + preprocess + inference + postprocess, ms',
    sortKey: timeMs,
  },
  {
    id: ResultColumn.Backend,
    label: 'Backend',
    numeric: false,
    sortKey: (item) => standingResult(item)?.backend ?? null,
  },
];

/** The score columns, shown when ground truth is loaded; ascending order puts the worst first. */
export function scoreColumns(scores: ReadonlyMap<string, SetScore>): ColumnSpec[] {
  const column = (id: ResultColumnValue, label: string, title: string, key: keyof SetScore) => ({
    id,
    label,
    numeric: true,
    title: `${title} against the ground truth (sort: worst first)`,
    sortKey: (item: BatchItem) => scores.get(item.id)?.[key] ?? null,
  });
  return [
    column(ResultColumn.Precision, 'P', 'Precision', 'precision'),
    column(ResultColumn.Recall, 'R', 'Recall', 'recall'),
    column(ResultColumn.Hmean, 'H', 'H-mean', 'hmean'),
  ];
}
