/** The recognizer's class list: CTC blank, the dictionary's characters, and an optional space. */
import type { RecognizerDescriptor } from './descriptor.js';

/** Class index → character; the blank's entry is the empty string. */
export type ClassCharacters = readonly string[];

/**
 * Builds the class list from a dictionary file's text (one character per line, `\n` or `\r\n`),
 * as PaddleOCR's CTCLabelDecode does: blank inserted at `blankIndex`, space appended when asked.
 */
export function buildClassCharacters(
  dictionaryText: string,
  ctc: RecognizerDescriptor['ctc'],
): ClassCharacters {
  const lines = dictionaryText.replace(/^\uFEFF/, '').split(/\r?\n/);
  // A final newline leaves one empty line behind; an empty line elsewhere is a broken file.
  if (lines.at(-1) === '') lines.pop();
  const emptyLine = lines.indexOf('');
  if (emptyLine >= 0) throw new SyntaxError(`dictionary line ${emptyLine + 1} is empty`);
  const characters = ctc.appendSpace ? [...lines, ' '] : lines;
  if (ctc.blankIndex > characters.length) {
    throw new RangeError(`blank index ${ctc.blankIndex} is past ${characters.length} characters`);
  }
  return [...characters.slice(0, ctc.blankIndex), '', ...characters.slice(ctc.blankIndex)];
}
