import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { userMessage } from '../../core/errors.js';
import { jobMs } from '../../features/detection/pipeline/detection.js';
import { detectionsOnPage, renderPageView } from '../../features/document/ui/page-view.js';
import type { StoredResult } from '../../features/history/store/stored-result.js';
import type { HistoryController } from '../../features/history/ui/history-controller.js';
import { HistoryEntryDeletedEvent } from '../../features/history/ui/history-list.js';
import { formatCount, formatInteger, formatMs } from '../design/format.js';
import { controlStyles } from '../design/theme.js';
import { historyOpenedResultStyles } from './history-opened-result.styles.js';
import { renderOpenedText } from './history-opened-text.js';
import { decodeThumbnail } from './history-thumbnail.js';
import '../../features/detection/ui/polygon-overlay.js';

/** Fired when Close is pressed, or when the entry to open is no longer stored. */
export class HistoryEntryClosedEvent extends Event {
  static readonly eventName = 'history-entry-closed';
  constructor() {
    super(HistoryEntryClosedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** The opened result without its encoded bytes, and its decoded thumbnail. */
interface OpenedEntry {
  result: Omit<StoredResult, 'thumbnail'>;
  /** Size of the stored copy, px (the workbench opens it, as the original is not kept). */
  thumbnailSize: { width: number; height: number };
  /** The stored thumbnail, decoded (null while decoding or when it cannot be). */
  image: ImageBitmap | null;
  /** A document photo's straightened page, drawn from the thumbnail (null: none, or not yet). */
  page: ImageBitmap | null;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/**
 * One stored result opened in the History view: its polygons over the stored thumbnail (or a
 * document photo's straightened page), its figures, Delete and Close. Reads it from the
 * controller whenever `entryId` changes and releases its bitmaps when it closes.
 */
@customElement('history-opened-result')
export class HistoryOpenedResult extends LitElement {
  static override styles = [controlStyles, historyOpenedResultStyles];

  /** The app's history controller, which reads the stored result. */
  @property({ attribute: false }) controller: HistoryController | null = null;
  /** Id of the stored result to show, or null for none. */
  @property() entryId: string | null = null;

  @state() private opened: OpenedEntry | null = null;
  /** Show a document photo's straightened page rather than the photo. */
  @state() private showPage = false;

  private openToken = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('entryId')) return;
    this.close();
    if (this.entryId) void this.open(this.entryId);
  }

  override render() {
    const opened = this.opened;
    if (!opened) {
      return html`<div class="placeholder">
        <div>
          <h3>${this.entryId ? 'Opening…' : 'Open a stored result'}</h3>
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
          >${formatCount(regions, 'region')} · ${formatMs(jobMs(result.timings))} ·
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
          @click=${() => this.dispatchEvent(new HistoryEntryDeletedEvent(result.id))}
        >
          Delete
        </button>
        <button
          type="button"
          data-testid="history-close"
          @click=${() => this.dispatchEvent(new HistoryEntryClosedEvent())}
        >
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
      ${renderOpenedText(this, result, opened.thumbnailSize, this.copy)}
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

  /** Reads the stored result, decodes its thumbnail, then draws its page; a newer open wins. */
  private async open(id: string): Promise<void> {
    const token = ++this.openToken;
    try {
      const stored = await this.controller?.get(id);
      if (token !== this.openToken) return;
      if (!stored) {
        this.dispatchEvent(new HistoryEntryClosedEvent());
        return;
      }
      const { thumbnail, ...result } = stored;
      const thumbnailSize = { width: thumbnail.width, height: thumbnail.height };
      this.opened = { result, thumbnailSize, image: null, page: null };
      const image = await decodeThumbnail(thumbnail);
      if (token !== this.openToken) {
        image.close();
        return;
      }
      this.opened = { result, thumbnailSize, image, page: null };
      const document = result.document;
      if (document?.method == null) return;
      // The straightened page, from the stored copy: the history redraws both views.
      const page = await renderPageView(image, result.imageWidth, result.imageHeight, document);
      if (token !== this.openToken) {
        page.close();
        return;
      }
      this.opened = { result, thumbnailSize, image, page };
    } catch (error) {
      if (token === this.openToken) {
        this.controller?.notify(`The stored result could not be opened: ${userMessage(error)}`);
      }
    }
  }

  private copy = async (text: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      this.controller?.notify(`The clipboard refused the text: ${userMessage(error)}`);
      return false;
    }
  };

  /** Drops the shown result and any open still under way, and releases its bitmaps. */
  private close(): void {
    this.openToken++;
    this.opened?.image?.close();
    this.opened?.page?.close();
    this.opened = null;
  }
}

declare global {
  interface HTMLElementEventMap {
    'history-entry-closed': HistoryEntryClosedEvent;
  }
  interface HTMLElementTagNameMap {
    'history-opened-result': HistoryOpenedResult;
  }
}
