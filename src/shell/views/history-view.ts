import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { userMessage } from '../../core/errors.js';
import { downloadBlob } from '../../features/export/ui/png.js';
import { searchSummaries } from '../../features/history/store/history-search.js';
import type { StoredResult } from '../../features/history/store/stored-result.js';
import type {
  HistoryController,
  HistoryState,
} from '../../features/history/ui/history-controller.js';
import type {
  HistoryEntryDeletedEvent,
  HistoryEntryOpenedEvent,
  HistoryRowsShownEvent,
} from '../../features/history/ui/history-list.js';
import type { HistoryCapsChangedEvent } from '../../features/history/ui/storage-meter.js';
import { formatCount } from '../design/format.js';
import { controlStyles } from '../design/theme.js';
import { decodeThumbnail } from './history-thumbnail.js';
import { historyViewStyles } from './history-view.styles.js';
import '../../features/history/ui/history-list.js';
import '../../features/history/ui/storage-meter.js';
import './history-opened-result.js';

/** Most list thumbnails decoded at once; rows scrolled away beyond this are released first. */
export const MAX_DECODED_THUMBNAILS = 40;
/** Long side of a decoded list thumbnail, px: twice the 52 px tile, for sharp high-DPI screens. */
const LIST_THUMBNAIL_LONG_SIDE = 104;

/**
 * The History tab: the stored results (virtualised, thumbnails decoded only for rows on
 * screen), the opened result's polygons over its stored thumbnail, delete, clear all, export
 * all, and the storage meter with persistence and caps. Reads `state` from the app's
 * `HistoryController` and calls it for every change.
 */
@customElement('history-view')
export class HistoryView extends LitElement {
  static override styles = [controlStyles, historyViewStyles];

  /** The app's history controller, called for every change. */
  @property({ attribute: false }) controller: HistoryController | null = null;
  /** The controller's current snapshot (a new object after each change). */
  @property({ attribute: false }) state: HistoryState | null = null;

  /** What the search box holds: results are filtered by their text and file name. */
  @state() private query = '';
  @state() private thumbnails: ReadonlyMap<string, ImageBitmap> = new Map();
  /** Id of the result opened beside the list, or null. */
  @state() private openedId: string | null = null;
  @state() private confirmingClear = false;
  /** The result deleted last, offered back with Undo until the next delete or clear. */
  @state() private deleted: StoredResult | null = null;
  @state() private exporting = false;

