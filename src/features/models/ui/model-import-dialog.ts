import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { formatBytes } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import type { ModelDescriptor } from '../pipeline/descriptor.js';
import {
  DESCRIPTOR_PRESETS,
  PresetId,
  type PresetIdValue,
  presetSettings,
} from '../pipeline/descriptor-presets.js';
import {
  type DescriptorIdentity,
  type FieldError,
  newUserModelId,
  parseDescriptorJson,
} from '../pipeline/descriptor-validate.js';
import {
  type DescriptorForm,
  descriptorFromForm,
  FIELD_PATHS,
  formFromSettings,
  type TextKey,
} from './descriptor-form.js';
import { modelImportDialogStyles } from './model-import-dialog.styles.js';

/** Fired when the form is valid and the person asks to add the model: the file and its descriptor. */
export class ModelImportSubmittedEvent extends Event {
  static readonly eventName = 'model-import-submitted';
  constructor(
    readonly file: File,
    readonly descriptor: ModelDescriptor,
  ) {
    super(ModelImportSubmittedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the dialog is dismissed (Cancel, ✕ or Escape). */
export class ModelImportCancelledEvent extends Event {
  static readonly eventName = 'model-import-cancelled';
  constructor() {
    super(ModelImportCancelledEvent.eventName, { bubbles: true, composed: true });
  }
}

const CUSTOM_PRESET = 'custom';

function identityFor(file: File | null): DescriptorIdentity {
  const fileName = file?.name ?? 'model.onnx';
  return {
    id: newUserModelId(fileName),
    name: fileName.replace(/\.onnx$/i, ''),
    source: `Your file ${fileName}`,
    license: 'Not stated',
    ...(file ? { bytes: file.size } : {}),
  };
}

/**
 * "Add your own model": a modal `<dialog>` to choose or drop an `.onnx` file and describe it, by
 * preset, by uploading a JSON descriptor, or field by field. Validates the descriptor itself
 * (errors next to each field); loading and the model check are the page's, whose verdict
 * comes back through `error`.
 */
@customElement('model-import-dialog')
export class ModelImportDialog extends LitElement {
  static override styles = [controlStyles, modelImportDialogStyles];

  /** Shows the dialog (modal) while true. */
  @property({ type: Boolean }) open = false;
  /** The model is being loaded and checked: inputs are locked. */
  @property({ type: Boolean }) busy = false;
  /** Why the page refused the last submitted model (load or signature check), or null. */
  @property({ attribute: false }) error: string | null = null;

  @state() private file: File | null = null;
  @state() private form: DescriptorForm = this.presetForm(PresetId.PpOcrV4);
  @state() private preset: PresetIdValue | typeof CUSTOM_PRESET = PresetId.PpOcrV4;
  @state() private fieldErrors: FieldError[] = [];
  @state() private jsonNote: string | null = null;
  @state() private dragOver = false;
  @state() private fileError: string | null = null;
  /** The page's `error` is about an earlier file or form: hidden once either is edited. */
  @state() private errorStale = false;

  @query('dialog') private dialog!: HTMLDialogElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error')) this.errorStale = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error) {
      this.renderRoot
        .querySelector('[data-testid="import-error"]')
        ?.scrollIntoView({ block: 'nearest' });
    }
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        this.reset();
        this.dialog.showModal();
      } else if (!this.open && this.dialog.open) {
        this.dialog.close();
      }
    }
  }

  private reset(): void {
    this.file = null;
    this.preset = PresetId.PpOcrV4;
    this.form = this.presetForm(PresetId.PpOcrV4);
    this.fieldErrors = [];
    this.jsonNote = null;
    this.fileError = null;
  }

  private presetForm(
    id: PresetIdValue,
    name = this.form?.name ?? '',
    license = this.form?.license ?? '',
  ): DescriptorForm {
    return formFromSettings(presetSettings(id), { name, license });
  }

  override render() {
    return html`<dialog
      data-testid="import-dialog"
      aria-labelledby="import-title"
      aria-describedby="import-intro"
      @cancel=${this.onCancel}
      @dragenter=${this.onDrag}
      @dragover=${this.onDrag}
      @dragleave=${this.onDragLeave}
      @drop=${this.onDrop}
      @paste=${(event: Event) => event.stopPropagation()}
    >
      <div class="head">
        <div>
          <h2 id="import-title">Add your own model</h2>
          <p id="import-intro">
            A DBNet-style text detector in ONNX format. It is checked before use and stays in
            this browser; nothing is uploaded.
          </p>
        </div>
        <button class="quiet" aria-label="Close" ?disabled=${this.busy} @click=${this.cancel}>✕</button>
      </div>
      <form class="body" id="import-form" novalidate @submit=${this.onSubmit}>
        ${this.renderFile()} ${this.renderSource()} ${this.renderInput()}
        ${this.renderNormalization()} ${this.renderOutput()} ${this.renderDefaults()}
      </form>
      <div class="foot">
        <span class="status" role="status">${this.busy ? 'Loading and checking the model…' : ''}</span>
        <button type="button" data-testid="import-cancel" ?disabled=${this.busy} @click=${this.cancel}>
          Cancel
        </button>
        <button
          type="submit"
          form="import-form"
          class="primary"
          data-testid="import-submit"
          ?disabled=${this.busy}
        >
          ${this.busy ? 'Checking…' : 'Check and use model'}
        </button>
      </div>
    </dialog>`;
  }

  private renderFile() {
    const file = this.file;
    return html`<div class="group">
      <div class="drop ${this.dragOver ? 'over' : ''}">
        <svg class="file-icon" width="28" height="28" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 2.8h8l4 4v14.4H6z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
          <path d="M14 2.8v4h4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
        </svg>
        <div class="what">
          ${
            file
              ? html`<strong data-testid="import-file-name">${file.name}</strong>
                <span class="hint">${formatBytes(file.size)}</span>`
              : html`<strong>Drop an .onnx file here</strong>
                <span class="hint">or choose one from this device</span>`
          }
        </div>
        <label class="button picker" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${file ? 'Change…' : 'Choose .onnx…'}
          <input
            type="file"
            accept=".onnx"
            data-testid="import-file"
            aria-label="Model file (.onnx)"
            autofocus
            ?disabled=${this.busy}
            @change=${this.onFilePicked}
          />
        </label>
      </div>
      ${this.fileError ? html`<span class="field-error" role="alert">${this.fileError}</span>` : nothing}
    </div>
    ${
      this.error && !this.errorStale
        ? html`<div class="alert" role="alert" data-testid="import-error">
          <strong>This model was not added.</strong> ${this.error}
          <div class="hint">The model in use is unchanged.</div>
        </div>`
        : nothing
    }
    ${this.formErrorSummary()}`;
  }

  private formErrorSummary() {
    if (this.fieldErrors.length === 0) return nothing;
    return html`<div class="alert" role="alert" data-testid="import-field-errors">
      <strong>Fix the descriptor:</strong>
      <ul>
        ${this.fieldErrors.map((e) => html`<li>${e.message}</li>`)}
      </ul>
    </div>`;
  }

  private renderSource() {
    const note =
      this.jsonNote ??
      DESCRIPTOR_PRESETS.find((p) => p.id === this.preset)?.note ??
      'Your own settings.';
    return html`<div class="group">
      <div class="source">
        <label class="preset"
          >Descriptor preset
          <select data-testid="import-preset" .value=${live(this.preset)} ?disabled=${this.busy} @change=${this.onPreset}>
            ${DESCRIPTOR_PRESETS.map((p) => html`<option value=${p.id}>${p.label}</option>`)}
            <option value=${CUSTOM_PRESET}>Custom</option>
          </select>
        </label>
        <label class="button picker" aria-disabled=${this.busy ? 'true' : 'false'}>
          Load descriptor JSON…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="import-json"
            aria-label="Descriptor JSON file"
            ?disabled=${this.busy}
            @change=${this.onJsonPicked}
          />
        </label>
      </div>
      <p class="note" data-testid="import-source-note">${note}</p>
    </div>`;
  }

  private renderInput() {
    const kind = this.form.inputKind;
    return html`<fieldset ?disabled=${this.busy}>
      <legend>Model</legend>
      ${this.textField('name', 'Name', { placeholder: this.file?.name.replace(/\.onnx$/i, '') ?? 'File name', wide: 2 })}
      ${this.textField('license', 'Licence', { placeholder: 'Not stated' })}
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
              @change=${() => this.setForm({ inputKind: 'long-side' })}
            />Limit the long side (any aspect)</label
          >
          <label
            ><input
              type="radio"
              name="input-kind"
              value="letterbox"
              data-testid="import-inputKind-letterbox"
              .checked=${live(kind === 'letterbox')}
              @change=${() => this.setForm({ inputKind: 'letterbox' })}
            />Fixed square with padding (letterbox)</label
          >
        </div>
      </div>
      ${
        kind === 'long-side'
          ? html`${this.textField('limitSide', 'Long side limit (px)', { numeric: true })}
          ${this.textField('multiple', 'Sides in multiples of', { numeric: true })}`
          : html`${this.textField('size', 'Square size (px)', { numeric: true })}
            <label
              >Image position
              <select
                data-testid="import-anchor"
                .value=${live(this.form.anchor)}
                @change=${(e: Event) => this.setForm({ anchor: (e.target as HTMLSelectElement).value })}
              >
                <option value="top-left">Top left (pad bottom/right)</option>
                <option value="center">Centre (pad all sides)</option>
              </select>
            </label>
            ${this.textField('padValue', 'Pad value (0–255)', { numeric: true })}`
      }
    </fieldset>`;
  }

  private renderNormalization() {
    const order = this.form.channelOrder === 'BGR' ? ['B', 'G', 'R'] : ['R', 'G', 'B'];
    return html`<fieldset ?disabled=${this.busy}>
      <legend>Pixels</legend>
      ${this.textField('scale', 'Scale', { hint: 'pixel × scale, e.g. 1/255' })}
      <label
        >Channel order
        <select
          data-testid="import-channelOrder"
          .value=${live(this.form.channelOrder)}
          @change=${(e: Event) => this.setForm({ channelOrder: (e.target as HTMLSelectElement).value })}
        >
          <option value="RGB">RGB</option>
          <option value="BGR">BGR</option>
        </select>
      </label>
      <span></span>
      ${this.tripleField('mean', 'Mean', order)} ${this.tripleField('std', 'Std', order)}
    </fieldset>`;
  }

  private renderOutput() {
    return html`<fieldset ?disabled=${this.busy}>
      <legend>Probability map output</legend>
      ${this.textField('outputName', 'Output name', { placeholder: 'first output' })}
      ${this.textField('outputChannel', 'Channel', { numeric: true })}
      <label class="check"
        ><input
          type="checkbox"
          data-testid="import-applySigmoid"
          .checked=${live(this.form.applySigmoid)}
          @change=${(e: Event) => this.setForm({ applySigmoid: (e.target as HTMLInputElement).checked })}
        />Needs sigmoid (output is logits)</label
      >
    </fieldset>`;
  }

  private renderDefaults() {
    return html`<fieldset ?disabled=${this.busy}>
      <legend>Default post-processing</legend>
      ${this.textField('threshold', 'Threshold', { numeric: true })}
      ${this.textField('boxThreshold', 'Box threshold', { numeric: true })}
      ${this.textField('unclipRatio', 'Unclip ratio', { numeric: true })}
      ${this.textField('maxCandidates', 'Max candidates', { numeric: true })}
      ${this.textField('minSize', 'Min size (map px)', { numeric: true })}
      <label
        >Output
        <select
          data-testid="import-outputMode"
          .value=${live(this.form.outputMode)}
          @change=${(e: Event) => this.setForm({ outputMode: (e.target as HTMLSelectElement).value })}
        >
          <option value="box">Boxes</option>
          <option value="polygon">Polygons</option>
        </select>
      </label>
    </fieldset>`;
  }

  private errorFor(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path)?.message;
  }

  private textField(
    key: TextKey,
    label: string,
    options: { numeric?: boolean; placeholder?: string; hint?: string; wide?: 2 } = {},
  ) {
    const error = this.errorFor(FIELD_PATHS[key]);
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
        .value=${live(this.form[key])}
        @input=${(e: Event) => this.setForm({ [key]: (e.target as HTMLInputElement).value })}
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

  private tripleField(key: 'mean' | 'std', label: string, channels: string[]) {
    const error = this.errorFor(FIELD_PATHS[key]);
    return html`<div class="group">
      <span id=${`${key}-label`}>${label} (${channels.join(', ')})</span>
      <div
        class="triple"
        role="group"
        aria-labelledby=${`${key}-label`}
        aria-invalid=${error ? 'true' : 'false'}
      >
        ${this.form[key].map(
          (value, index) => html`<input
            data-testid=${`import-${key}-${index}`}
            inputmode="decimal"
            autocomplete="off"
            aria-label=${`${label} ${channels[index]}`}
            .value=${live(value)}
            @input=${(e: Event) => {
              const next = [...this.form[key]] as [string, string, string];
              next[index] = (e.target as HTMLInputElement).value;
              this.setForm({ [key]: next });
            }}
          />`,
        )}
      </div>
      ${error ? html`<span class="field-error">${error}</span>` : nothing}
    </div>`;
  }

  private setForm(changes: Partial<DescriptorForm>): void {
    this.form = { ...this.form, ...changes };
    this.errorStale = true;
    const { name: _name, license: _license, ...settingsChanged } = changes;
    if (Object.keys(settingsChanged).length > 0) {
      this.preset = CUSTOM_PRESET;
      this.jsonNote = null;
    }
    // An edited field's error is stale; the rest stay until the next submit.
    const paths = Object.keys(changes).map((key) => FIELD_PATHS[key as keyof typeof FIELD_PATHS]);
    this.fieldErrors = this.fieldErrors.filter((e) => !paths.includes(e.path));
  }

  private onPreset(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (value === CUSTOM_PRESET) {
      this.preset = CUSTOM_PRESET;
      return;
    }
    const preset = DESCRIPTOR_PRESETS.find((p) => p.id === value);
    if (!preset) return;
    this.form = this.presetForm(preset.id);
    this.preset = preset.id;
    this.errorStale = true;
    this.jsonNote = null;
    this.fieldErrors = [];
  }

  private takeModelFile(file: File | undefined): void {
    if (!file) return;
    this.fileError = file.name.toLowerCase().endsWith('.onnx')
      ? null
      : `"${file.name}" does not end in .onnx; it will be checked anyway.`;
    this.file = file;
    this.errorStale = true;
  }

  private onFilePicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.takeModelFile(input.files?.[0]);
    input.value = '';
  }

  private async onJsonPicked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const identity = identityFor(this.file);
    const result = parseDescriptorJson(await file.text(), identity);
    if (!result.ok) {
      this.fieldErrors = result.errors.map((e) => ({
        path: e.path,
        message: `${file.name}: ${e.message}`,
      }));
      return;
    }
    const { descriptor } = result;
    this.form = formFromSettings(descriptor, {
      name: descriptor.name === identity.name ? '' : descriptor.name,
      license: descriptor.license,
    });
    this.preset = CUSTOM_PRESET;
    this.fieldErrors = [];
    this.errorStale = true;
    this.jsonNote = `Filled in from ${file.name}; check the fields below.`;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    if (this.busy) return;
    if (!this.file) {
      this.fileError = 'Choose or drop the .onnx file first.';
      return;
    }
    const result = descriptorFromForm(this.form, identityFor(this.file));
    if (!result.ok) {
      this.fieldErrors = result.errors;
      this.updateComplete.then(() => {
        this.renderRoot
          .querySelector<HTMLInputElement>('[aria-invalid="true"], [aria-invalid="true"] input')
          ?.focus();
      });
      return;
    }
    this.fieldErrors = [];
    this.dispatchEvent(new ModelImportSubmittedEvent(this.file, result.descriptor));
  }

  private cancel = (): void => {
    if (this.busy) return;
    this.dispatchEvent(new ModelImportCancelledEvent());
  };

  private onCancel(event: Event): void {
    // Escape: the page owns `open`, so the dialog closes when the page says so.
    event.preventDefault();
    this.cancel();
  }

  private onDrag(event: DragEvent): void {
    // Keep the page's own drop zone (listening on window) from taking the model file as an image.
    event.stopPropagation();
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = this.busy ? 'none' : 'copy';
    this.dragOver = !this.busy;
  }

  private onDragLeave(event: DragEvent): void {
    event.stopPropagation();
    if (event.relatedTarget === null || !this.dialog.contains(event.relatedTarget as Node)) {
      this.dragOver = false;
    }
  }

  private onDrop(event: DragEvent): void {
    event.stopPropagation();
    event.preventDefault();
    this.dragOver = false;
    if (this.busy) return;
    this.takeModelFile(event.dataTransfer?.files[0]);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-import-dialog': ModelImportDialog;
  }
  interface HTMLElementEventMap {
    'model-import-submitted': ModelImportSubmittedEvent;
    'model-import-cancelled': ModelImportCancelledEvent;
  }
}
