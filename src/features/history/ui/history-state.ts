import type {
  HistoryLimits,
  HistoryMode,
  ResultSummary,
  StorageUsage,
} from '../store/history-store.js';

/** What the history looks like now; replaced as a whole on every change, so elements can diff it by identity. */
export interface HistoryState {
  /** False until the store has opened. */
  ready: boolean;
  /** `memory` when nothing survives a reload. */
  mode: HistoryMode;
  /** Why some or all results are held in memory only, or null when every result persists. */
  memoryReason: string | null;
  /** Summaries of every result, newest first. */
  entries: readonly ResultSummary[];
  /** Sum of the entries' approximate stored sizes, bytes. */
  storedBytes: number;
  /** Of `storedBytes`, the kept probability maps, bytes (they count toward the size cap). */
  mapBytes: number;
  /** The whole origin's storage use and quota, or null where the browser does not say. */
  usage: StorageUsage | null;
  /** True when the browser promised not to evict this site's storage; null where it cannot say. */
  persisted: boolean | null;
  /** Caps in force. */
  limits: HistoryLimits;
  /** New caps that would remove stored results, waiting for the person to confirm; or null. */
  pendingLimits: PendingLimits | null;
}

/** Caps the person typed that would remove stored results, and how many. */
export interface PendingLimits {
  limits: HistoryLimits;
  /** Stored results the new caps would remove, oldest first. */
  evicts: number;
}

/** What the history needs from the app: its saved caps, a way to save new ones and to tell the person. */
export interface HistoryDeps {
  /** Caps saved in the settings (applied when the store opens). */
  limits(): HistoryLimits;
  /** Saves new caps in the settings. */
  saveLimits(limits: HistoryLimits): void;
  /** Shows a notice to the person. */
  report(message: string): void;
}
