/**
 * JSON writers: the evaluation predictions format (file name → polygons) and a full results
 * record (scores, image size, model, parameters, timings). Polygons are in original-image pixels.
 */
import type { Polygon } from '../../../core/geometry/types.js';
import type { Backend, Detection, StageTimings } from '../../detection/pipeline/detection.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import {
  type ReceiptEdits,
  type ReceiptRecord,
  receiptRecordOf,
} from '../../receipt/pipeline/receipt-record.js';
import type { ReadingOrientation } from '../../recognition/pipeline/reading-orientation.js';
import type { ExportRow } from './csv.js';

/** Decimal places kept for coordinates (0.01 px: far below what moves an IoU). */
const COORDINATE_DECIMALS = 2;
/** Decimal places kept for scores. */
const SCORE_DECIMALS = 4;
/** Identifies the results file's shape; bump `version` when it changes. */
export const RESULTS_FORMAT = { name: 'textspot-results', version: 1 } as const;

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // `+ 0` turns a rounded -0 into 0 so the JSON never says -0.
  return Math.round(value * factor) / factor + 0;
}

function roundPolygon(imagePolygon: Polygon): Polygon {
  return imagePolygon.map(([x, y]) => [
    roundTo(x, COORDINATE_DECIMALS),
    roundTo(y, COORDINATE_DECIMALS),
  ]);
}

/**
 * The evaluation predictions object, `{ "file.jpg": [[[x, y], ...], ...] }`, in original-image
 * pixels to 0.01 px. Throws `RangeError` on a repeated file name, which the format cannot hold.
 */
export function toPredictions(rows: ExportRow[]): Record<string, Polygon[]> {
  const predictions: Record<string, Polygon[]> = {};
  for (const row of rows) {
    if (Object.hasOwn(predictions, row.fileName)) {
      throw new RangeError(`file name "${row.fileName}" appears twice`);
    }
    predictions[row.fileName] = row.detections.map((d) => roundPolygon(d.imagePolygon));
  }
  return predictions;
}

/** {@link toPredictions} serialised as JSON text, the file the evaluation scripts read. */
export function toPredictionsJson(rows: ExportRow[]): string {
  return JSON.stringify(toPredictions(rows));
}

/** What the results export needs to know about one processed image. */
export interface ResultsEntry {
  /** The image's file name as uploaded; a PDF page's is `file.pdf#page=3`. */
  fileName: string;
  /** For a page of a PDF: its 1-based number. */
  page?: number;
  /** Original image width in pixels (after EXIF orientation). */
  width: number;
  /** Original image height in pixels (after EXIF orientation). */
  height: number;
  /** Id of the model descriptor that produced the detections. */
  modelId: string;
  /** Backend the session ran on, when known. */
  backend?: Backend;
  /** Post-processing parameters the detections were decoded with. */
  params: PostprocessParams;
  /** Detections in original-image pixels; empty when the image failed. */
  detections: Detection[];
  /** `pdf` when the regions' text is the PDF page's own text layer, not read. */
  textSource?: 'pdf';
  /** Milliseconds per stage, absent when the image failed before timing. */
  timings?: StageTimings;
  /** Set when the image failed: the error's `name` and its message. */
  error?: { name: string; message: string };
  /** The receipt fields read from the regions' text (with the person's edits); absent without text. */
  receipt?: ReceiptRecord;
  /** How the text was turned before it was read; absent when recognition did not run. */
  readingOrientation?: ReadingOrientation;
}

/** A detection result as every export reads it: image size, backend, stage timings, regions. */
export interface ExportedResult {
  /** Original image width in pixels (after EXIF orientation). */
  imageWidth: number;
  /** Original image height in pixels (after EXIF orientation). */
  imageHeight: number;
  /** Backend the session ran on. */
  backend: Backend;
  /** Milliseconds per stage. */
  timings: StageTimings;
  /** Detections in original-image pixels. */
  detections: Detection[];
  /** `pdf` when the regions' text is the PDF page's own text layer. */
  textSource?: 'pdf';
  /** The person's corrections of the receipt fields. */
  receiptEdits?: ReceiptEdits;
  /** How the text was turned before it was read; absent when recognition did not run. */
  readingOrientation?: ReadingOrientation;
}

/** One image as the exports see it: its name, what it was detected with, its result or failure. */
export interface ResultSource {
  /** The image's file name as uploaded; a PDF page's is `file.pdf#page=3`. */
  fileName: string;
  /** For a page of a PDF: its 1-based number. */
  page?: number;
  /** Id of the model descriptor the result was (or would have been) made with. */
  modelId: string;
  /** Post-processing parameters the result was (or would have been) decoded with. */
  params: PostprocessParams;
  /** The result; null when the image failed before one was made. */
  result: ExportedResult | null;
  /** Set when the image failed: the error's `name` and its message. */
  error?: { name: string; message: string } | null;
}

