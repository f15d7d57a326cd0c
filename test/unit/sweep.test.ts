import { describe, expect, it } from 'vitest';
import { MAX_SWEEP_VALUES, sweepValues } from '../../src/features/tuning/pipeline/sweep.js';

describe('sweepValues', () => {
  it('spaces values evenly from start to end, on the parameter’s step', () => {
    expect(sweepValues('unclipRatio', 1, 2, 5)).toEqual([1, 1.25, 1.5, 1.75, 2]);
    expect(sweepValues('threshold', 0.1, 0.3, 3)).toEqual([0.1, 0.2, 0.3]);
  });

  it('clamps to the parameter’s range and drops repeats after rounding', () => {
    expect(sweepValues('minSize', 0, 2, 5)).toEqual([0, 1, 2]);
    expect(sweepValues('threshold', 0, 0.1, 2)).toEqual([0.05, 0.1]);
  });

  it('refuses too few or too many values', () => {
    expect(() => sweepValues('threshold', 0.1, 0.5, 1)).toThrow(RangeError);
    expect(() => sweepValues('threshold', 0.1, 0.5, MAX_SWEEP_VALUES + 1)).toThrow(RangeError);
  });
});
