/**
 * What the workbench's buttons, panels and overlay do: runs, retries, parameter and preprocessing
 * changes, the page's corners, exports and copies, each through the app's controllers.
 */
import { userMessage } from '../../core/errors.js';
import type { Polygon } from '../../core/geometry/types.js';
import type { DetectorEngine } from '../../engine/detector-engine.js';
import type { BatchController, RunSettings } from '../../features/batch/ui/batch-controller.js';
import type { BatchItem } from '../../features/batch/ui/batch-item.js';
import { itemImage } from '../../features/batch/ui/item-image.js';
import type { ViewerController } from '../../features/detection/ui/viewer-controller.js';
import type { DocumentParams } from '../../features/document/pipeline/params.js';
import { asPageQuad, startingCorners } from '../../features/document/ui/page-corners.js';
import {
  type CurrentRun,
  saveCompetitionCsv,
  saveHocr,
  saveOverlayPng,
  saveResultsJson,
  saveTextCsv,
} from '../../features/export/ui/batch-exports.js';
import type { ResultsFormat } from '../../features/export/ui/export-panel.js';
import { SearchablePdfExport } from '../../features/export/ui/searchable-pdf-export.js';
import type { PostprocessParams } from '../../features/models/pipeline/descriptor.js';
import type { ModelController } from '../../features/models/ui/model-controller.js';
import { saveReceiptsCsv } from '../../features/receipt/ui/receipt-view.js';
import type { RecognitionController } from '../../features/recognition/ui/recognition-controller.js';
import type { TuningController } from '../../features/tuning/ui/tuning-controller.js';
import { debounce } from '../debounce.js';
import type { Settings } from '../settings-store.js';

/** Quiet time after the last slider move before re-processing, ms. */
const PARAMS_DEBOUNCE_MS = 120;

/** The app's controllers and settings as the workbench uses them; `<app-root>` owns them all. */
export interface WorkbenchContext {
  /** The detector engine (the session reset drops its kept map). */
  engine: DetectorEngine;
  batch: BatchController;
  viewer: ViewerController;
  recognition: RecognitionController;
  tuning: TuningController;
  models: ModelController;
  /** The person's settings as they are now. */
  settings(): Settings;
  /** Document-photo parameters in use: the person's over the model's over the app's defaults. */
  documentParams(): DocumentParams;
  /** Everything a run needs, or null while no model is loaded. */
  runSettings(): RunSettings | null;
  /** Changes and saves settings. */
  updateSettings(changes: Partial<Settings>): void;
  /** Shows a notice. */
  report(message: string): void;
  /** Says something briefly ("Copied"), on screen and to screen readers. */
  announce(message: string): void;
  /** Dismisses every notice. */
  clearNotices(): void;
  /** Adds chosen, dropped or pasted files to the batch (label files go to tuning). */
  addFiles(files: File[]): void;
  /** Shows the batch item `id` in the viewer. */
  select(id: string): Promise<void>;
  /** Keeps the receipt edits of batch item `id` with its stored result. */
  receiptEdited(id: string): void;
}

/** The workbench's actions on one context; `dispose()` drops a pending re-process. */
export class WorkbenchActions {
  /** The searchable-PDF export, its progress and its cancel. */
  readonly pdf = new SearchablePdfExport((item) => itemImage(this.context.engine, item));
  /** Re-processes after a parameter change once the sliders rest. */
  private readonly reprocessSoon = debounce((params: PostprocessParams) => {
    const { batch, tuning, viewer } = this.context;
    if (batch.isRunning) return;
    // Labelled images with kept maps are re-processed and re-scored by the tuning controller.
    const taken = tuning.rescore(params);
    const item = this.selected;
    if (item?.result && !taken.has(item.id)) viewer.reprocess(item, params);
  }, PARAMS_DEBOUNCE_MS);

  /** `context`: the app's controllers and settings, as `<app-root>` hands them over. */
  constructor(readonly context: WorkbenchContext) {}

  /** The batch item shown in the viewer, if any. */
  get selected(): BatchItem | null {
    const { batch, viewer } = this.context;
    return batch.items.find((i) => i.id === viewer.selectedId) ?? null;
  }

  /** Drops a pending re-process. */
  dispose(): void {
    this.reprocessSoon.cancel();
    this.pdf.dispose();
  }

