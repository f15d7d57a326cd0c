import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controlStyles } from '../../../shell/design/theme.js';

/** Fired when the person chooses to reload into the new version. */
export class UpdateAcceptedEvent extends Event {
  static readonly eventName = 'update-accepted';
  constructor() {
    super(UpdateAcceptedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Why a reload is offered: an update waits, or another tab already switched to it. */
export type UpdateOffer = 'none' | 'waiting' | 'activated-elsewhere';

/** "A new version is ready — Reload": shown while an update waits for the person. */
@customElement('update-banner')
export class UpdateBanner extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      div {
        display: flex;
        align-items: center;
        gap: 12px;
        margin: 8px 16px 0;
        padding: 6px 8px 6px 12px;
        border-radius: var(--ts-radius);
        background: var(--ts-accent-soft);
        color: var(--ts-text);
      }
      p {
        flex: 1;
        margin: 0;
      }
    `,
  ];

  /** Which offer to show; `none` renders nothing. */
  @property() offer: UpdateOffer = 'none';

  override render() {
    if (this.offer === 'none') return nothing;
    const text =
      this.offer === 'waiting'
        ? 'A new version of TextSpot is ready.'
        : 'TextSpot was updated in another tab; reload this one to use the new version.';
    return html`<div role="status" data-testid="update-banner">
      <p>${text}</p>
      <button
        class="primary"
        data-testid="update-reload"
        @click=${() => this.dispatchEvent(new UpdateAcceptedEvent())}
      >
        Reload
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'update-banner': UpdateBanner;
  }
  interface HTMLElementEventMap {
    'update-accepted': UpdateAcceptedEvent;
  }
}
