import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { userMessage } from '../core/errors.js';
import type { Quad } from '../core/geometry/perspective.js';
import type { Polygon } from '../core/geometry/types.js';
import { createDetectorWorker } from '../engine/create-detector-worker.js';
import { createScoringWorker } from '../engine/create-scoring-worker.js';
import { type BackendFallbackEvent, DetectorEngine } from '../engine/detector-engine.js';
import type { Detection } from '../features/detection/pipeline/detection.js';
import type { PageCornersChangedEvent } from '../features/detection/ui/polygon-overlay.js';
import type {
  PageCornersRequestedEvent,
  PageViewToggledEvent,
} from '../features/detection/ui/viewer-toolbar.js';
import type { DocumentParams } from '../features/document/pipeline/params.js';
import type { DocumentParamsChangedEvent } from '../features/document/ui/document-panel.js';
import { detectionsOnPage } from '../features/document/ui/page-view.js';
import { toPredictionView } from '../features/export/pipeline/json.js';
import {
  baseName,
  type CurrentRun,
  itemEntry,
  saveCompetitionCsv,
  saveOverlayPng,
  saveResultsJson,
  saveTextCsv,
} from '../features/export/ui/batch-exports.js';
import type { ModelDescriptor, PostprocessParams } from '../features/models/pipeline/descriptor.js';
import { ModelStore } from '../features/models/store/model-store.js';
import type { BackendChosenEvent } from '../features/models/ui/backend-menu.js';
import { isLabelFileName } from '../features/tuning/pipeline/labels.js';
import type { BackendPreference, DocumentResult, LoadResult } from '../protocol/detector.js';
import { controlStyles, themeTokens } from './design/theme.js';
import '../features/models/ui/backend-menu.js';
import '../features/batch/ui/batch-list.js';
import '../features/batch/ui/batch-progress.js';
import type {
  CsvConfidenceToggledEvent,
  ResultsExportRequestedEvent,
  ResultsFormat,
} from '../features/export/ui/export-panel.js';
import '../features/export/ui/export-panel.js';
import '../features/batch/ui/file-drop-zone.js';
import '../features/export/ui/json-view.js';
import '../features/models/ui/model-import-dialog.js';
import '../features/models/ui/model-picker.js';
import '../features/detection/ui/params-panel.js';
import '../features/document/ui/document-panel.js';
import '../features/detection/ui/polygon-overlay.js';
import type { ReadTextToggledEvent } from '../features/recognition/ui/recognition-panel.js';
import '../features/recognition/ui/recognition-panel.js';
import '../features/detection/ui/regions-table.js';
import '../features/batch/ui/results-summary.js';
import '../features/batch/ui/results-table.js';
import type {
  HeatmapToggledEvent,
  LabelsToggledEvent,
} from '../features/detection/ui/viewer-toolbar.js';
import '../features/detection/ui/viewer-toolbar.js';
import './about-panel.js';
import '../features/tuning/ui/match-legend.js';
import '../features/pwa/ui/update-banner.js';
import './views/history-view.js';
import { BYTES_PER_MB } from '../core/units.js';
import {
  BatchController,
  handPlacedQuad,
  type RunSettings,
} from '../features/batch/ui/batch-controller.js';
import { type BatchItem, ItemStatus, RETRYABLE_STATUSES } from '../features/batch/ui/batch-item.js';
import { ViewerController } from '../features/detection/ui/viewer-controller.js';
import { HistoryController } from '../features/history/ui/history-controller.js';
import type { Catalog } from '../features/models/ui/model-catalog.js';
import { ModelController } from '../features/models/ui/model-controller.js';
import { PwaController } from '../features/pwa/ui/pwa-controller.js';
import {
  hasText,
  RecognitionController,
} from '../features/recognition/ui/recognition-controller.js';
import { TuningController } from '../features/tuning/ui/tuning-controller.js';
import { renderTuningPanels } from '../features/tuning/ui/tuning-panels.js';
import { appRootStyles } from './app-root.styles.js';
import {
  browserStorage,
  documentParamsFor,
  effectiveBackend,
  loadSettings,
  type Settings,
  saveSettings,
  settingsProblemNotice,
} from './settings-store.js';
import { createTestRegistry } from './test-registry.js';

