import '@lit-labs/virtualizer';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { formatCount } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { continuesPdf, groupPdfPages, storedPageNumber } from '../../pdf/pipeline/page-groups.js';
import { matchSnippet } from '../store/history-search.js';
import type { ResultSummary } from '../store/stored-result.js';
import { historyListStyles } from './history-list.styles.js';

/** Fired when a row is opened (clicked, or Enter / Space on it). */
export class HistoryEntryOpenedEvent extends Event {
  static readonly eventName = 'history-entry-opened';
  constructor(readonly id: string) {
    super(HistoryEntryOpenedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a row's Delete is pressed. */
export class HistoryEntryDeletedEvent extends Event {
  static readonly eventName = 'history-entry-deleted';
  constructor(readonly id: string) {
    super(HistoryEntryDeletedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the set of rows on screen changes: their ids, top to bottom, so their thumbnails can be decoded. */
export class HistoryRowsShownEvent extends Event {
  static readonly eventName = 'history-rows-shown';
  constructor(readonly ids: readonly string[]) {
    super(HistoryRowsShownEvent.eventName, { bubbles: true, composed: true });
  }
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

const trashIcon = html`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"><path d="M2.5 4h11M6.5 4V2.5h3V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v4.5M9.2 6.5v4.5"/></svg>`;

/** Paints a decoded thumbnail into a row's canvas; a closed or missing bitmap leaves it blank. */
function paint(canvas: Element | undefined, bitmap: ImageBitmap | undefined): void {
  if (!(canvas instanceof HTMLCanvasElement)) return;
  // A closed ImageBitmap reports 0 × 0 and throws when drawn.
  if (!bitmap || bitmap.width === 0) {
    canvas.width = 0;
    canvas.height = 0;
    return;
  }
  if (canvas.width !== bitmap.width) canvas.width = bitmap.width;
  if (canvas.height !== bitmap.height) canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
}

/** The row's text where it matches the search, the match marked; nothing without a text match. */
function renderSnippet(entry: ResultSummary, query: string) {
  const snippet = matchSnippet(entry.text, query);
  if (!snippet) return nothing;
  return html`<span class="snippet" data-testid="history-snippet"
    >${snippet.before}<mark>${snippet.match}</mark>${snippet.after}</span
  >`;
}

/**
 * The stored results, newest first: one virtualised row per result with its thumbnail, file
 * name, region count, whether text was read and Document photo used, time and date, Delete,
 * and during a search the matched text. Only the rows on screen exist in the DOM; the element
 * reports which they are (`history-rows-shown`) and draws the thumbnails it is given for them. Give the element a height (or a flex slot): the rows scroll inside it.
 */
@customElement('history-list')
export class HistoryList extends LitElement {
  static override styles = [controlStyles, historyListStyles];

  /** Stored results, newest first. */
  @property({ attribute: false }) entries: readonly ResultSummary[] = [];
  /** Decoded thumbnails by result id; rows without one show a blank tile. */
  @property({ attribute: false }) thumbnails: ReadonlyMap<string, ImageBitmap> = new Map();
  /** Id of the opened result, or null. */
  @property({ attribute: false }) openedId: string | null = null;
  /** The search the entries answer: each row shows where its text matches. */
  @property() query = '';

  /** `entries` with each PDF's pages together, in page order. */
  private rows: ResultSummary[] = [];
  private shownFirst = 0;
  private shownLast = -1;
  private shownKey = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('entries')) this.rows = groupPdfPages(this.entries);
  }

  override render() {
    if (this.entries.length === 0) {
      return html`<div class="empty">No stored results yet. Detected images appear here.</div>`;
    }
    // A new renderItem on every render makes the virtualizer redraw rows when only the
    // thumbnails or the opened row changed (it re-renders on new items or a new renderItem).
    return html`<lit-virtualizer
      scroller
      role="list"
      aria-label="Stored results"
      .items=${this.rows}
      .keyFunction=${(entry: ResultSummary) => entry.id}
      .renderItem=${(entry: ResultSummary, index: number) => this.renderRow(entry, index)}
      @visibilityChanged=${this.onVisibilityChanged}
    ></lit-virtualizer>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // New or removed entries shift which ids sit in the visible index range.
    if (changed.has('entries')) this.announceShown();
  }

  private renderRow(entry: ResultSummary, index: number) {
    const created = new Date(entry.createdAt);
    const regions = formatCount(entry.regionCount, 'region');
    const sep = html`<span class="sep" aria-hidden="true">·</span>`;
    const bitmap = this.thumbnails.get(entry.id);
    const label = `${entry.fileName}, ${regions}, ${dateFormat.format(created)} ${timeFormat.format(created)}`;
    const pageNumber = storedPageNumber(entry);
    return html`<div
      class=${matchSnippet(entry.text, this.query) ? 'row matched' : 'row'}
      role="listitem"
      aria-current=${entry.id === this.openedId ? 'true' : 'false'}
      data-testid="history-entry"
      data-id=${entry.id}
      data-name=${entry.fileName}
      data-regions=${entry.regionCount}
      data-page=${pageNumber ?? nothing}
      ?data-continues=${continuesPdf(this.rows[index - 1], entry)}
    >
      <button
        type="button"
        class="open"
        data-testid="history-open"
        aria-label=${`Open ${label}`}
        @click=${() => this.dispatchEvent(new HistoryEntryOpenedEvent(entry.id))}
      >
        <span class="thumb" aria-hidden="true"
          ><canvas ${ref((canvas) => paint(canvas, bitmap))}></canvas
        ></span>
        <span class="name" title=${entry.fileName}>${entry.fileName}</span>
        <span class="when time">${timeFormat.format(created)}</span>
        <span class="meta"
          >${regions}${
            entry.text === undefined
              ? ''
              : html`${sep}<span data-testid="history-text-read">text read</span>`
          }${
            entry.document
              ? html`${sep}<span data-testid="history-document">Document photo</span>`
              : ''
          }${
            entry.persistent
              ? ''
              : html`<span class="chip" title="Held in this page's memory only: gone after a reload"
                  >memory</span
                >`
          }</span
        >
        <span class="when">${dateFormat.format(created)}</span>
        ${renderSnippet(entry, this.query)}
      </button>
      <button
        type="button"
        class="icon"
        data-testid="history-delete"
        title="Delete"
        aria-label=${`Delete ${entry.fileName} from the history`}
        @click=${() => this.dispatchEvent(new HistoryEntryDeletedEvent(entry.id))}
      >
        ${trashIcon}
      </button>
    </div>`;
  }

  private onVisibilityChanged = (event: VisibilityChangedEvent): void => {
    this.shownFirst = event.first;
    this.shownLast = event.last;
    this.announceShown();
  };

  private announceShown(): void {
    const ids = this.rows.slice(this.shownFirst, this.shownLast + 1).map((entry) => entry.id);
    const key = ids.join(' ');
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.dispatchEvent(new HistoryRowsShownEvent(ids));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-list': HistoryList;
  }
  interface HTMLElementEventMap {
    'history-entry-opened': HistoryEntryOpenedEvent;
    'history-entry-deleted': HistoryEntryDeletedEvent;
    'history-rows-shown': HistoryRowsShownEvent;
  }
}
