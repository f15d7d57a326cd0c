import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_TIMEOUT_MS } from '../../../engine/detector-engine.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { PPOCR_V4_DET } from '../../models/pipeline/catalog.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import './output-mode-field.js';
import './param-field.js';
import type { OutputModeChangedEvent } from './output-mode-field.js';
import type { ParamField, ParamValueChangedEvent } from './param-field.js';
import { clampToField, type NumericParamKey, PARAM_FIELDS, TIMEOUT_FIELD } from './param-fields.js';

/** Fired on every change of a post-processing control (live while a slider drags; debounce upstream). */
export class ParamsChangedEvent extends Event {
  static readonly eventName = 'params-changed';
  constructor(readonly params: PostprocessParams) {
    super(ParamsChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the per-image time limit changes; `timeoutMs` in milliseconds. */
export class TimeoutChangedEvent extends Event {
  static readonly eventName = 'timeout-changed';
  constructor(readonly timeoutMs: number) {
    super(TimeoutChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person asks for the model's default parameters back. */
export class ParamsResetEvent extends Event {
  static readonly eventName = 'params-reset';
  constructor() {
    super(ParamsResetEvent.eventName, { bubbles: true, composed: true });
  }
}

/** What the panel shows before the app hands it parameters: the shipped default model's. */
const DEFAULT_PARAMS: PostprocessParams = PPOCR_V4_DET.postprocess;

/**
 * The post-processing parameters and the time limit: a <param-field> per value (slider, number,
 * help line and a "changed" marker against the model's defaults) and the output shape. Displays
 * and emits; the app owns the values.
 */
@customElement('params-panel')
export class ParamsPanel extends LitElement {
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
      }
      .group {
        display: grid;
        gap: 12px;
      }
      .group + .group {
        margin-top: 18px;
        padding-top: 16px;
        border-top: 1px solid var(--ts-border);
      }
      /* Floated, the legend is laid out like any child, so the group's top border stays whole. */
      legend.section {
        float: left;
        width: 100%;
        padding: 0;
        margin-bottom: -4px;
        font-size: 11px;
        font-weight: 600;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--ts-muted);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        margin-top: 4px;
      }
      .actions button {
        min-height: 28px;
        padding: 0 10px;
      }
    `,
  ];

  /** The current post-processing parameters, as the app holds them. */
  @property({ attribute: false }) params: PostprocessParams = DEFAULT_PARAMS;
  /** The model descriptor's defaults: what "changed" compares against and reset goes back to. */
  @property({ attribute: false }) defaults: PostprocessParams = DEFAULT_PARAMS;
  /** Time limit for one image, ms. */
  @property({ type: Number }) timeoutMs = DEFAULT_TIMEOUT_MS;
  /** Makes every control read-only (e.g. while no model is loaded). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** The values on screen: `params` plus edits not yet echoed back by the app. */
  @state() private current: PostprocessParams = DEFAULT_PARAMS;
  @state() private currentTimeoutSeconds = DEFAULT_TIMEOUT_MS / 1000;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Only values that differ are taken: an echo of what a field emitted leaves its typing alone
    // (each <param-field> drops typing in progress when its value changes from outside).
    if (changed.has('params')) {
      const next = { ...this.current };
      for (const field of PARAM_FIELDS) next[field.key] = this.params[field.key];
      next.outputMode = this.params.outputMode;
      this.current = next;
    }
    if (changed.has('timeoutMs')) {
      const seconds = this.timeoutMs / 1000;
      if (seconds !== this.currentTimeoutSeconds) this.currentTimeoutSeconds = seconds;
    }
  }

  override render() {
    return html`
      <fieldset class="group" ?disabled=${this.disabled}>
        <legend class="section">Post-processing</legend>
        ${PARAM_FIELDS.map(
          (field) => html`<param-field
            .field=${field}
            .value=${this.current[field.key]}
            .defaultValue=${this.defaults[field.key]}
            slider
            ?disabled=${this.disabled}
            @param-value-changed=${(event: ParamValueChangedEvent) =>
              this.setParam(field.key, event.value)}
          ></param-field>`,
        )}
        <output-mode-field
          .mode=${this.current.outputMode}
          .defaultMode=${this.defaults.outputMode}
          ?disabled=${this.disabled}
          @output-mode-changed=${(event: OutputModeChangedEvent) => this.setMode(event.mode)}
        ></output-mode-field>
        <div class="actions">
          <button type="button" data-testid="params-reset" @click=${this.onReset}>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">
              <path d="M2.5 8a5.5 5.5 0 1 0 1.7-4" />
              <path d="M2.5 2.5v3h3" />
            </svg>
            Reset to model defaults
          </button>
        </div>
      </fieldset>
      <fieldset class="group" ?disabled=${this.disabled}>
        <legend class="section">Run</legend>
        <param-field
          .field=${TIMEOUT_FIELD}
          .value=${this.currentTimeoutSeconds}
          .defaultValue=${null}
          ?disabled=${this.disabled}
          @param-value-changed=${(event: ParamValueChangedEvent) =>
            this.setTimeoutSeconds(event.value)}
        ></param-field>
      </fieldset>
    `;
  }

  private setParam(key: NumericParamKey, value: number): void {
    const field = PARAM_FIELDS.find((f) => f.key === key);
    if (!field) return;
    const clamped = clampToField(field, value);
    if (clamped === this.current[key]) return;
    this.current = { ...this.current, [key]: clamped };
    this.dispatchEvent(new ParamsChangedEvent({ ...this.current }));
  }

  private setMode(mode: PostprocessParams['outputMode']): void {
    if (mode === this.current.outputMode) return;
    this.current = { ...this.current, outputMode: mode };
    this.dispatchEvent(new ParamsChangedEvent({ ...this.current }));
  }

  private setTimeoutSeconds(seconds: number): void {
    const clamped = clampToField(TIMEOUT_FIELD, seconds);
    if (clamped === this.currentTimeoutSeconds) return;
    this.currentTimeoutSeconds = clamped;
    this.dispatchEvent(new TimeoutChangedEvent(clamped * 1000));
  }

  private onReset(): void {
    for (const field of this.renderRoot.querySelectorAll<ParamField>('param-field')) field.reset();
    this.current = { ...this.defaults };
    this.dispatchEvent(new ParamsResetEvent());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'params-panel': ParamsPanel;
  }
  interface HTMLElementEventMap {
    'params-changed': ParamsChangedEvent;
    'timeout-changed': TimeoutChangedEvent;
    'params-reset': ParamsResetEvent;
  }
}
