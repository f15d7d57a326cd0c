import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { BYTES_PER_MB } from '../core/units.js';
import { createDetectorWorker } from '../engine/create-detector-worker.js';
import { createScoringWorker } from '../engine/create-scoring-worker.js';
import { type BackendFallbackEvent, DetectorEngine } from '../engine/detector-engine.js';
import {
  BatchController,
  handPlacedQuad,
  type RunSettings,
} from '../features/batch/ui/batch-controller.js';
import { ViewerController } from '../features/detection/ui/viewer-controller.js';
import type { DocumentParams } from '../features/document/pipeline/params.js';
import { HistoryController } from '../features/history/ui/history-controller.js';
import { storedCopyFile, toItemResult } from '../features/history/ui/history-records.js';
import type { ModelDescriptor, PostprocessParams } from '../features/models/pipeline/descriptor.js';
import { ModelStore } from '../features/models/store/model-store.js';
import { ModelController } from '../features/models/ui/model-controller.js';
import { PwaController } from '../features/pwa/ui/pwa-controller.js';
import { RecognitionController } from '../features/recognition/ui/recognition-controller.js';
import { isLabelFileName } from '../features/tuning/pipeline/labels.js';
import { TuningController } from '../features/tuning/ui/tuning-controller.js';
import type { BackendPreference } from '../protocol/detector.js';
import { appRootStyles } from './app-root.styles.js';
import { controlStyles, themeTokens } from './design/theme.js';
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
import { type AppView, renderAppHeader } from './views/app-header.js';
import type {
  HistoryOpenInWorkbenchEvent,
  StatusAnnouncedEvent,
} from './views/history-opened-text.js';
import type { WorkbenchContext } from './views/workbench-actions.js';
import { workbenchViewStyles } from './views/workbench-view.styles.js';
import './status-toast.js';
import './views/history-view.js';
import './views/workbench-view.js';
import { pdfPageRequest } from '../features/batch/ui/pdf-pages.js';

/** Long side of stored thumbnails, px. */
const THUMBNAIL_LONG_SIDE = 1024;

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
  static override styles = [themeTokens, controlStyles, appRootStyles, workbenchViewStyles];

  @state() private notices: string[] = [];
  /** Saved settings as read at start-up, with any refused values named for a notice. */
  private readonly loadedSettings = loadSettings(browserStorage());
  @state() private settings: Settings = this.loadedSettings.settings;
  @state() private view: AppView = 'workbench';

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
          ...(item.page ? { pdfPage: pdfPageRequest(item.page) } : {}),
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

  /** What <workbench-view> reads and calls; the same object for the page's life. */
  private readonly workbench: WorkbenchContext = {
    engine: this.engine,
    batch: this.batch,
    viewer: this.viewer,
    recognition: this.recognition,
    tuning: this.tuning,
    models: this.models,
    settings: () => this.settings,
    documentParams: () => this.documentParams,
    runSettings: () => this.runSettings,
    updateSettings: (changes) => this.updateSettings(changes),
    report: (message) => this.report(message),
    announce: (message) => this.renderRoot.querySelector('status-toast')?.show(message),
    clearNotices: () => {
      this.notices = [];
    },
    addFiles: (files) => this.onFilesAdded({ files }),
    select: (id) => this.select(id),
    receiptEdited: (id) => {
      const item = this.batch.items.find((i) => i.id === id);
      if (item) void this.history.saveReceiptEdits(item);
    },
  };

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
    this.batch.onItemFailed = (_item, error, modelId) => this.models.noteDetection(modelId, error);
    this.batch.onItemDone = (item, thumbnail, map) => {
      this.models.noteDetection(item.modelId, null);
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
      <a class="skip" href="#results" @click=${this.skipToResults}>Skip to results</a>
      ${renderAppHeader({
        view: this.view,
        historyCount: this.history.state.ready ? this.history.state.entries.length : null,
        models: this.models,
        pwa: this.pwa,
        settings: this.settings,
        running: this.batch.isRunning,
        showView: (view) => {
          this.view = view;
        },
        chooseBackend: (preference, retry) => void this.chooseBackend(preference, retry),
      })}
      ${this.notices.map(
        (notice, index) => html`<div class="notice" role="alert">
          <p>${notice}</p>
          <button class="quiet" @click=${() => this.dismiss(index)} aria-label="Dismiss">✕</button>
        </div>`,
      )}
      <workbench-view
        ?hidden=${this.view !== 'workbench'}
        .context=${this.workbench}
      ></workbench-view>
      ${
        this.view === 'history'
          ? html`<history-view
              .controller=${this.history}
              .state=${this.history.state}
              @history-open-in-workbench=${(event: HistoryOpenInWorkbenchEvent) =>
                void this.openInWorkbench(event.id)}
              @status-announced=${(event: StatusAnnouncedEvent) =>
                this.renderRoot.querySelector('status-toast')?.show(event.message)}
            ></history-view>`
          : nothing
      }
      <status-toast></status-toast>
    `;
  }

  private skipToResults = (event: Event): void => {
    event.preventDefault();
    this.view = 'workbench';
    this.renderRoot.querySelector<HTMLElement>('#results')?.focus();
  };

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
    // A PDF's first page keeps its item's id once the PDF has opened.
    if (first && !this.viewer.selectedId) {
      void this.batch.opened().then(() => {
        if (!this.viewer.selectedId || this.viewer.selectedId === first.id)
          void this.select(first.id);
      });
    }
  }

  /** Adds a stored result to the batch as a done item of its stored copy, and shows it. */
  private async openInWorkbench(id: string): Promise<void> {
    const stored = await this.history.get(id);
    if (!stored) {
      this.report('That result is no longer in the history.');
      return;
    }
    const { modelId, params } = stored;
    const item = this.batch.addDone(storedCopyFile(stored), toItemResult(stored), modelId, params);
    this.view = 'workbench';
    await this.select(item.id);
    // Focus goes to the result (scrolling it into view on a phone), as after Detect.
    await this.updateComplete;
    const result = this.renderRoot.querySelector<HTMLElement>('#results');
    result?.scrollIntoView({ block: 'start' });
    result?.focus({ preventScroll: true });
    this.renderRoot.querySelector('status-toast')?.show(`Opened ${stored.fileName} (stored copy)`);
  }

  private async select(id: string): Promise<void> {
    await this.viewer.select(this.batch.items.find((i) => i.id === id) ?? null);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-root': AppRoot;
  }
}
