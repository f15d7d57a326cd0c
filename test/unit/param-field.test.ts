import { describe, expect, it } from 'vitest';
import { formatFieldValue } from '../../src/features/detection/ui/param-field.js';
import { PARAM_FIELDS, TIMEOUT_FIELD } from '../../src/features/detection/ui/param-fields.js';

describe('formatFieldValue', () => {
  it('shows as many decimals as the field steps by', () => {
    const byKey = new Map(PARAM_FIELDS.map((field) => [field.key, field]));
    expect(formatFieldValue(byKey.get('threshold')!, 0.3)).toBe('0.30');
    expect(formatFieldValue(byKey.get('unclipRatio')!, 1.5)).toBe('1.50');
    expect(formatFieldValue(byKey.get('maxCandidates')!, 1000)).toBe('1000');
    expect(formatFieldValue({ ...TIMEOUT_FIELD, step: 0.125 }, 2)).toBe('2.000');
    expect(formatFieldValue(TIMEOUT_FIELD, 30)).toBe('30');
  });
});
