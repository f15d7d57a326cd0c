import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount } from '../../../shell/design/format.js';
import { cardStyles, controlStyles } from '../../../shell/design/theme.js';
import type { BatchItem } from '../../batch/ui/batch-item.js';
import {
  PDF_IMAGE_LONG_SIDES,
  pdfPageItems,
  type SearchablePdfChoice,
} from './searchable-pdf-export.js';

/** The formats all results can be exported in. */
export type ResultsFormat = 'csv' | 'json' | 'text-csv' | 'receipts-csv' | 'hocr' | 'pdf';

/** Fired when the CSV confidence-column checkbox changes. */
export class CsvConfidenceToggledEvent extends Event {
  static readonly eventName = 'csv-confidence-toggled';
  constructor(readonly included: boolean) {
    super(CsvConfidenceToggledEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when an export button is pressed. */
export class ResultsExportRequestedEvent extends Event {
  static readonly eventName = 'results-export-requested';
  constructor(readonly format: ResultsFormat) {
    super(ResultsExportRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the searchable PDF's pages or image size are changed. */
export class PdfChoiceChangedEvent extends Event {
  static readonly eventName = 'pdf-choice-changed';
  constructor(readonly choice: SearchablePdfChoice) {
    super(PdfChoiceChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when Reset session is pressed. */
export class SessionResetRequestedEvent extends Event {
  static readonly eventName = 'session-reset-requested';
  constructor() {
    super(SessionResetRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Exports of every result in the session (competition CSV, JSON, text CSV, receipts CSV) and the session reset. */
@customElement('export-panel')
export class ExportPanel extends LitElement {
  static override styles = [
    controlStyles,
    cardStyles,
    css`
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .reset {
        justify-self: start;
      }
      .pdf {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 6px 8px;
        align-items: center;
        margin: 0;
        padding: 10px 0 0;
        border: 0;
        border-top: 1px solid var(--ts-border);
        min-width: 0;
      }
      .pdf legend {
        float: left;
        grid-column: 1 / -1;
        padding: 0;
        font-weight: 600;
      }
      .pdf label {
        display: contents;
      }
      .pdf select {
        min-width: 0;
        max-width: 100%;
      }
      .pdf-action {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
    `,
  ];

  /** Whether the CSV gets a confidence column. */
  @property({ type: Boolean }) csvConfidence = false;
  /** Whether there is anything to export. */
  @property({ type: Boolean }) hasResults = false;
  /** Whether any result has text read, for the text CSV. */
  @property({ type: Boolean }) hasText = false;
  /** Pages written of the searchable PDF being made; null when none is. */
  @property({ attribute: false }) pdfProgress: { written: number; total: number } | null = null;
  /** The searchable PDF's pages and image size. */
  @property({ attribute: false }) pdfChoice: SearchablePdfChoice = {
    scope: 'all',
    maxLongSide: null,
  };
  /** The batch: its results with text are the searchable PDF's pages (all, or the ticked). */
  @property({ attribute: false }) items: readonly BatchItem[] = [];

  override render() {
    const pages = {
      all: pdfPageItems(this.items, 'all').length,
      ticked: pdfPageItems(this.items, 'ticked').length,
    };
    const request = (format: ResultsFormat) => () =>
      this.dispatchEvent(new ResultsExportRequestedEvent(format));
    return html`
      <h2>Export all results</h2>
      <label>
        <input
          type="checkbox"
          data-testid="csv-confidence"
          .checked=${this.csvConfidence}
          @change=${(e: Event) =>
            this.dispatchEvent(
              new CsvConfidenceToggledEvent((e.target as HTMLInputElement).checked),
            )}
        />
        Add each region's detection score to the CSV
      </label>
      <div class="actions">
        <button data-testid="export-csv" ?disabled=${!this.hasResults} @click=${request('csv')}>
          Competition CSV
        </button>
        <button data-testid="export-json" ?disabled=${!this.hasResults} @click=${request('json')}>
          JSON
        </button>
        <button
          data-testid="export-text-csv"
          title="One row per region: file name, polygon, text, reading score"
          ?disabled=${!this.hasText}
          @click=${request('text-csv')}
        >
          Text CSV
        </button>
        <button
          data-testid="export-receipts-csv"
          title="One row per receipt read: file name, company, date, address, total, currency"
          ?disabled=${!this.hasText}
          @click=${request('receipts-csv')}
        >
          Receipts CSV
        </button>
        <button
          data-testid="export-hocr"
          title="hOCR: one file per image, each word with its box"
          ?disabled=${!this.hasText}
          @click=${request('hocr')}
        >
          hOCR
        </button>
      </div>
      ${this.renderPdfOptions(pages)}
      <button
        class="quiet danger reset"
        data-testid="reset-session"
        title="Clear the list and restore this model's default parameters (history is kept)"
        @click=${() => this.dispatchEvent(new SessionResetRequestedEvent())}
      >
        Reset session
      </button>
    `;
  }

  /** The searchable PDF: its pages and image size, the button, and how many pages it makes. */
  private renderPdfOptions(pages: Record<SearchablePdfChoice['scope'], number>) {
    const choice = this.pdfChoice;
    const change = (changes: Partial<SearchablePdfChoice>) =>
      this.dispatchEvent(new PdfChoiceChangedEvent({ ...choice, ...changes }));
    return html`<fieldset class="pdf">
      <legend>Searchable PDF</legend>
      <label>
        <span>Pages</span>
        <select
          data-testid="pdf-scope"
          ?disabled=${this.pdfProgress !== null}
          @change=${(e: Event) =>
            change({
              scope: (e.target as HTMLSelectElement).value as SearchablePdfChoice['scope'],
            })}
        >
          <option value="all" ?selected=${choice.scope === 'all'}>
            All results with text (${pages.all})
          </option>
          <option value="ticked" ?selected=${choice.scope === 'ticked'}>
            Ticked images only (${pages.ticked})
          </option>
        </select>
      </label>
      <label>
        <span>Images</span>
        <select
          data-testid="pdf-image-size"
          title="JPEG at quality 85; pages keep the image's size either way"
          ?disabled=${this.pdfProgress !== null}
          @change=${(e: Event) => {
            const value = (e.target as HTMLSelectElement).value;
            change({ maxLongSide: value === 'original' ? null : (Number(value) as 2000 | 1200) });
          }}
        >
          ${PDF_IMAGE_LONG_SIDES.map(
            (side) =>
              html`<option value=${side ?? 'original'} ?selected=${choice.maxLongSide === side}>
                ${imageSizeLabel(side)}
              </option>`,
          )}
        </select>
      </label>
      <div class="pdf-action">
          <button
            data-testid="export-pdf"
            title="The images with an invisible text layer: search and copy in any PDF viewer"
            ?disabled=${pages[this.pdfChoice.scope] === 0 && !this.pdfProgress}
            @click=${() => this.dispatchEvent(new ResultsExportRequestedEvent('pdf'))}
          >
            ${
              this.pdfProgress
                ? `Cancel PDF (${this.pdfProgress.written}/${this.pdfProgress.total})`
                : 'Searchable PDF'
            }
          </button>
        <span class="muted" data-testid="pdf-page-count">
          ${formatCount(pages[choice.scope], 'page')}
        </span>
      </div>
    </fieldset>`;
  }
}

/** How an image size choice reads. */
function imageSizeLabel(side: SearchablePdfChoice['maxLongSide']): string {
  return side === null ? 'Original size' : `Long side ${side.toLocaleString('en')} px`;
}

declare global {
  interface HTMLElementTagNameMap {
    'export-panel': ExportPanel;
  }
  interface HTMLElementEventMap {
    'pdf-choice-changed': PdfChoiceChangedEvent;
    'csv-confidence-toggled': CsvConfidenceToggledEvent;
    'results-export-requested': ResultsExportRequestedEvent;
    'session-reset-requested': SessionResetRequestedEvent;
  }
}
