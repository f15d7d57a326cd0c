import { describe, expect, it } from 'vitest';
import { canRetry, ItemStatus } from '../../src/features/batch/ui/batch-item.js';

describe('canRetry', () => {
  it('offers Retry for a timeout, a cancel or a worker failure', () => {
    expect(canRetry({ status: ItemStatus.TimedOut, errorName: 'TimeoutError' })).toBe(true);
    expect(canRetry({ status: ItemStatus.Cancelled, errorName: 'AbortError' })).toBe(true);
    expect(canRetry({ status: ItemStatus.Failed, errorName: 'WorkerCrashedError' })).toBe(true);
  });

  it('does not offer it for a file that can never decode, nor for an item that did not fail', () => {
    expect(canRetry({ status: ItemStatus.Failed, errorName: 'ImageDecodeError' })).toBe(false);
    expect(canRetry({ status: ItemStatus.Failed, errorName: 'ImageTooLargeError' })).toBe(false);
    expect(canRetry({ status: ItemStatus.Done, errorName: null })).toBe(false);
  });
});
