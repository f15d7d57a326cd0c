import { describe, expect, it } from 'vitest';
import {
  clampParams,
  clampToField,
  type NumericField,
  PARAM_FIELDS,
  parseFieldInput,
  sameParams,
} from '../../src/features/detection/ui/param-fields.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import { validateDescriptor } from '../../src/features/models/pipeline/descriptor-validate.js';

const fieldFor = (key: string): NumericField => {
  const field = PARAM_FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`no field ${key}`);
  return field;
};
const threshold = fieldFor('threshold');
const unclip = fieldFor('unclipRatio');
const maxCandidates = fieldFor('maxCandidates');

const defaults: PostprocessParams = { ...PPOCR_V4_DET.postprocess };

describe('clampToField', () => {
  it('clamps values below and above the range to its ends', () => {
    expect(clampToField(threshold, 0)).toBe(0.05);
    expect(clampToField(threshold, 1.7)).toBe(0.95);
    expect(clampToField(maxCandidates, 99_999)).toBe(10_000);
  });

  it('snaps to the nearest step counted from the minimum', () => {
    expect(clampToField(unclip, 1.63)).toBe(1.65);
    expect(clampToField(maxCandidates, 12.4)).toBe(12);
    expect(clampToField(threshold, 0.333)).toBe(0.33);
  });

  it('leaves no floating-point residue after snapping', () => {
    expect(clampToField(threshold, 0.1 + 0.2)).toBe(0.3);
    expect(clampToField(unclip, 2.35)).toBe(2.35);
  });
});

describe('parseFieldInput', () => {
  it('rejects empty and non-numeric text with a message', () => {
    expect(parseFieldInput(threshold, '')).toMatchObject({ ok: false });
    expect(parseFieldInput(threshold, '   ')).toMatchObject({ ok: false });
    expect(parseFieldInput(threshold, 'abc')).toMatchObject({ ok: false });
    expect(parseFieldInput(threshold, 'Infinity')).toMatchObject({ ok: false });
  });

  it('accepts a number and clamps it into range', () => {
    expect(parseFieldInput(threshold, ' 0.42 ')).toEqual({ ok: true, value: 0.42 });
    expect(parseFieldInput(threshold, '5')).toEqual({ ok: true, value: 0.95 });
    expect(parseFieldInput(maxCandidates, '-3')).toEqual({ ok: true, value: 1 });
  });
});

describe('clampParams', () => {
  it('clamps every numeric field and keeps in-range values as they are', () => {
    const clamped = clampParams(
      { ...defaults, threshold: 2, minSize: -1, maxCandidates: 250 },
      defaults,
    );
    expect(clamped).toEqual({ ...defaults, threshold: 0.95, minSize: 0, maxCandidates: 250 });
  });

  it('takes missing, NaN and unknown values from the defaults', () => {
    const stale = {
      threshold: Number.NaN,
      unclipRatio: 2,
      outputMode: 'quad',
    } as unknown as Partial<PostprocessParams>;
    expect(clampParams(stale, defaults)).toEqual({ ...defaults, unclipRatio: 2 });
  });

  it('keeps polygon output mode', () => {
    expect(clampParams({ ...defaults, outputMode: 'polygon' }, defaults).outputMode).toBe(
      'polygon',
    );
  });
});

describe('sameParams', () => {
  it('is true for equal values and false when any one parameter differs', () => {
    expect(sameParams(defaults, { ...defaults })).toBe(true);
    expect(sameParams(defaults, { ...defaults, minSize: 4 })).toBe(false);
    expect(sameParams(defaults, { ...defaults, outputMode: 'polygon' })).toBe(false);
  });
});

describe('parameter controls and descriptor validation', () => {
  const withParam = (key: string, value: number) => ({
    ...PPOCR_V4_DET,
    postprocess: { ...PPOCR_V4_DET.postprocess, [key]: value },
  });

  it('accept a descriptor value exactly when a control can be set to it', () => {
    for (const field of PARAM_FIELDS) {
      expect(validateDescriptor(withParam(field.key, field.max)).ok, field.key).toBe(true);
      expect(validateDescriptor(withParam(field.key, field.min)).ok, field.key).toBe(true);
      expect(validateDescriptor(withParam(field.key, field.max + field.step)).ok, field.key).toBe(
        false,
      );
      expect(validateDescriptor(withParam(field.key, field.min - field.step)).ok, field.key).toBe(
        false,
      );
    }
  });
});
