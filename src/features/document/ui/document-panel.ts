import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { ENHANCEMENT_MODES, type EnhancementMode } from '../pipeline/enhance.js';
import {
  DEFAULT_DOCUMENT_PARAMS,
  type DocumentParams,
  MIN_PAGE_SHARE_RANGE,
} from '../pipeline/params.js';

/** Fired when a document-photo control changes; `params` is the whole new set. */
export class DocumentParamsChangedEvent extends Event {
  static readonly eventName = 'document-params-changed';
  constructor(readonly params: DocumentParams) {
    super(DocumentParamsChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

const ENHANCEMENT_LABELS: Record<EnhancementMode, string> = {
  off: 'Off',
  contrast: 'Contrast stretch',
};

/**
 * The "Document photo" switch and its parameters: minimum page share, orientation, enhancement.
 * Displays and emits; the app owns the values (a change re-runs the image fully).
 */
@customElement('document-panel')
export class DocumentPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        font-size: 13px;
        color: var(--ts-text);
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
        display: grid;
        gap: 10px;
      }
      legend {
        float: left;
        width: 100%;
        padding: 0;
        font-size: 11px;
        font-weight: 600;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--ts-muted);
      }
      label.check {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 500;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .row label {
        flex: 1;
        font-weight: 500;
      }
      input[type='number'] {
        width: 76px;
        height: 28px;
        padding: 0 8px;
        text-align: right;
      }
      select {
        height: 28px;
      }
      .help {
        margin: 0;
        font-size: 12px;
        line-height: 1.4;
        color: var(--ts-muted);
      }
    `,
  ];

  /** The document-photo parameters in use. */
  @property({ attribute: false }) params: DocumentParams = DEFAULT_DOCUMENT_PARAMS;
  /** Makes every control read-only (e.g. while no model is loaded). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  override render() {
    const { params } = this;
    const off = !params.enabled;
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>Document photo</legend>
      <label class="check">
        <input
          type="checkbox"
          role="switch"
          data-testid="document-enabled"
          .checked=${live(params.enabled)}
          @change=${(e: Event) => this.emit({ enabled: (e.target as HTMLInputElement).checked })}
        />
        Find, straighten and turn the page
      </label>
      <p class="help">
        For phone photos of a page: regions are found on the straightened page and drawn back on the photo.
      </p>
      ${
        off
          ? nothing
          : html`<div class="row">
              <label for="min-page-share">Min page share</label>
              <input
                id="min-page-share"
                type="number"
                data-testid="document-min-page-share"
                min=${MIN_PAGE_SHARE_RANGE.min}
                max=${MIN_PAGE_SHARE_RANGE.max}
                step=${MIN_PAGE_SHARE_RANGE.step}
                .value=${live(params.minPageShare.toFixed(2))}
                @change=${this.onShare}
              />
            </div>
            <p class="help">Smallest part of the photo the page may cover; smaller outlines are ignored.</p>
            <label class="check">
              <input
                type="checkbox"
                data-testid="document-orientation"
                .checked=${live(params.orientation)}
                @change=${(e: Event) => this.emit({ orientation: (e.target as HTMLInputElement).checked })}
              />
              Turn upright and remove skew
            </label>
            <div class="row">
              <label for="enhancement">Enhancement</label>
              <select
                id="enhancement"
                data-testid="document-enhancement"
                .value=${live(params.enhancement)}
                @change=${(e: Event) =>
                  this.emit({
                    enhancement: (e.target as HTMLSelectElement).value as EnhancementMode,
                  })}
              >
                ${ENHANCEMENT_MODES.map(
                  (mode) =>
                    html`<option value=${mode} ?selected=${mode === params.enhancement}>${ENHANCEMENT_LABELS[mode]}</option>`,
                )}
              </select>
            </div>`
      }
    </fieldset>`;
  }

  private onShare = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const value = Number(input.value);
    if (!Number.isFinite(value) || input.value.trim() === '') {
      input.value = this.params.minPageShare.toFixed(2);
      return;
    }
    const clamped = Math.min(MIN_PAGE_SHARE_RANGE.max, Math.max(MIN_PAGE_SHARE_RANGE.min, value));
    input.value = clamped.toFixed(2);
    this.emit({ minPageShare: clamped });
  };

  private emit(change: Partial<DocumentParams>): void {
    this.dispatchEvent(new DocumentParamsChangedEvent({ ...this.params, ...change }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'document-panel': DocumentPanel;
  }
  interface HTMLElementEventMap {
    'document-params-changed': DocumentParamsChangedEvent;
  }
}
