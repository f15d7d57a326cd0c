import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { cardStyles, controlStyles } from '../../../shell/design/theme.js';

/** Fired when the "Read text" switch changes. */
export class ReadTextToggledEvent extends Event {
  static readonly eventName = 'read-text-toggled';
  constructor(readonly enabled: boolean) {
    super(ReadTextToggledEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when "Copy text" is pressed. */
export class TextCopyRequestedEvent extends Event {
  static readonly eventName = 'text-copy-requested';
  constructor() {
    super(TextCopyRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * The "Read text" card: the switch that turns recognition on or off, how far the reading of the
 * image on screen has got, and "Copy text" for the image's text in reading order.
 */
@customElement('recognition-panel')
export class RecognitionPanel extends LitElement {
  static override styles = [
    controlStyles,
    cardStyles,
    css`
      .row {
        display: flex;
        align-items: center;
        gap: 8px;
        flex-wrap: wrap;
      }
      .status {
        color: var(--ts-muted);
        font-size: 12px;
      }
    `,
  ];

  /** Whether regions are read. */
  @property({ type: Boolean }) enabled = false;
  /** Regions of the image on screen read so far, or null when no reading is under way. */
  @property({ attribute: false }) reading: { read: number; total: number } | null = null;
  /** Whether the image on screen has text to copy. */
  @property({ type: Boolean }) hasText = false;

  override render() {
    return html`
      <h2>Text</h2>
      <label>
        <input
          type="checkbox"
          role="switch"
          data-testid="read-text"
          .checked=${this.enabled}
          @change=${(e: Event) =>
            this.dispatchEvent(new ReadTextToggledEvent((e.target as HTMLInputElement).checked))}
        />
        Read text
      </label>
      <div class="row">
        <button
          data-testid="copy-text"
          ?disabled=${!this.hasText}
          title="Copy the image's text, top to bottom and left to right"
          @click=${() => this.dispatchEvent(new TextCopyRequestedEvent())}
        >
          Copy text
        </button>
        ${
          this.reading
            ? html`<span class="status" role="status" data-testid="reading-status"
                >Reading ${this.reading.read} of ${this.reading.total} regions…</span
              >`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'recognition-panel': RecognitionPanel;
  }
  interface HTMLElementEventMap {
    'read-text-toggled': ReadTextToggledEvent;
    'text-copy-requested': TextCopyRequestedEvent;
  }
}
