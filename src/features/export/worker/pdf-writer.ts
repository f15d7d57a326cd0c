/**
 * The searchable-PDF writer inside its worker: each image decoded the right way up (EXIF
 * orientation applied, as its regions' pixels are), encoded as JPEG at {@link PDF_JPEG_QUALITY}
 * at its original size, and written with its words by the pure writer, one page at a time.
 */
import type { PdfApi, PdfPageSource } from '../../../protocol/pdf.js';
import { type SearchablePage, writeSearchablePdf } from '../pipeline/searchable-pdf.js';

/** JPEG quality of each page's image (0–1): receipts' small print stays sharp at about a third of the PNG size. */
export const PDF_JPEG_QUALITY = 0.85;

async function jpegOf(source: PdfPageSource): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(source.image, { imageOrientation: 'from-image' });
  try {
    const canvas = new OffscreenCanvas(source.width, source.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this worker');
    context.drawImage(bitmap, 0, 0, source.width, source.height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: PDF_JPEG_QUALITY });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    bitmap.close();
  }
}

async function* pagesOf(sources: readonly PdfPageSource[]): AsyncGenerator<SearchablePage> {
  for (const source of sources) {
    // Encoded only when its turn comes, so one page's pixels are held at a time.
    yield { ...source, jpeg: await jpegOf(source) };
  }
}

/** The worker's {@link PdfApi}. */
export class PdfWriter implements PdfApi {
  async write(
    pages: PdfPageSource[],
    fontUrl: string,
    onPage: (written: number) => void,
  ): Promise<Uint8Array> {
    const response = await fetch(fontUrl);
    if (!response.ok) throw new Error(`GET ${fontUrl} answered ${response.status}`);
    const font = new Uint8Array(await response.arrayBuffer());
    return writeSearchablePdf(pagesOf(pages), { font, onPage });
  }
}
