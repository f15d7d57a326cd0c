import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createDetectorWorker } from '../engine/create-detector-worker.js';
import { DetectorEngine } from '../engine/detector-engine.js';
import { userMessage } from '../errors.js';
import type { ModelDescriptor, PostprocessParams } from '../model/descriptor.js';
import type { BackendPreference } from '../worker/backend.js';
import type { LoadResult } from '../worker/detector.js';
import '../ui/polygon-overlay.js';
import { BatchController, type BatchItem } from './batch-controller.js';
import { type Catalog, fetchCatalog, loadRequestFor } from './model-catalog.js';

/** Long side of stored thumbnails, px. */
const THUMBNAIL_LONG_SIDE = 1024;
/** Default time limit of one detection, ms. */
const DEFAULT_TIMEOUT_MS = 30_000;

function backendFromUrl(): BackendPreference {
  const value = new URLSearchParams(location.search).get('backend');
  return value === 'webgpu' || value === 'wasm' ? value : 'auto';
}

/** The composition root: owns the engine, the catalog and the batch, and lays out the page. */
@customElement('app-root')
export class AppRoot extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-height: 100vh;
      color: CanvasText;
      background: Canvas;
    }
    header {
      display: flex;
      align-items: baseline;
      gap: 16px;
      padding: 12px 20px;
      border-bottom: 1px solid #8884;
    }
    h1 {
      font-size: 20px;
      margin: 0;
    }
    .status {
      font-size: 13px;
      opacity: 0.8;
    }
    main {
      display: grid;
      grid-template-columns: minmax(260px, 320px) 1fr;
      gap: 16px;
      padding: 16px 20px;
    }
    polygon-overlay {
      height: calc(100vh - 140px);
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 12px 0;
    }
    li button {
      width: 100%;
      text-align: left;
      font: inherit;
      padding: 6px 8px;
      border-radius: 6px;
      border: 1px solid transparent;
      background: none;
      color: inherit;
      cursor: pointer;
    }
    li button[aria-current='true'] {
      border-color: #0d9488;
    }
    .error {
      color: #b91c1c;
    }
  `;

  @state() private catalog: Catalog | null = null;
  @state() private model: ModelDescriptor | null = null;
  @state() private params: PostprocessParams | null = null;
  @state() private loadInfo: LoadResult | null = null;
  @state() private notice: string | null = null;
  @state() private selectedId: string | null = null;
  @state() private image: ImageBitmap | null = null;
  @state() private timeoutMs = DEFAULT_TIMEOUT_MS;

  private readonly engine = new DetectorEngine({ createWorker: createDetectorWorker });
  private readonly batch = new BatchController(this, this.engine);

  override connectedCallback(): void {
    super.connectedCallback();
    this.batch.onItemDone = (item) => {
      if (!this.selectedId) void this.select(item.id);
    };
    if (__TEST_HOOKS__) {
      // Test builds only: the e2e tests, `npm run eval` and `npm run bench` drive the real
      // engine, worker and model code through this handle.
      Object.assign(window, {
        __textspotTest: {
          engine: this.engine,
          loadRequestFor,
          catalog: () => this.catalog,
          overlay: () => this.renderRoot.querySelector('polygon-overlay'),
          hangNext: (ms: number) => {
            this.batch.testHangNextMs = ms;
          },
          setTimeoutMs: (ms: number) => {
            this.timeoutMs = ms;
          },
          items: () => this.batch.items,
        },
      });
    }
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const catalog = await fetchCatalog();
      const model = catalog.models.find((m) => m.id === catalog.defaultId) ?? catalog.models[0];
      if (!model) throw new Error('The model catalog lists no models.');
      this.catalog = catalog;
      this.model = model;
      this.params = { ...model.postprocess };
      this.loadInfo = await this.engine.setModel(loadRequestFor(model, backendFromUrl()));
    } catch (error) {
      this.notice = userMessage(error);
    }
  }

  override render() {
    const selected = this.batch.items.find((i) => i.id === this.selectedId) ?? null;
    const info = this.loadInfo;
    return html`
      <header>
        <h1>TextSpot</h1>
        <span class="status" data-testid="backend">
          ${
            info
              ? `${this.model?.name} on ${info.backend === 'webgpu' ? 'WebGPU' : `WASM (${info.threads} threads)`}`
              : this.catalog
                ? 'Loading model…'
                : 'Reading catalog…'
          }
        </span>
      </header>
      ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
      <main>
        <section aria-label="Images">
          <label>
            Choose images
            <input
              type="file"
              accept="image/*"
              multiple
              data-testid="file-input"
              @change=${this.onFilesChosen}
            />
          </label>
          <ul>
            ${this.batch.items.map((item) => this.renderItem(item))}
          </ul>
        </section>
        <section aria-label="Result">
          ${
            selected?.result
              ? html`<p class="status" data-testid="summary">
                ${selected.result.detections.length} regions ·
                decode ${selected.result.timings.decodeMs.toFixed(0)} ms ·
                pre ${selected.result.timings.preprocessMs.toFixed(0)} ms ·
                inference ${selected.result.timings.inferenceMs.toFixed(0)} ms ·
                post ${selected.result.timings.postprocessMs.toFixed(0)} ms ·
                ${selected.result.backend.toUpperCase()}
              </p>`
              : nothing
          }
          <polygon-overlay
            .image=${this.image}
            .imageWidth=${selected?.result?.imageWidth ?? 0}
            .imageHeight=${selected?.result?.imageHeight ?? 0}
            .detections=${selected?.result?.detections ?? []}
          ></polygon-overlay>
        </section>
      </main>
    `;
  }

  private renderItem(item: BatchItem) {
    return html`<li data-testid="item" data-status=${item.status}>
      <button
        type="button"
        aria-current=${item.id === this.selectedId ? 'true' : 'false'}
        @click=${() => this.select(item.id)}
      >
        ${item.file.name} — ${item.status}
        ${item.result ? html`· <span data-testid="count">${item.result.detections.length}</span> regions` : nothing}
        ${item.error ? html`<div class="error">${item.error}</div>` : nothing}
      </button>
    </li>`;
  }

  private async onFilesChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    this.batch.add(files);
    await this.runBatch();
  }

  private async runBatch(): Promise<void> {
    if (!this.model || !this.params) return;
    await this.batch.run({
      modelId: this.model.id,
      params: this.params,
      timeoutMs: this.timeoutMs,
      thumbnailLongSide: THUMBNAIL_LONG_SIDE,
    });
  }

  private async select(id: string): Promise<void> {
    this.selectedId = id;
    const item = this.batch.items.find((i) => i.id === id);
    this.image?.close();
    this.image = null;
    if (!item?.result) return;
    try {
      this.image = await createImageBitmap(item.file, { imageOrientation: 'from-image' });
    } catch (error) {
      this.notice = userMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-root': AppRoot;
  }
}
