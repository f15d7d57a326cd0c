/**
 * The searchable-PDF writer inside its worker: each page's image, asked for when its turn comes,
 * decoded the right way up (EXIF orientation applied, as its regions' pixels are), encoded as
 * JPEG at {@link PDF_JPEG_QUALITY} (at its original size or within the long side asked for), and
 * written with its words by the pure writer. The file grows as a Blob, page by page: the
 * worker's memory holds one page, not the PDF.
 */
import { errorMessage, errorName } from '../../../core/errors.js';
import { reducedSize } from '../../../core/image-header.js';
import type { PdfApi, PdfImageOptions, PdfPageSpec } from '../../../protocol/pdf.js';
import { type SearchablePage, searchablePdfChunks } from '../pipeline/searchable-pdf.js';

/** JPEG quality of each page's image (0–1): receipts' small print stays sharp at about a third of the PNG size. */
export const PDF_JPEG_QUALITY = 0.85;

async function jpegOf(image: Blob, page: PdfPageSpec, options: PdfImageOptions) {
  const bitmap = await createImageBitmap(image, { imageOrientation: 'from-image' });
  try {
    const { width, height } =
      (options.maxLongSide && reducedSize(page.width, page.height, options.maxLongSide)) || page;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this worker');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: PDF_JPEG_QUALITY });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    bitmap.close();
  }
}

async function* pagesOf(
  pages: readonly PdfPageSpec[],
  imageOf: (index: number) => Promise<Blob>,
  options: PdfImageOptions,
): AsyncGenerator<SearchablePage> {
  for (const [index, page] of pages.entries()) {
    let jpeg: Uint8Array;
    try {
      jpeg = await jpegOf(await imageOf(index), page, options);
    } catch (error) {
      // The PDF cannot go on without the page: the error keeps its kind and says which page.
      const named = new Error(`${page.label}: ${errorMessage(error)}`, { cause: error });
      named.name = errorName(error);
      throw named;
    }
    yield { ...page, jpeg };
  }
}

/** The worker's {@link PdfApi}. */
export class PdfWriter implements PdfApi {
  async write(
    pages: PdfPageSpec[],
    imageOf: (index: number) => Promise<Blob>,
    options: PdfImageOptions,
    fontUrl: string,
    onPage: (written: number) => void,
  ): Promise<Blob> {
    const response = await fetch(fontUrl);
    if (!response.ok) throw new Error(`GET ${fontUrl} answered ${response.status}`);
    const font = new Uint8Array(await response.arrayBuffer());
    let pdf = new Blob([], { type: 'application/pdf' });
    for await (const chunk of searchablePdfChunks(pagesOf(pages, imageOf, options), {
      font,
      onPage,
    })) {
      // A Blob made of the last one and the new piece: the bytes leave the worker's heap.
      pdf = new Blob([pdf, chunk as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
    }
    return pdf;
  }
}
