/**
 * What the history tells the person when results are evicted or cannot be kept on disk: the
 * sentences, and the batching that makes a batch of evictions one notice rather than one per image.
 */

/** Quiet time after the last eviction before the person is told the total, ms: one notice per batch, not per image. */
export const EVICTION_REPORT_QUIET_MS = 1_000;
/** Longest an eviction waits to be reported while evictions keep coming, ms. */
export const EVICTION_REPORT_MAX_WAIT_MS = 10_000;

/** Why older results were evicted, as the end of the notice. */
export const EVICTION_REASONS = {
  cap: 'to stay under the cap',
  quota: "to make room: the browser's storage was full",
} as const;

/** Why results may be held in memory only, as the end of a sentence. */
export const MEMORY_REASONS = {
  noIndexedDb: 'this browser offers no IndexedDB.',
  refused: 'the browser refused IndexedDB (private browsing, or site data is blocked).',
  quota: "the browser's storage is full.",
} as const;

/** "1 oldest result was removed from the history <why>.", "3 oldest results were …". */
export function evictionMessage(count: number, why: string): string {
  return count === 1
    ? `1 oldest result was removed from the history ${why}.`
    : `${count} oldest results were removed from the history ${why}.`;
}

/** The notice shown when results stop surviving reloads. */
export function memoryOnlyMessage(reason: string): string {
  return `Results are kept in memory only and won't survive a reload: ${reason}`;
}

/**
 * Collects evictions and reports their totals, one notice per reason, once they pause for
 * {@link EVICTION_REPORT_QUIET_MS} (or after {@link EVICTION_REPORT_MAX_WAIT_MS} of steady evictions).
 */
export class EvictionReporter {
  /** Evictions not yet reported, by reason, and when the first of them happened (performance.now ms). */
  private readonly unreported = new Map<string, number>();
  private firstUnreportedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly report: (message: string) => void) {}

  /** Notes `count` results evicted for `reason` (the end of the notice). */
  note(count: number, reason: string): void {
    if (this.unreported.size === 0) this.firstUnreportedAt = performance.now();
    this.unreported.set(reason, (this.unreported.get(reason) ?? 0) + count);
    clearTimeout(this.timer);
    const waited = performance.now() - this.firstUnreportedAt;
    if (waited >= EVICTION_REPORT_MAX_WAIT_MS) this.flush();
    else this.timer = setTimeout(() => this.flush(), EVICTION_REPORT_QUIET_MS);
  }

  /** Reports what is pending now. */
  flush(): void {
    clearTimeout(this.timer);
    for (const [reason, count] of this.unreported) this.report(evictionMessage(count, reason));
    this.unreported.clear();
  }
}
