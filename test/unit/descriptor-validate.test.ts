import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import {
  DESCRIPTOR_PRESETS,
  PresetId,
  presetSettings,
} from '../../src/features/models/pipeline/descriptor-presets.js';
import {
  type DescriptorIdentity,
  type DescriptorResult,
  parseDescriptorJson,
  validateDescriptor,
} from '../../src/features/models/pipeline/descriptor-validate.js';
import { onnxStructureProblem } from '../../src/features/models/pipeline/onnx-structure.js';
import {
  descriptorFromForm,
  formFromSettings,
  parseFormNumber,
} from '../../src/features/models/ui/descriptor-form.js';

const CATALOG = PPOCR_V4_DET;
const CATALOG_JSON = JSON.stringify(CATALOG);

const IDENTITY: DescriptorIdentity = {
  id: 'user-mine-1',
  name: 'mine',
  source: 'Imported file mine.onnx',
  license: 'unknown',
  bytes: 1234,
};

function errorsOf(result: DescriptorResult): Record<string, string> {
  if (result.ok) throw new Error('expected validation errors');
  return Object.fromEntries(result.errors.map((e) => [e.path, e.message]));
}

/** The catalog descriptor with fields set by dotted path; `undefined` deletes the field. */
function withFields(changes: Record<string, unknown>): unknown {
  const raw = structuredClone(CATALOG) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let target = raw;
    for (const key of keys) target = target[key] as Record<string, unknown>;
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return raw;
}

describe('validateDescriptor', () => {
  it('accepts the catalog descriptor unchanged', () => {
    const result = validateDescriptor(CATALOG);
    expect(result).toEqual({ ok: true, descriptor: CATALOG });
  });

  it('names mean when it has two numbers', () => {
    const result = validateDescriptor(withFields({ 'normalization.mean': [0.485, 0.456] }));
    expect(errorsOf(result)).toEqual({ 'normalization.mean': 'mean must have 3 numbers' });
  });

  it('names std when a value is zero', () => {
    const result = validateDescriptor(withFields({ 'normalization.std': [0.229, 0, 0.225] }));
    expect(errorsOf(result)['normalization.std']).toBe('std values must be greater than 0');
  });

  it('reports every bad field at once, each by name', () => {
    const result = validateDescriptor(
      withFields({
        input: { kind: 'letterbox', size: 641.5, anchor: 'middle', padValue: 300 },
        'normalization.channelOrder': 'GRB',
        'postprocess.threshold': 1,
        'postprocess.outputMode': 'mask',
      }),
    );
    expect(Object.keys(errorsOf(result)).sort()).toEqual([
      'input.anchor',
      'input.padValue',
      'input.size',
      'normalization.channelOrder',
      'postprocess.outputMode',
      'postprocess.threshold',
    ]);
    expect(errorsOf(result)['input.size']).toBe('square size must be a whole number (got 641.5)');
    expect(errorsOf(result)['postprocess.threshold']).toBe(
      'threshold must be at most 0.95 (got 1)',
    );
  });

  it('says a missing section is missing', () => {
    const result = validateDescriptor(withFields({ postprocess: undefined }));
    expect(errorsOf(result)).toEqual({ postprocess: 'postprocess is missing' });
  });

  it('treats a blank output name as the first output', () => {
    const result = validateDescriptor(withFields({ 'output.name': '  ' }));
    expect(result.ok && result.descriptor.output.name).toBe(null);
  });

  it('gives a user model its own id and size, keeping the name it was given', () => {
    const result = validateDescriptor(
      withFields({ id: 'ppocr-v4-det', name: 'My detector', bytes: 1 }),
      IDENTITY,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.descriptor.id).toBe('user-mine-1');
    expect(result.descriptor.name).toBe('My detector');
    expect(result.descriptor.bytes).toBe(1234);
    expect(result.descriptor.file).toBeUndefined();
  });

  it('fills missing identity fields from the identity', () => {
    const result = validateDescriptor(
      withFields({ id: undefined, name: undefined, source: undefined, license: undefined }),
      IDENTITY,
    );
    expect(result.ok && result.descriptor.source).toBe('Imported file mine.onnx');
  });

  it('requires identity fields of a catalog descriptor', () => {
    const result = validateDescriptor(withFields({ license: undefined }));
    expect(errorsOf(result)).toEqual({ license: 'licence must be a non-empty text' });
  });
});

describe('parseDescriptorJson', () => {
  it('reports a syntax error against the whole file', () => {
    const result = parseDescriptorJson('{"input": ');
    expect(errorsOf(result)['']).toMatch(/^the descriptor is not valid JSON/);
  });

  it('refuses a JSON array', () => {
    expect(errorsOf(parseDescriptorJson('[1,2,3]'))['']).toBe(
      'the descriptor must be a JSON object',
    );
  });

  it('parses the catalog file', () => {
    expect(parseDescriptorJson(CATALOG_JSON).ok).toBe(true);
  });
});

