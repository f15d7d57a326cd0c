import { describe, expect, it } from 'vitest';
import {
  capsProblem,
  isValidMaxEntries,
  isValidMaxMB,
  limitsInRange,
} from '../../src/features/history/store/history-caps.js';

describe('history caps', () => {
  it('accepts whole numbers from 1 to 100,000 and nothing else', () => {
    for (const good of [1, 2, 500, 100_000]) {
      expect(isValidMaxEntries(good)).toBe(true);
      expect(isValidMaxMB(good)).toBe(true);
    }
    for (const bad of [0, 0.001, 1.5, -1, 100_001, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
      expect(isValidMaxEntries(bad)).toBe(false);
      expect(isValidMaxMB(bad)).toBe(false);
    }
  });

  it('names the field and its range when a typed cap is refused', () => {
    expect(capsProblem(500, 200)).toBeNull();
    expect(capsProblem(1.5, 200)).toBe('Max results must be a whole number from 1 to 100,000.');
    expect(capsProblem(500, 0.001)).toBe(
      'Max size must be a whole number of MB from 1 to 100,000.',
    );
  });

  it('checks caps in bytes against the MB range', () => {
    expect(limitsInRange({ maxEntries: 500, maxBytes: 200e6 })).toBe(true);
    expect(limitsInRange({ maxEntries: 500, maxBytes: 1000 })).toBe(false);
  });
});
