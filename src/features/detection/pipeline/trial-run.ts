/**
 * The trial run a detector must pass before it is made current: a small built-in image through
 * the descriptor's own preprocessing and the model, whose output must be a probability map
 * (finite, within 0–1). It replaces a warm-up on zeros, which passed models that fail on every
 * real image (a normalization of 1e308 turns every pixel into infinity, but zero stays zero).
 */
import { ErrorName, errorMessage, errorName, namedError } from '../../../core/errors.js';
import type { RgbaImage } from '../../../core/image.js';
import type { ModelDescriptor } from '../../models/pipeline/descriptor.js';
import type { RunModel } from '../../models/pipeline/run-model.js';
import { type DetectorInput, prepareInput, runDetector } from './detect.js';
import type { ProbabilityMap } from './output.js';

/** Size of the built-in trial image, px: small enough to run in a blink, wide like a text line. */
export const TRIAL_IMAGE_SIZE = { width: 128, height: 64 } as const;

/** Grey levels of the trial image: light paper and dark ink. */
const PAPER = 236;
const INK = 24;

/**
 * The built-in trial image: light paper with two lines of dark word-like bars, so a detector
 * sees both bright and dark pixels (a model that breaks on either is caught).
 */
export function trialImage(): RgbaImage {
  const { width, height } = TRIAL_IMAGE_SIZE;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const words = [
    [8, 40],
    [52, 92],
    [100, 120],
  ];
  for (let y = 0; y < height; y++) {
    const inLine = (y >= 14 && y < 24) || (y >= 38 && y < 48);
    for (let x = 0; x < width; x++) {
      // Strokes 2 px wide every 4 px inside each word: ink with gaps, as letters have.
      const inWord = words.some(([from, to]) => x >= from! && x < to!) && x % 4 < 2;
      const grey = inLine && inWord ? INK : PAPER;
      const at = (y * width + x) * 4;
      data[at] = grey;
      data[at + 1] = grey;
      data[at + 2] = grey;
    }
  }
  return { data, width, height };
}

/** Why an input tensor cannot be fed to a model, or null: every value must be a finite number. */
function inputProblem(input: DetectorInput): string | null {
  let bad = 0;
  for (const value of input.tensor) if (!Number.isFinite(value)) bad++;
  if (bad === 0) return null;
  return `the descriptor's normalization (scale, mean, std) turns the image's pixels into ${bad.toLocaleString('en')} infinite or NaN inputs of ${input.tensor.length.toLocaleString('en')}`;
}

/**
 * Runs the detector on the built-in trial image with the descriptor's preprocessing and checks
 * the output is a probability map. Throws `ModelMismatchError` naming what failed.
 */
export async function trialRun(
  descriptor: ModelDescriptor,
  run: RunModel,
): Promise<ProbabilityMap> {
  const image = trialImage();
  const input = prepareInput(image, image, descriptor);
  const problem = inputProblem(input);
  if (problem) {
    throw namedError(
      ErrorName.ModelMismatch,
      `The trial run on a small built-in image failed: ${problem}.`,
    );
  }
  try {
    return await runDetector(input, descriptor, run);
  } catch (error) {
    const name = errorName(error);
    throw namedError(
      name === ErrorName.ModelMismatch || name === ErrorName.WebGpu ? name : ErrorName.ModelLoad,
      `The trial run on a small built-in image failed: ${errorMessage(error)}`,
      error,
    );
  }
}
