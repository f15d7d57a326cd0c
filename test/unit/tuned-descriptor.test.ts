import { describe, expect, it } from 'vitest';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { parseDescriptorJson } from '../../src/features/models/pipeline/descriptor-validate.js';
import {
  tunedDescriptor,
  tunedDescriptorFileName,
} from '../../src/features/models/pipeline/tuned-descriptor.js';

describe('tunedDescriptor', () => {
  const tuned = { ...PPOCR_V4_DET.postprocess, boxThreshold: 0.72, unclipRatio: 1.3 };

  it('keeps the model and carries the tuned parameters, ready for the import dialog', () => {
    const text = JSON.stringify(tunedDescriptor(PPOCR_V4_DET, tuned));
    const parsed = parseDescriptorJson(text, {
      id: 'user-1',
      name: '',
      source: '',
      license: '',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.descriptor.postprocess).toEqual(tuned);
    expect(parsed.descriptor.input).toEqual(PPOCR_V4_DET.input);
    expect(parsed.descriptor.name).toBe(`${PPOCR_V4_DET.name} (tuned)`);
  });

  it('does not stack the tuned suffix and names the file by the model', () => {
    const twice = tunedDescriptor(tunedDescriptor(PPOCR_V4_DET, tuned), tuned);
    expect(twice.name).toBe(`${PPOCR_V4_DET.name} (tuned)`);
    expect(tunedDescriptorFileName(PPOCR_V4_DET)).toBe(`${PPOCR_V4_DET.id}.tuned.json`);
  });
});