describe('presets', () => {
  it('the PP-OCRv4 preset matches the catalog descriptor', () => {
    const { input, normalization, output, postprocess } = CATALOG;
    expect(presetSettings(PresetId.PpOcrV4)).toEqual({ input, normalization, output, postprocess });
  });

  it('the competition preset letterboxes to 640 at the top left with ImageNet RGB normalisation', () => {
    const settings = presetSettings(PresetId.Competition);
    expect(settings.input).toEqual({
      kind: 'letterbox',
      size: 640,
      anchor: 'top-left',
      padValue: 0,
    });
    expect(settings.normalization).toEqual({
      scale: 1 / 255,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      channelOrder: 'RGB',
    });
    expect(settings.postprocess).toMatchObject({
      threshold: 0.2,
      boxThreshold: 0.2,
      maxCandidates: 300,
      minSize: 5,
      unclipRatio: 1.5,
      outputMode: 'box',
    });
  });

  it('hands out copies, so editing one leaves the preset alone', () => {
    presetSettings(PresetId.Competition).normalization.mean[0] = 9;
    expect(presetSettings(PresetId.Competition).normalization.mean[0]).toBe(0.485);
  });

  it('every preset round-trips through the form unchanged', () => {
    for (const preset of DESCRIPTOR_PRESETS) {
      const form = formFromSettings(preset.settings, { name: 'x', license: 'MIT' });
      const result = descriptorFromForm(form, IDENTITY);
      expect(result.ok, preset.id).toBe(true);
      if (!result.ok) continue;
      const { input, normalization, output, postprocess } = result.descriptor;
      expect({ input, normalization, output, postprocess }).toEqual(preset.settings);
      expect(result.descriptor).toMatchObject({ id: 'user-mine-1', name: 'x', license: 'MIT' });
    }
  });
});

describe('descriptorFromForm', () => {
  const base = () => formFromSettings(presetSettings(PresetId.Competition));

  it('shows scale 1/255 as a fraction', () => {
    expect(base().scale).toBe('1/255');
  });

  it('names a blank mean entry', () => {
    const form = base();
    form.mean = ['0.485', '', '0.406'];
    expect(errorsOf(descriptorFromForm(form, IDENTITY))).toEqual({
      'normalization.mean': 'mean must have 3 numbers',
    });
  });

  it('validates only the fields of the chosen input policy', () => {
    const form = base();
    form.inputKind = 'long-side';
    form.size = 'not a number';
    form.limitSide = '1280';
    const result = descriptorFromForm(form, IDENTITY);
    expect(result.ok && result.descriptor.input).toEqual({
      kind: 'long-side',
      limitSide: 1280,
      multiple: 32,
    });
  });

  it('falls back to the identity name when the name is blank', () => {
    const result = descriptorFromForm(base(), IDENTITY);
    expect(result.ok && result.descriptor.name).toBe('mine');
  });
});

describe('parseFormNumber', () => {
  it('reads decimals, exponents and fractions; blank and junk are NaN', () => {
    expect(parseFormNumber(' 0.25 ')).toBe(0.25);
    expect(parseFormNumber('1e-3')).toBe(0.001);
    expect(parseFormNumber('1/255')).toBe(1 / 255);
    expect(parseFormNumber('')).toBeNaN();
    expect(parseFormNumber('abc')).toBeNaN();
  });
});

describe('onnxStructureProblem', () => {
  const onnx = new Uint8Array(
    readFileSync(new URL('../../public/models/ppocr-v4-det.onnx', import.meta.url)),
  );

  it('accepts the catalog model', () => {
    expect(onnxStructureProblem(onnx)).toBeNull();
  });

  it('finds the catalog weights the size their descriptor records, which versions their cache key', () => {
    expect(onnx.byteLength).toBe(PPOCR_V4_DET.bytes);
  });

  it('refuses the same model cut short', () => {
    expect(onnxStructureProblem(onnx.subarray(0, onnx.length - 100))).toMatch(/truncated/);
  });

  it('refuses random bytes', () => {
    // A fixed xorshift stream: "random" but the same on every run.
    const bytes = new Uint8Array(4096);
    let state = 0x9e3779b9;
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bytes[i] = state & 0xff;
    }
    expect(onnxStructureProblem(bytes)).not.toBeNull();
  });

  it('refuses a well-formed protobuf without a graph', () => {
    // ir_version = 8, producer_name = "x": valid fields, but no field 7.
    expect(onnxStructureProblem(new Uint8Array([0x08, 0x08, 0x12, 0x01, 0x78]))).toBe(
      'the file holds no ONNX graph',
    );
  });

  it('refuses an empty file and text', () => {
    expect(onnxStructureProblem(new Uint8Array())).toBe('the file is empty');
    expect(onnxStructureProblem(new TextEncoder().encode('<html>Not found</html>'))).not.toBeNull();
  });
});
