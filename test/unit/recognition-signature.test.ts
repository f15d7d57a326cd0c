import { describe, expect, it } from 'vitest';
import type { ValueMetadataLike } from '../../src/features/models/pipeline/signature.js';
import { checkRecognizerSignature } from '../../src/features/recognition/pipeline/signature.js';

const descriptor = { input: { height: 48, widthMultiple: 8 } };
/** PP-OCRv4's recognizer as ONNX Runtime describes it. */
const lines: ValueMetadataLike = {
  name: 'x',
  isTensor: true,
  type: 'float32',
  shape: ['N', 3, 48, 'W'],
};
const probabilities: ValueMetadataLike = {
  name: 'softmax',
  isTensor: true,
  type: 'float32',
  shape: ['N', 'T', 6625],
};

function mismatch(inputs: ValueMetadataLike[], outputs: ValueMetadataLike[], classes = 6625) {
  try {
    checkRecognizerSignature(inputs, outputs, descriptor, classes);
  } catch (error) {
    expect((error as Error).name).toBe('ModelMismatchError');
    return (error as Error).message;
  }
  throw new Error('expected a mismatch');
}

describe('checkRecognizerSignature', () => {
  it('accepts a CTC line recognizer and names its input and output', () => {
    expect(checkRecognizerSignature([lines], [probabilities], descriptor, 6625)).toEqual({
      inputName: 'x',
      outputName: 'softmax',
    });
  });

  it('names a class count that does not fit the dictionary', () => {
    expect(mismatch([lines], [probabilities], 97)).toMatch(
      /output has 6625 classes, but the dictionary gives 97/,
    );
  });

  it('names a line height other than the descriptor’s, and a fixed width', () => {
    expect(mismatch([{ ...lines, shape: ['N', 3, 32, 'W'] }], [probabilities])).toMatch(
      /input height is 32 px, the descriptor says 48/,
    );
    expect(mismatch([{ ...lines, shape: ['N', 3, 48, 320] }], [probabilities])).toMatch(
      /width is fixed at 320 px/,
    );
  });

  it('names a detector given as a recognizer: a 4-D map, not N × T × classes', () => {
    const map = { ...probabilities, name: 'maps', shape: ['N', 1, 'H', 'W'] };
    expect(mismatch([{ ...lines, shape: ['N', 3, 'H', 'W'] }], [map])).toMatch(
      /output 'maps' has 4 dimensions, expected N × T × classes/,
    );
  });

  it('names a grey-scale input', () => {
    expect(mismatch([{ ...lines, shape: ['N', 1, 48, 'W'] }], [probabilities])).toMatch(
      /input has 1 channel, expected 3/,
    );
  });
});
