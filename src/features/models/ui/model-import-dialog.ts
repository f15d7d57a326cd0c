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
import { renderDescriptorFieldsets } from './descriptor-fieldsets.js';
import {
  type DescriptorForm,
  descriptorFromForm,
  editForm,
  formFromSettings,
} from './descriptor-form.js';
import { type RefusedDescriptor, refusedDescriptorErrors } from './descriptor-refusal.js';
import type { DuplicateChoice } from './model-controller.js';
import { ModelFileController } from './model-file-controller.js';
import { modelImportDialogStyles } from './model-import-dialog.styles.js';

/**
 * Fired when the form is valid and the person asks to add the model: the file, its descriptor,
 * and — once told its bytes are already stored — whether to replace those models or keep both.
 */
export class ModelImportSubmittedEvent extends Event {
  static readonly eventName = 'model-import-submitted';
  constructor(
    readonly file: File,
    readonly descriptor: ModelDescriptor,
    readonly duplicate?: DuplicateChoice,
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
  /** Stored models with the same bytes as the submitted file, or null: the dialog asks what to do. */
  @property({ attribute: false }) sameBytes: readonly { id: string; name: string }[] | null = null;

  @state() private form: DescriptorForm = this.presetForm(PresetId.PpOcrV4);
  @state() private preset: PresetIdValue | typeof CUSTOM_PRESET = PresetId.PpOcrV4;
  @state() private fieldErrors: FieldError[] = [];
  @state() private jsonNote: string | null = null;
  /** The descriptor file last refused, until the person chooses settings; a submit is stopped meanwhile. */
  @state() private refused: RefusedDescriptor | null = null;
  /** The page's `error` is about an earlier file or form: hidden once either is edited. */
  @state() private errorStale = false;

  @query('dialog') private dialog!: HTMLDialogElement;

  private readonly files = new ModelFileController(this, {
    busy: () => this.busy,
    taken: () => {
      this.errorStale = true;
    },
    container: () => this.dialog,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error') || changed.has('sameBytes')) this.errorStale = false;
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
    this.files.reset();
    this.preset = PresetId.PpOcrV4;
    this.form = this.presetForm(PresetId.PpOcrV4);
    this.fieldErrors = [];
    this.jsonNote = null;
    this.refused = null;
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
      @dragenter=${this.files.drag}
      @dragover=${this.files.drag}
      @dragleave=${this.files.dragLeave}
      @drop=${this.files.drop}
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
        ${this.renderFile()} ${this.renderSource()}
        ${renderDescriptorFieldsets({
          form: this.form,
          fieldErrors: this.fieldErrors,
          busy: this.busy,
          namePlaceholder: this.files.file?.name.replace(/\.onnx$/i, '') ?? 'File name',
          setForm: (changes) => this.setForm(changes),
        })}
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
    const { file, error: fileError } = this.files;
    return html`<div class="group">
      <div class="drop ${this.files.over ? 'over' : ''}">
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
            @change=${this.files.picked}
          />
        </label>
      </div>
      ${fileError ? html`<span class="field-error" role="alert">${fileError}</span>` : nothing}
    </div>
    ${
      this.error && !this.errorStale
        ? html`<div class="alert" role="alert" data-testid="import-error">
          <strong>This model was not added.</strong> ${this.error}
          <div class="hint">The model in use is unchanged.</div>
        </div>`
        : nothing
    }
    ${this.renderSameBytes()} ${this.formErrorSummary()}`;
  }

  private renderSameBytes() {
    const same = this.sameBytes;
    if (!same || same.length === 0 || this.errorStale) return nothing;
    const names = same.map((m) => `"${m.name}"`).join(', ');
    return html`<div class="alert" role="alert" data-testid="import-same-bytes">
      <strong>This file is already stored</strong> as ${names}: its bytes are the same. Replace
      ${same.length === 1 ? 'it' : 'them'} with this one, or keep both (the new one gets a
      distinguishing name; the weights are stored once either way).
      <div class="choices">
        <button type="button" data-testid="import-replace" ?disabled=${this.busy} @click=${() => this.submit('replace')}>
          Replace
        </button>
        <button type="button" data-testid="import-keep-both" ?disabled=${this.busy} @click=${() => this.submit('keep-both')}>
          Keep both
        </button>
      </div>
    </div>`;
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

  private setForm(changes: Partial<DescriptorForm>): void {
    const edit = editForm(this.form, this.fieldErrors, changes);
    this.form = edit.form;
    this.errorStale = true;
    this.refused = null;
    if (edit.settingsChanged) {
      this.preset = CUSTOM_PRESET;
      this.jsonNote = null;
    }
    this.fieldErrors = edit.fieldErrors;
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
    this.refused = null;
    this.errorStale = true;
    this.jsonNote = null;
    this.fieldErrors = [];
  }

  private async onJsonPicked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const identity = identityFor(this.files.file);
    const result = parseDescriptorJson(await file.text(), identity);
    if (!result.ok) {
      this.fieldErrors = result.errors.map((e) => ({
        path: e.path,
        message: `${file.name}: ${e.message}`,
      }));
      this.refused = { fileName: file.name, errors: this.fieldErrors };
      // The preset shown no longer describes the form's source: choosing it again clears the refusal.
      this.preset = CUSTOM_PRESET;
      this.jsonNote = `${file.name} was refused; the fields below are not from it.`;
      return;
    }
    this.refused = null;
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
    this.submit();
  }

  private submit(duplicate?: DuplicateChoice): void {
    if (this.busy) return;
    const file = this.files.require();
    if (!file) return;
    const refusal = refusedDescriptorErrors(this.refused);
    if (refusal) {
      this.fieldErrors = refusal;
      return;
    }
    const result = descriptorFromForm(this.form, identityFor(file));
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
    this.dispatchEvent(new ModelImportSubmittedEvent(file, result.descriptor, duplicate));
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
