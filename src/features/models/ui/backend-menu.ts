import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BackendPreference } from '../../../protocol/detector.js';
import { controlStyles } from '../../../shell/design/theme.js';

/** Fired when a backend is chosen in the menu. */
export class BackendChosenEvent extends Event {
  static readonly eventName = 'backend-chosen';
  constructor(readonly preference: BackendPreference) {
    super(BackendChosenEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when "Try WebGPU again" is pressed after an automatic fallback to WASM. */
export class WebgpuRetryRequestedEvent extends Event {
  static readonly eventName = 'webgpu-retry-requested';
  constructor() {
    super(WebgpuRetryRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

const LABELS: Record<BackendPreference, string> = {
  auto: 'Auto',
  webgpu: 'WebGPU',
  wasm: 'WASM',
};

/**
 * The backend menu: auto, or one backend forced; after WebGPU failed under auto, the reason
 * and "Try WebGPU again".
 */
@customElement('backend-menu')
export class BackendMenu extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 6px;
      }
    `,
  ];

  /** The preference in force. */
  @property() preference: BackendPreference = 'auto';
  /** Why auto mode moved to WASM (remembered for this browser), or null. */
  @property({ attribute: false }) fallbackReason: string | null = null;
  @property({ type: Boolean }) disabled = false;

  override render() {
    return html`<label>
        <span class="visually-hidden">Backend</span>
        <select
          data-testid="backend-select"
          aria-label="Backend"
          ?disabled=${this.disabled}
          @change=${(event: Event) =>
            this.dispatchEvent(
              new BackendChosenEvent(
                (event.target as HTMLSelectElement).value as BackendPreference,
              ),
            )}
        >
          ${(Object.keys(LABELS) as BackendPreference[]).map(
            (value) =>
              html`<option value=${value} ?selected=${value === this.preference}>${LABELS[value]}</option>`,
          )}
        </select>
      </label>
      ${
        this.fallbackReason && this.preference === 'auto'
          ? html`<button
            class="quiet"
            data-testid="webgpu-retry"
            title=${`WebGPU failed: ${this.fallbackReason}`}
            ?disabled=${this.disabled}
            @click=${() => this.dispatchEvent(new WebgpuRetryRequestedEvent())}
          >
            Try WebGPU again
          </button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'backend-menu': BackendMenu;
  }
  interface HTMLElementEventMap {
    'backend-chosen': BackendChosenEvent;
    'webgpu-retry-requested': WebgpuRetryRequestedEvent;
  }
}
