import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { canRetry, ItemStatus } from '../../features/batch/ui/batch-item.js';
import type { FilesAddedEvent } from '../../features/batch/ui/file-drop-zone.js';
import { renderAdjustDetection } from '../../features/detection/ui/adjust-detection.js';
import type { PageCornersChangedEvent } from '../../features/detection/ui/polygon-overlay.js';
import type {
  HeatmapToggledEvent,
  LabelsToggledEvent,
  PageCornersRequestedEvent,
  PageViewToggledEvent,
} from '../../features/detection/ui/viewer-toolbar.js';
import type { DocumentParamsChangedEvent } from '../../features/document/ui/document-panel.js';
import { pageShown } from '../../features/document/ui/page-corners.js';
import { toPredictionView } from '../../features/export/pipeline/json.js';
import { baseName, itemEntry } from '../../features/export/ui/batch-exports.js';
import type {
  CsvConfidenceToggledEvent,
  PdfChoiceChangedEvent,
  ResultsExportRequestedEvent,
} from '../../features/export/ui/export-panel.js';
import { PPOCR_V4_DET } from '../../features/models/pipeline/catalog.js';
import type { PostprocessParams } from '../../features/models/pipeline/descriptor.js';
import type { ReceiptFieldName } from '../../features/receipt/pipeline/fields.js';
import {
  type ReceiptCardHandlers,
  receiptFieldRegions,
  renderReceiptCard,
} from '../../features/receipt/ui/receipt-view.js';
import { hasText } from '../../features/recognition/ui/recognition-controller.js';
import type { ReadTextToggledEvent } from '../../features/recognition/ui/recognition-panel.js';
import { renderTuningPanels } from '../../features/tuning/ui/tuning-panels.js';
import { renderRunActions } from './run-actions.js';
import { WorkbenchActions, type WorkbenchContext } from './workbench-actions.js';
import {
  emptyViewer,
  focusRunButton,
  regionsEmptyText,
  revealResult,
  unreadableViewer,
} from './workbench-focus.js';
import '../../features/batch/ui/batch-list.js';
import '../../features/batch/ui/batch-progress.js';
import '../../features/batch/ui/failure-summary.js';
import '../../features/batch/ui/file-drop-zone.js';
import '../../features/batch/ui/results-summary.js';
import '../../features/batch/ui/results-table.js';
import '../../features/detection/ui/polygon-overlay.js';
import '../../features/detection/ui/regions-table.js';
import '../../features/detection/ui/viewer-toolbar.js';
import '../../features/document/ui/document-panel.js';
import '../../features/export/ui/export-panel.js';
import '../../features/export/ui/json-view.js';
import '../../features/recognition/ui/recognition-panel.js';
import '../../features/tuning/ui/match-legend.js';

/** Which table the bottom card shows. */
type BottomTab = 'regions' | 'results';

/**
 * The Workbench view: the images and their run (left), the selected image's overlay and tables
 * (centre), parameters, text and exports (right). It renders into its parent's shadow root, not
 * a shadow root of its own, so `<app-root>`'s tree holds the overlay as the e2e specs and scripts
 * expect; its styles (`workbenchViewStyles`, beside this file) are adopted by `<app-root>`.
 */
@customElement('workbench-view')
export class WorkbenchView extends LitElement {
  /**
   * The app's controllers and settings. They change in place, so every render of `<app-root>`
   * (each controller change) renders the workbench again.
   */
  @property({ attribute: false, hasChanged: () => true }) context: WorkbenchContext | null = null;

  @state() private hoveredRegion: number | null = null;
  @state() private selectedRegion: number | null = null;
  @state() private bottomTab: BottomTab = 'regions';
  /** The receipt field whose regions the overlay highlights. */
  @state() private receiptField: ReceiptFieldName | null = null;

