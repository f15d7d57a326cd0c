/**
 * The descriptor fieldsets of <model-import-dialog>: input size, pixels, output and default
 * post-processing, each input with its error beside it. Template functions, not an element: the
 * inputs stay in the dialog's own <form>, so Enter submits it, labels and error ids resolve in one
 * shadow root, and the dialog's styles and "focus the first invalid field" reach them.
 */
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FieldError } from '../pipeline/descriptor-validate.js';
import { type DescriptorForm, FIELD_PATHS, type TextKey } from './descriptor-form.js';

/** What the fieldsets show and how they report an edit. */
export interface DescriptorFieldsContext {
  /** The form's values as typed. */
  form: DescriptorForm;
  /** Validation errors, by descriptor path. */
  fieldErrors: readonly FieldError[];
  /** The model is being loaded and checked: inputs are locked. */
  busy: boolean;
  /** Placeholder of the name field: the model file's name without .onnx, or a prompt. */
  namePlaceholder: string;
  /** Applies an edit of some fields. */
  setForm(changes: Partial<DescriptorForm>): void;
}

/** The four fieldsets, in order. */
export function renderDescriptorFieldsets(ctx: DescriptorFieldsContext) {
  return html`${renderInput(ctx)} ${renderNormalization(ctx)} ${renderOutput(ctx)}
    ${renderDefaults(ctx)}`;
}

/** The "Model" fieldset: name, licence and the input size policy. */
function renderInput(ctx: DescriptorFieldsContext) {
  const kind = ctx.form.inputKind;
  return html`<fieldset ?disabled=${ctx.busy}>
    <legend>Model</legend>
    ${textField(ctx, 'name', 'Name', { placeholder: ctx.namePlaceholder, wide: 2 })}
    ${textField(ctx, 'license', 'Licence', { placeholder: 'Not stated' })}
    <div class="wide group" role="radiogroup" aria-label="Input size policy">
      <span>Input size</span>
      <div class="radios">
        <label
          ><input
            type="radio"
            name="input-kind"
            value="long-side"
            data-testid="import-inputKind-long-side"
            .checked=${live(kind === 'long-side')}
            @change=${() => ctx.setForm({ inputKind: 'long-side' })}
          />Limit the long side (any aspect)</label
        >
        <label
          ><input
            type="radio"
            name="input-kind"
            value="letterbox"
            data-testid="import-inputKind-letterbox"
            .checked=${live(kind === 'letterbox')}
            @change=${() => ctx.setForm({ inputKind: 'letterbox' })}
          />Fixed square with padding (letterbox)</label
        >
      </div>
    </div>
    ${
      kind === 'long-side'
        ? html`${textField(ctx, 'limitSide', 'Long side limit (px)', { numeric: true })}
        ${textField(ctx, 'multiple', 'Sides in multiples of', { numeric: true })}`
        : html`${textField(ctx, 'size', 'Square size (px)', { numeric: true })}
          <label
            >Image position
            <select
              data-testid="import-anchor"
              .value=${live(ctx.form.anchor)}
              @change=${(e: Event) => ctx.setForm({ anchor: (e.target as HTMLSelectElement).value })}
            >
              <option value="top-left">Top left (pad bottom/right)</option>
              <option value="center">Centre (pad all sides)</option>
            </select>
          </label>
          ${textField(ctx, 'padValue', 'Pad value (0–255)', { numeric: true })}`
    }
  </fieldset>`;
}

/** The "Pixels" fieldset: scale, channel order, mean and std. */
function renderNormalization(ctx: DescriptorFieldsContext) {
  const order = ctx.form.channelOrder === 'BGR' ? ['B', 'G', 'R'] : ['R', 'G', 'B'];
  return html`<fieldset ?disabled=${ctx.busy}>
    <legend>Pixels</legend>
    ${textField(ctx, 'scale', 'Scale', { hint: 'pixel × scale, e.g. 1/255' })}
    <label
      >Channel order
      <select
        data-testid="import-channelOrder"
        .value=${live(ctx.form.channelOrder)}
        @change=${(e: Event) => ctx.setForm({ channelOrder: (e.target as HTMLSelectElement).value })}
      >
        <option value="RGB">RGB</option>
        <option value="BGR">BGR</option>
      </select>
    </label>
    <span></span>
    ${tripleField(ctx, 'mean', 'Mean', order)} ${tripleField(ctx, 'std', 'Std', order)}
  </fieldset>`;
}

