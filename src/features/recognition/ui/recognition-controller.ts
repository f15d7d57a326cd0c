import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { userMessage } from '../../../core/errors.js';
import { readingOrderLines, textInReadingOrder } from '../../../core/geometry/reading-order.js';
import type { DetectProgress, RecognizeRequest } from '../../../protocol/detector.js';
import type { BatchItem } from '../../batch/ui/batch-item.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import { toTextCsv } from '../../export/pipeline/text-csv.js';
import { modelsBaseUrl } from '../../models/ui/model-catalog.js';
import { pageFileName } from '../../pdf/pipeline/pdf-pages.js';

/** The recognizer the app reads text with: its descriptor beside the weights in the models folder. */
const RECOGNIZER_DESCRIPTOR_FILE = 'ppocr-v4-rec.json';

/** What the controller needs from the app. */
export interface RecognitionDeps {
  /** Whether "Read text" is on (from the settings). */
  enabled(): boolean;
  /** Saves "Read text" in the settings. */
  setEnabled(enabled: boolean): void;
  /** Shows a notice to the person. */
  report(message: string): void;
}

/**
 * Owns what recognition adds to the page: the request the worker gets when "Read text" is on,
 * the regions and text of the running image as they arrive (shown before the job ends), the
 * image's text in reading order for the clipboard, and the text CSV.
 */
export class RecognitionController implements ReactiveController {
  private live: { id: string; progress: DetectProgress } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: RecognitionDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether "Read text" is on. */
  get enabled(): boolean {
    return this.deps.enabled();
  }

  /** Turns "Read text" on or off. */
  setEnabled(enabled: boolean): void {
    this.deps.setEnabled(enabled);
    this.host.requestUpdate();
  }

  /** The worker's recognition request, or null when "Read text" is off. */
  request(): RecognizeRequest | null {
    if (!this.enabled) return null;
    return {
      descriptorUrl: new URL(RECOGNIZER_DESCRIPTOR_FILE, modelsBaseUrl()).href,
      // Under a service worker its precache keeps the weights; otherwise the worker does.
      cacheWeights: !globalThis.navigator?.serviceWorker?.controller,
    };
  }

  /** Takes a running item's progress (its regions, then each batch of text). */
  progress(id: string, progress: DetectProgress): void {
    this.live = { id, progress };
    this.host.requestUpdate();
  }

  /** Drops the live progress of `id` (its job ended: the result, or its failure, replaces it). */
  settle(id: string): void {
    if (this.live?.id !== id) return;
    this.live = null;
    this.host.requestUpdate();
  }

  /** The regions of running item `id` as far as they are known, or null. */
  liveDetections(id: string): Detection[] | null {
    return this.live?.id === id ? this.live.progress.detections : null;
  }

  /** How far the reading of running item `id` has got, or null when none is under way. */
  reading(id: string | null): { read: number; total: number } | null {
    if (!id || this.live?.id !== id) return null;
    const { readCount, detections } = this.live.progress;
    return readCount < detections.length ? { read: readCount, total: detections.length } : null;
  }

  /**
   * Copies `detections`' text in reading order (lines top to bottom, left to right); true once the
   * clipboard has it.
   */
  async copyText(detections: readonly Detection[]): Promise<boolean> {
    const text = textInReadingOrder(
      detections.map((d) => d.imagePolygon),
      detections.map((d) => d.text ?? ''),
    );
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      this.deps.report(`The clipboard refused the text: ${userMessage(error)}`);
      return false;
    }
  }

  /** The text CSV of every item whose text was read, regions in reading order. */
  textCsv(items: readonly BatchItem[]): string {
    return toTextCsv(
      items
        .filter((item) => item.result?.recognizerId)
        .map((item) => {
          const detections = item.result!.detections;
          const order = readingOrderLines(detections.map((d) => d.imagePolygon)).flat();
          return {
            fileName: pageFileName(item.file.name, item.page),
            regions: order.map((index) => {
              const d = detections[index]!;
              return {
                imagePolygon: d.imagePolygon,
                text: d.text ?? '',
                confidence: d.textScore ?? 0,
              };
            }),
          };
        }),
    );
  }
}

/** True when any of `detections` has text to copy. */
export function hasText(detections: readonly Detection[] | undefined): boolean {
  return detections?.some((d) => Boolean(d.text)) ?? false;
}
