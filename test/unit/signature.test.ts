import { describe, expect, it } from 'vitest';
import type { InputPolicy, OutputSpec } from '../../src/features/models/pipeline/descriptor.js';
import {
  checkModelSignature,
  type ValueMetadataLike,
} from '../../src/features/models/pipeline/signature.js';

const longSide: InputPolicy = { kind: 'long-side', limitSide: 960, multiple: 32 };
const firstOutput: OutputSpec = { name: null, channel: 0, applySigmoid: false };
const image: ValueMetadataLike = {
  name: 'x',
  isTensor: true,
  type: 'float32',
  shape: ['N', 3, 'H', 'W'],
};
const map: ValueMetadataLike = {
  name: 'maps',
  isTensor: true,
  type: 'float32',
  shape: ['N', 1, 'H', 'W'],
};

function mismatch(
  inputs: ValueMetadataLike[],
  outputs: ValueMetadataLike[],
  output = firstOutput,
  policy = longSide,
) {
  try {
    checkModelSignature(inputs, outputs, policy, output);
  } catch (error) {
    expect((error as Error).name).toBe('ModelMismatchError');
    return (error as Error).message;
  }
  throw new Error('expected a mismatch');
}

describe('checkModelSignature', () => {
  it('accepts a DBNet detector and names its input and output', () => {
    expect(checkModelSignature([image], [map], longSide, firstOutput)).toEqual({
      inputName: 'x',
      outputName: 'maps',
    });
  });

  it('names a one-channel input', () => {
    expect(mismatch([{ ...image, shape: ['N', 1, 'H', 'W'] }], [map])).toBe(
      'input has 1 channel, expected 3',
    );
  });

  it('names a multi-channel output when the descriptor does not choose one', () => {
    expect(mismatch([image], [{ ...map, shape: ['N', 2, 'H', 'W'] }])).toMatch(
      /^output 'maps' has 2 channels/,
    );
  });

  it('accepts a multi-channel output when the descriptor names output and channel', () => {
    const named = { name: 'maps', channel: 0, applySigmoid: false };
    expect(
      checkModelSignature([image], [{ ...map, shape: ['N', 3, 'H', 'W'] }], longSide, named)
        .outputName,
    ).toBe('maps');
  });

  it('refuses a recognition model: fixed height and a 3-D output', () => {
    const rec = { ...image, shape: ['N', 3, 48, 'W'] };
    expect(mismatch([rec], [map])).toMatch(/fixed at 48 × dynamic/);
    const letterbox48: InputPolicy = {
      kind: 'letterbox',
      size: 48,
      anchor: 'top-left',
      padValue: 0,
    };
    const softmax = { name: 'softmax', isTensor: true, type: 'float32', shape: ['N', 'T', 6625] };
    expect(mismatch([rec], [softmax], firstOutput, letterbox48)).toMatch(/has 3 dimensions/);
  });

  it('names a missing output', () => {
    expect(mismatch([image], [map], { name: 'prob', channel: 0, applySigmoid: false })).toBe(
      "output 'prob' does not exist (outputs: 'maps')",
    );
  });

  it('refuses two inputs and a non-float input', () => {
    expect(mismatch([image, { ...image, name: 'y' }], [map])).toMatch(/2 inputs/);
    expect(mismatch([{ ...image, type: 'uint8' }], [map])).toMatch(/uint8, expected float32/);
  });
});
