import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorName, errorName, isAbort, userMessage } from '../../../core/errors.js';
import type { Quad } from '../../../core/geometry/perspective.js';
import type { DetectorEngine } from '../../../engine/detector-engine.js';
import type { DetectProgress, RecognizeRequest, Thumbnail } from '../../../protocol/detector.js';
import type { DetectTestFault } from '../../../protocol/test-hooks.js';
import type { CompactMap } from '../../detection/pipeline/compact-map.js';
import { type DocumentParams, documentKey } from '../../document/pipeline/params.js';
import { paramsKey } from '../../history/store/stored-result.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import {
  type BatchItem,
  canRetry,
  type ItemResult,
  ItemStatus,
  newBatchItem,
} from './batch-item.js';
import { PdfPages, pdfPageRequest } from './pdf-pages.js';

/** The page corners the person placed on this result's photo, which every re-run keeps; else undefined. */
export function handPlacedQuad(result: ItemResult | null | undefined): Quad | undefined {
  const document = result?.document;
  return document?.method === 'manual' && document.pageQuad
    ? (document.pageQuad as Quad)
    : undefined;
}

/** Everything a run needs besides the files. */
export interface RunSettings {
  modelId: string;
  params: PostprocessParams;
  /** Document-photo preprocessing; off unless `enabled`. */
  document?: DocumentParams;
  timeoutMs: number;
  thumbnailLongSide: number;
  /** Read the regions' text with this recognizer; null or absent: detection only. */
  recognize?: RecognizeRequest | null;
  /** Return each image's probability map (8-bit) with its result, for live re-scoring. */
  keepMaps?: boolean;
}

/**
 * Owns the batch: the file list, the queue through the engine, per-item status, cancel and retry.
 * One job at a time (the engine queues anyway); the page stays live because all work is in the worker.
 */
export class BatchController implements ReactiveController {
  items: BatchItem[] = [];
  private readonly controllers = new Map<string, AbortController>();
  private running = false;
  private runStartedAt = 0;
  private runDoneCount = 0;
  /** Items the current run detects anew, whatever history holds for them. */
  private fresh = new Set<string>();
  private runTotal = 0;
  /** PDFs being opened: each becomes one item per page. */
  private readonly pdfs: PdfPages;

  /**
   * Finds a stored result for the same content, model and parameters, so the item is skipped
   * instead of detected again.
   */
  findStored:
    | ((
        item: BatchItem,
        settings: RunSettings,
      ) => Promise<(ItemResult & { map?: CompactMap }) | null>)
    | null = null;

  /** Test builds only: the next job busy-waits this long inside inference. */
  testHangNextMs = 0;

  /** Test builds only: the next job of the file with this name fails this way, or hangs this long (ms). */
  readonly testFaultsByName = new Map<string, DetectTestFault | number>();

  /**
   * Called after each item detected (with its thumbnail, for storage) or skipped as already
   * stored (thumbnail null).
   */
  onItemDone: ((item: BatchItem, thumbnail: Thumbnail | null, map?: CompactMap) => void) | null =
    null;

  /** Called after an item failed (not when cancelled), with the error and the model it ran with. */
  onItemFailed: ((item: BatchItem, error: unknown, modelId: string) => void) | null = null;

