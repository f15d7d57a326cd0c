import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { type BatchItem, canRetry, ItemStatus } from './batch-item.js';

/**
 * One line for a batch's failures, however many: how many images failed, that each row says why,
 * and whether Retry can help. Dismissible; a new failure brings it back, and an empty batch
 * (after Clear) has none.
 */
@customElement('failure-summary')
export class FailureSummary extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      div {
        display: flex;
        align-items: flex-start;
        gap: 8px;
        padding: 8px 10px;
        border-radius: var(--ts-radius);
        border: 1px solid color-mix(in srgb, var(--ts-danger) 35%, transparent);
        background: var(--ts-danger-soft);
        color: var(--ts-text);
        font-size: 12px;
        line-height: 1.4;
      }
      p {
        flex: 1;
        margin: 0;
      }
      button {
        min-height: 24px;
        padding: 0 6px;
      }
    `,
  ];

  /** The batch's items. */
  @property({ attribute: false }) items: readonly BatchItem[] = [];

  /** The failures that were on screen when the person dismissed the line. */
  @state() private dismissedKey = '';

  private get failed(): BatchItem[] {
    return this.items.filter(
      (item) => item.status === ItemStatus.Failed || item.status === ItemStatus.TimedOut,
    );
  }

  override render() {
    const failed = this.failed;
    const key = failed.map((item) => item.id).join(' ');
    if (failed.length === 0 || key === this.dismissedKey) return nothing;
    const retryable = failed.filter(canRetry).length;
    const ran = this.items.filter((item) => item.result || failed.includes(item)).length;
    const advice =
      retryable === 0
        ? 'Each row says why; these files cannot be read, so a retry would not help.'
        : retryable < failed.length
          ? `Each row says why; Retry runs the ${retryable} that may work another time.`
          : 'Each row says why; Retry runs them again.';
    return html`<div data-testid="failure-summary">
      <p><strong>${failed.length} of ${ran} image${ran === 1 ? '' : 's'} failed.</strong> ${advice}</p>
      <button
        type="button"
        class="quiet"
        aria-label="Dismiss"
        data-testid="failure-summary-dismiss"
        @click=${() => {
          this.dismissedKey = key;
        }}
      >
        ✕
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'failure-summary': FailureSummary;
  }
}
