import { ItemStatus, type ItemStatusValue } from './batch-item.js';

/** Colour family of a status chip; each element styles `.chip.<tone>`. */
export type ChipTone = 'muted' | 'accent' | 'ok' | 'danger' | 'warn';

/** How a status chip looks: its text, colour, tooltip, and `rank`, the ascending sort order of statuses. */
export interface StatusChip {
  label: string;
  tone: ChipTone;
  title: string;
  rank: number;
}

/** The chip of every item status, as the batch list and the results table both show it. */
export const STATUS_CHIPS: Readonly<Record<ItemStatusValue, StatusChip>> = {
  [ItemStatus.Done]: { label: 'Done', tone: 'ok', title: 'Detected', rank: 0 },
  [ItemStatus.Skipped]: {
    label: 'Skipped',
    tone: 'ok',
    title: 'Already done with the same content, model and parameters: stored result shown',
    rank: 1,
  },
  [ItemStatus.Running]: { label: 'Running', tone: 'accent', title: 'Detecting text now', rank: 2 },
  [ItemStatus.Queued]: { label: 'Queued', tone: 'muted', title: 'Waiting for its turn', rank: 3 },
  [ItemStatus.Pending]: { label: 'Pending', tone: 'muted', title: 'Not run yet', rank: 4 },
  [ItemStatus.Cancelled]: {
    label: 'Cancelled',
    tone: 'muted',
    title: 'Cancelled before it finished',
    rank: 5,
  },
  [ItemStatus.TimedOut]: {
    label: 'Timed out',
    tone: 'warn',
    title: 'Took longer than the time limit',
    rank: 6,
  },
  [ItemStatus.Failed]: {
    label: 'Failed',
    tone: 'danger',
    title: 'Could not be processed',
    rank: 7,
  },
};
