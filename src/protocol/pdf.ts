/** What crosses the searchable-PDF worker's boundary: its pages in, the PDF out. */
import type { Detection } from '../features/detection/pipeline/detection.js';

/** One page to write: its size (original pixels, the frame of its regions) and its regions with words. */
export interface PdfPageSpec {
  /** What the page is called in an error ("invoice.pdf · p. 3 of 12"). */
  label: string;
  width: number;
  height: number;
  detections: Detection[];
}

/** How the pages' images are put in the PDF. */
export interface PdfImageOptions {
  /** Longest side of a page's image, px; null keeps the original size. Pages keep their size. */
  maxLongSide: number | null;
}

/** The searchable-PDF worker's API. */
export interface PdfApi {
  /**
   * Writes the pages into one searchable PDF. Page `index`'s image is asked of `imageOf` when its
   * turn comes (a PDF page is rendered then), so one page's pixels are held at a time; `onPage`
   * gets the count written after each page; `fontUrl` is the font the text layer is set in.
   */
  write(
    pages: PdfPageSpec[],
    imageOf: (index: number) => Promise<Blob>,
    options: PdfImageOptions,
    fontUrl: string,
    onPage: (written: number) => void,
  ): Promise<Blob>;
}
