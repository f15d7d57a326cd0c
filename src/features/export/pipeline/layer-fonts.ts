/**
 * The fonts the searchable PDF's invisible text layer is set in. Words go in the embedded subset
 * of the app's font (DejaVu Sans Mono: Latin, Greek, Cyrillic) when it has every character, so
 * viewers measure them alike. Anything else (Chinese, Japanese, Korean, Thai… which the PP-OCR
 * recognizer reads) goes in a glyphless font, as Tesseract's PDF renderer does: a Type 0 font
 * whose codes are the characters' UTF-16 code units, each half an em wide, with a ToUnicode map
 * back to the same code points, every code drawn by one empty glyph (glyphless-ttf.ts). Text in
 * render mode 3 is never drawn; search and copy read the codes through the map.
 */
import { type PDFContext, type PDFFont, PDFHexString, type PDFRef, PDFString } from 'pdf-lib';
import {
  GLYPHLESS_ADVANCE,
  GLYPHLESS_ASCENT,
  GLYPHLESS_DESCENT,
  GLYPHLESS_NAME,
  GLYPHLESS_UNITS_PER_EM,
  glyphlessTtf,
} from './glyphless-ttf.js';

/** How the text layer sets words in one font. */
export interface LayerFont {
  /** The font dictionary's ref, for a page's resources. */
  ref: PDFRef;
  /** The resource name to put it under (a page adds a unique suffix). */
  name: string;
  /** Ascent plus descent, as a share of the font size. */
  height: number;
  /** Descent below the baseline, as a share of the font size. */
  descent: number;
  /** Whether the font has a code for every character of `text`. */
  canSet(text: string): boolean;
  /** `text` as the font's codes. */
  encode(text: string): PDFHexString;
  /** Width of `text` at `size`, points. */
  widthAt(text: string, size: number): number;
}

/**
 * `font` (embedded by pdf-lib) as a layer font: `descent` is its descent as a share of the em, and
 * `hasGlyph` says whether its program draws a code point (pdf-lib encodes a missing character as
 * the empty .notdef glyph without a word: it would be lost from search and copy).
 */
export function embeddedLayerFont(
  font: PDFFont,
  descent: number,
  hasGlyph: (codePoint: number) => boolean,
): LayerFont {
  return {
    ref: font.ref,
    name: font.name,
    height: font.heightAtSize(1),
    descent,
    canSet: (text) => [...text].every((char) => hasGlyph(char.codePointAt(0)!)),
    encode: (text) => font.encodeText(text),
    widthAt: (text, size) => font.widthOfTextAtSize(text, size),
  };
}

/** Width of every glyphless character, thousandths of an em. */
const GLYPHLESS_WIDTH = (GLYPHLESS_ADVANCE * 1000) / GLYPHLESS_UNITS_PER_EM;

/** Whether every character of `text` is in the Basic Multilingual Plane (one code unit each). */
function isBmpText(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code > 0xffff || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/**
 * The ToUnicode map of the glyphless font: every two-byte code to the same UTF-16 code unit, in
 * ranges of 256 codes (a bfrange may vary its last byte only), 100 ranges to a block.
 */
export function identityToUnicode(): string {
  const hex = (value: number) => value.toString(16).toUpperCase().padStart(4, '0');
  const ranges: string[] = [];
  for (let high = 0; high < 256; high++) {
    if (high >= 0xd8 && high <= 0xdf) continue; // surrogates: never a code on their own
    const first = high << 8;
    ranges.push(`<${hex(first)}> <${hex(first + 255)}> <${hex(first)}>`);
  }
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const block = ranges.slice(i, i + 100);
    blocks.push(`${block.length} beginbfrange\n${block.join('\n')}\nendbfrange`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** Registers the glyphless font (see the module comment) in `context`. */
export function glyphlessLayerFont(context: PDFContext): LayerFont {
  const toUnicode = context.register(context.flateStream(identityToUnicode()));
  const program = glyphlessTtf();
  const fontFile = context.register(context.flateStream(program, { Length1: program.length }));
  // Every code (a CID) is drawn by glyph 1, the empty one.
  const cidToGid = new Uint8Array(0x20000);
  for (let cid = 0; cid < 0x10000; cid++) cidToGid[2 * cid + 1] = 1;
  const cidToGidMap = context.register(context.flateStream(cidToGid));
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: GLYPHLESS_NAME,
      Flags: 5,
      FontBBox: [0, -GLYPHLESS_DESCENT, GLYPHLESS_WIDTH, GLYPHLESS_ASCENT],
      ItalicAngle: 0,
      Ascent: GLYPHLESS_ASCENT,
      Descent: -GLYPHLESS_DESCENT,
      CapHeight: GLYPHLESS_ASCENT,
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: GLYPHLESS_NAME,
      CIDSystemInfo: {
        Registry: PDFString.of('Adobe'),
        Ordering: PDFString.of('Identity'),
        Supplement: 0,
      },
      FontDescriptor: descriptor,
      DW: GLYPHLESS_WIDTH,
      CIDToGIDMap: cidToGidMap,
    }),
  );
  const ref = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: GLYPHLESS_NAME,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
  return {
    ref,
    name: GLYPHLESS_NAME,
    height: (GLYPHLESS_ASCENT + GLYPHLESS_DESCENT) / GLYPHLESS_UNITS_PER_EM,
    descent: GLYPHLESS_DESCENT / GLYPHLESS_UNITS_PER_EM,
    canSet: isBmpText,
    encode: (text) =>
      PDFHexString.of([...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')),
    widthAt: (text, size) => (text.length * GLYPHLESS_WIDTH * size) / 1000,
  };
}
