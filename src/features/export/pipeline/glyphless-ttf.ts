/**
 * A TrueType font of two glyphs, each half an em wide, the second a plain box: the glyph program
 * behind the searchable PDF's glyphless font. Its text is never drawn (render mode 3), but
 * Chromium's PDF viewer (PDFium) neither selects nor copies text in a font it cannot load, nor
 * a glyph without an outline (its box is empty), so a box is embedded: 500-odd bytes written
 * here from the OpenType tables' layout, the few a TrueType rasteriser needs (cmap, glyf, head,
 * hhea, hmtx, loca, maxp, name, post). Pure.
 */

/** Units per em of the font; every glyph is {@link GLYPHLESS_ADVANCE} wide. */
export const GLYPHLESS_UNITS_PER_EM = 1000;
/** Advance width of both glyphs, font units. */
export const GLYPHLESS_ADVANCE = 500;
/** Ascent and descent (positive, below the baseline), font units. */
export const GLYPHLESS_ASCENT = 880;
export const GLYPHLESS_DESCENT = 120;
/** The font's name, in its name table and the PDF's font dictionaries. */
export const GLYPHLESS_NAME = 'GlyphLessFont';

/** Big-endian writer of one table. */
class Table {
  private readonly bytes: number[] = [];
  u8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    return this.u8(value >> 8).u8(value);
  }
  i16(value: number): this {
    return this.u16(value < 0 ? value + 0x10000 : value);
  }
  u32(value: number): this {
    return this.u16(Math.floor(value / 0x10000)).u16(value % 0x10000);
  }
  /** A LONGDATETIME (seconds since 1904): zero, a date nobody reads. */
  date(): this {
    return this.u32(0).u32(0);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The sum of a table's big-endian 32-bit words, zero-padded to a multiple of four. */
function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4) {
    const word =
      ((bytes[i] ?? 0) << 24) |
      ((bytes[i + 1] ?? 0) << 16) |
      ((bytes[i + 2] ?? 0) << 8) |
      (bytes[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) % 0x100000000;
  }
  return sum;
}

function head(): Table {
  return new Table()
    .u32(0x00010000) // version 1.0
    .u32(0x00010000) // fontRevision 1.0
    .u32(0) // checkSumAdjustment, set once the file is whole
    .u32(0x5f0f3cf5) // magicNumber
    .u16(0) // flags
    .u16(GLYPHLESS_UNITS_PER_EM)
    .date() // created
    .date() // modified
    .i16(0) // xMin
    .i16(-GLYPHLESS_DESCENT) // yMin
    .i16(GLYPHLESS_ADVANCE) // xMax
    .i16(GLYPHLESS_ASCENT) // yMax
    .u16(0) // macStyle
    .u16(3) // lowestRecPPEM
    .i16(2) // fontDirectionHint
    .i16(0) // indexToLocFormat: short offsets
    .i16(0); // glyphDataFormat
}

function hhea(): Table {
  return new Table()
    .u32(0x00010000)
    .i16(GLYPHLESS_ASCENT)
    .i16(-GLYPHLESS_DESCENT)
    .i16(0) // lineGap
    .u16(GLYPHLESS_ADVANCE) // advanceWidthMax
    .i16(0) // minLeftSideBearing
    .i16(0) // minRightSideBearing
    .i16(0) // xMaxExtent
    .i16(1) // caretSlopeRise
    .i16(0) // caretSlopeRun
    .i16(0) // caretOffset
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0) // reserved
    .i16(0) // metricDataFormat
    .u16(2); // numberOfHMetrics
}

function maxp(): Table {
  const table = new Table().u32(0x00010000).u16(2); // version 1.0, numGlyphs
  // maxPoints, maxContours (the box), composites none, maxZones 2, the rest (hinting) none.
  for (const value of [4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]) table.u16(value);
  return table;
}

/** Glyph 1: one contour, the box from the descent to the ascent across the advance. */
function boxGlyph(): Table {
  const [top, bottom] = [GLYPHLESS_ASCENT, -GLYPHLESS_DESCENT];
  const table = new Table()
    .i16(1) // numberOfContours
    .i16(0)
    .i16(bottom)
    .i16(GLYPHLESS_ADVANCE)
    .i16(top) // its bounds
    .u16(3) // endPtsOfContours: points 0–3
    .u16(0); // no instructions
  for (let i = 0; i < 4; i++) table.u8(1); // on the curve; coordinates as 16-bit deltas
  for (const dx of [0, GLYPHLESS_ADVANCE, 0, -GLYPHLESS_ADVANCE]) table.i16(dx);
  for (const dy of [bottom, 0, top - bottom, 0]) table.i16(dy);
  return table.u8(0).u8(0); // padding to an even length, for the short loca
}

