import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { cardStyles, controlStyles } from '../../../shell/design/theme.js';
import type { ReceiptExtraction } from '../pipeline/extract.js';
import { parseDate, RECEIPT_FIELD_NAMES, type ReceiptFieldName } from '../pipeline/fields.js';
import type { ReceiptEdits } from '../pipeline/receipt-record.js';

/** Fired when a field is picked (its regions are highlighted), or unpicked with null. */
export class ReceiptFieldSelectedEvent extends Event {
  static readonly eventName = 'receipt-field-selected';
  constructor(readonly field: ReceiptFieldName | null) {
    super(ReceiptFieldSelectedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a field is edited (`value`), or its edit undone (`value` null). */
export class ReceiptFieldEditedEvent extends Event {
  static readonly eventName = 'receipt-field-edited';
  constructor(
    readonly field: ReceiptFieldName,
    readonly value: string | null,
  ) {
    super(ReceiptFieldEditedEvent.eventName, { bubbles: true, composed: true });
  }
}

const LABELS: Record<ReceiptFieldName, string> = {
  company: 'Company',
  date: 'Date',
  address: 'Address',
  total: 'Total',
};

/** Below this confidence a found field is marked "?" for checking. */
const UNSURE_CONFIDENCE = 0.6;

const calendarFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });

/**
 * The "Receipt" card of a read image: company, date, address and total as found in its text,
 * each editable (an edit replaces the found value and can be undone) and each pickable, which
 * highlights the regions it came from. The date is shown as a calendar day too.
 */
@customElement('receipt-card')
export class ReceiptCard extends LitElement {
  static override styles = [
    controlStyles,
    cardStyles,
    css`
      .field {
        display: grid;
        gap: 2px;
        margin-bottom: 8px;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .pick {
        font-weight: 600;
        padding: 0 6px;
      }
      .pick[aria-pressed='true'] {
        background: var(--ts-accent-soft, #fde7d4);
      }
      .meta {
        color: var(--ts-muted);
        font-size: 12px;
      }
      input,
      textarea {
        width: 100%;
        box-sizing: border-box;
        font: inherit;
      }
      textarea {
        resize: vertical;
      }
    `,
  ];

  /** What the extractor found in the image's text, or null while there is no text. */
  @property({ attribute: false }) extraction: ReceiptExtraction | null = null;
  /** The person's corrections, field by field. */
  @property({ attribute: false }) edits: ReceiptEdits = {};
  /** The field whose regions are highlighted, or null. */
  @property() selectedField: ReceiptFieldName | null = null;

  override render() {
    const extraction = this.extraction;
    if (!extraction) return nothing;
    return html`<h2>Receipt</h2>
      ${RECEIPT_FIELD_NAMES.map((field) => this.renderField(extraction, field))}`;
  }

  private renderField(extraction: ReceiptExtraction, field: ReceiptFieldName) {
    const found = extraction[field];
    const edited = this.edits[field];
    const value = edited ?? found?.value ?? '';
    const unsure = edited === undefined && found !== null && found.confidence < UNSURE_CONFIDENCE;
    const id = `receipt-${field}`;
    const change = (e: Event) => {
      const text = (e.target as HTMLInputElement | HTMLTextAreaElement).value.trim();
      const edit = text === (found?.value ?? '') ? null : text;
      if (edit !== (edited ?? null)) this.dispatchEvent(new ReceiptFieldEditedEvent(field, edit));
    };
    // Enter keeps the edit at once (Firefox fires no change when focus leaves a headless window).
    const enter = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        change(e);
      }
    };
    const pick = () =>
      this.dispatchEvent(
        new ReceiptFieldSelectedEvent(this.selectedField === field ? null : field),
      );
    return html`<div class="field" data-testid=${`receipt-field-${field}`}>
      <div class="head">
        <button
          type="button"
          class="quiet pick"
          data-testid=${`receipt-pick-${field}`}
          aria-pressed=${this.selectedField === field ? 'true' : 'false'}
          ?disabled=${!found}
          title="Show where it was read"
          @click=${pick}
        >
          ${LABELS[field]}
        </button>
        <span class="meta">
          ${
            edited !== undefined
              ? html`edited ·
                  <button
                    type="button"
                    class="quiet"
                    data-testid=${`receipt-revert-${field}`}
                    @click=${() => this.dispatchEvent(new ReceiptFieldEditedEvent(field, null))}
                  >
                    Undo
                  </button>`
              : found
                ? `${Math.round(found.confidence * 100)}%${unsure ? ' ?' : ''}`
                : 'not found'
          }
        </span>
      </div>
      ${
        field === 'address'
          ? html`<textarea id=${id} rows="3" data-testid=${id} aria-label=${LABELS[field]} .value=${live(value)} @change=${change} @keydown=${enter}></textarea>`
          : html`<input id=${id} data-testid=${id} aria-label=${LABELS[field]} .value=${live(value)} @change=${change} @keydown=${enter} />`
      }
      ${field === 'date' ? this.renderCalendarDay(value) : nothing}
    </div>`;
  }

  private renderCalendarDay(printed: string) {
    if (!printed) return nothing;
    const iso = parseDate(printed);
    return html`<span class="meta" data-testid="receipt-date-iso"
      >${iso ? html`<time datetime=${iso}>${calendarFormat.format(new Date(`${iso}T00:00:00Z`))}</time> · ${iso}` : 'not a calendar day'}</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'receipt-card': ReceiptCard;
  }
  interface HTMLElementEventMap {
    'receipt-field-selected': ReceiptFieldSelectedEvent;
    'receipt-field-edited': ReceiptFieldEditedEvent;
  }
}
