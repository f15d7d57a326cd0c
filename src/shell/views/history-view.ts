import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { userMessage } from '../../core/errors.js';
import { totalMs } from '../../features/detection/pipeline/detection.js';
import { detectionsOnPage, renderPageView } from '../../features/document/ui/page-view.js';
import { downloadBlob } from '../../features/export/ui/png.js';
import { searchSummaries } from '../../features/history/store/history-search.js';
import type { StoredResult, StoredThumbnail } from '../../features/history/store/stored-result.js';
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
import { formatCount, formatInteger, formatMs } from '../design/format.js';
import { controlStyles } from '../design/theme.js';
import '../../features/history/ui/history-list.js';
import '../../features/detection/ui/polygon-overlay.js';
import '../../features/history/ui/storage-meter.js';

/** Most list thumbnails decoded at once; rows scrolled away beyond this are released first. */
export const MAX_DECODED_THUMBNAILS = 40;
/** Long side of a decoded list thumbnail, px: twice the 52 px tile, for sharp high-DPI screens. */
const LIST_THUMBNAIL_LONG_SIDE = 104;

/** The opened result without its encoded bytes, and its decoded thumbnail. */
interface OpenedEntry {
  result: Omit<StoredResult, 'thumbnail'>;
  /** The stored thumbnail, decoded (null while decoding or when it cannot be). */
  image: ImageBitmap | null;
  /** A document photo's straightened page, drawn from the thumbnail (null: none, or not yet). */
  page: ImageBitmap | null;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** Decodes stored thumbnail bytes, optionally scaled so the long side is `longSide` px. */
async function decodeThumbnail(
  thumbnail: StoredThumbnail,
  longSide?: number,
): Promise<ImageBitmap> {
  const blob = new Blob([thumbnail.bytes], { type: thumbnail.mimeType });
  if (!longSide) return createImageBitmap(blob);
  const scale = Math.min(1, longSide / Math.max(thumbnail.width, thumbnail.height));
  return createImageBitmap(blob, {
    resizeWidth: Math.max(1, Math.round(thumbnail.width * scale)),
    resizeHeight: Math.max(1, Math.round(thumbnail.height * scale)),
    resizeQuality: 'medium',
  });
}

/**
 * The History tab: the stored results (virtualised, thumbnails decoded only for rows on
 * screen), the opened result's polygons over its stored thumbnail, delete, clear all, export
 * all, and the storage meter with persistence and caps. Reads `state` from the app's
 * `HistoryController` and calls it for every change.
 */
@customElement('history-view')
export class HistoryView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 10px;
        min-height: 0;
        padding: 12px 16px 16px;
        box-sizing: border-box;
      }
      .notice {
        margin: 0;
        padding: 8px 12px;
        border-radius: var(--ts-radius);
        background: var(--ts-warn-soft);
        color: var(--ts-warn);
        font-weight: 500;
      }
      .layout {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: minmax(320px, 400px) minmax(0, 1fr) 280px;
        gap: 12px;
      }
      .card {
        background: var(--ts-surface);
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius);
        box-shadow: var(--ts-shadow);
      }
      .list {
        display: flex;
        flex-direction: column;
        min-height: 0;
        overflow: hidden;
      }
      .search {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 8px 6px 12px;
        border-bottom: 1px solid var(--ts-border);
      }
      .search input {
        flex: 1;
        min-width: 0;
      }
      .list-head {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
        padding: 8px 8px 8px 12px;
        border-bottom: 1px solid var(--ts-border);
        background: var(--ts-surface-2);
      }
      h2 {
        font-size: 13px;
        font-weight: 600;
        margin: 0;
      }
      .count {
        color: var(--ts-muted);
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .spacer {
        flex: 1;
      }
      .list-head button {
        min-height: 28px;
        padding: 0 10px;
        font-size: 12px;
      }
      .confirm {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 8px 8px 8px 12px;
        background: var(--ts-danger-soft);
        color: var(--ts-danger);
        border-bottom: 1px solid var(--ts-border);
        font-weight: 500;
      }
      .confirm span {
        flex: 1;
      }
      .confirm button {
        min-height: 28px;
      }
      button.danger-solid {
        background: var(--ts-danger);
        border-color: var(--ts-danger);
        color: var(--ts-surface);
      }
      history-list {
        flex: 1;
      }
      .detail {
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
      }
      .detail-head {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 8px 6px 12px;
        min-height: 44px;
        box-sizing: border-box;
        border-bottom: 1px solid var(--ts-border);
      }
      .detail-head .title {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .detail-head .meta {
        color: var(--ts-muted);
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      polygon-overlay {
        flex: 1;
        min-height: 240px;
        margin: 8px;
      }
      .views {
        flex: none;
        display: inline-flex;
        border: 1px solid var(--ts-border);
        border-radius: 6px;
        overflow: hidden;
      }
      .views label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 2px 8px;
        white-space: nowrap;
        cursor: pointer;
      }
      .views label:has(input:checked) {
        background: var(--ts-accent-soft);
        font-weight: 600;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        padding: 8px 12px 10px;
        border-top: 1px solid var(--ts-border);
        color: var(--ts-muted);
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .facts b {
        color: var(--ts-text);
        font-weight: 500;
      }
      .placeholder {
        flex: 1;
        display: grid;
        place-items: center;
        text-align: center;
        color: var(--ts-muted);
        padding: 24px;
      }
      .placeholder h3 {
        color: var(--ts-text);
        font-size: 16px;
        margin: 0 0 6px;
      }
      .placeholder p {
        margin: 0;
      }
      aside {
        display: flex;
        flex-direction: column;
        gap: 10px;
        min-height: 0;
        overflow-y: auto;
      }
      @media (max-width: 1100px) {
        .layout {
          grid-template-columns: 1fr;
          grid-template-rows: 420px 60vh auto;
        }
      }
    `,
  ];

  /** The app's history controller, called for every change. */
  @property({ attribute: false }) controller: HistoryController | null = null;
  /** The controller's current snapshot (a new object after each change). */
  @property({ attribute: false }) state: HistoryState | null = null;

  /** What the search box holds: results are filtered by their text and file name. */
  @state() private query = '';
  @state() private thumbnails: ReadonlyMap<string, ImageBitmap> = new Map();
  @state() private opened: OpenedEntry | null = null;
  /** Show a document photo's straightened page rather than the photo. */
  @state() private showPage = false;
  @state() private openedId: string | null = null;
  @state() private confirmingClear = false;
  @state() private exporting = false;

  /** Ids of the rows on screen, top to bottom. */
  private shownIds: readonly string[] = [];
  /** Ids whose thumbnail could not be read or decoded; not tried again. */
  private readonly brokenThumbnails = new Set<string>();
  private decoding = false;
  private openToken = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const bitmap of this.thumbnails.values()) bitmap.close();
    this.thumbnails = new Map();
    this.closeEntry();
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
    if (this.openedId && !ids.has(this.openedId)) this.closeEntry();
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
              this.query.trim()
                ? html`<span class="count" role="status" data-testid="history-matches" data-count=${shown.length}
                    >${formatCount(shown.length, 'match', 'matches')}</span
                  >`
                : nothing
            }
          </div>
          <history-list
            .entries=${shown}
            .thumbnails=${this.thumbnails}
            .openedId=${this.openedId}
            @history-rows-shown=${this.onRowsShown}
            @history-entry-opened=${(event: HistoryEntryOpenedEvent) => this.openEntry(event.id)}
            @history-entry-deleted=${(event: HistoryEntryDeletedEvent) => this.deleteEntry(event.id)}
          ></history-list>
        </section>
        <section class="detail card" aria-label="Opened result">${this.renderDetail()}</section>
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
            @history-caps-changed=${(event: HistoryCapsChangedEvent) =>
              this.controller?.setLimits({
                maxEntries: event.maxEntries,
                maxBytes: event.maxBytes,
              })}
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

  private renderDetail() {
    const opened = this.opened;
    if (!opened) {
      return html`<div class="placeholder">
        <div>
          <h3>${this.openedId ? 'Opening…' : 'Open a stored result'}</h3>
          <p>Its regions are drawn over the stored copy of the image.</p>
        </div>
      </div>`;
    }
    const { result } = opened;
    const regions = result.detections.length;
    const params = result.params;
    const document = result.document?.method != null ? result.document : null;
    const page = document && this.showPage && opened.page ? opened.page : null;
    return html`<div class="detail-head">
        <span class="title" title=${result.fileName}>${result.fileName}</span>
        <span class="meta" data-testid="history-opened-summary"
          >${formatCount(regions, 'region')} · ${formatMs(totalMs(result.timings))} ·
          ${result.backend.toUpperCase()}</span
        >
        <span class="spacer"></span>
        ${
          document
            ? html`<div class="views" role="radiogroup" aria-label="View">
                ${([false, true] as const).map(
                  (showPage) => html`<label>
                    <input
                      type="radio"
                      name="history-view"
                      data-testid=${showPage ? 'history-view-page' : 'history-view-photo'}
                      .checked=${this.showPage === showPage}
                      ?disabled=${showPage && !opened.page}
                      @change=${() => {
                        this.showPage = showPage;
                      }}
                    />${showPage ? 'Page' : 'Photo'}
                  </label>`,
                )}
              </div>`
            : nothing
        }
        <button
          type="button"
          class="danger"
          data-testid="history-opened-delete"
          @click=${() => this.deleteEntry(result.id)}
        >
          Delete
        </button>
        <button type="button" data-testid="history-close" @click=${() => this.closeEntry()}>
          Close
        </button>
      </div>
      <polygon-overlay
        data-testid="history-overlay"
        .image=${page ?? opened.image}
        .imageWidth=${page ? document!.pageWidth : result.imageWidth}
        .imageHeight=${page ? document!.pageHeight : result.imageHeight}
        .detections=${page ? detectionsOnPage(document!, result.detections) : result.detections}
        .pageQuad=${page ? null : (document?.pageQuad ?? null)}
        label=${`${result.fileName} with ${regions} detected text regions (stored copy)`}
      ></polygon-overlay>
      <div class="facts">
        <span>Detected <b>${dateTimeFormat.format(new Date(result.createdAt))}</b></span>
        <span
          >Original <b>${formatInteger(result.imageWidth)} × ${formatInteger(result.imageHeight)} px</b></span
        >
        <span>Model <b>${result.modelId}</b></span>
        <span
          >Thresholds <b>${params.threshold} / ${params.boxThreshold}</b> · unclip
          <b>${params.unclipRatio}</b> · <b>${params.outputMode}</b></span
        >
      </div>`;
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

  private async openEntry(id: string): Promise<void> {
    if (id === this.openedId && this.opened) return;
    this.closeEntry();
    this.openedId = id;
    const token = ++this.openToken;
    try {
      const stored = await this.controller?.get(id);
      if (token !== this.openToken) return;
      if (!stored) {
        this.openedId = null;
        return;
      }
      const { thumbnail, ...result } = stored;
      this.opened = { result, image: null, page: null };
      const image = await decodeThumbnail(thumbnail);
      if (token !== this.openToken) {
        image.close();
        return;
      }
      this.opened = { result, image, page: null };
      const document = result.document;
      if (document?.method == null) return;
      // The straightened page, from the stored copy: the history redraws both views.
      const page = await renderPageView(image, result.imageWidth, result.imageHeight, document);
      if (token !== this.openToken) {
        page.close();
        return;
      }
      this.opened = { result, image, page };
    } catch (error) {
      if (token === this.openToken) {
        this.controller?.notify(`The stored result could not be opened: ${userMessage(error)}`);
      }
    }
  }

  private closeEntry(): void {
    this.openToken++;
    this.opened?.image?.close();
    this.opened?.page?.close();
    this.opened = null;
    this.openedId = null;
  }

  private async deleteEntry(id: string): Promise<void> {
    if (id === this.openedId) this.closeEntry();
    await this.controller?.delete(id);
  }

  private clearAll = async (): Promise<void> => {
    this.confirmingClear = false;
    this.closeEntry();
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
