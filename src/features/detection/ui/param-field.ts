import { html, LitElement, noChange, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { fieldStyles, paramFieldStyles } from './param-field.styles.js';
import { clampToField, type NumericField, PARAM_FIELDS, parseFieldInput } from './param-fields.js';

/** Fired when the person sets a new value (typed or slid); `value` is clamped to the field. */
export class ParamValueChangedEvent extends Event {
  static readonly eventName = 'param-value-changed';
  constructor(
    readonly key: string,
    readonly value: number,
  ) {
    super(ParamValueChangedEvent.eventName);
  }
}

function decimalsOf(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A value as the field shows it: as many decimals as its step has. */
export function formatFieldValue(field: NumericField, value: number): string {
  return value.toFixed(decimalsOf(field.step));
}

/**
 * One numeric parameter of <params-panel>: its label, a "changed" marker against the model's
 * default, a number box, an optional slider, a help line, and an error while the typed text is
 * not a number. Text being typed is left alone until committed, so the caret does not jump.
 */
@customElement('param-field')
export class ParamField extends LitElement {
  static override styles = [controlStyles, fieldStyles, paramFieldStyles];

  /** What the field edits: key, label, range, step, help and test id. */
  @property({ attribute: false }) field: NumericField = PARAM_FIELDS[0]!;
  /** The value in use, in the field's unit. */
  @property({ type: Number }) value = 0;
  /** The model's default for the "changed" marker; null shows no marker. */
  @property({ attribute: false }) defaultValue: number | null = null;
  /** Shows a slider under the number box. */
  @property({ type: Boolean }) slider = false;
  /** Makes the number box and the slider read-only. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Why the number box's text is not a number, or null. */
  @state() private error: string | null = null;
  /** The number box is being typed in: its text is not replaced until committed. */
  private editing = false;
  /** The value this field last emitted, expected back as `value`; any other new value is the app's. */
  private echo: number | undefined;

  /** Drops typing in progress and its error, so the field shows `value` again. */
  reset(): void {
    this.stopEditing();
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A value set from outside replaces whatever is being typed.
    if (changed.has('value')) {
      if (this.value !== this.echo) this.stopEditing();
      this.echo = undefined;
    }
  }

  override render() {
    const { field, value, defaultValue, error } = this;
    const id = field.key;
    const changed = defaultValue !== null && value !== defaultValue;
    const describedBy = error ? `${id}-help ${id}-error` : `${id}-help`;
    return html`
      <div class="field">
        <div class="head">
          <label id="${id}-label" for="${id}-number">${field.label}</label>
          ${
            changed
              ? html`<span class="changed" title="Model default: ${formatFieldValue(field, defaultValue)}"
                  >changed<span class="visually-hidden">
                    from the model default ${formatFieldValue(field, defaultValue)}</span
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
            ?disabled=${this.disabled}
            .value=${this.editing ? noChange : live(formatFieldValue(field, value))}
            @input=${this.onNumberInput}
            @change=${this.onNumberCommit}
            @blur=${this.onNumberBlur}
          />
        </div>
        ${
          this.slider
            ? html`<input
                type="range"
                aria-labelledby="${id}-label"
                aria-describedby="${id}-help"
                min=${field.min}
                max=${field.max}
                step=${field.step}
                title="${field.min} to ${field.max}"
                ?disabled=${this.disabled}
                .value=${live(String(value))}
                @input=${this.onSliderInput}
              />
`
            : nothing
        }
        <p class="help" id="${id}-help">${field.help}</p>
        ${error ? html`<p class="error" id="${id}-error" role="alert">${error}</p>` : nothing}
      </div>
    `;
  }

  private onNumberInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.editing = true;
    // A half-typed "1e" reads as "" with badInput set; both are "not a number yet".
    const parsed = parseFieldInput(this.field, input.validity.badInput ? 'x' : input.value);
    if (!parsed.ok) {
      this.error = parsed.error;
      return;
    }
    this.error = null;
    this.emit(parsed.value);
  }

  private onNumberCommit(event: Event): void {
    if (this.error) return;
    this.editing = false;
    const input = event.target as HTMLInputElement;
    // Show the clamped, snapped value the panel is actually using.
    const parsed = parseFieldInput(this.field, input.value);
    if (parsed.ok) input.value = formatFieldValue(this.field, parsed.value);
  }

  private onNumberBlur(): void {
    // Invalid text stays, with its error, until it is fixed or the value is set another way.
    if (!this.error) this.editing = false;
  }

  private onSliderInput(event: Event): void {
    this.stopEditing();
    this.emit(Number((event.target as HTMLInputElement).value));
  }

  private emit(value: number): void {
    const clamped = clampToField(this.field, value);
    if (clamped === this.value) return;
    this.echo = clamped;
    this.dispatchEvent(new ParamValueChangedEvent(this.field.key, clamped));
  }

  private stopEditing(): void {
    this.editing = false;
    this.error = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'param-field': ParamField;
  }
  interface HTMLElementEventMap {
    'param-value-changed': ParamValueChangedEvent;
  }
}
