import { describe, expect, it } from 'vitest';
import { probabilityMapProblem } from '../../src/features/detection/pipeline/output.js';

const map = (values: number[]) => ({
  data: Float32Array.from(values),
  width: values.length,
  height: 1,
});

describe('probabilityMapProblem', () => {
  it('accepts probabilities, 0 and 1 included', () => {
    expect(probabilityMapProblem(map([0, 0.5, 1]))).toBeNull();
  });

  it('names NaN and values outside 0–1 with their counts', () => {
    expect(probabilityMapProblem(map([Number.NaN, 0.5, 1.7, -0.2, Number.POSITIVE_INFINITY]))).toBe(
      'The output is not a probability map: 1 NaN and 3 outside 0–1 of 5 values.',
    );
  });
});
