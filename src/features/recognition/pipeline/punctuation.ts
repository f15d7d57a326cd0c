/**
 * The PP-OCR dictionary holds full-width forms (U+FF01–U+FF5E: "（", "：", "，", "Ａ"…) that
 * the model often picks for Latin text; this maps them, and the ideographic space, to ASCII.
 * On the SROIE dev lines it lifts exact matches from 0.886 to 0.890 and cuts CER from 0.0158
 * to 0.0152 (scripts/recognize-native.ts); CJK punctuation such as "。" is left alone.
 */

const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
/** Distance from a full-width form to its ASCII character ("！" U+FF01 → "!" U+0021). */
const FULL_WIDTH_OFFSET = 0xff01 - 0x21;
const IDEOGRAPHIC_SPACE = '\u3000';

/** Replaces full-width ASCII forms and the ideographic space with their ASCII characters; leaves the rest. */
export function normalizeFullWidth(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) {
      out += String.fromCodePoint(code - FULL_WIDTH_OFFSET);
    } else {
      out += char === IDEOGRAPHIC_SPACE ? ' ' : char;
    }
  }
  return out;
}
