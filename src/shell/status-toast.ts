import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';

/** How long a confirmation stays on screen, ms. */
const SHOWN_MS = 2500;

/**
 * A short confirmation ("Copied the text") shown for a moment at the bottom of the window and read
 * out by screen readers: its live region is always in the page, so the change is announced.
 */
@customElement('status-toast')
export class StatusToast extends LitElement {
  static override styles = css`
    div {
      position: fixed;
      left: 50%;
      bottom: 20px;
      transform: translateX(-50%);
      z-index: 900;
      padding: 10px 16px;
      border-radius: var(--ts-radius);
      background: var(--ts-text);
      color: var(--ts-surface);
      font-size: 13px;
      font-weight: 600;
      box-shadow: var(--ts-shadow);
      pointer-events: none;
    }
    div:empty {
      display: none;
    }
  `;

  @state() private message = '';
  private timer = 0;

  /** Shows `message` (replacing one still shown) and hides it after a moment. */
  show(message: string): void {
    clearTimeout(this.timer);
    this.message = message;
    this.timer = window.setTimeout(() => {
      this.message = '';
    }, SHOWN_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  override render() {
    return html`<div role="status" aria-live="polite" data-testid="toast">${this.message}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-toast': StatusToast;
  }
}
