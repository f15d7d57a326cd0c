import { describe, expect, it } from 'vitest';
import { ErrorName, namedError, userMessage } from '../../src/core/errors.js';

describe('userMessage', () => {
  it('heads a hang and a crash with the worker that had them', () => {
    const hang = namedError(ErrorName.Timeout, 'Limit 30 s.');
    const crash = namedError(ErrorName.WorkerCrashed, 'out of memory');
    expect(userMessage(hang)).toBe(
      'Detection ran past its time limit and was stopped. Limit 30 s.',
    );
    expect(userMessage(hang, 'scoring')).toBe(
      'The scoring worker ran past its time limit and was stopped. Limit 30 s.',
    );
    expect(userMessage(crash, 'scoring')).toBe(
      'The scoring worker stopped unexpectedly and was restarted. out of memory',
    );
  });

  it('uses the one table for every other name, whichever worker failed', () => {
    const missing = namedError(ErrorName.MapMissing, 'kept for another image');
    expect(userMessage(missing, 'scoring')).toBe(userMessage(missing));
    expect(userMessage(new Error('odd'))).toBe('Something went wrong. odd');
  });
});
