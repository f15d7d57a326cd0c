import { html, nothing } from 'lit';
import type { BackendChosenEvent } from '../../features/models/ui/backend-menu.js';
import type { ModelController } from '../../features/models/ui/model-controller.js';
import type { ModelImportSubmittedEvent } from '../../features/models/ui/model-import-dialog.js';
import type { PwaController } from '../../features/pwa/ui/pwa-controller.js';
import type { BackendPreference } from '../../protocol/detector.js';
import type { Settings } from '../settings-store.js';
import '../../features/models/ui/backend-menu.js';
import '../../features/models/ui/model-import-dialog.js';
import '../../features/models/ui/model-picker.js';
import '../../features/pwa/ui/update-banner.js';
import '../about-panel.js';

/** The two views the header switches between. */
export type AppView = 'workbench' | 'history';

/** What the app's header shows, and where its controls act. */
export interface AppHeaderContext {
  view: AppView;
  /** Stored results, once the history has been read; null before. */
  historyCount: number | null;
  models: ModelController;
  pwa: PwaController;
  settings: Settings;
  /** A batch is running: the model and backend cannot change. */
  running: boolean;
  showView(view: AppView): void;
  /** A backend from the menu (`retry`: try WebGPU again after a fallback). */
  chooseBackend(preference: BackendPreference, retry?: boolean): void;
}

/**
 * The header (brand, view tabs, model picker, engine status, backend menu, about), the update
 * banner, a model load failure and the model import dialog.
 */
export function renderAppHeader(ctx: AppHeaderContext) {
  const { models, settings, pwa } = ctx;
  const info = models.loadInfo;
  const loadError = models.loadError;
  const state = loadError ? 'error' : info ? 'ready' : 'loading';
  const label = loadError
    ? 'Model failed to load'
    : info
      ? `${info.backend === 'webgpu' ? 'WebGPU' : `WASM · ${info.threads} thread${info.threads === 1 ? '' : 's'}`}`
      : models.catalog
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
          aria-selected=${ctx.view === view ? 'true' : 'false'}
          @click=${() => ctx.showView(view)}
        >
          ${view === 'workbench' ? 'Workbench' : 'History'}${
            view === 'history' && ctx.historyCount !== null
              ? html`<span class="badge">${ctx.historyCount}</span>`
              : nothing
          }
        </button>`,
      )}
    </div>
    <model-picker
      .models=${models.options}
      .currentId=${models.current?.id ?? null}
      .pendingId=${models.pendingId}
      .failing=${models.health.failing}
      ?disabled=${ctx.running || models.busy}
      @model-selected=${(e: { id: string }) => models.pick(e.id)}
      @model-import-requested=${() => models.openImport()}
      @model-removal-requested=${(e: { id: string }) => models.removeFromPicker(e.id)}
    ></model-picker>
    <span
      class="engine-status"
      data-state=${state}
      data-testid="backend"
      title=${
        info
          ? `${settings.webgpuFallback && info.backend === 'wasm' ? `WebGPU failed (${settings.webgpuFallback}); ` : info.backendReason}; session created in ${info.sessionCreateMs.toFixed(0)} ms`
          : ''
      }
    >
      <span class="dot"></span>${label}
    </span>
    <backend-menu
      .preference=${settings.backend}
      .fallbackReason=${settings.webgpuFallback}
      ?disabled=${ctx.running || models.busy}
      @backend-chosen=${(e: BackendChosenEvent) => ctx.chooseBackend(e.preference)}
      @webgpu-retry-requested=${() => ctx.chooseBackend('auto', true)}
    ></backend-menu>
    <span class="spacer"></span>
    <span class="privacy">Runs on your device · nothing is uploaded</span>
    <about-panel
      .version=${pwa.version}
      .engine=${info ? label : ''}
      ?isolated=${pwa.isolation.isolated}
      .isolationReason=${pwa.isolation.reason}
      ?offlineReady=${pwa.offlineReady}
    ></about-panel>
  </header>
  <update-banner
    .offer=${pwa.update}
    @update-accepted=${() => pwa.applyUpdate()}
  ></update-banner>
  ${loadError ? html`<div class="notice" role="alert"><p>${loadError}</p></div>` : nothing}
  <model-import-dialog
    ?open=${models.importDialog.open}
    ?busy=${models.importDialog.busy}
    .error=${models.importDialog.error}
    .sameBytes=${models.importDialog.sameBytes ?? null}
    @model-import-submitted=${(e: ModelImportSubmittedEvent) =>
      models.submitImport(e.file, e.descriptor, e.duplicate)}
    @model-import-cancelled=${() => models.closeImport()}
  ></model-import-dialog>`;
}
