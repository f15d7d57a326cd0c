/** What crosses the searchable-PDF worker's boundary: its pages in, the PDF out. */
import type { Detection } from '../features/detection/pipeline/detection.js';

/** One image to put on a page: the file as chosen, its size (original pixels) and its regions with words. */
export interface PdfPageSource {
  image: Blob;
  width: number;
  height: number;
  detections: Detection[];
}

/** The searchable-PDF worker's API. */
export interface PdfApi {
  /**
   * Writes the pages into one searchable PDF, calling `onPage` with the count written after each;
   * `fontUrl` is the font the text layer is set in.
   */
  write(
    pages: PdfPageSource[],
    fontUrl: string,
    onPage: (written: number) => void,
  ): Promise<Uint8Array>;
}
