/**
 * Searchable PDF: one page per image, the image itself as JPEG and over it an invisible text
 * layer (text render mode 3) with each word placed and scaled to its box, in reading order, so a
 * viewer's search finds the words where they are and copy gives the lines in order. One image
 * pixel is one PDF point (72 dpi), so a page's coordinates are its image's (the JPEG may be
 * smaller: it is stretched over the page). Built with pdf-lib (MIT, maintained, no native code:
 * runs in a worker) and written out page by page (pdf-stream-writer.ts), so memory holds one
 * page's image at a time however many pages there are. The text is set in an embedded font subset
 * (the caller's, DejaVu Sans Mono in the app): its widths travel with it, so every viewer places
 * the words alike (poppler measured Helvetica, which is not embedded, with other widths than
 * pdf-lib: up to 5 pt off), and it holds Latin, Greek and Cyrillic, not only WinAnsi.
 */
import fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  degrees,
  drawImage,
  endText,
  JpegEmbedder,
  PDFDocument,
  type PDFName,
  type PDFOperator,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import { readingOrderLines } from '../../../core/geometry/reading-order.js';
import type { Point } from '../../../core/geometry/types.js';
import type { Detection, RecognizedWord } from '../../detection/pipeline/detection.js';
import { embeddedLayerFont, glyphlessLayerFont, type LayerFont } from './layer-fonts.js';
import { PdfStreamWriter } from './pdf-stream-writer.js';

/**
 * One page: the image as JPEG bytes (at any resolution), its size in original pixels, and its
 * regions in those pixels.
 */
export interface SearchablePage {
  jpeg: Uint8Array;
  width: number;
  height: number;
  detections: readonly Detection[];
}

/** Options of {@link writeSearchablePdf}. */
export interface SearchablePdfOptions {
  /** The TrueType/OpenType font the text is set in (subset to the glyphs used on embedding). */
  font: Uint8Array;
  /** Called after each page with the count written. */
  onPage?: (written: number) => void;
  signal?: AbortSignal;
}

/** A word as the text layer sets it: with a space after it unless it ends its line. */
export interface LayerWord extends RecognizedWord {
  spaceAfter: boolean;
}

/**
 * The words of every region in reading order: lines top to bottom (regions side by side make one
 * line), words in each as read, each but a line's last followed by a space. A PDF viewer copies
 * the space glyph as it is; left to guess from the gap between two squeezed words, viewers ran
 * words together (two regions that nearly touch in poppler, "24Mar201818:23" in Chromium).
 */
export function wordsInReadingOrder(detections: readonly Detection[]): LayerWord[] {
  return readingOrderLines(detections.map((d) => d.imagePolygon)).flatMap((line) => {
    const words = line.flatMap((index) => detections[index]!.words ?? []);
    return words.map((word, i) => ({ ...word, spaceAfter: i < words.length - 1 }));
  });
}

/**
 * The PDF in pieces, in file order: each page's image and text as soon as the page is placed,
 * the page tree and the font subset at the end. Checks `signal` between pages.
 */
export async function* searchablePdfChunks(
  pages: Iterable<SearchablePage> | AsyncIterable<SearchablePage>,
  options: SearchablePdfOptions,
): AsyncGenerator<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setProducer('TextSpot');
  pdf.setCreator('TextSpot');
  pdf.setCreationDate(new Date());
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(options.font, { subset: true });
  const metrics = fontkit.create(options.font);
  // Words the embedded font has every character of go in it; the rest in the glyphless font.
  const fonts = [
    embeddedLayerFont(font, Math.abs(metrics.descent) / metrics.unitsPerEm, (codePoint) =>
      metrics.hasGlyphForCodePoint(codePoint),
    ),
    glyphlessLayerFont(pdf.context),
  ];
  const writer = new PdfStreamWriter(pdf.context);
  yield writer.header();
  let written = 0;
  for await (const source of pages) {
    options.signal?.throwIfAborted();
    const page = pdf.addPage([source.width, source.height]);
    // The image goes straight into the context under its own ref (not pdf-lib's PDFImage, which
    // the document keeps, with its bytes, until save).
    const imageRef = pdf.context.nextRef();
    await (await JpegEmbedder.for(source.jpeg)).embedIntoContext(pdf.context, imageRef);
    const imageName = page.node.newXObject('Image', imageRef);
    // The page's content in a stream of our own, not the page's (pdf-lib's PDFPage keeps its
    // operators for the document's life: ~2 kB a word, most of what a page held after writing).
    const operators: PDFOperator[] = [
      ...drawImage(imageName, {
        x: 0,
        y: 0,
        width: source.width,
        height: source.height,
        rotate: degrees(0),
        xSkew: degrees(0),
        ySkew: degrees(0),
      }),
    ];
    const names = fonts.map((layerFont) =>
      page.node.newFontDictionary(layerFont.name, layerFont.ref),
    );
    for (const word of wordsInReadingOrder(source.detections)) {
      // Both fonts have the space a word may be followed by.
      const index = fonts.findIndex((layerFont) => layerFont.canSet(word.text.trim()));
      if (index >= 0) {
        operators.push(...wordOperators(fonts[index]!, names[index]!, word, source.height));
      }
    }
    const contentRef = pdf.context.register(pdf.context.contentStream(operators));
    page.node.addContentStream(contentRef);
    // The page is final: its image and content go out now. Its dictionary stays, small, for the
    // page tree.
    yield writer.objects([imageRef, contentRef]);
    written++;
    options.onPage?.(written);
  }
  options.signal?.throwIfAborted();
  await font.embed();
  yield writer.end();
}

/** Writes the whole PDF into one buffer (tests and scripts; the app keeps the pieces as a Blob). */
export async function writeSearchablePdf(
  pages: Iterable<SearchablePage> | AsyncIterable<SearchablePage>,
  options: SearchablePdfOptions,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of searchablePdfChunks(pages, options)) chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The operators putting `word` over its quad (image pixels, top-left first, clockwise) as
 * invisible text: baseline along the quad's bottom edge raised by the font's descent, sized to
 * the quad's height and squeezed to its width, turned with the quad; then its space, if any,
 * past the box. None for an empty word.
 */
function wordOperators(
  font: LayerFont,
  name: PDFName,
  word: LayerWord,
  pageHeight: number,
): PDFOperator[] {
  const text = word.text.trim();
  if (text === '' || word.points.length !== 4) return [];
  // PDF y runs up from the bottom of the page.
  const [tl, tr, br, bl] = word.points.map(([x, y]): Point => [x, pageHeight - y]) as [
    Point,
    Point,
    Point,
    Point,
  ];
  const width =
    (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
  const height =
    (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
  if (!(width > 0 && height > 0)) return [];
  const angle = Math.atan2(br[1] - bl[1], br[0] - bl[0]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Sized so the font's height (ascent + descent) is the box's, the baseline raised off the box's
  // bottom edge by the descent (a share of the size): where pdftotext -bbox puts the word.
  const size = height / font.height;
  const x = bl[0] - sin * font.descent * size;
  const y = bl[1] + cos * font.descent * size;
  const natural = font.widthAt(text, size);
  const squeeze = natural > 0 ? (100 * width) / natural : 100;
  return [
    pushGraphicsState(),
    beginText(),
    setTextRenderingMode(TextRenderingMode.Invisible),
    setFontAndSize(name, size),
    setCharacterSqueeze(squeeze),
    setTextMatrix(cos, sin, -sin, cos, x, y),
    showText(font.encode(word.spaceAfter ? `${text} ` : text)),
    endText(),
    popGraphicsState(),
  ];
}
