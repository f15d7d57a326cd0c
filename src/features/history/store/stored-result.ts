/**
 * The records the history keeps: one full result per run and a small summary beside it,
 * so the history list never loads thumbnails or polygons.
 */
import { textInReadingOrder } from '../../../core/geometry/reading-order.js';
import type { DetectResult, DocumentResult } from '../../../protocol/detector.js';
import type { CompactMap } from '../../detection/pipeline/compact-map.js';
import {
  type Backend,
  type Detection,
  type StageTimings,
  totalMs,
} from '../../detection/pipeline/detection.js';
import { type DocumentParams, documentKey } from '../../document/pipeline/params.js';
import type { ModelDescriptor, PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { ReceiptKeys } from '../../receipt/pipeline/fields.js';
import { type ReceiptEdits, receiptRecordOf } from '../../receipt/pipeline/receipt-record.js';

/** Layout version of `StoredResult` and `StoredSummary`; bump it and migrate on read when they change. */
export const RESULT_SCHEMA_VERSION = 1 as const;

/** A downscaled copy of the original image (long side ≤ 1024 px), as encoded bytes. */
export interface StoredThumbnail {
  /** Encoded image bytes; an ArrayBuffer, not a Blob, because Safari private mode rejects Blobs in IndexedDB. */
  bytes: ArrayBuffer;
  /** MIME type of `bytes`, e.g. `image/jpeg`. */
  mimeType: string;
  /** Thumbnail width, in thumbnail pixels. */
  width: number;
  /** Thumbnail height, in thumbnail pixels. */
  height: number;
}

/** One finished detection run as kept in the history. */
export interface StoredResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  /** Unique and sortable by creation time; see `newResultId`. */
  id: string;
  /** When the run finished, epoch ms. */
  createdAt: number;
  /** Name of the file the person chose. */
  fileName: string;
  /** Lower-case hex SHA-256 of the original file bytes. */
  contentHash: string;
  /** `ModelDescriptor.id` of the model that ran. */
  modelId: string;
  /** Post-processing parameters the run used. */
  params: PostprocessParams;
  /** Backend that actually ran the session. */
  backend: Backend;
  /** Milliseconds per stage. */
  timings: StageTimings;
  /** Original image width after EXIF orientation, in image pixels. */
  imageWidth: number;
  /** Original image height after EXIF orientation, in image pixels. */
  imageHeight: number;
  /** Detected regions, polygons in original-image pixels. */
  detections: Detection[];
  /** Downscaled copy of the image for the history view. */
  thumbnail: StoredThumbnail;
  /** Id of the recognizer that read the detections' `text`; absent when recognition did not run. */
  recognizerId?: string;
  /** Document preprocessing, when it ran: page quad, photo→page transform, steps' timings. */
  document?: DocumentResult;
  /** How the text was turned before it was read; absent when recognition did not run. */
  readingOrientation?: DetectResult['readingOrientation'];
  /** The probability map (8-bit), kept when ground truth was loaded, for live re-scoring. */
  map?: StoredMap;
  /** The person's corrections of the receipt fields read from the text. */
  receiptEdits?: ReceiptEdits;
}

/**
 * A kept probability map and what it came from: a map is only valid for the model and the
 * preprocessing that produced it, so re-scoring checks both before using it.
 */
export interface StoredMap extends CompactMap {
  /** `ModelDescriptor.id` of the model that produced it. */
  modelId: string;
  /** `preprocessKey(descriptor)`: input policy and normalisation the image went in with. */
  preprocessKey: string;
}

/** A stable key of a descriptor's preprocessing (input policy and normalisation). */
export function preprocessKey(
  descriptor: Pick<ModelDescriptor, 'input' | 'normalization'>,
): string {
  return JSON.stringify(
    sortKeysDeep({ input: descriptor.input, normalization: descriptor.normalization }),
  );
}