  /** Ids of the rows on screen, top to bottom. */
  private shownIds: readonly string[] = [];
  /** Ids whose thumbnail could not be read or decoded; not tried again. */
  private readonly brokenThumbnails = new Set<string>();
  private decoding = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const bitmap of this.thumbnails.values()) bitmap.close();
    this.thumbnails = new Map();
    this.openedId = null;
  }

  protected override updated(changed: PropertyValues): void {
    // The safe choice takes focus, so a stray Enter does not delete everything.
    if (changed.has('confirmingClear') && this.confirmingClear) {
      this.renderRoot.querySelector<HTMLButtonElement>('.cancel-clear')?.focus();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state') || !this.state) return;
    const ids = new Set(this.state.entries.map((entry) => entry.id));
    if (this.openedId && !ids.has(this.openedId)) this.openedId = null;
    if ([...this.thumbnails.keys()].some((id) => !ids.has(id))) {
      const kept = new Map<string, ImageBitmap>();
      for (const [id, bitmap] of this.thumbnails) {
        if (ids.has(id)) kept.set(id, bitmap);
        else bitmap.close();
      }
      this.thumbnails = kept;
    }
    if (this.state.entries.length === 0) this.confirmingClear = false;
  }

  override render() {
    const state = this.state;
    const entries = state?.entries ?? [];
    const shown = searchSummaries(entries, this.query);
    return html`
      ${
        state?.memoryReason
          ? html`<p class="notice" role="status" data-testid="history-notice">
              Results are kept in memory only and won't survive a reload: ${state.memoryReason}
            </p>`
          : nothing
      }
      <div class="layout">
        <section class="list card" aria-label="Stored results">
          <div class="list-head">
            <h2>History</h2>
            <span class="count" data-testid="history-count" data-count=${entries.length}
              >${formatCount(entries.length, 'result')}</span
            >
            <span class="spacer"></span>
            <button
              type="button"
              data-testid="history-export-csv"
              title="Competition CSV of every stored result"
              ?disabled=${entries.length === 0 || this.exporting}
              @click=${() => this.export('csv')}
            >
              CSV
            </button>
            <button
              type="button"
              data-testid="history-export-json"
              title="Full JSON of every stored result"
              ?disabled=${entries.length === 0 || this.exporting}
              @click=${() => this.export('json')}
            >
              JSON
            </button>
            <button
              type="button"
              class="danger"
              data-testid="history-clear"
              ?disabled=${entries.length === 0 || this.confirmingClear}
              @click=${() => {
                this.confirmingClear = true;
              }}
            >
              Clear all
            </button>
          </div>
          ${this.confirmingClear ? this.renderConfirm(entries.length) : nothing}
          ${this.deleted ? this.renderUndo(this.deleted) : nothing}
          <div class="search">
            <input
              type="search"
              data-testid="history-search"
              aria-label="Search the stored results by their text or file name"
              placeholder="Search text in all results"
              .value=${this.query}
              @input=${(event: Event) => {
                this.query = (event.target as HTMLInputElement).value;
              }}
            />
            ${
              this.query.trim() && shown.length > 0
                ? html`<span class="count" role="status" data-testid="history-matches" data-count=${shown.length}
                    >${formatCount(shown.length, 'match', 'matches')}</span
                  >`
                : nothing
            }
          </div>
          ${
            this.query.trim() && entries.length > 0 && shown.length === 0
              ? html`<p class="no-match" role="status" data-testid="history-no-match">
                  No stored result matches "${this.query.trim()}".
                </p>`
              : html`<history-list
            .query=${this.query}
            .entries=${shown}
            .thumbnails=${this.thumbnails}
            .openedId=${this.openedId}
            @history-rows-shown=${this.onRowsShown}
            @history-entry-opened=${(event: HistoryEntryOpenedEvent) => this.openEntry(event.id)}
            @history-entry-deleted=${(event: HistoryEntryDeletedEvent) => this.deleteEntry(event.id)}
          ></history-list>`
          }
        </section>
        <section class="detail card" aria-label="Opened result">
          <history-opened-result
            .controller=${this.controller}
            .entryId=${this.openedId}
            @history-entry-closed=${() => {
              this.openedId = null;
            }}
            @history-entry-deleted=${(event: HistoryEntryDeletedEvent) => this.deleteEntry(event.id)}
          ></history-opened-result>
        </section>
        <aside aria-label="Storage">
          <storage-meter
            class="card"
            .usageBytes=${state?.usage?.usageBytes ?? null}
            .quotaBytes=${state?.usage?.quotaBytes ?? null}
            .historyBytes=${state?.storedBytes ?? 0}
            .mapBytes=${state?.mapBytes ?? 0}
            .entryCount=${entries.length}
            .persisted=${state?.persisted ?? null}
            .durable=${state?.mode !== 'memory'}
            .maxEntries=${state?.limits.maxEntries ?? 0}
            .maxBytes=${state?.limits.maxBytes ?? 0}
            @persistence-requested=${() => this.controller?.requestPersistence()}
            .pending=${state?.pendingLimits ?? null}
            @history-caps-changed=${(event: HistoryCapsChangedEvent) =>
              this.controller?.proposeLimits({
                maxEntries: event.maxEntries,
                maxBytes: event.maxBytes,
              })}
            @history-caps-confirmed=${() => this.controller?.confirmLimits()}
            @history-caps-cancelled=${() => this.controller?.cancelLimits()}
          ></storage-meter>
        </aside>
      </div>
    `;
  }

  private renderConfirm(count: number) {
    return html`<div class="confirm" role="alertdialog" aria-label="Confirm clearing the history">
      <span>Delete all ${formatCount(count, 'stored result')}? This cannot be undone.</span>
      <button
        type="button"
        class="danger-solid"
        data-testid="history-clear-confirm"
        @click=${this.clearAll}
      >
        Delete all
      </button>
      <button
        type="button"
        class="cancel-clear"
        @click=${() => {
          this.confirmingClear = false;
        }}
      >
        Cancel
      </button>
    </div>`;
  }

  /** One row's delete does not ask first: it says what went and offers it back. */
  private renderUndo(deleted: StoredResult) {
    return html`<div class="undo" role="status" data-testid="history-undo-box">
      <span>Deleted ${deleted.fileName} from the history.</span>
      <button type="button" data-testid="history-undo" @click=${() => this.undoDelete(deleted)}>
        Undo
      </button>
      <button
        type="button"
        class="quiet"
        aria-label="Dismiss"
        title="Dismiss"
        @click=${() => {
          this.deleted = null;
        }}
      >
        ×
      </button>
    </div>`;
  }

  /** Opens a result; in one column (a phone) it is below the list, so it is scrolled into view. */
  private async openEntry(id: string): Promise<void> {
    this.openedId = id;
    if (!window.matchMedia('(max-width: 1100px)').matches) return;
    await this.updateComplete;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.renderRoot
      .querySelector('.detail')
      ?.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }

  private onRowsShown = (event: HistoryRowsShownEvent): void => {
    this.shownIds = event.ids;
    void this.decodeShown();
  };

  /** Decodes the thumbnails of the rows on screen, one at a time, until all are there. */
  private async decodeShown(): Promise<void> {
    if (this.decoding) return;
    this.decoding = true;
    try {
      for (;;) {
        const id = this.shownIds.find(
          (shown) => !this.thumbnails.has(shown) && !this.brokenThumbnails.has(shown),
        );
        const controller = this.controller;
        if (!id || !controller || !this.isConnected) break;
        let bitmap: ImageBitmap | null = null;
        try {
          const thumbnail = await controller.thumbnail(id);
          if (thumbnail) bitmap = await decodeThumbnail(thumbnail, LIST_THUMBNAIL_LONG_SIDE);
        } catch {
          bitmap = null;
        }
        if (!bitmap) {
          this.brokenThumbnails.add(id);
          continue;
        }
        if (!this.isConnected || !this.state?.entries.some((entry) => entry.id === id)) {
          bitmap.close();
          continue;
        }
        this.thumbnails = this.withinBudget(new Map(this.thumbnails).set(id, bitmap));
      }
    } finally {
      this.decoding = false;
    }
  }

  /** Closes the oldest decoded thumbnails of rows off screen until at most the budget is left. */
  private withinBudget(thumbnails: Map<string, ImageBitmap>): Map<string, ImageBitmap> {
    const shown = new Set(this.shownIds);
    for (const [id, bitmap] of thumbnails) {
      if (thumbnails.size <= MAX_DECODED_THUMBNAILS) break;
      if (shown.has(id)) continue;
      bitmap.close();
      thumbnails.delete(id);
    }
    return thumbnails;
  }

  private async deleteEntry(id: string): Promise<void> {
    if (id === this.openedId) this.openedId = null;
    this.deleted = (await this.controller?.delete(id)) ?? null;
  }

  private async undoDelete(deleted: StoredResult): Promise<void> {
    this.deleted = null;
    await this.controller?.restore(deleted);
  }

  private clearAll = async (): Promise<void> => {
    this.confirmingClear = false;
    this.deleted = null;
    this.openedId = null;
    await this.controller?.clear();
  };

  private async export(kind: 'csv' | 'json'): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    this.exporting = true;
    try {
      if (kind === 'csv') {
        const csv = await controller.exportCsv();
        downloadBlob(new Blob([csv], { type: 'text/csv' }), 'textspot-history.csv');
      } else {
        const json = await controller.exportJson();
        downloadBlob(new Blob([json], { type: 'application/json' }), 'textspot-history.json');
      }
    } catch (error) {
      controller.notify(`The history could not be exported: ${userMessage(error)}`);
    } finally {
      this.exporting = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-view': HistoryView;
  }
}
