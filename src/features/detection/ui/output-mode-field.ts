import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { controlStyles } from '../../../shell/design/theme.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import { outputModeFieldStyles } from './output-mode-field.styles.js';
import { fieldStyles } from './param-field.styles.js';
import { OUTPUT_MODE_HELP } from './param-fields.js';

/** Boxes or polygons: the shape post-processing gives each region. */
type OutputMode = PostprocessParams['outputMode'];

/** Fired when the person picks the other output shape. */
export class OutputModeChangedEvent extends Event {
  static readonly eventName = 'output-mode-changed';
  constructor(readonly mode: OutputMode) {
    super(OutputModeChangedEvent.eventName);
  }
}

const boxIcon = html`<svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5"><rect x="2.5" y="4.5" width="11" height="7" rx="0.5" /></svg>`;
const polygonIcon = html`<svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"><path d="M2.5 6 6 3.5l7.5 2-1 5-5 2.5-5-2z" /></svg>`;

/**
 * The "Output" field of <params-panel>: Box or Polygon as a two-segment radio group, with a
 * "changed" marker against the model's default and a help line.
 */
@customElement('output-mode-field')
export class OutputModeField extends LitElement {
  static override styles = [controlStyles, fieldStyles, outputModeFieldStyles];

  /** The output shape in use. */
  @property() mode: OutputMode = 'box';
  /** The model's default shape, for the "changed" marker. */
  @property() defaultMode: OutputMode = 'box';
  /** Makes both segments read-only. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  override render() {
    const changed = this.mode !== this.defaultMode;
    return html`
      <div class="field">
        <div class="head">
          <span class="label" id="output-mode-label">Output</span>
          ${
            changed
              ? html`<span class="changed" title="Model default: ${this.defaultMode}"
                  >changed<span class="visually-hidden">
                    from the model default ${this.defaultMode}</span
                  ></span
                >`
              : nothing
          }
        </div>
        <div class="segmented" role="radiogroup" aria-labelledby="output-mode-label">
          ${this.renderOption('box', 'Box', boxIcon)} ${this.renderOption('polygon', 'Polygon', polygonIcon)}
        </div>
        <p class="help" id="output-mode-help">${OUTPUT_MODE_HELP}</p>
      </div>
    `;
  }

  private renderOption(mode: OutputMode, label: string, icon: unknown) {
    return html`
      <label class="segment">
        <input
          type="radio"
          name="output-mode"
          value=${mode}
          data-testid="param-mode-${mode}"
          aria-describedby="output-mode-help"
          ?disabled=${this.disabled}
          .checked=${live(this.mode === mode)}
          @change=${() => this.dispatchEvent(new OutputModeChangedEvent(mode))}
        />
        <span>${icon}${label}</span>
      </label>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'output-mode-field': OutputModeField;
  }
  interface HTMLElementEventMap {
    'output-mode-changed': OutputModeChangedEvent;
  }
}
