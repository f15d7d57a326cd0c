import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DOCUMENT_PARAMS,
  documentKey,
} from '../../src/features/document/pipeline/params.js';
import { runKey } from '../../src/features/history/store/stored-result.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { validateDescriptor } from '../../src/features/models/pipeline/descriptor-validate.js';
import { documentParamsFor, loadSettings } from '../../src/shell/settings-store.js';

const storageWith = (value: unknown) => ({
  getItem: () => JSON.stringify(value),
});

describe('document-photo settings', () => {
  it('keeps the person’s valid document parameters and names the refused ones', () => {
    const { settings, problems } = loadSettings(
      storageWith({ document: { enabled: true, minPageShare: 2, enhancement: 'contrast' } }),
    );
    expect(settings.document).toEqual({ enabled: true, enhancement: 'contrast' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('minPageShare');
  });

  it('layers the person’s changes over the model’s defaults over the app’s', () => {
    const { settings } = loadSettings(storageWith({ document: { enabled: true } }));
    const model = { document: { minPageShare: 0.3, orientation: false } };
    expect(documentParamsFor(settings, model)).toEqual({
      enabled: true,
      minPageShare: 0.3,
      orientation: false,
      enhancement: 'off',
    });
    expect(documentParamsFor(loadSettings(null).settings, null)).toEqual(DEFAULT_DOCUMENT_PARAMS);
  });

  it('accepts document defaults in a descriptor and refuses a bad one by field', () => {
    const good = validateDescriptor({ ...PPOCR_V4_DET, document: { enabled: true } });
    expect(good.ok && good.descriptor.document).toEqual({ enabled: true });
    const bad = validateDescriptor({ ...PPOCR_V4_DET, document: { enhancement: 'sharpen' } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.path).toBe('document');
  });

  it('keys runs by document parameters only when the step is on', () => {
    const params = PPOCR_V4_DET.postprocess;
    const off = { ...DEFAULT_DOCUMENT_PARAMS, enabled: false, minPageShare: 0.5 };
    expect(documentKey(off)).toBe(documentKey(undefined));
    expect(runKey(params, off)).toBe(runKey(params));
    const on = { ...DEFAULT_DOCUMENT_PARAMS, enabled: true };
    expect(runKey(params, on)).not.toBe(runKey(params));
    expect(runKey(params, on)).not.toBe(runKey(params, { ...on, minPageShare: 0.3 }));
  });
});
