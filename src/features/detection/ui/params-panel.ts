import { css, html, LitElement, noChange, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { DEFAULT_TIMEOUT_MS } from '../../../engine/detector-engine.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { PPOCR_V4_DET } from '../../models/pipeline/catalog.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import {
  clampToField,
  type NumericField,
  type NumericParamKey,
  OUTPUT_MODE_HELP,
  PARAM_FIELDS,
  parseFieldInput,
  TIMEOUT_FIELD,
} from './param-fields.js';

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

type EditableKey = NumericParamKey | typeof TIMEOUT_FIELD.key;

/** What the panel shows before the app hands it parameters: the shipped default model's. */
const DEFAULT_PARAMS: PostprocessParams = PPOCR_V4_DET.postprocess;

function decimalsOf(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function format(field: NumericField, value: number): string {
  return value.toFixed(decimalsOf(field.step));
}

/**
 * The post-processing parameters and the time limit: a slider and a number per value, each with
 * a help line and a "changed" marker against the model's defaults. Displays and emits; the app
 * owns the values.
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
      .field {
        display: grid;
        gap: 2px;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: 28px;
      }
      .head label,
      .head .label {
        font-weight: 500;
      }
      .spacer {
        flex: 1;
      }
      .changed {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 1px 6px;
        border-radius: 999px;
        background: var(--ts-accent-soft);
        color: var(--ts-accent-strong);
        font-size: 11px;
        font-weight: 500;
        line-height: 16px;
      }
      .changed::before {
        content: '';
        width: 5px;
        height: 5px;
        border-radius: 50%;
        background: currentColor;
      }
      input[type='number'] {
        width: 76px;
        height: 28px;
        padding: 0 8px;
        text-align: right;
        font-variant-numeric: tabular-nums;
        appearance: textfield;
        -moz-appearance: textfield;
      }
      input[type='number']::-webkit-inner-spin-button,
      input[type='number']::-webkit-outer-spin-button {
        appearance: none;
        margin: 0;
      }
      input[type='number'][aria-invalid='true'] {
        border-color: var(--ts-danger);
      }
      input[type='range'] {
        width: 100%;
        margin: 0;
        height: 20px;
      }
      .help {
        margin: 0;
        font-size: 12px;
        line-height: 1.4;
        color: var(--ts-muted);
      }
      .error {
        margin: 0;
        font-size: 12px;
        color: var(--ts-danger);
      }
      .segmented {
        display: grid;
        grid-template-columns: 1fr 1fr;
        padding: 2px;
        gap: 2px;
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius-small);
        background: var(--ts-surface-2);
      }
      .segment {
        position: relative;
        display: flex;
      }
      /* The real radio covers its segment, invisible, so clicks and tests hit the input itself. */
      .segment input {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        margin: 0;
        opacity: 0;
        cursor: pointer;
      }
      .segment span {
        flex: 1;
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 6px;
        height: 26px;
        border-radius: 4px;
        color: var(--ts-muted);
        font-weight: 500;
      }
      .segment input:checked + span {
        background: var(--ts-surface);
        color: var(--ts-text);
        box-shadow: var(--ts-shadow);
      }
      .segment input:focus-visible + span {
        box-shadow: var(--ts-focus);
      }
      .segment input:disabled {
        cursor: default;
      }
      .segment svg {
        width: 14px;
        height: 14px;
      }
      fieldset:disabled .segment span,
      fieldset:disabled input[type='range'] {
        opacity: 0.55;
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
  /** Why a number input's text is not a number, per control. */
  @state() private errors: Partial<Record<EditableKey, string>> = {};
  /** Number inputs being typed in: left alone until committed, so the caret does not jump. */
  private readonly editing = new Set<EditableKey>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params')) {
      // Keep in-progress typing when the app merely echoes back what this panel emitted.
      const next = { ...this.current };
      for (const field of PARAM_FIELDS) {
        if (this.params[field.key] === this.current[field.key]) continue;
        next[field.key] = this.params[field.key];
        this.stopEditing(field.key);
      }
      next.outputMode = this.params.outputMode;
      this.current = next;
    }
    if (changed.has('timeoutMs')) {
      const seconds = this.timeoutMs / 1000;
      if (seconds !== this.currentTimeoutSeconds) {
        this.currentTimeoutSeconds = seconds;
        this.stopEditing(TIMEOUT_FIELD.key);
      }
    }
  }

  override render() {
    return html`
      <fieldset class="group" ?disabled=${this.disabled}>
        <legend class="section">Post-processing</legend>
        ${PARAM_FIELDS.map((field) =>
          this.renderNumeric(field, this.current[field.key], this.defaults[field.key], (value) =>
            this.setParam(field.key, value),
          ),
        )}
        ${this.renderMode()}
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
        ${this.renderNumeric(TIMEOUT_FIELD, this.currentTimeoutSeconds, null, (value) =>
          this.setTimeoutSeconds(value),
        )}
      </fieldset>
    `;
  }

  private renderNumeric<Key extends EditableKey>(
    field: NumericField<Key>,
    value: number,
    defaultValue: number | null,
    commit: (value: number) => void,
  ) {
    const id = field.key;
    const error = this.errors[field.key];
    const changed = defaultValue !== null && value !== defaultValue;
    const describedBy = error ? `${id}-help ${id}-error` : `${id}-help`;
    const showSlider = field.key !== TIMEOUT_FIELD.key;
    return html`
      <div class="field">
        <div class="head">
          <label id="${id}-label" for="${id}-number">${field.label}</label>
          ${
            changed
              ? html`<span class="changed" title="Model default: ${format(field, defaultValue)}"
                  >changed<span class="visually-hidden">
                    from the model default ${format(field, defaultValue)}</span
                  ></span
                >`
              : nothing
          }
          <span class="spacer"></span>
          <input
            id="${id}-number"
            type="number"
            inputmode="decimal"
            data-testid=${field.testId}
            min=${field.min}
            max=${field.max}
            step=${field.step}
            aria-describedby=${describedBy}
            aria-invalid=${error ? 'true' : 'false'}
            .value=${this.editing.has(field.key) ? noChange : live(format(field, value))}
            @input=${(event: Event) => this.onNumberInput(field, event, commit)}
            @change=${(event: Event) => this.onNumberCommit(field, event)}
            @blur=${() => this.onNumberBlur(field.key)}
          />
        </div>
        ${
          showSlider
            ? html`<input
                type="range"
                aria-labelledby="${id}-label"
                aria-describedby="${id}-help"
                min=${field.min}
                max=${field.max}
                step=${field.step}
                title="${field.min} to ${field.max}"
                .value=${live(String(value))}
                @input=${(event: Event) => {
                  this.stopEditing(field.key);
                  commit(Number((event.target as HTMLInputElement).value));
                }}
              />
`
            : nothing
        }
        <p class="help" id="${id}-help">${field.help}</p>
        ${error ? html`<p class="error" id="${id}-error" role="alert">${error}</p>` : nothing}
      </div>
    `;
  }

  private renderMode() {
    const changed = this.current.outputMode !== this.defaults.outputMode;
    const option = (mode: PostprocessParams['outputMode'], label: string, icon: unknown) => html`
      <label class="segment">
        <input
          type="radio"
          name="output-mode"
          value=${mode}
          data-testid="param-mode-${mode}"
          aria-describedby="output-mode-help"
          .checked=${live(this.current.outputMode === mode)}
          @change=${() => this.setMode(mode)}
        />
        <span>${icon}${label}</span>
      </label>
    `;
    return html`
      <div class="field">
        <div class="head">
          <span class="label" id="output-mode-label">Output</span>
          ${
            changed
              ? html`<span class="changed" title="Model default: ${this.defaults.outputMode}"
                  >changed<span class="visually-hidden">
                    from the model default ${this.defaults.outputMode}</span
                  ></span
                >`
              : nothing
          }
        </div>
        <div class="segmented" role="radiogroup" aria-labelledby="output-mode-label">
          ${option(
            'box',
            'Box',
            html`<svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5"><rect x="2.5" y="4.5" width="11" height="7" rx="0.5" /></svg>`,
          )}
          ${option(
            'polygon',
            'Polygon',
            html`<svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"><path d="M2.5 6 6 3.5l7.5 2-1 5-5 2.5-5-2z" /></svg>`,
          )}
        </div>
        <p class="help" id="output-mode-help">${OUTPUT_MODE_HELP}</p>
      </div>
    `;
  }

  private onNumberInput(
    field: NumericField<EditableKey>,
    event: Event,
    commit: (value: number) => void,
  ): void {
    const input = event.target as HTMLInputElement;
    this.editing.add(field.key);
    // A half-typed "1e" reads as "" with badInput set; both are "not a number yet".
    const parsed = parseFieldInput(field, input.validity.badInput ? 'x' : input.value);
    if (!parsed.ok) {
      this.errors = { ...this.errors, [field.key]: parsed.error };
      return;
    }
    this.clearError(field.key);
    commit(parsed.value);
  }

  private onNumberCommit(field: NumericField<EditableKey>, event: Event): void {
    const key = field.key;
    if (this.errors[key]) return;
    this.editing.delete(key);
    const input = event.target as HTMLInputElement;
    // Show the clamped, snapped value the panel is actually using.
    const parsed = parseFieldInput(field, input.value);
    if (parsed.ok) input.value = format(field, parsed.value);
  }

  private onNumberBlur(key: EditableKey): void {
    // Invalid text stays, with its error, until it is fixed or the value is set another way.
    if (!this.errors[key]) this.editing.delete(key);
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
    this.errors = {};
    this.editing.clear();
    this.current = { ...this.defaults };
    this.dispatchEvent(new ParamsResetEvent());
  }

  private clearError(key: EditableKey): void {
    if (!(key in this.errors)) return;
    const rest = { ...this.errors };
    delete rest[key];
    this.errors = rest;
  }

  private stopEditing(key: EditableKey): void {
    this.editing.delete(key);
    this.clearError(key);
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
