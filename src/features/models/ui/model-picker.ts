import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { formatBytes } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import type { InputPolicy, ModelDescriptor } from '../pipeline/descriptor.js';
import type { FailingModel } from './model-health.js';
import { modelPickerStyles } from './model-picker.styles.js';

/** Fired when a model is chosen in the picker; `id` is its descriptor id. */
export class ModelSelectedEvent extends Event {
  static readonly eventName = 'model-selected';
  constructor(readonly id: string) {
    super(ModelSelectedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when "Add your own model…" is chosen. */
export class ModelImportRequestedEvent extends Event {
  static readonly eventName = 'model-import-requested';
  constructor() {
    super(ModelImportRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person asks to remove one of their own models; `id` is its descriptor id. */
export class ModelRemovalRequestedEvent extends Event {
  static readonly eventName = 'model-removal-requested';
  constructor(readonly id: string) {
    super(ModelRemovalRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** One model the picker lists. */
export interface PickerModel {
  descriptor: ModelDescriptor;
  /** `catalog`: shipped with the app; `user`: the person's own, stored in the browser. */
  origin: 'catalog' | 'user';
  /** `false` for a user model the browser refused to store: gone after a reload. */
  persisted: boolean;
}

const ADD_VALUE = '__add-model__';

/** Longest model name an option shows whole, characters; longer ones are cut with "…". */
const OPTION_NAME_MAX = 60;

/** The input policy in words, e.g. "Long side ≤ 960 px, multiples of 32". */
export function describeInputPolicy(input: InputPolicy): string {
  return input.kind === 'long-side'
    ? `Long side ≤ ${input.limitSide} px, sides in multiples of ${input.multiple}`
    : `Letterbox ${input.size} × ${input.size}, image at ${input.anchor === 'center' ? 'centre' : 'top left'}, pad ${input.padValue}`;
}

function describeNormalization(descriptor: ModelDescriptor): string {
  const { scale, mean, std, channelOrder } = descriptor.normalization;
  const scaleText = Math.abs(scale * 255 - 1) < 1e-9 ? '1/255' : String(scale);
  return `${channelOrder} · ×${scaleText} · mean ${mean.join(', ')} · std ${std.join(', ')}`;
}

function describeOutput(descriptor: ModelDescriptor): string {
  const { name, channel, applySigmoid } = descriptor.output;
  return `${name === null ? 'First output' : `'${name}'`}, channel ${channel}${applySigmoid ? ', sigmoid applied' : ''}`;
}

function describeDefaults(descriptor: ModelDescriptor): string {
  const p = descriptor.postprocess;
  return `threshold ${p.threshold} · box ${p.boxThreshold} · max ${p.maxCandidates} · min size ${p.minSize} · unclip ${p.unclipRatio} · ${p.outputMode}`;
}

/**
 * The header's model picker: a select of catalog and user models plus "Add your own model…",
 * and a details card (size, source, licence, input policy, defaults) with a remove button for
 * user models. Emits events only; the page does the switching.
 */
@customElement('model-picker')
export class ModelPicker extends LitElement {
  static override styles = [controlStyles, modelPickerStyles];

  /** Models to offer: catalog first, then the person's own. */
  @property({ attribute: false }) models: PickerModel[] = [];
  /** Id of the model in use. */
  @property({ attribute: false }) currentId: string | null = null;
  /** Id of the model being loaded, shown with a spinner. */
  @property({ attribute: false }) pendingId: string | null = null;
  /** The model in use failed on every image so far: shown with a button back to the model before it. */
  @property({ attribute: false }) failing: FailingModel | null = null;
  /** Locks the picker (a batch is running or a model is loading). */
  @property({ type: Boolean }) disabled = false;

  @state() private detailsOpen = false;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutsidePointer);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('pointerdown', this.onOutsidePointer);
    super.disconnectedCallback();
  }

  /** The model the select shows: the one loading when it is listed, else the one in use. */
  private get shownId(): string | null {
    const pending = this.models.some((m) => m.descriptor.id === this.pendingId);
    return pending ? this.pendingId : this.currentId;
  }

  private get current(): PickerModel | undefined {
    return this.models.find((m) => m.descriptor.id === this.currentId);
  }

  override render() {
    const catalog = this.models.filter((m) => m.origin === 'catalog');
    const user = this.models.filter((m) => m.origin === 'user');
    const current = this.current;
    const title = current
      ? [
          current.descriptor.name,
          current.descriptor.bytes ? formatBytes(current.descriptor.bytes) : null,
          current.descriptor.license,
          describeInputPolicy(current.descriptor.input),
        ]
          .filter(Boolean)
          .join(' · ')
      : 'Model';
    return html`
      <select
        data-testid="model-select"
        aria-label="Model"
        title=${title}
        ?disabled=${this.disabled || this.models.length === 0}
        .value=${live(this.shownId ?? '')}
        @change=${this.onChange}
      >
        ${this.currentId === null ? html`<option value="">Loading models…</option>` : nothing}
        <optgroup label="Catalog">
          ${catalog.map((m) => this.renderOption(m))}
        </optgroup>
        ${
          user.length > 0
            ? html`<optgroup label="Your models">${user.map((m) => this.renderOption(m))}</optgroup>`
            : nothing
        }
        <option value=${ADD_VALUE} data-testid="model-add">Add your own model…</option>
      </select>
      ${
        this.pendingId
          ? html`<span class="spinner" role="status" aria-label="Loading model"></span>`
          : nothing
      }
      <button
        class="info quiet"
        data-testid="model-details"
        aria-label="Model details"
        aria-expanded=${this.detailsOpen ? 'true' : 'false'}
        aria-controls="details"
        ?disabled=${!current}
        @click=${() => {
          this.detailsOpen = !this.detailsOpen;
        }}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.4" />
          <path d="M8 7v4.2M8 4.6v.1" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
        </svg>
      </button>
      ${this.failing && this.failing.modelId === this.currentId ? this.renderFailing(this.failing) : nothing}
      ${this.detailsOpen && current ? this.renderDetails(current) : nothing}
    `;
  }

  private renderFailing(failing: FailingModel) {
    return html`<button
      class="failing danger"
      data-testid="model-fallback"
      title=${`"${failing.modelName}" failed on every image so far: ${failing.reason}`}
      ?disabled=${this.disabled}
      @click=${() => this.dispatchEvent(new ModelSelectedEvent(failing.fallbackId))}
    >
      Failing on every image: use ${failing.fallbackName}
    </button>`;
  }

  private renderOption(model: PickerModel) {
    const { id, name } = model.descriptor;
    // The select shows a long name cut; the full one is on hover and in the details card.
    const shown = name.length > OPTION_NAME_MAX ? `${name.slice(0, OPTION_NAME_MAX - 1)}…` : name;
    return html`<option value=${id} title=${name} ?selected=${id === this.shownId}>${shown}</option>`;
  }

  private renderDetails(model: PickerModel) {
    const d = model.descriptor;
    const chip =
      model.origin === 'catalog'
        ? html`<span class="chip">Catalog</span>`
        : model.persisted
          ? html`<span class="chip user">Your model</span>`
          : html`<span class="chip session" title="The browser refused to store it">This session only</span>`;
    return html`<section
      class="card"
      id="details"
      data-testid="model-details-card"
      aria-label="Details of ${d.name}"
      @keydown=${this.onCardKey}
    >
      <h2><span class="name" data-testid="model-details-name">${d.name}</span> ${chip}</h2>
      <dl>
        <dt>Size</dt>
        <dd>${d.bytes ? formatBytes(d.bytes) : 'unknown'}</dd>
        <dt>Source</dt>
        <dd>${d.source}</dd>
        <dt>Licence</dt>
        <dd>${d.license}</dd>
        <dt>Input</dt>
        <dd data-testid="model-input-policy">${describeInputPolicy(d.input)}</dd>
        <dt>Pixels</dt>
        <dd>${describeNormalization(d)}</dd>
        <dt>Output</dt>
        <dd>${describeOutput(d)}</dd>
        <dt>Defaults</dt>
        <dd>${describeDefaults(d)}</dd>
      </dl>
      ${
        model.origin === 'user'
          ? html`<footer>
            <button
              class="danger"
              data-testid="model-remove"
              ?disabled=${this.disabled}
              @click=${() => {
                this.detailsOpen = false;
                this.dispatchEvent(new ModelRemovalRequestedEvent(d.id));
              }}
            >
              Remove this model
            </button>
          </footer>`
          : nothing
      }
    </section>`;
  }

  private onChange(event: Event): void {
    const select = event.target as HTMLSelectElement;
    const value = select.value;
    // The page decides what is current: put the select back until it says otherwise.
    select.value = this.currentId ?? '';
    if (value === ADD_VALUE) this.dispatchEvent(new ModelImportRequestedEvent());
    else if (value && value !== this.currentId) this.dispatchEvent(new ModelSelectedEvent(value));
  }

  private onCardKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    this.detailsOpen = false;
    this.renderRoot.querySelector<HTMLButtonElement>('.info')?.focus();
  }

  private onOutsidePointer = (event: PointerEvent): void => {
    if (this.detailsOpen && !event.composedPath().includes(this)) this.detailsOpen = false;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'model-picker': ModelPicker;
  }
  interface HTMLElementEventMap {
    'model-selected': ModelSelectedEvent;
    'model-import-requested': ModelImportRequestedEvent;
    'model-removal-requested': ModelRemovalRequestedEvent;
  }
}
