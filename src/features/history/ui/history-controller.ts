import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorName, userMessage } from '../../../core/errors.js';
import type { Thumbnail } from '../../../protocol/detector.js';
import type { BatchItem, ItemResult } from '../../batch/ui/batch-item.js';
import type { DocumentParams } from '../../document/pipeline/params.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import { pageLabel } from '../../pdf/pipeline/pdf-pages.js';
import { limitsInRange } from '../store/history-caps.js';
import {
  type HistoryLimits,
  HistoryStore,
  type HistoryStoreOptions,
  type ResultSummary,
  runKey,
  type StorageUsage,
  type StoredResult,
  type StoredThumbnail,
} from '../store/history-store.js';
import type { StoredMap } from '../store/stored-result.js';
import { historyCsv, historyJson } from './history-export.js';
import {
  EVICTION_REASONS,
  EvictionReporter,
  evictionMessage,
  MEMORY_REASONS,
  memoryOnlyMessage,
} from './history-notices.js';
import { toItemResult, toStoredResult } from './history-records.js';
import type { HistoryDeps, HistoryState, PendingLimits } from './history-state.js';
import { ItemHashes } from './item-hashes.js';
import { isPersisted } from './storage-persisted.js';

export { toItemResult } from './history-records.js';
export type { HistoryDeps, HistoryState, PendingLimits } from './history-state.js';

/** Name of the BroadcastChannel on which tabs announce that the history changed. */
export const HISTORY_CHANNEL = 'textspot-history';

/**
 * The result history as the app uses it: opens the `HistoryStore` once, records every finished
 * item with its thumbnail, answers the batch's "already processed?" question, and keeps a
 * snapshot (`state`) of the list, usage and caps fresh across tabs.
 */
export class HistoryController implements ReactiveController {
  /** The current snapshot; a new object after every change. */
  state: HistoryState;