function hmtx(): Table {
  return new Table().u16(GLYPHLESS_ADVANCE).i16(0).u16(GLYPHLESS_ADVANCE).i16(0);
}

/** Glyph 0 empty, glyph 1 the box: short offsets, in words. */
function loca(glyf: Uint8Array): Table {
  return new Table()
    .u16(0)
    .u16(0)
    .u16(glyf.length / 2);
}

/** A format 4 cmap (Windows, Unicode BMP) mapping the space to glyph 1; the PDF maps by CID. */
function cmap(): Table {
  const segments = [
    { start: 0x20, end: 0x20, delta: 1 - 0x20 },
    { start: 0xffff, end: 0xffff, delta: 1 },
  ];
  const segX2 = segments.length * 2;
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segments.length));
  const table = new Table()
    .u16(0) // version
    .u16(1) // one subtable
    .u16(3) // platform: Windows
    .u16(1) // encoding: Unicode BMP
    .u32(12) // its offset
    .u16(4) // format
    .u16(16 + segments.length * 8) // length
    .u16(0) // language
    .u16(segX2)
    .u16(searchRange)
    .u16(Math.log2(searchRange / 2))
    .u16(segX2 - searchRange);
  for (const { end } of segments) table.u16(end);
  table.u16(0); // reservedPad
  for (const { start } of segments) table.u16(start);
  for (const { delta } of segments) table.i16(delta);
  for (const _ of segments) table.u16(0); // idRangeOffset
  return table;
}

/** Family, subfamily, full and PostScript names, in Windows Unicode (UTF-16BE). */
function name(): Table {
  const records: [number, string][] = [
    [1, GLYPHLESS_NAME],
    [2, 'Regular'],
    [4, GLYPHLESS_NAME],
    [6, GLYPHLESS_NAME],
  ];
  const table = new Table()
    .u16(0) // format
    .u16(records.length)
    .u16(6 + records.length * 12); // where the strings start
  let offset = 0;
  for (const [nameId, text] of records) {
    table
      .u16(3)
      .u16(1)
      .u16(0x409)
      .u16(nameId)
      .u16(text.length * 2)
      .u16(offset);
    offset += text.length * 2;
  }
  for (const [, text] of records) for (const char of text) table.u16(char.charCodeAt(0));
  return table;
}

function post(): Table {
  return new Table()
    .u32(0x00030000) // version 3: no glyph names
    .u32(0) // italicAngle
    .i16(-100) // underlinePosition
    .i16(50) // underlineThickness
    .u32(1) // isFixedPitch
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0);
}

/** The font file's bytes. */
export function glyphlessTtf(): Uint8Array {
  const glyf = boxGlyph().done();
  const tables: [string, Uint8Array][] = (
    [
      ['cmap', cmap()],
      ['glyf', { done: () => glyf }],
      ['head', head()],
      ['hhea', hhea()],
      ['hmtx', hmtx()],
      ['loca', loca(glyf)],
      ['maxp', maxp()],
      ['name', name()],
      ['post', post()],
    ] as const
  ).map(([tag, table]) => [tag, table.done()]);
  const entrySelector = Math.floor(Math.log2(tables.length));
  const searchRange = 16 * 2 ** entrySelector;
  const directorySize = 12 + 16 * tables.length;
  const padded = (length: number) => Math.ceil(length / 4) * 4;
  const size = directorySize + tables.reduce((sum, [, bytes]) => sum + padded(bytes.length), 0);
  const font = new Uint8Array(size);
  const view = new DataView(font.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tables.length);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, tables.length * 16 - searchRange);
  let offset = directorySize;
  let headOffset = 0;
  tables.forEach(([tag, bytes], i) => {
    const record = 12 + 16 * i;
    for (let c = 0; c < 4; c++) font[record + c] = tag.charCodeAt(c);
    view.setUint32(record + 4, checksum(bytes));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, bytes.length);
    font.set(bytes, offset);
    if (tag === 'head') headOffset = offset;
    offset += padded(bytes.length);
  });
  // checkSumAdjustment: the whole file's checksum, taken from 0xB1B0AFBA.
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(font) + 0x100000000) % 0x100000000);
  return font;
}
