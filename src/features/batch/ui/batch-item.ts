/**
 * What the batch is made of, as every layer sees it: an item, its status and its result. Types
 * and status sets only, so leaf elements read them without importing the controller that owns
 * the batch.
 */

import { ErrorName } from '../../../core/errors.js';
import type { DetectResult } from '../../../protocol/detector.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { PdfPage } from '../../pdf/pipeline/pdf-pages.js';
import type { ReceiptEdits } from '../../receipt/pipeline/receipt-record.js';

/**
 * A detection result as the page keeps it: without the thumbnail bytes and the kept map, which
 * go to storage (and the map to the scoring worker).
 */
export type ItemResult = Omit<DetectResult, 'thumbnail' | 'map'> & {
  /** The person's corrections of the receipt fields read from this result. */
  receiptEdits?: ReceiptEdits;
};

/** Where one file is in the batch. */
export const ItemStatus = {
  Pending: 'pending',
  Queued: 'queued',
  Running: 'running',
  Done: 'done',
  Failed: 'failed',
  TimedOut: 'timed-out',
  Cancelled: 'cancelled',
  Skipped: 'skipped',
} as const;

/** One of {@link ItemStatus}. */
export type ItemStatusValue = (typeof ItemStatus)[keyof typeof ItemStatus];

/** Statuses whose item can be run again with Retry: it ended without a result. */
export const RETRYABLE_STATUSES: ReadonlySet<ItemStatusValue> = new Set([
  ItemStatus.Failed,
  ItemStatus.TimedOut,
  ItemStatus.Cancelled,
]);

/** Failures that the same file meets again however often it runs: its bytes are not an image we can read. */
const LASTING_FAILURES: ReadonlySet<string> = new Set([
  ErrorName.ImageDecode,
  ErrorName.ImageTooLarge,
]);

/**
 * Whether Retry can help `item`: it ended without a result, and not because its file is unreadable
 * (an image that does not decode, a PDF that is protected, damaged or empty).
 */
export function canRetry(item: Pick<BatchItem, 'status' | 'errorName' | 'page'>): boolean {
  if (!RETRYABLE_STATUSES.has(item.status) || LASTING_FAILURES.has(item.errorName ?? ''))
    return false;
  return !(item.page === undefined && item.errorName === ErrorName.Pdf);
}

/** Statuses whose item can still be cancelled: waiting or running. */
export const CANCELLABLE_STATUSES: ReadonlySet<ItemStatusValue> = new Set([
  ItemStatus.Queued,
  ItemStatus.Running,
]);

/** One file in the batch and, once run, its result (polygons in original-image pixels). */
export interface BatchItem {
  id: string;
  file: File;
  /** For a page of a PDF (`file`): which page; absent for an image. */
  page?: PdfPage;
  /** Included in the next run (the checkbox). */
  included: boolean;
  status: ItemStatusValue;
  /** What a person reads when the item failed or timed out. */
  error: string | null;
  /** The failure's error name (`TimeoutError`, `ImageDecodeError`, …), for exports. */
  errorName: string | null;
  result: ItemResult | null;
  /** Model and parameters the result was made with. */
  modelId: string | null;
  params: PostprocessParams | null;
  /** Wall time of the whole job as the page saw it, ms. */
  elapsedMs: number | null;
}

let nextId = 0;

/** A new pending, included item for `file` (a page of it when `page` is given), with an id of its own. */
export function newBatchItem(file: File, page?: BatchItem['page']): BatchItem {
  return {
    id: `item-${++nextId}`,
    file,
    ...(page ? { page } : {}),
    included: true,
    status: ItemStatus.Pending,
    error: null,
    errorName: null,
    result: null,
    modelId: null,
    params: null,
    elapsedMs: null,
  };
}