  private opening: Promise<HistoryStore> | null = null;
  private openedStore: HistoryStore | null = null;
  /** Puts run one after another; a lookup waits for them so a repeat in the same batch is found. */
  private queue: Promise<void> = Promise.resolve();
  private readonly hashes = new ItemHashes();
  private channel: BroadcastChannel | null = null;
  private refreshToken = 0;
  private pending: PendingLimits | null = null;
  private memoryReason: string | null = null;
  private reportedReason: string | null = null;
  private readonly evictions: EvictionReporter;
  /** Test builds only: the name of the error the next put into IndexedDB throws. */
  private injectedFailure: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: HistoryDeps,
  ) {
    this.state = {
      ready: false,
      mode: 'indexeddb',
      memoryReason: null,
      entries: [],
      storedBytes: 0,
      mapBytes: 0,
      usage: null,
      persisted: null,
      limits: deps.limits(),
      pendingLimits: null,
    };
    this.evictions = new EvictionReporter((message) => deps.report(message));
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(HISTORY_CHANNEL);
      this.channel.onmessage = () => void this.refresh();
    }
    document.addEventListener('visibilitychange', this.onVisible);
    window.addEventListener('focus', this.onVisible);
    void this.store().then(() => this.refresh());
  }

  hostDisconnected(): void {
    this.evictions.flush();
    this.channel?.close();
    this.channel = null;
    document.removeEventListener('visibilitychange', this.onVisible);
    window.removeEventListener('focus', this.onVisible);
  }

  /**
   * Stores a finished item (polygons in original-image pixels) with the thumbnail the worker made.
   * Never throws: a failure becomes a notice.
   */
  record(item: BatchItem, thumbnail: Thumbnail, map?: StoredMap): Promise<void> {
    const stored = this.queue.then(() => this.putNow(item, thumbnail, map));
    this.queue = stored.then(() => undefined);
    // The list is read again after the put; the next lookup waits for the put only.
    return stored.then((changed) => (changed ? this.refresh() : undefined));
  }

  /**
   * Keeps the item's receipt edits with its stored result (the newest of the same content, model
   * and parameters). Never throws: a failure becomes a notice.
   */
  saveReceiptEdits(item: BatchItem): Promise<void> {
    const saved = this.queue.then(async () => {
      const { result, modelId, params } = item;
      if (!result || !modelId || !params) return false;
      try {
        const store = await this.store();
        const key = runKey(params, result.document?.params);
        const stored = await store.findByKey(await this.hashes.of(item), modelId, key);
        if (!stored) return false;
        const { receiptEdits: _old, ...rest } = stored;
        const edits = result.receiptEdits ?? {};
        await store.put(Object.keys(edits).length > 0 ? { ...rest, receiptEdits: edits } : rest);
        this.channel?.postMessage('changed');
        return true;
      } catch (error) {
        this.deps.report(`The receipt edit could not be saved: ${userMessage(error)}`);
        return false;
      }
    });
    this.queue = saved.then(() => undefined);
    return saved.then((changed) => (changed ? this.refresh() : undefined));
  }

  /**
   * The stored result of the same file content, model and parameters, as the batch keeps results,
   * or null. The batch's `isCached` hook: a hit is Skipped, any parameter change misses, and so
   * does a result without text when `needText`.
   */
  async lookup(
    item: BatchItem,
    modelId: string,
    params: PostprocessParams,
    document?: DocumentParams,
    needText = false,
  ): Promise<(ItemResult & { map?: StoredMap }) | null> {
    await this.queue;
    const store = await this.store();
    const key = runKey(params, document);
    const stored = await store.findByKey(await this.hashes.of(item), modelId, key);
    if (!stored || (needText && !stored.recognizerId)) return null;
    return stored.map ? { ...toItemResult(stored), map: stored.map } : toItemResult(stored);
  }

  /** The full stored result, or undefined when it is gone (deleted here or in another tab). */
  async get(id: string): Promise<StoredResult | undefined> {
    return (await this.store()).get(id);
  }

  /** The stored thumbnail of a result, or undefined. */
  async thumbnail(id: string): Promise<StoredThumbnail | undefined> {
    return (await this.store()).getThumbnail(id);
  }

  /**
   * Removes one result; resolves with it as it was stored, for {@link restore} (undo), or
   * undefined when it was gone already or could not be deleted.
   */
  async delete(id: string): Promise<StoredResult | undefined> {
    let removed: StoredResult | undefined;
    await this.change(async (store) => {
      const stored = await store.get(id);
      await store.delete(id);
      removed = stored;
    }, 'The result could not be deleted');
    return removed;
  }

  /** Stores a deleted result again, as it was (Undo after {@link delete}). */
  async restore(result: StoredResult): Promise<void> {
    await this.change(async (store) => {
      const { evicted } = await store.put(result);
      if (evicted > 0) this.deps.report(evictionMessage(evicted, 'to make room for it again'));
    }, 'The result could not be restored');
  }

  /** Removes every result. */
  async clear(): Promise<void> {
    await this.change(async (store) => store.clear(), 'The history could not be cleared');
  }

  /**
   * The cap fields' change: new caps that remove nothing apply at once; caps that would remove
   * stored results wait in `state.pendingLimits`, with the count, for `confirmLimits` or
   * `cancelLimits`. Caps outside the fields' ranges are ignored.
   */
  async proposeLimits(limits: HistoryLimits): Promise<void> {
    if (!limitsInRange(limits)) return;
    let evicts: number;
    try {
      evicts = await (await this.store()).countBeyond(limits);
    } catch (error) {
      this.deps.report(`The new cap could not be applied: ${userMessage(error)}`);
      return;
    }
    if (evicts === 0) {
      await this.setLimits(limits);
      return;
    }
    this.publishPending({ limits, evicts });
  }

  /** Applies the caps waiting for confirmation, removing the results they leave no room for. */
  async confirmLimits(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.publishPending(null);
    await this.setLimits(pending.limits);
  }

  /** Drops the caps waiting for confirmation: the caps in force and every result stay. */
  cancelLimits(): void {
    this.publishPending(null);
  }

  /**
   * Applies and saves new caps (count, and bytes); the oldest results beyond them go at once.
   * The page asks first (`proposeLimits`); caps outside the fields' ranges are ignored.
   */
  async setLimits(limits: HistoryLimits): Promise<void> {
    if (!limitsInRange(limits)) return;
    this.deps.saveLimits(limits);
    await this.change(async (store) => {
      const { evicted } = await store.setLimits(limits);
      if (evicted > 0) this.deps.report(evictionMessage(evicted, 'to fit the new cap'));
    }, 'The new cap could not be applied');
  }

  /** Asks the browser to keep this site's storage under pressure; reports a refusal. */
  async requestPersistence(): Promise<void> {
    const granted = await (await this.store()).requestPersistence();
    if (!granted) {
      this.deps.report(
        'The browser did not grant persistent storage; it may still clear the history when space runs low.',
      );
    }
    await this.refresh();
  }

  /** The competition CSV of every stored result, oldest first. */
  async exportCsv(): Promise<string> {
    return historyCsv(await this.store());
  }

  /** The full results JSON of every stored result, oldest first. */
  async exportJson(): Promise<string> {
    return historyJson(await this.store());
  }

  /** Reads the list, usage and persistence again and publishes a new snapshot; never throws. */
  async refresh(): Promise<void> {
    const store = this.openedStore;
    if (!store) return;
    const token = ++this.refreshToken;
    let read: [ResultSummary[], StorageUsage | null, boolean | null];
    try {
      read = await Promise.all([store.list(), store.usage(), isPersisted()]);
    } catch {
      // The snapshot stays as it was; the next change or focus reads it again.
      return;
    }
    const [entries, usage, persisted] = read;
    if (token !== this.refreshToken) return;
    const inMemory = entries.some((entry) => !entry.persistent);
    this.state = {
      ready: true,
      mode: store.mode,
      memoryReason: store.mode === 'memory' || inMemory ? this.memoryReason : null,
      entries,
      storedBytes: entries.reduce((total, entry) => total + entry.byteSize, 0),
      mapBytes: entries.reduce((total, entry) => total + (entry.mapBytes ?? 0), 0),
      usage,
      persisted,
      limits: store.limits,
      pendingLimits: this.pending,
    };
    this.host.requestUpdate();
  }

  private publishPending(pending: PendingLimits | null): void {
    this.pending = pending;
    this.state = { ...this.state, pendingLimits: pending };
    this.host.requestUpdate();
  }

  /** Shows a notice to the person (for the history view's own failures). */
  notify(message: string): void {
    this.deps.report(message);
  }

  /** Test builds only: the next put into IndexedDB throws a DOMException named `name`. */
  failNextPut(name: string): void {
    if (__TEST_HOOKS__) this.injectedFailure = name;
  }

  private onVisible = (): void => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  private store(): Promise<HistoryStore> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<HistoryStore> {
    const options: HistoryStoreOptions = { limits: this.deps.limits() };
    if (__TEST_HOOKS__) {
      options.beforeWrite = () => {
        const name = this.injectedFailure;
        this.injectedFailure = null;
        if (name) throw new DOMException('Injected by a test.', name);
      };
    }
    let store: HistoryStore;
    try {
      store = await HistoryStore.open(options);
    } catch {
      // Saved caps the store rejects: open with its defaults rather than without a history.
      store = await HistoryStore.open({});
    }
    if (store.mode === 'memory') {
      this.memoryReason =
        typeof indexedDB === 'undefined' ? MEMORY_REASONS.noIndexedDb : MEMORY_REASONS.refused;
      this.tellMemoryOnly();
    }
    this.openedStore = store;
    return store;
  }

  /** Stores one item; false when there was nothing to store. */
  private async putNow(item: BatchItem, thumbnail: Thumbnail, map?: StoredMap): Promise<boolean> {
    const { result, modelId, params } = item;
    if (!result || !modelId || !params) return false;
    try {
      const store = await this.store();
      const createdAt = Date.now();
      const stored = toStoredResult(item, thumbnail, await this.hashes.of(item), createdAt, map);
      if (!stored) return false;
      const outcome = await store.put(stored);
      if (outcome.evicted > 0) {
        this.evictions.note(
          outcome.evicted,
          outcome.madeRoom ? EVICTION_REASONS.quota : EVICTION_REASONS.cap,
        );
      }
      if (!outcome.persisted) {
        this.memoryReason =
          outcome.errorName === ErrorName.Quota
            ? MEMORY_REASONS.quota
            : store.mode === 'memory'
              ? this.memoryReason
              : `the browser refused to store it (${outcome.errorName ?? 'unknown error'}).`;
        this.tellMemoryOnly();
      }
      this.channel?.postMessage('changed');
    } catch (error) {
      this.deps.report(
        `${pageLabel(item.file.name, item.page)} could not be saved to the history: ${userMessage(error)}`,
      );
    }
    return true;
  }

  private async change(action: (store: HistoryStore) => Promise<void>, failure: string) {
    try {
      await action(await this.store());
      this.channel?.postMessage('changed');
    } catch (error) {
      this.deps.report(`${failure}: ${userMessage(error)}`);
    }
    await this.refresh();
  }

  /** Reports the memory-only notice once per distinct reason. */
  private tellMemoryOnly(): void {
    const reason = this.memoryReason;
    if (!reason || reason === this.reportedReason) return;
    this.reportedReason = reason;
    this.deps.report(memoryOnlyMessage(reason));
  }
}