  private actions: WorkbenchActions | null = null;
  /** The item the viewer showed at the last render: another one starts with no region picked. */
  private shownId: string | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.actions?.dispose();
    this.actions = null;
  }

  protected override willUpdate(): void {
    const context = this.context;
    if (!context) return;
    if (this.actions?.context !== context) {
      this.actions?.dispose();
      this.actions = new WorkbenchActions(context);
      this.actions.pdf.addEventListener('change', () => this.requestUpdate());
    }
    if (context.viewer.selectedId !== this.shownId) {
      this.shownId = context.viewer.selectedId;
      this.hoveredRegion = null;
      this.selectedRegion = null;
      this.receiptField = null;
    }
  }

  private readonly receiptHandlers: ReceiptCardHandlers = {
    selected: (field) => {
      this.receiptField = field;
    },
    edited: (item, result) => {
      this.batch.updateResult(item.id, result, item.params!, item.modelId ?? '');
      this.context!.receiptEdited(item.id);
    },
  };

  override render() {
    if (!this.context || !this.actions) return nothing;
    return html`<main>${this.renderLeft()} ${this.renderCenter()} ${this.renderRight()}</main>`;
  }

  private get batch() {
    return this.context!.batch;
  }

  private get viewer() {
    return this.context!.viewer;
  }

  private get recognition() {
    return this.context!.recognition;
  }

  private get tuning() {
    return this.context!.tuning;
  }

  private get settings() {
    return this.context!.settings();
  }

  private get model() {
    return this.context!.models.current;
  }

  private get params(): PostprocessParams | null {
    return this.context!.models.params;
  }

  private get selected() {
    return this.actions!.selected;
  }

  private get hasResults(): boolean {
    return this.batch.items.some((i) => i.result || i.status === ItemStatus.Failed);
  }

  /** A row picked in the list or the results table: shown, with no region picked yet. */
  private onItemSelected(id: string): void {
    this.hoveredRegion = null;
    this.selectedRegion = null;
    void this.context!.select(id);
  }

  /** New files: listed, and the keyboard lands on Detect (the file dialog's button may be gone). */
  private onFilesAdded = async (event: FilesAddedEvent): Promise<void> => {
    this.context!.addFiles(event.files);
    await focusRunButton(this);
  };

  /** Runs the batch, then shows the result ({@link revealResult}). */
  private onRun = async (): Promise<void> => {
    await this.actions!.run();
    await this.updateComplete;
    revealResult(this);
  };

  private renderLeft() {
    const settings = this.context!.runSettings();
    const toRun = settings ? this.batch.countToRun(settings) : 0;
    const { done, total, etaMs } = this.batch.progress;
    const items = this.batch.items;
    return html`<section class="panel" aria-label="Images">
      <file-drop-zone ?compact=${items.length > 0} @files-added=${this.onFilesAdded}></file-drop-zone>
      ${renderRunActions({
        items,
        toRun,
        retryable: items.filter(canRetry).length,
        running: this.batch.isRunning,
        ready: Boolean(settings && this.context!.models.loadInfo),
        run: this.onRun,
        cancelAll: () => this.batch.cancelAll(),
        retryFailed: this.actions!.retryFailed,
        clear: this.actions!.clear,
      })}
      <batch-progress
        .done=${done}
        .total=${total}
        .etaMs=${etaMs}
        .running=${this.batch.isRunning}
      ></batch-progress>
      <failure-summary .items=${items}></failure-summary>
      <batch-list
        class="card"
        .items=${items}
        .selectedId=${this.viewer.selectedId}
        @item-selected=${(e: { id: string }) => this.onItemSelected(e.id)}
        @item-included-changed=${(e: { id: string; included: boolean }) =>
          this.batch.setIncluded(e.id, e.included)}
        @all-included-changed=${(e: { included: boolean }) => this.batch.setAllIncluded(e.included)}
        @item-cancelled=${(e: { id: string }) => this.batch.cancel(e.id)}
        @item-retried=${(e: { id: string }) => this.actions!.retry(e.id)}
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
    const page =
      found && this.viewer.showPage
        ? pageShown(this.viewer.pageImageFor(found), found, result!.detections)
        : null;
    const labelled = item !== null && this.tuning.labelsFor(item) !== null;
    return html`<section id="results" tabindex="-1" class="center ${labelled ? 'tuned' : ''}" aria-label="Result">
      <viewer-toolbar
        class="card"
        .fileName=${item?.file.name ?? null}
        .status=${item?.status ?? ''}
        .result=${result}
        ?showLabels=${this.settings.showLabels}
        ?showHeatmap=${this.viewer.showHeatmap}
        ?showPage=${this.viewer.showPage}
        ?pageEditable=${!this.batch.isRunning}
        @page-corners-requested=${(e: PageCornersRequestedEvent) => this.actions!.requestCorners(e.placeByHand)}
        @page-view-toggled=${(e: PageViewToggledEvent) => this.viewer.setShowPage(e.showPage)}
        @labels-toggled=${(e: LabelsToggledEvent) => this.context!.updateSettings({ showLabels: e.shown })}
        @heatmap-toggled=${(e: HeatmapToggledEvent) =>
          this.viewer.setShowHeatmap(e.shown, this.selected)}
        @polygons-copy-requested=${this.actions!.copyPolygons}
        @png-export-requested=${this.actions!.exportPng}
      ></viewer-toolbar>
      ${labelled ? html`<match-legend class="card" .match=${this.tuning.matchFor(item)}></match-legend>` : nothing}
      ${
        item && !result && this.viewer.displayError
          ? unreadableViewer(item.file.name, this.viewer.displayError)
          : item
            ? html`<polygon-overlay
            .image=${page ? page.image : this.viewer.image}
            .imageWidth=${page ? page.width : imageWidth}
            .imageHeight=${page ? page.height : imageHeight}
            .detections=${page ? page.detections : detections}
            .pageQuad=${page ? null : (found?.pageQuad ?? null)}
            ?pageEditable=${Boolean(found) && !page && !this.batch.isRunning}
            @page-corners-changed=${(e: PageCornersChangedEvent) => this.actions!.placeCorners(e.quad)}
            .highlightedIndex=${this.hoveredRegion ?? this.selectedRegion}
            .highlightedIndices=${page ? [] : receiptFieldRegions(result, this.receiptField)}
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
            : emptyViewer
      }
      <json-view
        .value=${result ? toPredictionView(itemEntry(item!, this.actions!.currentRun)) : null}
        label="Raw prediction JSON"
        fileName=${item ? `${baseName(item.file.name)}.json` : 'prediction.json'}
      ></json-view>
      <div class="bottom card ${this.bottomTab === 'regions' ? 'flow' : ''}">
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
                emptyText=${regionsEmptyText(item)}
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
                @item-selected=${(e: { id: string }) => this.onItemSelected(e.id)}
              ></results-table>`
          }
        </div>
      </div>
    </section>`;
  }

  private renderRight() {
    // What people choose first (Read text, Document photo) leads; the detector's numbers wait
    // under "Adjust detection". Every card is there before the model loads, so nothing moves.
    return html`<aside class="panel right" aria-label="Settings and results">
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
        @text-copy-requested=${async () => {
          if (await this.recognition.copyText(this.selected?.result?.detections ?? []))
            this.context!.announce('Copied the text');
        }}
      ></recognition-panel>
      <document-panel
        class="card"
        .params=${this.context!.documentParams()}
        @document-params-changed=${(e: DocumentParamsChangedEvent) => this.actions!.setDocumentParams(e.params)}
      ></document-panel>
      ${renderReceiptCard(this.selected, this.receiptField, this.receiptHandlers)}
      ${renderAdjustDetection({
        params: this.params,
        defaults: this.model?.postprocess ?? null,
        placeholder: PPOCR_V4_DET.postprocess,
        timeoutMs: this.settings.timeoutMs,
        setParams: (params) => this.actions!.setParams(params),
        setTimeoutMs: (timeoutMs) => this.context!.updateSettings({ timeoutMs }),
      })}
      ${renderTuningPanels(
        this.tuning,
        this.params,
        (params) => this.actions!.setParams(params),
        (ids) => void this.actions!.redetect(ids),
        this.batch.isRunning,
      )}
      <results-summary class="card" .items=${this.batch.items}></results-summary>
      <export-panel
        class="card"
        ?csvConfidence=${this.settings.csvConfidence}
        ?hasResults=${this.hasResults}
        ?hasText=${this.batch.items.some((i) => i.result?.recognizerId)}
        .pdfProgress=${this.actions!.pdf.progress}
        .pdfChoice=${{ scope: this.settings.pdfScope, maxLongSide: this.settings.pdfMaxLongSide }}
        .items=${this.batch.items}
        @pdf-choice-changed=${(e: PdfChoiceChangedEvent) =>
          this.context!.updateSettings({
            pdfScope: e.choice.scope,
            pdfMaxLongSide: e.choice.maxLongSide,
          })}
        @csv-confidence-toggled=${(e: CsvConfidenceToggledEvent) =>
          this.context!.updateSettings({ csvConfidence: e.included })}
        @results-export-requested=${(e: ResultsExportRequestedEvent) =>
          this.actions!.exportResults(e.format)}
        @session-reset-requested=${this.actions!.resetSession}
      ></export-panel>
    </aside>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workbench-view': WorkbenchView;
  }
}
