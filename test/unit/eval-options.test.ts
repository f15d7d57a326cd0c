import { describe, expect, it } from 'vitest';
import { parseEvalArgs, timingsPathFor, withOverrides } from '../../scripts/lib/eval-options.js';
import { median } from '../../scripts/lib/stats.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';

/** The catalog model under a toy identity, with PaddleOCR's 960 px input. */
const descriptor: ModelDescriptor = {
  ...PPOCR_V4_DET,
  id: 'toy',
  name: 'Toy detector',
  file: 'toy.onnx',
  input: { kind: 'long-side', limitSide: 960, multiple: 32 },
};

describe('parseEvalArgs', () => {
  it('keeps the descriptor defaults when no parameter is given', () => {
    const options = parseEvalArgs(['dev']);
    expect(options.folder).toBe('dev');
    expect(options.backend).toBe('wasm');
    expect(options.params).toEqual({});
    expect(options.descriptor).toEqual({});
    expect(options.build).toBe(true);
  });

  it('reads post-processing, channel order and long side from the command line', () => {
    const options = parseEvalArgs([
      'dev',
      '--box-threshold',
      '0.7',
      '--unclip-ratio=1.8',
      '--mode',
      'polygon',
      '--channel-order',
      'rgb',
      '--limit-side',
      '1280',
      '--backend',
      'webgpu',
      '--no-build',
    ]);
    expect(options.params).toEqual({ boxThreshold: 0.7, unclipRatio: 1.8, outputMode: 'polygon' });
    expect(options.descriptor).toEqual({ channelOrder: 'RGB', limitSide: 1280 });
    expect(options.backend).toBe('webgpu');
    expect(options.build).toBe(false);
  });

  it('reads text only when asked, and --gt-boxes implies it', () => {
    expect(parseEvalArgs(['dev'])).toMatchObject({ recognize: false, gtBoxes: false });
    expect(parseEvalArgs(['dev', '--recognize'])).toMatchObject({
      recognize: true,
      gtBoxes: false,
    });
    expect(parseEvalArgs(['dev', '--gt-boxes'])).toMatchObject({ recognize: true, gtBoxes: true });
  });

  it('extracts receipt fields with --fields (reading text), or from lines with no folder of images', () => {
    expect(parseEvalArgs(['dev'])).toMatchObject({ fields: false, fieldsFromLines: null });
    expect(parseEvalArgs(['dev', '--fields', '--fields-out', 'f.json'])).toMatchObject({
      folder: 'dev',
      fields: true,
      recognize: true,
      fieldsOut: 'f.json',
    });
    expect(parseEvalArgs(['--fields-from-lines', 'receipt-lines'])).toMatchObject({
      folder: 'receipt-lines',
      fieldsFromLines: 'receipt-lines',
      fieldsOut: 'bench-out/fields.json',
    });
    expect(() => parseEvalArgs(['dev', '--fields-from-lines', 'receipt-lines'])).toThrow(
      RangeError,
    );
  });

  it('turns document preprocessing on with --preprocess and reads its parameters', () => {
    expect(parseEvalArgs(['dev']).document).toBeNull();
    expect(parseEvalArgs(['dev', '--preprocess']).document).toEqual({
      enabled: true,
      minPageShare: 0.18,
      orientation: true,
      enhancement: 'off',
    });
    const tuned = parseEvalArgs([
      'dev',
      '--preprocess',
      '--min-page-share',
      '0.3',
      '--no-orientation',
      '--enhance',
      'contrast',
    ]).document;
    expect(tuned).toEqual({
      enabled: true,
      minPageShare: 0.3,
      orientation: false,
      enhancement: 'contrast',
    });
    expect(() => parseEvalArgs(['dev', '--preprocess', '--enhance', 'sharpen'])).toThrow(
      RangeError,
    );
  });

  it('rejects a threshold outside 0–1 and a missing folder', () => {
    expect(() => parseEvalArgs(['dev', '--threshold', '1.5'])).toThrow(/--threshold/);
    expect(() => parseEvalArgs(['--threshold', '0.2'])).toThrow(/folder/);
    expect(() => parseEvalArgs(['dev', '--mode', 'circle'])).toThrow(/--mode/);
  });
});

describe('withOverrides', () => {
  it('replaces only the overridden fields and leaves the original untouched', () => {
    const changed = withOverrides(
      descriptor,
      { channelOrder: 'RGB', limitSide: 640 },
      { threshold: 0.2 },
    );
    expect(changed.normalization.channelOrder).toBe('RGB');
    expect(changed.normalization.mean).toEqual(descriptor.normalization.mean);
    expect(changed.input).toEqual({ kind: 'long-side', limitSide: 640, multiple: 32 });
    expect(changed.postprocess).toEqual({ ...descriptor.postprocess, threshold: 0.2 });
    expect(descriptor.normalization.channelOrder).toBe('BGR');
    expect(descriptor.postprocess.threshold).toBe(PPOCR_V4_DET.postprocess.threshold);
  });

  it('sets the square size of a letterbox model from --limit-side', () => {
    const letterboxed: ModelDescriptor = {
      ...descriptor,
      input: { kind: 'letterbox', size: 640, anchor: 'top-left', padValue: 0 },
    };
    expect(withOverrides(letterboxed, { limitSide: 1024 }, {}).input).toEqual({
      kind: 'letterbox',
      size: 1024,
      anchor: 'top-left',
      padValue: 0,
    });
  });
});

describe('report helpers', () => {
  it('names the timings file beside the predictions file', () => {
    expect(timingsPathFor('out/predictions.json')).toBe('out/predictions.timings.json');
    expect(timingsPathFor('out/predictions')).toBe('out/predictions.timings.json');
  });

  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