/** Long side of stored thumbnails, px. */
const THUMBNAIL_LONG_SIDE = 1024;
/** Quiet time after the last slider move before re-processing, ms. */
const PARAMS_DEBOUNCE_MS = 120;

type BottomTab = 'regions' | 'results';

function backendOverride(): Settings['backend'] | null {
  const value = new URLSearchParams(location.search).get('backend');
  return value === 'webgpu' || value === 'wasm' || value === 'auto' ? value : null;
}

/**
 * The composition root: owns the engine, the catalog, the batch and the viewer, wires the
 * leaf elements' events to them and lays out the page.
 */
@customElement('app-root')
export class AppRoot extends LitElement {
  static override styles = [themeTokens, controlStyles, appRootStyles];

  @state() private notices: string[] = [];
  /** Saved settings as read at start-up, with any refused values named for a notice. */
  private readonly loadedSettings = loadSettings(browserStorage());
  @state() private settings: Settings = this.loadedSettings.settings;
  @state() private hoveredRegion: number | null = null;
  @state() private selectedRegion: number | null = null;
  @state() private bottomTab: BottomTab = 'regions';
  @state() private view: 'workbench' | 'history' = 'workbench';

  private readonly engine = new DetectorEngine({ createWorker: createDetectorWorker });
  private readonly models = new ModelController(this, {
    engine: this.engine,
    store: new ModelStore(),
    backend: () => backendOverride() ?? effectiveBackend(this.settings),
    settings: () => this.settings,
    updateSettings: (changes) => this.updateSettings(changes),
    report: (message) => this.report(message),
  });
  private readonly batch = new BatchController(this, this.engine);
  private readonly recognition = new RecognitionController(this, {
    enabled: () => this.settings.readText,
    setEnabled: (readText) => this.updateSettings({ readText }),
    report: (message) => this.report(message),
  });
  private readonly pwa = new PwaController(this);
  private readonly viewer = new ViewerController(this, {
    engine: this.engine,
    applyResult: (id, result, params) =>
      this.batch.updateResult(id, result, params, this.model?.id ?? ''),
    recognize: () => this.recognition.request(),
    redetect: async (item, params, pageQuad) => {
      const recognize = this.recognition.request();
      const quad = pageQuad === undefined ? handPlacedQuad(item.result) : pageQuad;
      const { thumbnail: _thumbnail, ...result } = await this.engine.detect(
        {
          image: item.file,
          params,
          ...(this.documentParams.enabled ? { document: this.documentParams } : {}),
          ...(quad && this.documentParams.enabled ? { pageQuad: quad } : {}),
          keepMapFor: item.id,
          thumbnailLongSide: THUMBNAIL_LONG_SIDE,
          ...(recognize ? { recognize } : {}),
        },
        { timeoutMs: this.settings.timeoutMs },
      );
      return result;
    },
    report: (message) => this.report(message),
  });
  private paramsTimer = 0;
  private readonly tuning = new TuningController(this, {
    items: () => this.batch.items,
    createWorker: createScoringWorker,
    addImages: (files) => this.onFilesAdded({ files }),
    model: () => this.model,
    params: () => this.params,
    updateResult: (id, result, params, modelId) =>
      this.batch.updateResult(id, result, params, modelId),
    report: (message) => this.report(message),
  });
  private readonly history = new HistoryController(this, {
    limits: () => ({
      maxEntries: this.settings.historyMaxEntries,
      maxBytes: this.settings.historyMaxMB * BYTES_PER_MB,
    }),
    saveLimits: (limits) =>
      this.updateSettings({
        historyMaxEntries: limits.maxEntries,
        historyMaxMB: limits.maxBytes / BYTES_PER_MB,
      }),
    report: (message) => this.report(message),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    const settingsNotice = settingsProblemNotice(this.loadedSettings.problems);
    if (settingsNotice) this.report(settingsNotice);
    this.batch.findStored = (item, settings) =>
      this.history.lookup(
        item,
        settings.modelId,
        settings.params,
        settings.document,
        Boolean(settings.recognize),
      );
    this.batch.onProgress = (id, progress) => this.recognition.progress(id, progress);
    this.batch.onItemDone = (item, thumbnail, map) => {
      this.recognition.settle(item.id);
      const kept = map ? this.tuning.keepMap(item, map) : undefined;
      if (thumbnail) void this.history.record(item, thumbnail, kept);
      if (!this.viewer.selectedId) void this.select(item.id);
    };
    this.engine.addEventListener('backend-fallback', (event) => {
      const { reason } = event as BackendFallbackEvent;
      this.updateSettings({ webgpuFallback: reason });
      this.report(
        `WebGPU failed (${reason}). TextSpot switched to WASM and will use it in this browser; "Try WebGPU again" is next to the backend menu.`,
      );
    });
    // A respawned worker (after a fault, or the fallback to WASM) may run on another backend.
    this.engine.addEventListener('model-loaded', () => {
      if (this.models.busy || !this.engine.loadResult) return;
      this.models.loadInfo = this.engine.loadResult;
      this.requestUpdate();
    });
    if (!this.pwa.isolation.isolated) {
      this.report(`Detection runs on one thread (slower): ${this.pwa.isolation.reason}.`);
    }
    if (__TEST_HOOKS__) {
      Object.assign(window, {
        __textspotTest: createTestRegistry({
          engine: this.engine,
          batch: this.batch,
          models: this.models,
          history: this.history,
          tuning: this.tuning,
          overlay: () => this.renderRoot.querySelector('polygon-overlay'),
          setTimeoutMs: (ms) => this.updateSettings({ timeoutMs: ms }),
        }),
      });
    }
    void this.models.start();
  }

  private get catalog(): Catalog | null {
    return this.models.catalog;
  }

  private get model(): ModelDescriptor | null {
    return this.models.current;
  }

  private get params(): PostprocessParams | null {
    return this.models.params;
  }

  /** Document-photo parameters in use: the person's over the model's over the app's defaults. */
  private get documentParams(): DocumentParams {
    return documentParamsFor(this.settings, this.model);
  }

  private get loadInfo(): LoadResult | null {
    return this.models.loadInfo;
  }

  private get loadError(): string | null {
    return this.models.loadError;
  }

  private get selected(): BatchItem | null {
    return this.batch.items.find((i) => i.id === this.viewer.selectedId) ?? null;
  }

  private get runSettings(): RunSettings | null {
    if (!this.model || !this.params) return null;
    return {
      modelId: this.model.id,
      params: this.params,
      document: this.documentParams,
      timeoutMs: this.settings.timeoutMs,
      thumbnailLongSide: THUMBNAIL_LONG_SIDE,
      recognize: this.recognition.request(),
      keepMaps: this.tuning.wantsMaps,
    };
  }

  override render() {
    return html`
      ${this.renderHeader()}
      ${this.notices.map(
        (notice, index) => html`<div class="notice" role="alert">
          <p>${notice}</p>
          <button class="quiet" @click=${() => this.dismiss(index)} aria-label="Dismiss">✕</button>
        </div>`,
      )}
      <main ?hidden=${this.view !== 'workbench'}>
        ${this.renderLeft()} ${this.renderCenter()} ${this.renderRight()}
      </main>
      ${
        this.view === 'history'
          ? html`<history-view .controller=${this.history} .state=${this.history.state}></history-view>`
          : nothing
      }
    `;
  }

  private renderHeader() {
    const info = this.loadInfo;
    const state = this.loadError ? 'error' : info ? 'ready' : 'loading';
    const label = this.loadError
      ? 'Model failed to load'
      : info
        ? `${info.backend === 'webgpu' ? 'WebGPU' : `WASM · ${info.threads} thread${info.threads === 1 ? '' : 's'}`}`
        : this.catalog
          ? 'Loading model…'
          : 'Starting…';
    return html`<header>
      <h1 class="brand">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <rect x="2.5" y="6" width="19" height="12" rx="2.5" fill="none" stroke="currentColor" stroke-width="2.2" />
          <path d="M6.5 10h7M6.5 14h11" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
        TextSpot
      </h1>
      <div class="views" role="tablist" aria-label="View">
        ${(['workbench', 'history'] as const).map(
          (view) => html`<button
            role="tab"
            data-testid=${`view-${view}`}
            aria-selected=${this.view === view ? 'true' : 'false'}
            @click=${() => {
              this.view = view;
            }}
          >
            ${view === 'workbench' ? 'Workbench' : 'History'}${
              view === 'history' && this.history.state.ready
                ? html`<span class="badge">${this.history.state.entries.length}</span>`
                : nothing
            }
          </button>`,
        )}
      </div>
      <model-picker
        .models=${this.models.options}
        .currentId=${this.model?.id ?? null}
        .pendingId=${this.models.pendingId}
        ?disabled=${this.batch.isRunning || this.models.busy}
        @model-selected=${(e: { id: string }) => this.models.pick(e.id)}
        @model-import-requested=${() => this.models.openImport()}
        @model-removal-requested=${(e: { id: string }) => this.models.removeFromPicker(e.id)}
      ></model-picker>
      <span
        class="engine-status"
        data-state=${state}
        data-testid="backend"
        title=${
          info
            ? `${this.settings.webgpuFallback && info.backend === 'wasm' ? `WebGPU failed (${this.settings.webgpuFallback}); ` : info.backendReason}; session created in ${info.sessionCreateMs.toFixed(0)} ms`
            : ''
        }
      >
        <span class="dot"></span>${label}
      </span>
      <backend-menu
        .preference=${this.settings.backend}
        .fallbackReason=${this.settings.webgpuFallback}
        ?disabled=${this.batch.isRunning || this.models.busy}
        @backend-chosen=${(e: BackendChosenEvent) => this.chooseBackend(e.preference)}
        @webgpu-retry-requested=${() => this.chooseBackend('auto', true)}
      ></backend-menu>
      <span class="spacer"></span>
      <span class="privacy">Runs on your device · nothing is uploaded</span>
      <about-panel
        .version=${this.pwa.version}
        .engine=${info ? label : ''}
        ?isolated=${this.pwa.isolation.isolated}
        .isolationReason=${this.pwa.isolation.reason}
        ?offlineReady=${this.pwa.offlineReady}
      ></about-panel>
    </header>
    <update-banner
      .offer=${this.pwa.update}
      @update-accepted=${() => this.pwa.applyUpdate()}
    ></update-banner>
    ${this.loadError ? html`<div class="notice" role="alert"><p>${this.loadError}</p></div>` : nothing}
    <model-import-dialog
      ?open=${this.models.importDialog.open}
      ?busy=${this.models.importDialog.busy}
      .error=${this.models.importDialog.error}
      @model-import-submitted=${(e: { file: File; descriptor: ModelDescriptor }) =>
        this.models.submitImport(e.file, e.descriptor)}
      @model-import-cancelled=${() => this.models.closeImport()}
    ></model-import-dialog>`;
  }

  private renderLeft() {
    const settings = this.runSettings;
    const toRun = settings ? this.batch.countToRun(settings) : 0;
    const { done, total, etaMs } = this.batch.progress;
    const items = this.batch.items;
    const failed = items.filter((i) => RETRYABLE_STATUSES.has(i.status)).length;
    return html`<section class="panel" aria-label="Images">
      <file-drop-zone ?compact=${items.length > 0} @files-added=${this.onFilesAdded}></file-drop-zone>
      <div class="actions">
        <button
          class="primary"
          data-testid="run"
          ?disabled=${!settings || !this.loadInfo || toRun === 0 || this.batch.isRunning}
          @click=${this.run}
        >
          ${
            this.batch.isRunning
              ? 'Detecting…'
              : `Detect ${toRun || ''} image${toRun === 1 ? '' : 's'}`.replace('  ', ' ')
          }
        </button>
        ${
          this.batch.isRunning
            ? html`<button data-testid="cancel-all" @click=${() => this.batch.cancelAll()}>Cancel all</button>`
            : nothing
        }
        ${
          failed > 0 && !this.batch.isRunning
            ? html`<button data-testid="retry-failed" @click=${this.retryFailed}>Retry ${failed}</button>`
            : nothing
        }
        ${
          items.length > 0
            ? html`<button class="quiet" data-testid="clear" @click=${this.clear}>Clear</button>`
            : nothing
        }
      </div>
      <batch-progress
        .done=${done}
        .total=${total}
        .etaMs=${etaMs}
        .running=${this.batch.isRunning}
      ></batch-progress>
      <batch-list
        class="card"
        .items=${items}
        .selectedId=${this.viewer.selectedId}
        @item-selected=${(e: { id: string }) => this.select(e.id)}
        @item-included-changed=${(e: { id: string; included: boolean }) =>
          this.batch.setIncluded(e.id, e.included)}
        @all-included-changed=${(e: { included: boolean }) => this.batch.setAllIncluded(e.included)}
        @item-cancelled=${(e: { id: string }) => this.batch.cancel(e.id)}
        @item-retried=${(e: { id: string }) => this.retry(e.id)}
      ></batch-list>
    </section>`;
  }

  private renderCenter() {
    const item = this.selected;
    const result = item?.result ?? null;
    // While the job runs, its regions and each batch of text show as they arrive.
    const detections =
      result?.detections ??
      (item?.status === ItemStatus.Running ? this.recognition.liveDetections(item.id) : null) ??
      [];
    const size = this.viewer.imageSize;
    const imageWidth = result?.imageWidth ?? size?.width ?? 0;
    const imageHeight = result?.imageHeight ?? size?.height ?? 0;
    const found = result?.document?.method != null ? result.document : null;
    const page = found && this.viewer.showPage ? this.pageView(found, result!.detections) : null;
    const labelled = item !== null && this.tuning.labelsFor(item) !== null;
    return html`<section class="center ${labelled ? 'tuned' : ''}" aria-label="Result">
      <viewer-toolbar
        class="card"
        .fileName=${item?.file.name ?? null}
        .status=${item?.status ?? ''}
        .result=${result}
        ?showLabels=${this.settings.showLabels}
        ?showHeatmap=${this.viewer.showHeatmap}
        ?showPage=${this.viewer.showPage}
        ?pageEditable=${!this.batch.isRunning}
        @page-corners-requested=${(e: PageCornersRequestedEvent) => this.onPageCornersRequested(e.placeByHand)}
        @page-view-toggled=${(e: PageViewToggledEvent) => this.viewer.setShowPage(e.showPage)}
        @labels-toggled=${(e: LabelsToggledEvent) => this.updateSettings({ showLabels: e.shown })}
        @heatmap-toggled=${(e: HeatmapToggledEvent) =>
          this.viewer.setShowHeatmap(e.shown, this.selected)}
        @polygons-copy-requested=${this.copyPolygons}
        @png-export-requested=${this.exportPng}
      ></viewer-toolbar>
      ${labelled ? html`<match-legend class="card" .match=${this.tuning.matchFor(item)}></match-legend>` : nothing}
      ${
        item
          ? html`<polygon-overlay
            .image=${page ? page.image : this.viewer.image}
            .imageWidth=${page ? page.width : imageWidth}
            .imageHeight=${page ? page.height : imageHeight}
            .detections=${page ? page.detections : detections}
            .pageQuad=${page ? null : (found?.pageQuad ?? null)}
            ?pageEditable=${Boolean(found) && !page && !this.batch.isRunning}
            @page-corners-changed=${(e: PageCornersChangedEvent) => this.onPageCornersChanged(e.quad)}
            .highlightedIndex=${this.hoveredRegion ?? this.selectedRegion}
            .heatmap=${this.viewer.heatmap}
            .verdicts=${page ? null : this.tuning.overlayFor(item)}
            .pinned=${page ? null : this.tuning.pinnedOverlayFor(item)}
            .split=${this.tuning.compareSplit}
            .showLabels=${this.settings.showLabels}
            label=${`${item.file.name} with ${detections.length} detected text regions`}
            @polygon-hovered=${(e: { index: number | null }) => {
              this.hoveredRegion = e.index;
            }}
            @polygon-selected=${(e: { index: number | null }) => {
              this.selectedRegion = e.index;
            }}
          ></polygon-overlay>`
          : html`<div class="empty">
            <div>
              <h2>Find every text region</h2>
              <p>Drop receipts, scans or photos anywhere on this page, paste one, or choose files.<br />
                Detection runs on this device; nothing leaves it.</p>
            </div>
          </div>`
      }
      <json-view
        .value=${result ? toPredictionView(itemEntry(item!, this.currentRun)) : null}
        label="Raw prediction JSON"
        fileName=${item ? `${baseName(item.file.name)}.json` : 'prediction.json'}
      ></json-view>
      <div class="bottom card">
        <div class="tabs" role="tablist">
          ${(['regions', 'results'] as const).map(
            (tab) => html`<button
              role="tab"
              aria-selected=${this.bottomTab === tab ? 'true' : 'false'}
              data-testid=${`tab-${tab}`}
              @click=${() => {
                this.bottomTab = tab;
              }}
            >
              ${tab === 'regions' ? `Regions${result ? ` (${result.detections.length})` : ''}` : `All results (${this.batch.items.length})`}
            </button>`,
          )}
        </div>
        <div class="tab-body" role="tabpanel">
          ${
            this.bottomTab === 'regions'
              ? html`<regions-table
                .detections=${detections}
                .highlightedIndex=${this.hoveredRegion}
                .selectedIndex=${this.selectedRegion}
                @region-hovered=${(e: { index: number | null }) => {
                  this.hoveredRegion = e.index;
                }}
                @region-selected=${(e: { index: number | null }) => {
                  this.selectedRegion = e.index;
                }}
              ></regions-table>`
              : html`<results-table
                .items=${this.batch.items}
                .selectedId=${this.viewer.selectedId}
                .scores=${this.tuning.active ? this.tuning.scores : null}
                @item-selected=${(e: { id: string }) => this.select(e.id)}
              ></results-table>`
          }
        </div>
      </div>
    </section>`;
  }

  private renderRight() {
    return html`<aside class="panel right" aria-label="Settings and results">
      <results-summary class="card" .items=${this.batch.items}></results-summary>
      ${
        this.params && this.model
          ? html`<params-panel
            class="card"
            .params=${this.params}
            .defaults=${this.model.postprocess}
            .timeoutMs=${this.settings.timeoutMs}
            @params-changed=${(e: { params: PostprocessParams }) => this.onParamsChanged(e.params)}
            @timeout-changed=${(e: { timeoutMs: number }) => this.updateSettings({ timeoutMs: e.timeoutMs })}
            @params-reset=${() => this.onParamsChanged({ ...this.model!.postprocess })}
          ></params-panel>
          <document-panel
            class="card"
            .params=${this.documentParams}
            @document-params-changed=${(e: DocumentParamsChangedEvent) => this.onDocumentChanged(e.params)}
          ></document-panel>`
          : nothing
      }
      <recognition-panel
        class="card"
        ?enabled=${this.recognition.enabled}
        ?hasText=${hasText(this.selected?.result?.detections)}
        .reading=${
          this.selected?.status === ItemStatus.Running
            ? this.recognition.reading(this.selected.id)
            : null
        }
        @read-text-toggled=${(e: ReadTextToggledEvent) => this.recognition.setEnabled(e.enabled)}
        @text-copy-requested=${() => this.recognition.copyText(this.selected?.result?.detections ?? [])}
      ></recognition-panel>
      ${renderTuningPanels(this.tuning, this.params, (params) => this.onParamsChanged(params))}
      <export-panel
        class="card"
        ?csvConfidence=${this.settings.csvConfidence}
        ?hasResults=${this.hasResults}
        ?hasText=${this.batch.items.some((i) => i.result?.recognizerId)}
        @csv-confidence-toggled=${(e: CsvConfidenceToggledEvent) =>
          this.updateSettings({ csvConfidence: e.included })}
        @results-export-requested=${(e: ResultsExportRequestedEvent) =>
          this.onExportRequested(e.format)}
        @session-reset-requested=${this.resetSession}
      ></export-panel>
    </aside>`;
  }

  private get hasResults(): boolean {
    return this.batch.items.some((i) => i.result || i.status === ItemStatus.Failed);
  }

  private report(message: string): void {
    this.notices = [...this.notices.slice(-2), message];
  }

  private dismiss(index: number): void {
    this.notices = this.notices.filter((_, i) => i !== index);
  }

  private updateSettings(changes: Partial<Settings>): void {
    this.settings = { ...this.settings, ...changes };
    saveSettings(browserStorage(), this.settings);
  }

  /** A backend from the menu (`retry`: try WebGPU again after a fallback): loads the model anew. */
  private async chooseBackend(preference: BackendPreference, retry = false): Promise<void> {
    this.updateSettings({
      backend: preference,
      ...(retry || preference !== 'auto' ? { webgpuFallback: null } : {}),
    });
    await this.models.reload();
  }

  private onFilesAdded(event: { files: File[] }): void {
    const labels = event.files.filter((file) => isLabelFileName(file.name));
    if (labels.length > 0) void this.tuning.addFiles(labels);
    const added = this.batch.add(event.files.filter((file) => !isLabelFileName(file.name)));
    const first = added[0];
    if (first && !this.viewer.selectedId) void this.select(first.id);
  }

  private async select(id: string): Promise<void> {
    this.hoveredRegion = null;
    this.selectedRegion = null;
    await this.viewer.select(this.batch.items.find((i) => i.id === id) ?? null);
  }

  private run = async (): Promise<void> => {
    const settings = this.runSettings;
    if (settings) await this.batch.run(settings);
  };

  private retryFailed = async (): Promise<void> => {
    const settings = this.runSettings;
    if (settings) await this.batch.retryFailed(settings);
  };

  private async retry(id: string): Promise<void> {
    const settings = this.runSettings;
    if (settings) await this.batch.retry(id, settings);
  }

  private clear = (): void => {
    this.batch.clear();
    void this.viewer.select(null);
  };

  private resetSession = (): void => {
    this.clear();
    if (this.model) this.onParamsChanged({ ...this.model.postprocess });
    void this.engine.call((api) => api.forgetMap()).catch(() => undefined);
  };

  private onParamsChanged(params: PostprocessParams): void {
    if (!this.model) return;
    this.models.setParams(params);
    clearTimeout(this.paramsTimer);
    this.paramsTimer = window.setTimeout(() => {
      if (this.batch.isRunning) return;
      // Labelled images with kept maps are re-processed and re-scored by the tuning controller.
      const taken = this.tuning.rescore(params);
      const item = this.selected;
      if (item?.result && !taken.has(item.id)) this.viewer.reprocess(item, params);
    }, PARAMS_DEBOUNCE_MS);
  }

  /** The straightened page with the regions carried onto it, or null while it is drawn. */
  private pageView(document: DocumentResult, detections: readonly Detection[]) {
    const image = this.viewer.pageImageFor(document);
    if (!image) return null;
    const { pageWidth: width, pageHeight: height } = document;
    return { image, width, height, detections: detectionsOnPage(document, detections) };
  }

  /** The person placed the page's corners: the image on screen is processed again with them. */
  private onPageCornersChanged(quad: Polygon): void {
    const item = this.selected;
    if (!item?.result || !this.params || quad.length !== 4) return;
    this.viewer.redetect(item, this.params, quad as Quad);
  }

  /**
   * Find the page again (dropping corners placed by hand), or place it by hand where none was
   * found: corners a tenth of the photo in from its edges, to be dragged onto the page.
   */
  private onPageCornersRequested(placeByHand: boolean): void {
    const item = this.selected;
    if (!item?.result || !this.params) return;
    const { imageWidth: width, imageHeight: height } = item.result;
    const inset = (share: number, side: number) => Math.round(share * side);
    const quad: Quad = [
      [inset(0.1, width), inset(0.1, height)],
      [inset(0.9, width), inset(0.1, height)],
      [inset(0.9, width), inset(0.9, height)],
      [inset(0.1, width), inset(0.9, height)],
    ];
    this.viewer.redetect(item, this.params, placeByHand ? quad : null);
  }

  /** A preprocessing change: remembered, and the image on screen is detected again in full. */
  private onDocumentChanged(document: DocumentParams): void {
    this.updateSettings({ document });
    const item = this.selected;
    if (item?.result && this.params && !this.batch.isRunning)
      this.viewer.redetect(item, this.params);
  }

  /** The model and parameters in use, for exported items that never ran. */
  private get currentRun(): CurrentRun {
    return { modelId: this.model?.id ?? '', params: this.params! };
  }

  private onExportRequested(format: ResultsFormat): void {
    if (format === 'csv') saveCompetitionCsv(this.batch.items, this.settings.csvConfidence);
    else if (format === 'json') saveResultsJson(this.batch.items, this.currentRun);
    else saveTextCsv(this.recognition.textCsv(this.batch.items));
  }

  private exportPng = async (): Promise<void> => {
    const item = this.selected;
    if (!item?.result) return;
    try {
      await saveOverlayPng(item, { labels: this.settings.showLabels });
    } catch (error) {
      this.report(`PNG export failed: ${userMessage(error)}`);
    }
  };

  private copyPolygons = async (): Promise<void> => {
    const item = this.selected;
    if (!item?.result) return;
    const text = JSON.stringify(item.result.detections.map((d) => d.imagePolygon));
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      this.report(`The clipboard refused the polygons: ${userMessage(error)}`);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'app-root': AppRoot;
  }
}