/** The light part of a result that the history list shows; stored under the same id. */
export interface StoredSummary {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  /** Same id as the full result. */
  id: string;
  /** When the run finished, epoch ms. */
  createdAt: number;
  fileName: string;
  /** Lower-case hex SHA-256 of the original file bytes; a PDF page's ends in `#page=N`. */
  contentHash: string;
  modelId: string;
  /** `paramsKey(result.params)`, for the "already processed" lookup. */
  paramsKey: string;
  /** Number of detected regions. */
  regionCount: number;
  /** Original image width, in image pixels. */
  imageWidth: number;
  /** Original image height, in image pixels. */
  imageHeight: number;
  /** Sum of all stage timings, ms. */
  totalMs: number;
  /** Approximate stored size of the full result, bytes (thumbnail bytes plus UTF-8 JSON of the rest). */
  byteSize: number;
  /** The text read, in reading order (lines joined by `\n`), for searching; absent without recognition. */
  text?: string;
  /** Bytes of the kept probability map inside `byteSize`; absent when none is kept. */
  mapBytes?: number;
  /** The receipt fields (with edits), for searching by field; absent without recognition. */
  receipt?: ReceiptKeys;
  /** True when Document photo was on for the run; absent when it was off (and in older records). */
  document?: true;
}

/** A summary as `HistoryStore.list()` returns it: `persistent` is false for results held only in memory. */
export interface ResultSummary extends StoredSummary {
  /** `false` when the result lives only in this page's memory and is gone after a reload. */
  persistent: boolean;
}

/** Digits of the zero-padded epoch-ms prefix of an id; 13 covers dates up to the year 2286. */
const ID_TIME_DIGITS = 13;

/** A new result id: zero-padded `createdAt` (epoch ms) then 8 random hex digits, so string order is creation order. */
export function newResultId(createdAt: number): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return (
    String(Math.floor(createdAt)).padStart(ID_TIME_DIGITS, '0') +
    '-' +
    random.toString(16).padStart(8, '0')
  );
}

/** A stable string for a parameter set: JSON with keys sorted at every level, so key order never matters. */
export function paramsKey(params: PostprocessParams): string {
  return JSON.stringify(sortKeysDeep(params));
}

/**
 * The key a stored run is found by: its parameters, plus its document preprocessing when that
 * was on (a run without it keeps the plain `paramsKey`, as records made before it existed).
 */
export function runKey(params: PostprocessParams, document?: DocumentParams | null): string {
  const key = documentKey(document);
  return key === 'off' ? paramsKey(params) : `${paramsKey(params)}|document:${key}`;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

const utf8 = new TextEncoder();

/** Approximate stored size of a result, bytes: thumbnail bytes plus the UTF-8 JSON of everything else. */
export function estimateByteSize(result: StoredResult): number {
  const { thumbnail, map, ...rest } = result;
  const mapBytes = map ? map.levels.byteLength + 256 : 0;
  return thumbnail.bytes.byteLength + mapBytes + utf8.encode(JSON.stringify(rest)).byteLength;
}

/** The summary record stored beside a result. */
export function summarizeResult(result: StoredResult): StoredSummary {
  const { timings } = result;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: result.id,
    createdAt: result.createdAt,
    fileName: result.fileName,
    contentHash: result.contentHash,
    modelId: result.modelId,
    paramsKey: runKey(result.params, result.document?.params),
    regionCount: result.detections.length,
    imageWidth: result.imageWidth,
    imageHeight: result.imageHeight,
    totalMs: totalMs(timings),
    byteSize: estimateByteSize(result),
    ...(result.recognizerId
      ? {
          text: textInReadingOrder(
            result.detections.map((d) => d.imagePolygon),
            result.detections.map((d) => d.text ?? ''),
          ),
        }
      : {}),
    ...(result.map ? { mapBytes: result.map.levels.byteLength } : {}),
    ...(result.recognizerId ? receiptSummary(result) : {}),
    ...(result.document ? { document: true as const } : {}),
  };
}

/** The receipt fields a summary keeps for the search, when any was found or edited. */
function receiptSummary(result: StoredResult): { receipt?: ReceiptKeys } {
  const record = receiptRecordOf(result.detections, result.receiptEdits);
  if (!record) return {};
  const receipt: ReceiptKeys = {};
  if (record.company) receipt.company = record.company;
  if (record.date) receipt.date = record.date;
  if (record.address) receipt.address = record.address;
  if (record.total) receipt.total = record.total;
  return Object.keys(receipt).length > 0 ? { receipt } : {};
}