/**
 * The one builder of an image's {@link ResultsEntry}: the workbench's JSON export, the history's
 * and `npm run eval` all go through it. A failed image keeps its name, size 0 × 0 and no regions.
 */
export function resultsEntry(source: ResultSource): ResultsEntry {
  const { result, error } = source;
  const receipt = result ? receiptRecordOf(result.detections, result.receiptEdits) : null;
  return {
    fileName: source.fileName,
    ...(source.page !== undefined ? { page: source.page } : {}),
    width: result?.imageWidth ?? 0,
    height: result?.imageHeight ?? 0,
    modelId: source.modelId,
    params: source.params,
    detections: result?.detections ?? [],
    ...(result?.textSource ? { textSource: result.textSource } : {}),
    ...(result ? { backend: result.backend, timings: result.timings } : {}),
    ...(result?.readingOrientation ? { readingOrientation: result.readingOrientation } : {}),
    ...(error ? { error: { name: error.name, message: error.message } } : {}),
    ...(receipt ? { receipt } : {}),
  };
}

/** One image's raw prediction as the workbench shows it: polygons as detected, scores to 4 decimals. */
export interface PredictionView {
  file: string;
  width: number;
  height: number;
  model: string;
  backend: Backend | undefined;
  params: PostprocessParams;
  timingsMs: StageTimings | undefined;
  /** Polygons in original-image pixels, unrounded; `text` and `textScore` when recognition ran. */
  regions: { polygon: Polygon; score: number; text?: string; textScore?: number }[];
}

/** The "Raw prediction JSON" of one image, from its {@link ResultsEntry}. */
export function toPredictionView(entry: ResultsEntry): PredictionView {
  return {
    file: entry.fileName,
    width: entry.width,
    height: entry.height,
    model: entry.modelId,
    backend: entry.backend,
    params: entry.params,
    timingsMs: entry.timings,
    regions: entry.detections.map((d) => ({
      polygon: d.imagePolygon,
      score: Number(d.score.toFixed(SCORE_DECIMALS)),
      ...(d.text === undefined
        ? {}
        : { text: d.text, textScore: Number(d.textScore?.toFixed(SCORE_DECIMALS)) }),
    })),
  };
}

/** The results file as written by {@link toResultsJson}. */
export interface ResultsFile {
  format: typeof RESULTS_FORMAT.name;
  version: typeof RESULTS_FORMAT.version;
  images: {
    fileName: string;
    width: number;
    height: number;
    modelId: string;
    backend: Backend | null;
    params: PostprocessParams;
    timings: StageTimings | null;
    error: { name: string; message: string } | null;
    /** How the text was turned before it was read (see `ReadingOrientation`); null without text. */
    readingOrientation: ReadingOrientation | null;
    /**
     * Polygons in original-image pixels to 0.01 px, scores to 4 decimals; `text` and its
     * `textScore` (0–1, 4 decimals) when recognition ran, and its `words` with their quads.
     */
    detections: {
      imagePolygon: Polygon;
      score: number;
      text?: string;
      textScore?: number;
      words?: { text: string; points: Polygon; score: number }[];
    }[];
    /** Receipt fields (date also as `dateIso`, `yyyy-mm-dd`); present when the regions have text. */
    receipt?: ReceiptRecord;
  }[];
}

/** The results file object: one entry per image, in input order, with every field present. */
export function toResults(results: ResultsEntry[]): ResultsFile {
  return {
    format: RESULTS_FORMAT.name,
    version: RESULTS_FORMAT.version,
    images: results.map((r) => ({
      fileName: r.fileName,
      width: r.width,
      height: r.height,
      modelId: r.modelId,
      backend: r.backend ?? null,
      params: { ...r.params },
      timings: r.timings ? { ...r.timings } : null,
      error: r.error ? { name: r.error.name, message: r.error.message } : null,
      readingOrientation: r.readingOrientation ? { ...r.readingOrientation } : null,
      detections: r.detections.map((d) => ({
        imagePolygon: roundPolygon(d.imagePolygon),
        score: roundTo(d.score, SCORE_DECIMALS),
        ...(d.text === undefined ? {} : { text: d.text }),
        ...(d.textScore === undefined ? {} : { textScore: roundTo(d.textScore, SCORE_DECIMALS) }),
        ...(d.words === undefined
          ? {}
          : {
              words: d.words.map((w) => ({
                text: w.text,
                points: roundPolygon(w.points),
                score: roundTo(w.score, SCORE_DECIMALS),
              })),
            }),
      })),
      ...(r.receipt ? { receipt: r.receipt } : {}),
    })),
  };
}

/** {@link toResults} serialised as indented JSON text. */
export function toResultsJson(results: ResultsEntry[]): string {
  return JSON.stringify(toResults(results), null, 2) + '\n';
}
