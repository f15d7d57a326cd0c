/**
 * An item's picture as bytes the browser decodes: a PDF page rendered by the detector worker's
 * pdf.js, a HEIC the browser cannot read decoded by its libheif, any other image as chosen.
 * The viewer shows it; the searchable PDF puts it on a page.
 */
import type { DetectorEngine } from '../../../engine/detector-engine.js';
import { HEIF_HEADER_BYTES, isHeif } from '../../heic/pipeline/heif-brand.js';
import type { BatchItem } from './batch-item.js';
import { pdfPageRequest } from './pdf-pages.js';

/** True when a file's first bytes say HEIC/HEIF (which the worker may have to decode). */
async function looksLikeHeif(file: Blob): Promise<boolean> {
  return isHeif(new Uint8Array(await file.slice(0, HEIF_HEADER_BYTES).arrayBuffer()));
}

/** `item`'s picture as decodable bytes; see the module comment. */
export async function itemImage(
  engine: Pick<DetectorEngine, 'renderPdfPage' | 'decodable'>,
  item: Pick<BatchItem, 'file' | 'page'>,
): Promise<Blob> {
  if (item.page) return engine.renderPdfPage(item.file, pdfPageRequest(item.page));
  return (await looksLikeHeif(item.file)) ? engine.decodable(item.file) : item.file;
}
