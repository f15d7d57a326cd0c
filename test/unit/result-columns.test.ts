import { describe, expect, it } from 'vitest';
import {
  type BatchItem,
  ItemStatus,
  type ItemStatusValue,
} from '../../src/features/batch/ui/batch-item.js';
import {
  COLUMNS,
  meanScore,
  ResultColumn,
  scoreColumns,
  timeMs,
} from '../../src/features/batch/ui/result-columns.js';
import type { SetScore } from '../../src/features/tuning/pipeline/icdar2015.js';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
] as [number, number][];

function item(status: ItemStatusValue, scores: number[] | null, id = 'a'): BatchItem {
  return {
    id,
    file: new File([], `${id}.jpg`),
    included: true,
    status,
    error: null,
    errorName: null,
    result: scores && {
      detections: scores.map((score) => ({ imagePolygon: square, score })),
      imageWidth: 10,
      imageHeight: 10,
      inputWidth: 32,
      inputHeight: 32,
      timings: { decodeMs: 1, preprocessMs: 2, inferenceMs: 30, postprocessMs: 4 },
      backend: 'wasm',
    },
    modelId: null,
    params: null,
    elapsedMs: null,
  };
}

function sortKeyOf(id: string) {
  const column = COLUMNS.find((c) => c.id === id);
  if (!column) throw new Error(`no column ${id}`);
  return column.sortKey;
}

describe('result columns', () => {
  it('give the mean confidence and total time of a done or skipped item', () => {
    expect(meanScore(item(ItemStatus.Done, [0.5, 0.75, 1]))).toBeCloseTo(0.75, 12);
    expect(timeMs(item(ItemStatus.Done, [0.5]))).toBe(37);
    expect(meanScore(item(ItemStatus.Skipped, [0.25]))).toBe(0.25);
  });

  it('give no figures for an item without regions or whose result is stale', () => {
    expect(meanScore(item(ItemStatus.Done, []))).toBeNull();
    // A queued re-run still holds its old result: its figures no longer stand.
    expect(meanScore(item(ItemStatus.Queued, [0.9]))).toBeNull();
    expect(timeMs(item(ItemStatus.Queued, [0.9]))).toBeNull();
    expect(sortKeyOf(ResultColumn.Regions)(item(ItemStatus.Running, [0.9]))).toBeNull();
    expect(sortKeyOf(ResultColumn.Backend)(item(ItemStatus.Failed, null))).toBeNull();
  });

  it('sort statuses by chip rank and regions by count', () => {
    expect(sortKeyOf(ResultColumn.Status)(item(ItemStatus.Done, null))).toBe(0);
    expect(sortKeyOf(ResultColumn.Status)(item(ItemStatus.Failed, null))).toBe(7);
    expect(sortKeyOf(ResultColumn.Regions)(item(ItemStatus.Done, [0.1, 0.2]))).toBe(2);
    expect(sortKeyOf(ResultColumn.File)(item(ItemStatus.Done, null, 'z'))).toBe('z.jpg');
  });

  it('read P, R and H of each item from the scores, null for an unscored item', () => {
    const score = { precision: 0.5, recall: 0.25, hmean: 1 / 3 } as SetScore;
    const columns = scoreColumns(new Map([['a', score]]));
    expect(columns.map((c) => c.label)).toEqual(['P', 'R', 'H']);
    expect(columns.map((c) => c.sortKey(item(ItemStatus.Done, null, 'a')))).toEqual([
      0.5,
      0.25,
      1 / 3,
    ]);
    expect(columns[0]!.sortKey(item(ItemStatus.Done, null, 'b'))).toBeNull();
  });
});
