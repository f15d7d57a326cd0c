import { ErrorName, namedError } from '../../../core/errors.js';
import type { InputPolicy, OutputSpec } from './descriptor.js';

/** The part of ONNX Runtime's value metadata the check reads (no onnxruntime import here). */
export interface ValueMetadataLike {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

/** The input and output a descriptor's model will be run with. */
export interface ModelSignature {
  inputName: string;
  outputName: string;
}

function mismatch(message: string): Error {
  return namedError(ErrorName.ModelMismatch, message);
}

function describeDim(dim: number | string | undefined): string {
  return typeof dim === 'number' ? String(dim) : 'dynamic';
}

/**
 * Checks a model against what a DBNet detector needs: one 4-D float image input with 3 channels,
 * and the descriptor's output present with a single-channel map. Throws `ModelMismatchError`
 * naming the first mismatch.
 */
export function checkModelSignature(
  inputs: readonly ValueMetadataLike[],
  outputs: readonly ValueMetadataLike[],
  inputPolicy: InputPolicy,
  outputSpec: OutputSpec,
): ModelSignature {
  if (inputs.length !== 1) {
    throw mismatch(
      `model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}), expected 1 image input`,
    );
  }
  const input = inputs[0]!;
  if (!input.isTensor) throw mismatch(`input '${input.name}' is not a tensor`);
  if (input.type !== undefined && input.type !== 'float32') {
    throw mismatch(`input '${input.name}' is ${input.type}, expected float32`);
  }
  const inputShape = input.shape ?? [];
  if (inputShape.length !== 4) {
    throw mismatch(
      `input '${input.name}' has ${inputShape.length} dimensions, expected 4 (N, C, H, W)`,
    );
  }
  const channels = inputShape[1];
  if (typeof channels === 'number' && channels !== 3) {
    throw mismatch(`input has ${channels} channel${channels === 1 ? '' : 's'}, expected 3`);
  }
  const [, , height, width] = inputShape;
  const fixedSides = [height, width].filter((side): side is number => typeof side === 'number');
  if (fixedSides.length > 0) {
    const fits =
      inputPolicy.kind === 'letterbox' && fixedSides.every((side) => side === inputPolicy.size);
    if (!fits) {
      const wanted =
        inputPolicy.kind === 'letterbox'
          ? `${inputPolicy.size} × ${inputPolicy.size}`
          : 'dynamic height and width';
      throw mismatch(
        `input '${input.name}' is fixed at ${describeDim(height)} × ${describeDim(width)}; the descriptor's input policy needs ${wanted}`,
      );
    }
  }
  const output =
    outputSpec.name === null ? outputs[0] : outputs.find((o) => o.name === outputSpec.name);
  if (!output) {
    const names = outputs.map((o) => `'${o.name}'`).join(', ');
    throw mismatch(
      outputSpec.name === null
        ? 'model has no outputs'
        : `output '${outputSpec.name}' does not exist (outputs: ${names})`,
    );
  }
  if (!output.isTensor) throw mismatch(`output '${output.name}' is not a tensor`);
  if (output.type !== undefined && output.type !== 'float32') {
    throw mismatch(`output '${output.name}' is ${output.type}, expected float32`);
  }
  const outputShape = output.shape ?? [];
  if (outputShape.length !== 4) {
    throw mismatch(
      `output '${output.name}' has ${outputShape.length} dimensions (${outputShape.map(describeDim).join(' × ')}), expected a [N, 1, H, W] map`,
    );
  }
  const outputChannels = outputShape[1];
  if (typeof outputChannels === 'number' && outputSpec.channel >= outputChannels) {
    throw mismatch(
      `output '${output.name}' has ${outputChannels} channel${outputChannels === 1 ? '' : 's'}; channel ${outputSpec.channel} was chosen`,
    );
  }
  // A multi-channel output is fine only when the descriptor says which channel is the map.
  if (typeof outputChannels === 'number' && outputChannels !== 1 && outputSpec.name === null) {
    throw mismatch(
      `output '${output.name}' has ${outputChannels} channels; name the output and channel that hold the probability map`,
    );
  }
  return { inputName: input.name, outputName: output.name };
}
