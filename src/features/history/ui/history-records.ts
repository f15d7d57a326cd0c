/**
 * How a batch item becomes a stored history result and back. Pure; polygons stay in
 * original-image pixels both ways.
 */
import type { Thumbnail } from '../../../protocol/detector.js';
import type { BatchItem, ItemResult } from '../../batch/ui/batch-item.js';
import { PDF_TEXT_RECOGNIZER_ID, pageFileName } from '../../pdf/pipeline/pdf-pages.js';
import { newResultId, RESULT_SCHEMA_VERSION, type StoredResult } from '../store/history-store.js';
import type { StoredMap } from '../store/stored-result.js';

/** A stored result as the batch keeps it. The model input size is not stored: 0 stands for unknown. */
export function toItemResult(stored: StoredResult): ItemResult {
  return {
    detections: stored.detections,
    imageWidth: stored.imageWidth,
    imageHeight: stored.imageHeight,
    inputWidth: 0,
    inputHeight: 0,
    timings: stored.timings,
    backend: stored.backend,
    ...(stored.recognizerId ? { recognizerId: stored.recognizerId } : {}),
    // A born-digital PDF page's text came from the PDF, as its recognizer id says.
    ...(stored.recognizerId === PDF_TEXT_RECOGNIZER_ID ? { textSource: 'pdf' as const } : {}),
    ...(stored.document ? { document: stored.document } : {}),
    ...(stored.receiptEdits ? { receiptEdits: stored.receiptEdits } : {}),
    ...(stored.readingOrientation ? { readingOrientation: stored.readingOrientation } : {}),
  };
}

/**
 * The record to store for a finished item, made at `createdAt` (ms since the epoch) from a file
 * whose content hashes to `contentHash`; null when the item has no result, model or parameters.
 */
export function toStoredResult(
  item: BatchItem,
  thumbnail: Thumbnail,
  contentHash: string,
  createdAt: number,
  map?: StoredMap,
): StoredResult | null {
  const { result, modelId, params } = item;
  if (!result || !modelId || !params) return null;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: newResultId(createdAt),
    createdAt,
    fileName: pageFileName(item.file.name, item.page),
    contentHash,
    modelId,
    params,
    backend: result.backend,
    timings: result.timings,
    imageWidth: result.imageWidth,
    imageHeight: result.imageHeight,
    detections: result.detections,
    ...(result.recognizerId ? { recognizerId: result.recognizerId } : {}),
    ...(result.document ? { document: result.document } : {}),
    ...(result.readingOrientation ? { readingOrientation: result.readingOrientation } : {}),
    thumbnail: {
      bytes: thumbnail.bytes,
      mimeType: thumbnail.mimeType,
      width: thumbnail.width,
      height: thumbnail.height,
    },
    ...(map ? { map } : {}),
    ...(result.receiptEdits ? { receiptEdits: result.receiptEdits } : {}),
  };
}

/**
 * The file the workbench opens a stored result with: the original bytes are not kept, so it is
 * the stored copy (long side ≤ 1024 px) under the original name; the result's polygons stay in
 * original-image pixels and the viewer stretches the copy to the original size.
 */
export function storedCopyFile(stored: Pick<StoredResult, 'fileName' | 'thumbnail'>): File {
  const { bytes, mimeType } = stored.thumbnail;
  return new File([bytes], stored.fileName, { type: mimeType });
}
