/** A parameter sweep: the values to try and the pooled figures each one gives. */
import { type NumericParamKey, POSTPROCESS_RANGES } from '../../models/pipeline/descriptor.js';
import type { ImageScore, SetScore } from './icdar2015.js';

/** Most values one sweep may try (each re-processes every labelled image). */
export const MAX_SWEEP_VALUES = 50;

/** The pooled figures of every labelled image at one value of the swept parameter. */
export interface SweepPoint {
  value: number;
  score: SetScore;
}

/** A finished sweep: which parameter, over how many images, the figures and the wall time. */
export interface SweepResult {
  key: NumericParamKey;
  images: number;
  points: SweepPoint[];
  /** Wall time of the whole sweep (post-processing, scoring, messaging), ms. */
  ms: number;
}

/** Counts of one value, as the scoring worker returns them. */
export interface SweepCounts extends ImageScore {
  value: number;
}

/**
 * `count` evenly spaced values from `from` to `to` (both included) for parameter `key`, rounded
 * to the parameter's step and clamped to its range; repeats after rounding are dropped.
 * Throws RangeError for a count outside 2–{@link MAX_SWEEP_VALUES} or a non-finite bound.
 */
export function sweepValues(
  key: NumericParamKey,
  from: number,
  to: number,
  count: number,
): number[] {
  if (!Number.isInteger(count) || count < 2 || count > MAX_SWEEP_VALUES) {
    throw new RangeError(`a sweep takes 2 to ${MAX_SWEEP_VALUES} values, not ${count}`);
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError('the sweep needs a start and an end');
  }
  const { min, max, step } = POSTPROCESS_RANGES[key];
  // Decimal places of the step, so 0.1 + 0.2 lands on 0.3, not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const raw = from + ((to - from) * i) / (count - 1);
    const snapped = Number((Math.round(raw / step) * step).toFixed(decimals));
    const value = Math.min(max, Math.max(min, snapped));
    if (!values.includes(value)) values.push(value);
  }
  return values;
}