/** The "Probability map output" fieldset. */
function renderOutput(ctx: DescriptorFieldsContext) {
  return html`<fieldset ?disabled=${ctx.busy}>
    <legend>Probability map output</legend>
    ${textField(ctx, 'outputName', 'Output name', { placeholder: 'first output' })}
    ${textField(ctx, 'outputChannel', 'Channel', { numeric: true })}
    <label class="check"
      ><input
        type="checkbox"
        data-testid="import-applySigmoid"
        .checked=${live(ctx.form.applySigmoid)}
        @change=${(e: Event) => ctx.setForm({ applySigmoid: (e.target as HTMLInputElement).checked })}
      />Needs sigmoid (output is logits)</label
    >
  </fieldset>`;
}

/** The "Default post-processing" fieldset. */
function renderDefaults(ctx: DescriptorFieldsContext) {
  return html`<fieldset ?disabled=${ctx.busy}>
    <legend>Default post-processing</legend>
    ${textField(ctx, 'threshold', 'Threshold', { numeric: true })}
    ${textField(ctx, 'boxThreshold', 'Box threshold', { numeric: true })}
    ${textField(ctx, 'unclipRatio', 'Unclip ratio', { numeric: true })}
    ${textField(ctx, 'maxCandidates', 'Max candidates', { numeric: true })}
    ${textField(ctx, 'minSize', 'Min size (map px)', { numeric: true })}
    <label
      >Output
      <select
        data-testid="import-outputMode"
        .value=${live(ctx.form.outputMode)}
        @change=${(e: Event) => ctx.setForm({ outputMode: (e.target as HTMLSelectElement).value })}
      >
        <option value="box">Boxes</option>
        <option value="polygon">Polygons</option>
      </select>
    </label>
  </fieldset>`;
}

function errorFor(ctx: DescriptorFieldsContext, path: string): string | undefined {
  return ctx.fieldErrors.find((e) => e.path === path)?.message;
}

/** A labelled text input for one form field, with its error (or hint) below. */
function textField(
  ctx: DescriptorFieldsContext,
  key: TextKey,
  label: string,
  options: { numeric?: boolean; placeholder?: string; hint?: string; wide?: 2 } = {},
) {
  const error = errorFor(ctx, FIELD_PATHS[key]);
  const id = `field-${key}`;
  return html`<label class=${options.wide ? 'span2' : ''}
    >${label}
    <input
      id=${id}
      data-testid=${`import-${key}`}
      inputmode=${options.numeric ? 'decimal' : 'text'}
      autocomplete="off"
      spellcheck="false"
      placeholder=${options.placeholder ?? ''}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? `${id}-error` : nothing}
      .value=${live(ctx.form[key])}
      @input=${(e: Event) => ctx.setForm({ [key]: (e.target as HTMLInputElement).value })}
    />
    ${
      error
        ? html`<span class="field-error" id=${`${id}-error`}>${error}</span>`
        : options.hint
          ? html`<span class="hint">${options.hint}</span>`
          : nothing
    }
  </label>`;
}

/** Three inputs for a per-channel value (mean or std), labelled in channel order. */
function tripleField(
  ctx: DescriptorFieldsContext,
  key: 'mean' | 'std',
  label: string,
  channels: string[],
) {
  const error = errorFor(ctx, FIELD_PATHS[key]);
  return html`<div class="group">
    <span id=${`${key}-label`}>${label} (${channels.join(', ')})</span>
    <div
      class="triple"
      role="group"
      aria-labelledby=${`${key}-label`}
      aria-invalid=${error ? 'true' : 'false'}
    >
      ${ctx.form[key].map(
        (value, index) => html`<input
          data-testid=${`import-${key}-${index}`}
          inputmode="decimal"
          autocomplete="off"
          aria-label=${`${label} ${channels[index]}`}
          .value=${live(value)}
          @input=${(e: Event) => {
            const next = [...ctx.form[key]] as [string, string, string];
            next[index] = (e.target as HTMLInputElement).value;
            ctx.setForm({ [key]: next });
          }}
        />`,
      )}
    </div>
    ${error ? html`<span class="field-error">${error}</span>` : nothing}
  </div>`;
}