  readonly run = async (): Promise<void> => {
    const settings = this.context.runSettings();
    if (settings) await this.context.batch.run(settings);
  };

  readonly retryFailed = async (): Promise<void> => {
    const settings = this.context.runSettings();
    if (settings) await this.context.batch.retryFailed(settings);
  };

  /** Detects exactly the items `ids` again, bypassing results already done or stored. */
  async redetect(ids: ReadonlySet<string>): Promise<void> {
    const settings = this.context.runSettings();
    if (settings) await this.context.batch.redetect(ids, settings);
  }

  async retry(id: string): Promise<void> {
    const settings = this.context.runSettings();
    if (settings) await this.context.batch.retry(id, settings);
  }

  readonly clear = (): void => {
    this.context.batch.clear();
    this.context.clearNotices();
    void this.context.viewer.select(null);
  };

  readonly resetSession = (): void => {
    this.clear();
    const model = this.context.models.current;
    if (model) this.setParams({ ...model.postprocess });
    void this.context.engine.call((api) => api.forgetMap()).catch(() => undefined);
  };

  /** New post-processing parameters: shown at once, applied to the images once the sliders rest. */
  setParams(params: PostprocessParams): void {
    if (!this.context.models.current) return;
    this.context.models.setParams(params);
    this.reprocessSoon(params);
  }

  /** The person placed the page's corners: the image on screen is processed again with them. */
  placeCorners(imagePolygon: Polygon): void {
    const item = this.selected;
    const params = this.context.models.params;
    const quad = asPageQuad(imagePolygon);
    if (!item?.result || !params || !quad) return;
    this.context.viewer.redetect(item, params, quad);
  }

  /**
   * Find the page again (dropping corners placed by hand), or place it by hand where none was
   * found, starting from corners to be dragged onto the page.
   */
  requestCorners(placeByHand: boolean): void {
    const item = this.selected;
    const params = this.context.models.params;
    if (!item?.result || !params) return;
    const { imageWidth, imageHeight } = item.result;
    this.context.viewer.redetect(
      item,
      params,
      placeByHand ? startingCorners(imageWidth, imageHeight) : null,
    );
  }

  /** A preprocessing change: remembered, and the image on screen is detected again in full. */
  setDocumentParams(document: DocumentParams): void {
    this.context.updateSettings({ document });
    const item = this.selected;
    const params = this.context.models.params;
    if (item?.result && params && !this.context.batch.isRunning) {
      this.context.viewer.redetect(item, params);
    }
  }

  /** The model and parameters in use, for exported items that never ran. */
  get currentRun(): CurrentRun {
    const { models } = this.context;
    return { modelId: models.current?.id ?? '', params: models.params! };
  }

  /** Saves every result in `format`. */
  exportResults(format: ResultsFormat): void {
    const { batch, recognition } = this.context;
    if (format === 'csv') saveCompetitionCsv(batch.items, this.context.settings().csvConfidence);
    else if (format === 'json') saveResultsJson(batch.items, this.currentRun);
    else if (format === 'receipts-csv') saveReceiptsCsv(batch.items);
    else if (format === 'hocr') saveHocr(batch.items);
    else if (format === 'pdf') {
      const { pdfScope: scope, pdfMaxLongSide: maxLongSide } = this.context.settings();
      this.pdf
        .toggle(batch.items, { scope, maxLongSide })
        .catch((error: unknown) =>
          this.context.report(`The searchable PDF failed: ${userMessage(error, 'pdf')}`),
        );
    } else saveTextCsv(recognition.textCsv(batch.items));
  }

  readonly exportPng = async (): Promise<void> => {
    const item = this.selected;
    if (!item?.result) return;
    try {
      const source = await itemImage(this.context.engine, item);
      await saveOverlayPng(item, source, { labels: this.context.settings().showLabels });
    } catch (error) {
      this.context.report(`PNG export failed: ${userMessage(error)}`);
    }
  };

  readonly copyPolygons = async (): Promise<void> => {
    const item = this.selected;
    if (!item?.result) return;
    const text = JSON.stringify(item.result.detections.map((d) => d.imagePolygon));
    try {
      await navigator.clipboard.writeText(text);
      this.context.announce(`Copied ${item.result.detections.length} polygons`);
    } catch (error) {
      this.context.report(`The clipboard refused the polygons: ${userMessage(error)}`);
    }
  };
}