  /** Called while an item runs with its regions, then with each batch of text read. */
  onProgress: ((id: string, progress: DetectProgress) => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly engine: DetectorEngine,
  ) {
    host.addController(this);
    this.pdfs = new PdfPages(engine, {
      items: () => this.items,
      setItems: (items) => {
        this.items = items;
        this.host.requestUpdate();
      },
      newItem: (file, page) => newBatchItem(file, page),
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancelAll();
  }

  /** True while a run is going. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Progress of the current run: done, total and an estimate of the time left, ms (null before the first item ends). */
  get progress(): { done: number; total: number; etaMs: number | null } {
    const { runDoneCount: done, runTotal: total } = this;
    const etaMs =
      done > 0 && this.running
        ? ((performance.now() - this.runStartedAt) / done) * (total - done)
        : null;
    return { done, total, etaMs };
  }

  /**
   * Adds files to the list (pending, included). Returns the new items; a PDF's item stands for it
   * until it opens and becomes one item per page (the first keeping its id): see {@link opened}.
   */
  add(files: Iterable<File>): BatchItem[] {
    const added = [...files].map((file) => newBatchItem(file));
    this.items = [...this.items, ...added];
    this.host.requestUpdate();
    for (const item of added) this.pdfs.expandIfPdf(item);
    return added;
  }

  /**
   * Adds a result made earlier (a stored one from the history) as a done item of `file`, so it
   * shows in the viewer and the exports without running again. It is left out of the next run
   * (unticked) until the person ticks it: its file may be a smaller copy. Returns the new item.
   */
  addDone(file: File, result: ItemResult, modelId: string, params: PostprocessParams): BatchItem {
    const done = { status: ItemStatus.Done, included: false, result, modelId, params };
    const item: BatchItem = { ...newBatchItem(file), ...done };
    this.items = [...this.items, item];
    this.host.requestUpdate();
    return item;
  }

  /** Settles when every PDF added so far has opened (or failed to) and its pages are listed. */
  opened(): Promise<void> {
    return this.pdfs.opened();
  }

  /** Includes or excludes an item from the next run. */
  setIncluded(id: string, included: boolean): void {
    this.patch(id, { included });
  }

  /** Removes every item (cancelling what runs) and forgets the last run's progress. */
  clear(): void {
    this.cancelAll();
    this.items = [];
    this.runDoneCount = 0;
    this.runTotal = 0;
    this.host.requestUpdate();
  }

  /**
   * Runs every included item that has no result for these settings yet; items with a stored
   * result ({@link findStored}) are skipped and show it.
   */
  async run(settings: RunSettings): Promise<void> {
    if (this.running) return;
    await this.pdfs.opened();
    if (this.running) return;
    const todo = this.items.filter((item) => item.included && needsRun(item, settings));
    if (todo.length === 0) return;
    for (const item of todo) this.patch(item.id, { status: ItemStatus.Queued, error: null });
    this.running = true;
    this.runStartedAt = performance.now();
    this.runDoneCount = 0;
    this.runTotal = todo.length;
    try {
      for (const { id } of todo) {
        const item = this.items.find((i) => i.id === id);
        if (!item || item.status !== ItemStatus.Queued) {
          this.runDoneCount++;
          continue;
        }
        await this.runOne(item, settings);
        this.runDoneCount++;
        this.host.requestUpdate();
      }
    } finally {
      this.running = false;
      this.host.requestUpdate();
    }
  }

  /** Cancels one queued or running item. */
  cancel(id: string): void {
    const item = this.items.find((i) => i.id === id);
    if (!item) return;
    if (item.status === ItemStatus.Queued) this.patch(id, { status: ItemStatus.Cancelled });
    this.controllers.get(id)?.abort(new DOMException('Cancelled by you.', 'AbortError'));
  }

  /** Cancels everything queued or running. */
  cancelAll(): void {
    for (const item of this.items) {
      if (item.status === ItemStatus.Queued || item.status === ItemStatus.Running)
        this.cancel(item.id);
    }
  }

  /** Marks failed, timed-out and cancelled items that a retry can help ({@link canRetry}) to run again and runs them. */
  retryFailed(settings: RunSettings): Promise<void> {
    for (const item of this.items) {
      if (canRetry(item)) {
        this.patch(item.id, { included: true, status: ItemStatus.Pending, error: null });
        // A PDF whose opening timed out or crashed is opened again.
        this.pdfs.expandIfPdf(this.items.find((i) => i.id === item.id)!);
      }
    }
    return this.run(settings);
  }

  /** Marks one failed, timed-out or cancelled item to run again and runs the batch. */
  retry(id: string, settings: RunSettings): Promise<void> {
    const item = this.items.find((i) => i.id === id);
    if (!item || isUnopenedPdf(item)) return this.run(settings);
    this.patch(id, { included: true, status: ItemStatus.Pending, error: null });
    this.pdfs.expandIfPdf(this.items.find((i) => i.id === id)!);
    return this.run(settings);
  }

  /** Includes or excludes every item. */
  setAllIncluded(included: boolean): void {
    this.items = this.items.map((item) => ({ ...item, included }));
    this.host.requestUpdate();
  }

  /** How many included items the next run would process. */
  countToRun(settings: Pick<RunSettings, 'modelId' | 'params' | 'document' | 'recognize'>): number {
    return this.items.filter((item) => item.included && needsRun(item, settings)).length;
  }

  /** Replaces an item's result (live re-processing, or a re-detection with the current model). */
  updateResult(id: string, result: ItemResult, params: PostprocessParams, modelId: string): void {
    this.patch(id, { result, params, modelId });
  }

  /**
   * Detects exactly the items `ids` again, even those already done with these settings (their
   * stored results are not reused), e.g. to keep their probability maps for live re-scoring.
   */
  redetect(ids: ReadonlySet<string>, settings: RunSettings): Promise<void> {
    for (const item of this.items) {
      if (ids.has(item.id)) this.patch(item.id, { included: true, status: ItemStatus.Pending });
      else if (item.status === ItemStatus.Pending) this.patch(item.id, { included: false });
    }
    this.fresh = new Set(ids);
    return this.run(settings).finally(() => {
      this.fresh.clear();
    });
  }

  private async runOne(item: BatchItem, settings: RunSettings): Promise<void> {
    const cached = this.fresh.has(item.id)
      ? null
      : await this.findStored?.(item, settings).catch(() => null);
    if (cached) {
      const { map, ...result } = cached;
      this.patch(item.id, {
        status: ItemStatus.Skipped,
        result,
        modelId: settings.modelId,
        params: settings.params,
      });
      this.onItemDone?.(this.items.find((i) => i.id === item.id)!, null, map);
      return;
    }
    const controller = new AbortController();
    this.controllers.set(item.id, controller);
    this.patch(item.id, { status: ItemStatus.Running });
    const start = performance.now();
    let hang = 0;
    let fault: DetectTestFault | null = null;
    if (__TEST_HOOKS__) {
      const named = this.testFaultsByName.get(item.file.name);
      this.testFaultsByName.delete(item.file.name);
      hang = typeof named === 'number' ? named : this.testHangNextMs;
      fault = typeof named === 'string' ? named : null;
      this.testHangNextMs = 0;
    }
    const pageQuad = settings.document?.enabled ? handPlacedQuad(item.result) : undefined;
    try {
      const { thumbnail, map, ...result } = await this.engine.detect(
        {
          image: item.file,
          ...(item.page ? { pdfPage: pdfPageRequest(item.page) } : {}),
          params: settings.params,
          ...(settings.document?.enabled ? { document: settings.document } : {}),
          ...(pageQuad ? { pageQuad } : {}),
          keepMapFor: item.id,
          thumbnailLongSide: settings.thumbnailLongSide,
          ...(settings.recognize ? { recognize: settings.recognize } : {}),
          ...(settings.keepMaps ? { returnMap: true } : {}),
          ...(hang ? { testHangMs: hang } : {}),
          ...(fault ? { testFault: fault } : {}),
        },
        {
          signal: controller.signal,
          timeoutMs: settings.timeoutMs,
          onProgress: (progress) => {
            if (!controller.signal.aborted) this.onProgress?.(item.id, progress);
          },
        },
      );
      this.patch(item.id, {
        status: ItemStatus.Done,
        result,
        modelId: settings.modelId,
        params: settings.params,
        elapsedMs: performance.now() - start,
      });
      this.onItemDone?.(this.items.find((i) => i.id === item.id)!, thumbnail, map);
    } catch (error) {
      const status = isAbort(error)
        ? ItemStatus.Cancelled
        : errorName(error) === ErrorName.Timeout
          ? ItemStatus.TimedOut
          : ItemStatus.Failed;
      this.patch(item.id, {
        status,
        error: userMessage(error),
        errorName: errorName(error),
        result: null,
        elapsedMs: performance.now() - start,
      });
      if (status !== ItemStatus.Cancelled) {
        this.onItemFailed?.(this.items.find((i) => i.id === item.id)!, error, settings.modelId);
      }
    } finally {
      this.controllers.delete(item.id);
    }
  }

  private patch(id: string, changes: Partial<BatchItem>): void {
    this.items = this.items.map((item) => (item.id === id ? { ...item, ...changes } : item));
    this.host.requestUpdate();
  }
}

/**
 * A PDF that did not open (password, damage, no pages) or the row of pages past the cap: its
 * failure is the file's, so Retry leaves it (add the file again after fixing it).
 */
function isUnopenedPdf(item: BatchItem): boolean {
  return !item.page && item.errorName === ErrorName.Pdf;
}

/**
 * True when a run should process the item: it was never run, or its result was made with another
 * model or other parameters, or without text while text is wanted. Failed, timed-out and
 * cancelled items wait for an explicit retry.
 */
function needsRun(
  item: BatchItem,
  settings: Pick<RunSettings, 'modelId' | 'params' | 'document' | 'recognize'>,
): boolean {
  if (item.status === ItemStatus.Pending) return true;
  if (item.status !== ItemStatus.Done && item.status !== ItemStatus.Skipped) return false;
  return (
    item.modelId !== settings.modelId ||
    (settings.recognize != null && !item.result?.recognizerId) ||
    item.params === null ||
    paramsKey(item.params) !== paramsKey(settings.params) ||
    documentKey(item.result?.document?.params) !== documentKey(settings.document)
  );
}
