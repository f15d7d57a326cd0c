/**
 * PDF pages as batch items: how a page is named, when a file is a PDF, the page cap and the
 * resolution pages are rendered at. Pure: no pdf.js, no DOM.
 */

/** Pages taken from one PDF; the rest are refused with a message naming the cap. */
export const MAX_PDF_PAGES = 500;

/**
 * Resolution pages are rendered at, dots per inch. Receipt and letter text at 200 DPI puts a
 * 9 pt line at 25 px and a 12 pt line at 33 px before the recognizer's upscale to 48 px: the
 * same scale as a phone scan, where the models were measured.
 */
export const PDF_RENDER_DPI = 200;

/** Longest side of a rendered page, px: a poster-sized page is rendered smaller, not refused. */
export const MAX_PDF_RENDER_SIDE = 4_096;

/** PDF user-space units per inch. */
const POINTS_PER_INCH = 72;

/** What a born-digital page's result names as its recognizer: its text came from the PDF. */
export const PDF_TEXT_RECOGNIZER_ID = 'pdf-text-layer';

/** One page of a PDF in the batch: 1-based number and the PDF's page count. */
export interface PdfPage {
  number: number;
  count: number;
}

/** True when a file is a PDF by MIME type or extension (its bytes are checked when it opens). */
export function looksLikePdf(name: string, mimeType: string): boolean {
  return mimeType === 'application/pdf' || /\.pdf$/i.test(name);
}

/** The name a person reads for a page: `invoice.pdf · p. 3 of 12`. */
export function pageLabel(fileName: string, page: PdfPage | undefined): string {
  return page ? `${fileName} · p. ${page.number} of ${page.count}` : fileName;
}

/**
 * The name a page carries in exports and the history: `invoice.pdf#page=3`, the fragment every
 * PDF viewer opens at that page (RFC 8118). A plain image keeps its own name.
 */
export function pageFileName(fileName: string, page: PdfPage | undefined): string {
  return page ? `${fileName}#page=${page.number}` : fileName;
}

/**
 * The scale from PDF points to rendered pixels for a page of `widthPt` × `heightPt`:
 * {@link PDF_RENDER_DPI}, reduced so the long side stays within {@link MAX_PDF_RENDER_SIDE}.
 */
export function renderScale(widthPt: number, heightPt: number): number {
  const dpiScale = PDF_RENDER_DPI / POINTS_PER_INCH;
  const longSide = Math.max(widthPt, heightPt) * dpiScale;
  return longSide > MAX_PDF_RENDER_SIDE ? dpiScale * (MAX_PDF_RENDER_SIDE / longSide) : dpiScale;
}
