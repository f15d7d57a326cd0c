/**
 * The workbench's exports of the batch: which items go in, as what, and the files a person saves
 * (competition CSV, results JSON, text CSV, the overlay PNG). The formats are the pipeline's.
 */
import { type BatchItem, ItemStatus } from '../../batch/ui/batch-item.js';
import { decodeFullSize } from '../../detection/ui/viewer-controller.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import { pageFileName } from '../../pdf/pipeline/pdf-pages.js';
import { type ExportRow, toCompetitionCsv } from '../pipeline/csv.js';
import { toHocr } from '../pipeline/hocr.js';
import { type ResultsEntry, resultsEntry, toResultsJson } from '../pipeline/json.js';
import { downloadBlob, renderOverlayPng } from './png.js';

/** The model and parameters in use, named in the export of an item that never ran with any. */
export interface CurrentRun {
  /** Id of the model descriptor in use ('' while none is loaded). */
  modelId: string;
  /** Its post-processing parameters. */
  params: PostprocessParams;
}

/** A file name without its extension: `receipt.01.jpg` → `receipt.01`. */
export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/** The stem of an item's saved files: its base name, and `-p3` for page 3 of a PDF. */
export function savedStem(item: Pick<BatchItem, 'file' | 'page'>): string {
  return `${baseName(item.file.name)}${item.page ? `-p${item.page.number}` : ''}`;
}

/** One batch item's results entry: its result, or its failure under the model and parameters in use. */
export function itemEntry(item: BatchItem, current: CurrentRun): ResultsEntry {
  return resultsEntry({
    fileName: pageFileName(item.file.name, item.page),
    ...(item.page ? { page: item.page.number } : {}),
    modelId: item.modelId ?? current.modelId,
    params: item.params ?? current.params,
    result: item.result,
    error: item.error ? { name: item.errorName ?? 'Error', message: item.error } : null,
  });
}

/** The competition CSV's rows: every item with a result, or that failed or timed out (no polygons). */
export function exportRows(items: readonly BatchItem[]): ExportRow[] {
  return items
    .filter((i) => i.result || i.status === ItemStatus.Failed || i.status === ItemStatus.TimedOut)
    .map((i) => ({
      fileName: pageFileName(i.file.name, i.page),
      detections: i.result?.detections ?? [],
    }));
}

/** Saves `textspot-predictions.csv`, with a confidence column when asked. */
export function saveCompetitionCsv(items: readonly BatchItem[], confidence: boolean): void {
  const csv = toCompetitionCsv(exportRows(items), { confidence });
  downloadBlob(new Blob([csv], { type: 'text/csv' }), 'textspot-predictions.csv');
}

/** Saves `textspot-results.json`: every item with a result or an error, in list order. */
export function saveResultsJson(items: readonly BatchItem[], current: CurrentRun): void {
  const entries = items.filter((i) => i.result || i.error).map((i) => itemEntry(i, current));
  downloadBlob(
    new Blob([toResultsJson(entries)], { type: 'application/json' }),
    'textspot-results.json',
  );
}

/** Saves the text CSV (built by the recognition feature) as `textspot-text.csv`. */
export function saveTextCsv(csv: string): void {
  downloadBlob(new Blob([csv], { type: 'text/csv' }), 'textspot-text.csv');
}

/** Saves `<name>.hocr` for every item with text read: one file per image or PDF page. */
export function saveHocr(items: readonly BatchItem[]): void {
  for (const item of items) {
    const result = item.result;
    if (!result?.detections.some((d) => d.text)) continue;
    const hocr = toHocr({
      fileName: pageFileName(item.file.name, item.page),
      width: result.imageWidth,
      height: result.imageHeight,
      detections: result.detections,
    });
    downloadBlob(new Blob([hocr], { type: 'text/vnd.hocr+html' }), `${savedStem(item)}.hocr`);
  }
}

/**
 * Saves `<name>-regions.png`: the item's regions over its picture (`source`: its bytes as the
 * browser decodes them, a PDF page rendered) at original size. Rejects when the picture cannot be
 * decoded again or the canvas refuses; the caller tells the person.
 */
export async function saveOverlayPng(
  item: BatchItem,
  source: Blob,
  options: { labels: boolean },
): Promise<void> {
  const result = item.result;
  if (!result) return;
  // The display copy is capped at DISPLAY_LONG_SIDE; the export decodes the file again at full size.
  const image = await decodeFullSize(source);
  try {
    const blob = await renderOverlayPng(
      image,
      result.imageWidth,
      result.imageHeight,
      result.detections,
      options,
    );
    downloadBlob(blob, `${savedStem(item)}-regions.png`);
  } finally {
    image.close();
  }
}
