import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { cardStyles, controlStyles } from '../../../shell/design/theme.js';

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

  override render() {
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
        <button
          data-testid="export-pdf"
          title="The images with an invisible text layer: search and copy in any PDF viewer"
          ?disabled=${!this.hasText}
          @click=${request('pdf')}
        >
          ${
            this.pdfProgress
              ? `Cancel PDF (${this.pdfProgress.written}/${this.pdfProgress.total})`
              : 'Searchable PDF'
          }
        </button>
      </div>
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
}

declare global {
  interface HTMLElementTagNameMap {
    'export-panel': ExportPanel;
  }
  interface HTMLElementEventMap {
    'csv-confidence-toggled': CsvConfidenceToggledEvent;
    'results-export-requested': ResultsExportRequestedEvent;
    'session-reset-requested': SessionResetRequestedEvent;
  }
}
