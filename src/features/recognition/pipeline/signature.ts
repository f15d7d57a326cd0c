/**
 * The recognizer's counterpart of `checkModelSignature`: is this ONNX model a CTC line
 * recognizer its descriptor and dictionary can run? Mismatches are named before the first line
 * is read, as the detector's are.
 */
import { ErrorName, namedError } from '../../../core/errors.js';
import type { ModelSignature, ValueMetadataLike } from '../../models/pipeline/signature.js';
import type { RecognizerDescriptor } from './descriptor.js';

function mismatch(message: string): Error {
  return namedError(ErrorName.ModelMismatch, `text recognizer: ${message}`);
}

/**
 * Checks a recognizer against its descriptor: one float32 image input N × 3 × H × W whose height,
 * when fixed, is the descriptor's and whose width is not fixed; one float32 output N × T × C
 * whose class count C, when fixed, is `classCount` (the dictionary's characters plus blank and
 * space). Throws `ModelMismatchError` naming the first mismatch.
 */
export function checkRecognizerSignature(
  inputs: readonly ValueMetadataLike[],
  outputs: readonly ValueMetadataLike[],
  descriptor: Pick<RecognizerDescriptor, 'input'>,
  classCount: number,
): ModelSignature {
  if (inputs.length !== 1) {
    throw mismatch(`model has ${inputs.length} inputs, expected 1 image input`);
  }
  const input = inputs[0]!;
  if (!input.isTensor || (input.type !== undefined && input.type !== 'float32')) {
    throw mismatch(`input '${input.name}' is ${input.type ?? 'not a tensor'}, expected float32`);
  }
  const shape = input.shape ?? [];
  if (shape.length !== 4) {
    throw mismatch(`input '${input.name}' has ${shape.length} dimensions, expected 4 (N, C, H, W)`);
  }
  const [, channels, height, width] = shape;
  if (typeof channels === 'number' && channels !== 3) {
    throw mismatch(`input has ${channels} channel${channels === 1 ? '' : 's'}, expected 3`);
  }
  if (typeof height === 'number' && height !== descriptor.input.height) {
    throw mismatch(`input height is ${height} px, the descriptor says ${descriptor.input.height}`);
  }
  if (typeof width === 'number') {
    throw mismatch(`input width is fixed at ${width} px; lines need a dynamic width`);
  }
  if (outputs.length === 0) throw mismatch('model has no outputs');
  const output = outputs[0]!;
  const outputShape = output.shape ?? [];
  if (!output.isTensor || outputShape.length !== 3) {
    throw mismatch(
      `output '${output.name}' has ${outputShape.length} dimensions, expected N × T × classes`,
    );
  }
  const classes = outputShape[2];
  if (typeof classes === 'number' && classes !== classCount) {
    throw mismatch(
      `output has ${classes} classes, but the dictionary gives ${classCount} (characters, blank and space)`,
    );
  }
  return { inputName: input.name, outputName: output.name };
}
