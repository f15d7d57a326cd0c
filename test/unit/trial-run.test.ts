import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRIAL_IMAGE_SIZE,
  trialImage,
  trialRun,
} from '../../src/features/detection/pipeline/trial-run.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import { fixturePath, modelPath, type NodeModel, openNodeModel } from './support/node-models.js';

/** The real detector with the normalization changed. */
function withNormalization(changes: Partial<ModelDescriptor['normalization']>): ModelDescriptor {
  return {
    ...PPOCR_V4_DET,
    normalization: { ...PPOCR_V4_DET.normalization, ...changes },
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught as Error,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('the trial run before a detector is made current', { timeout: 60_000 }, () => {
  let detector: NodeModel;
  beforeAll(async () => {
    detector = await openNodeModel(modelPath(PPOCR_V4_DET.file!));
  });
  afterAll(() => detector.release());

  it('draws light paper and dark ink at its stated size', () => {
    const image = trialImage();
    expect([image.width, image.height]).toEqual([TRIAL_IMAGE_SIZE.width, TRIAL_IMAGE_SIZE.height]);
    const greys = new Set<number>();
    for (let at = 0; at < image.data.length; at += 4) greys.add(image.data[at]!);
    expect([...greys].sort((a, b) => a - b)).toEqual([24, 236]);
  });

  it('passes the real detector with its own descriptor: a map within 0–1', async () => {
    const map = await trialRun(PPOCR_V4_DET, detector.run);
    expect(map.data.length).toBe(map.width * map.height);
    expect(map.data.every((value) => Number.isFinite(value) && value >= 0 && value <= 1)).toBe(
      true,
    );
  });

  it('refuses the real detector under a normalization that makes every input infinite, naming it', async () => {
    const runsBefore = detector.runs;
    const error = await failure(
      trialRun(
        withNormalization({
          scale: 1e308,
          mean: [1e308, -1e308, 1e308],
          std: [1e-300, 1e-300, 1e-300],
        }),
        detector.run,
      ),
    );
    expect(error.name).toBe('ModelMismatchError');
    expect(error.message).toMatch(
      /^The trial run on a small built-in image failed: the descriptor's normalization \(scale, mean, std\) turns the image's pixels into [\d,]+ infinite or NaN inputs/,
    );
    // Refused before the model ran at all.
    expect(detector.runs).toBe(runsBefore);
  });

  it('refuses a model whose output is NaN on dark and above 1 on bright pixels', async () => {
    const nan = await openNodeModel(fixturePath('nan-detector.onnx'));
    try {
      const error = await failure(trialRun(PPOCR_V4_DET, nan.run));
      expect(error.name).toBe('ModelMismatchError');
      expect(error.message).toMatch(/not a probability map: [\d,]+ NaN and [\d,]+ outside 0–1/);
    } finally {
      await nan.release();
    }
  });
});
