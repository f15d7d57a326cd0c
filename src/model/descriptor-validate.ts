/**
 * Validation of what a person hands in with their own model: a descriptor (uploaded JSON or the
 * import form's values), checked field by field with errors that name the field, and a quick
 * structural check that the bytes are an ONNX protobuf at all. Pure: no DOM, no ONNX Runtime.
 */
import type {
  InputPolicy,
  ModelDescriptor,
  Normalization,
  OutputSpec,
  PostprocessParams,
} from './descriptor.js';

/** One problem with a descriptor: the field's dotted path (`normalization.mean`) and what is wrong. */
export interface FieldError {
  path: string;
  message: string;
}

/** A validated descriptor, or every problem found. */
export type DescriptorResult =
  | { ok: true; descriptor: ModelDescriptor }
  | { ok: false; errors: FieldError[] };

/** The descriptor fields that say what a model is and how to run it (no identity, no weights). */
export type DescriptorSettings = Pick<
  ModelDescriptor,
  'input' | 'normalization' | 'output' | 'postprocess'
>;

/**
 * What a user model's descriptor is completed with: `id` and `bytes` always win (an id that
 * cannot clash with the catalog, the real file size); name, source and licence fill in only
 * where the descriptor leaves them out.
 */
export interface DescriptorIdentity {
  id: string;
  name: string;
  source: string;
  license: string;
  /** Size of the weights, bytes. */
  bytes?: number;
}

let userModelCounter = 0;

/** A fresh id for a user model: readable, unique, and never a catalog id (those have no `user-` prefix). */
export function newUserModelId(fileName: string, nowMs = Date.now()): string {
  const slug =
    fileName
      .replace(/\.onnx$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'model';
  return `user-${slug}-${nowMs.toString(36)}${(userModelCounter++).toString(36)}`;
}

/** ImageNet mean per RGB channel, on 0–1 pixel values. */
const IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406] as const;
/** ImageNet standard deviation per RGB channel, on 0–1 pixel values. */
const IMAGENET_STD_RGB = [0.229, 0.224, 0.225] as const;

/** Ids of the import form's presets. */
export const PresetId = {
  PpOcrV4: 'ppocr-v4',
  Competition: 'competition-dbnet-640',
} as const;

/** One of {@link PresetId}. */
export type PresetIdValue = (typeof PresetId)[keyof typeof PresetId];

/** A ready-made set of descriptor settings, offered in the import form. */
export interface DescriptorPreset {
  id: PresetIdValue;
  /** What the preset select shows. */
  label: string;
  /** One line on where these settings come from. */
  note: string;
  settings: DescriptorSettings;
}

/** Settings of the catalog's PP-OCRv4 detector (PaddleOCR's DetResizeForTest and DB post-process defaults). */
const PPOCR_V4_SETTINGS: DescriptorSettings = {
  input: { kind: 'long-side', limitSide: 960, multiple: 32 },
  // PaddleOCR reads images with OpenCV (BGR) and normalises them with the ImageNet numbers as-is.
  normalization: {
    scale: 1 / 255,
    mean: [...IMAGENET_MEAN_RGB],
    std: [...IMAGENET_STD_RGB],
    channelOrder: 'BGR',
  },
  output: { name: null, channel: 0, applySigmoid: false },
  postprocess: {
    threshold: 0.3,
    boxThreshold: 0.6,
    maxCandidates: 1000,
    minSize: 3,
    unclipRatio: 1.5,
    outputMode: 'box',
  },
};

/**
 * Settings of DBNet models exported from the competition code the old UI served: long side
 * scaled to 640, padded at bottom and right to 640 × 640, RGB, ImageNet mean and std, and that
 * code's post-processing defaults.
 */
const COMPETITION_SETTINGS: DescriptorSettings = {
  input: { kind: 'letterbox', size: 640, anchor: 'top-left', padValue: 0 },
  normalization: {
    scale: 1 / 255,
    mean: [...IMAGENET_MEAN_RGB],
    std: [...IMAGENET_STD_RGB],
    channelOrder: 'RGB',
  },
  output: { name: null, channel: 0, applySigmoid: false },
  postprocess: {
    threshold: 0.2,
    boxThreshold: 0.2,
    maxCandidates: 300,
    minSize: 5,
    unclipRatio: 1.5,
    outputMode: 'box',
  },
};

/** The import form's presets, in display order. */
export const DESCRIPTOR_PRESETS: readonly DescriptorPreset[] = [
  {
    id: PresetId.PpOcrV4,
    label: 'PP-OCRv4 (PaddleOCR)',
    note: 'Long side ≤ 960 px in multiples of 32, BGR, ImageNet mean/std, thresholds 0.3 / 0.6.',
    settings: PPOCR_V4_SETTINGS,
  },
  {
    id: PresetId.Competition,
    label: 'Competition DBNet export (640 letterbox)',
    note: 'Long side scaled to 640, padded bottom/right to 640 × 640, RGB, ImageNet mean/std, thresholds 0.2 / 0.2.',
    settings: COMPETITION_SETTINGS,
  },
];

/** The preset with `id`; throws for an unknown id (a programming error, not user input). */
export function presetById(id: PresetIdValue): DescriptorPreset {
  const preset = DESCRIPTOR_PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`unknown preset ${id}`);
  return preset;
}

/** A deep copy of a preset's settings, safe to edit. */
export function presetSettings(id: PresetIdValue): DescriptorSettings {
  return structuredClone(presetById(id).settings);
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Collects errors while reading one raw object; each reader returns a fallback so checking goes on. */
class Reader {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** Reads a section with `read`; a missing section is one error, not one per field. */
  section<T>(raw: Raw, key: string, read: (reader: Reader, section: Raw) => T): T | null {
    const value = raw[key];
    if (isRecord(value)) return read(this, value);
    this.fail(key, value === undefined ? `${key} is missing` : `${key} must be an object`);
    return null;
  }

  text(raw: Raw, key: string, path: string, label: string): string {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.fail(path, `${label} must be a non-empty text`);
    return '';
  }

  number(
    raw: Raw,
    key: string,
    path: string,
    label: string,
    rule: { min?: number; max?: number; above?: number; below?: number; integer?: boolean },
  ): number {
    const value = raw[key];
    if (!isFiniteNumber(value)) {
      this.fail(path, value === undefined ? `${label} is missing` : `${label} must be a number`);
      return Number.NaN;
    }
    const bounds: string[] = [];
    if (rule.integer && !Number.isInteger(value)) bounds.push('a whole number');
    if (rule.min !== undefined && value < rule.min) bounds.push(`at least ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) bounds.push(`at most ${rule.max}`);
    if (rule.above !== undefined && value <= rule.above) bounds.push(`greater than ${rule.above}`);
    if (rule.below !== undefined && value >= rule.below) bounds.push(`less than ${rule.below}`);
    if (bounds.length > 0)
      this.fail(path, `${label} must be ${bounds.join(' and ')} (got ${value})`);
    return value;
  }

  choice<T extends string>(
    raw: Raw,
    key: string,
    path: string,
    label: string,
    options: readonly T[],
  ): T {
    const value = raw[key];
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) {
      return value as T;
    }
    this.fail(path, `${label} must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
    return options[0]!;
  }

  triple(
    raw: Raw,
    key: string,
    path: string,
    label: string,
    positive: boolean,
  ): [number, number, number] {
    const value = raw[key];
    if (!Array.isArray(value) || value.length !== 3 || !value.every(isFiniteNumber)) {
      this.fail(path, `${label} must have 3 numbers`);
      return [Number.NaN, Number.NaN, Number.NaN];
    }
    const [first, second, third] = value as [number, number, number];
    if (positive && value.some((v) => v <= 0))
      this.fail(path, `${label} values must be greater than 0`);
    return [first, second, third];
  }
}

function readInput(reader: Reader, raw: Raw): InputPolicy {
  const kind = reader.choice(raw, 'kind', 'input.kind', 'input policy', [
    'long-side',
    'letterbox',
  ] as const);
  if (kind === 'long-side') {
    return {
      kind,
      limitSide: reader.number(raw, 'limitSide', 'input.limitSide', 'long side limit', {
        integer: true,
        min: 32,
        max: 8192,
      }),
      multiple: reader.number(raw, 'multiple', 'input.multiple', 'side multiple', {
        integer: true,
        min: 1,
        max: 256,
      }),
    };
  }
  return {
    kind,
    size: reader.number(raw, 'size', 'input.size', 'square size', {
      integer: true,
      min: 32,
      max: 4096,
    }),
    anchor: reader.choice(raw, 'anchor', 'input.anchor', 'anchor', ['top-left', 'center'] as const),
    padValue: reader.number(raw, 'padValue', 'input.padValue', 'pad value', { min: 0, max: 255 }),
  };
}

function readNormalization(reader: Reader, raw: Raw): Normalization {
  return {
    scale: reader.number(raw, 'scale', 'normalization.scale', 'scale', { above: 0 }),
    mean: reader.triple(raw, 'mean', 'normalization.mean', 'mean', false),
    std: reader.triple(raw, 'std', 'normalization.std', 'std', true),
    channelOrder: reader.choice(
      raw,
      'channelOrder',
      'normalization.channelOrder',
      'channel order',
      ['RGB', 'BGR'] as const,
    ),
  };
}

function readOutput(reader: Reader, raw: Raw): OutputSpec {
  const name = raw.name;
  let outputName: string | null = null;
  if (typeof name === 'string') outputName = name.trim() === '' ? null : name.trim();
  else if (name !== null && name !== undefined)
    reader.fail('output.name', 'output name must be text or null');
  const applySigmoid = raw.applySigmoid ?? false;
  if (typeof applySigmoid !== 'boolean')
    reader.fail('output.applySigmoid', 'applySigmoid must be true or false');
  return {
    name: outputName,
    channel: reader.number(raw, 'channel', 'output.channel', 'output channel', {
      integer: true,
      min: 0,
      max: 63,
    }),
    applySigmoid: applySigmoid === true,
  };
}

function readPostprocess(reader: Reader, raw: Raw): PostprocessParams {
  return {
    threshold: reader.number(raw, 'threshold', 'postprocess.threshold', 'threshold', {
      above: 0,
      below: 1,
    }),
    boxThreshold: reader.number(raw, 'boxThreshold', 'postprocess.boxThreshold', 'box threshold', {
      min: 0,
      below: 1,
    }),
    maxCandidates: reader.number(
      raw,
      'maxCandidates',
      'postprocess.maxCandidates',
      'max candidates',
      {
        integer: true,
        min: 1,
        max: 100_000,
      },
    ),
    minSize: reader.number(raw, 'minSize', 'postprocess.minSize', 'min size', {
      min: 0,
      max: 1000,
    }),
    unclipRatio: reader.number(raw, 'unclipRatio', 'postprocess.unclipRatio', 'unclip ratio', {
      above: 0,
      max: 10,
    }),
    outputMode: reader.choice(raw, 'outputMode', 'postprocess.outputMode', 'output mode', [
      'box',
      'polygon',
    ] as const),
  };
}

/**
 * Validates a descriptor object (parsed JSON or built from the form). Identity fields it lacks
 * are taken from `identity` (a user model's file name and size); everything else is required.
 */
export function validateDescriptor(raw: unknown, identity?: DescriptorIdentity): DescriptorResult {
  if (!isRecord(raw))
    return { ok: false, errors: [{ path: '', message: 'the descriptor must be a JSON object' }] };
  const reader = new Reader();
  const merged: Raw = { ...raw };
  if (identity) {
    for (const key of ['name', 'source', 'license'] as const) {
      const value = raw[key];
      if (typeof value !== 'string' || value.trim() === '') merged[key] = identity[key];
    }
    // A user model lives in storage, never at a URL, and its id must not clash with the catalog.
    merged.id = identity.id;
    delete merged.file;
    if (identity.bytes !== undefined) merged.bytes = identity.bytes;
  }
  const id = reader.text(merged, 'id', 'id', 'id');
  const name = reader.text(merged, 'name', 'name', 'name');
  const source = reader.text(merged, 'source', 'source', 'source');
  const license = reader.text(merged, 'license', 'license', 'licence');
  let file: string | undefined;
  if (merged.file !== undefined) {
    if (typeof merged.file === 'string' && merged.file !== '') file = merged.file;
    else reader.fail('file', 'file must be a file name');
  }
  let bytes: number | undefined;
  if (merged.bytes !== undefined) {
    bytes = reader.number(merged, 'bytes', 'bytes', 'size in bytes', { integer: true, min: 1 });
  }
  const input = reader.section(merged, 'input', readInput);
  const normalization = reader.section(merged, 'normalization', readNormalization);
  const output = reader.section(merged, 'output', readOutput);
  const postprocess = reader.section(merged, 'postprocess', readPostprocess);
  if (reader.errors.length > 0 || !input || !normalization || !output || !postprocess) {
    return { ok: false, errors: reader.errors };
  }
  const descriptor: ModelDescriptor = {
    id,
    name,
    source,
    license,
    input,
    normalization,
    output,
    postprocess,
  };
  if (file !== undefined) descriptor.file = file;
  if (bytes !== undefined) descriptor.bytes = bytes;
  return { ok: true, descriptor };
}

/** Parses and validates descriptor JSON text; a syntax error is reported against the whole file. */
export function parseDescriptorJson(text: string, identity?: DescriptorIdentity): DescriptorResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ path: '', message: `the descriptor is not valid JSON: ${detail}` }],
    };
  }
  return validateDescriptor(raw, identity);
}

/**
 * The import form's values as typed: numbers as text (so "1/255" and a half-typed value survive),
 * choices as their option values.
 */
export interface DescriptorForm {
  name: string;
  license: string;
  inputKind: InputPolicy['kind'];
  limitSide: string;
  multiple: string;
  size: string;
  anchor: string;
  padValue: string;
  scale: string;
  mean: [string, string, string];
  std: [string, string, string];
  channelOrder: string;
  outputName: string;
  outputChannel: string;
  applySigmoid: boolean;
  threshold: string;
  boxThreshold: string;
  maxCandidates: string;
  minSize: string;
  unclipRatio: string;
  outputMode: string;
}

/** Formats a number for a form field: short, exact for the values presets use (1/255 stays a fraction). */
function formatNumber(value: number): string {
  if (Math.abs(value * 255 - 1) < 1e-12) return '1/255';
  return String(Number(value.toPrecision(10)));
}

/**
 * Reads a form number: a decimal or a fraction `a/b` (scale is usually 1/255). Blank or
 * unreadable text gives NaN, which validation reports against the field.
 */
export function parseFormNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  const fraction = /^([+-]?[\d.]+(?:e[+-]?\d+)?)\s*\/\s*([\d.]+(?:e[+-]?\d+)?)$/i.exec(trimmed);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  return Number(trimmed);
}

/** The form's values for descriptor settings (and an optional name and licence). */
export function formFromSettings(
  settings: DescriptorSettings,
  identity: { name: string; license: string } = { name: '', license: '' },
): DescriptorForm {
  const { input, normalization, output, postprocess } = settings;
  const ppocrInput = PPOCR_V4_SETTINGS.input as Extract<InputPolicy, { kind: 'long-side' }>;
  const competitionInput = COMPETITION_SETTINGS.input as Extract<
    InputPolicy,
    { kind: 'letterbox' }
  >;
  // The fields of the policy not in use keep sensible values, so switching the kind shows numbers.
  const longSide = input.kind === 'long-side' ? input : ppocrInput;
  const letterbox = input.kind === 'letterbox' ? input : competitionInput;
  return {
    name: identity.name,
    license: identity.license,
    inputKind: input.kind,
    limitSide: formatNumber(longSide.limitSide),
    multiple: formatNumber(longSide.multiple),
    size: formatNumber(letterbox.size),
    anchor: letterbox.anchor,
    padValue: formatNumber(letterbox.padValue),
    scale: formatNumber(normalization.scale),
    mean: normalization.mean.map(formatNumber) as [string, string, string],
    std: normalization.std.map(formatNumber) as [string, string, string],
    channelOrder: normalization.channelOrder,
    outputName: output.name ?? '',
    outputChannel: formatNumber(output.channel),
    applySigmoid: output.applySigmoid,
    threshold: formatNumber(postprocess.threshold),
    boxThreshold: formatNumber(postprocess.boxThreshold),
    maxCandidates: formatNumber(postprocess.maxCandidates),
    minSize: formatNumber(postprocess.minSize),
    unclipRatio: formatNumber(postprocess.unclipRatio),
    outputMode: postprocess.outputMode,
  };
}

/**
 * Builds and validates a descriptor from the form. `identity` supplies the id, source and file
 * size; the form's name and licence win when filled in.
 */
export function descriptorFromForm(
  form: DescriptorForm,
  identity: DescriptorIdentity,
): DescriptorResult {
  const input: Raw =
    form.inputKind === 'long-side'
      ? {
          kind: form.inputKind,
          limitSide: parseFormNumber(form.limitSide),
          multiple: parseFormNumber(form.multiple),
        }
      : {
          kind: form.inputKind,
          size: parseFormNumber(form.size),
          anchor: form.anchor,
          padValue: parseFormNumber(form.padValue),
        };
  return validateDescriptor(
    {
      id: identity.id,
      name: form.name.trim() || identity.name,
      source: identity.source,
      license: form.license.trim() || identity.license,
      input,
      normalization: {
        scale: parseFormNumber(form.scale),
        mean: form.mean.map(parseFormNumber),
        std: form.std.map(parseFormNumber),
        channelOrder: form.channelOrder,
      },
      output: {
        name: form.outputName,
        channel: parseFormNumber(form.outputChannel),
        applySigmoid: form.applySigmoid,
      },
      postprocess: {
        threshold: parseFormNumber(form.threshold),
        boxThreshold: parseFormNumber(form.boxThreshold),
        maxCandidates: parseFormNumber(form.maxCandidates),
        minSize: parseFormNumber(form.minSize),
        unclipRatio: parseFormNumber(form.unclipRatio),
        outputMode: form.outputMode,
      },
    },
    identity,
  );
}

/** ONNX `ModelProto` field number of `graph` (onnx.proto3). */
const MODEL_PROTO_GRAPH_FIELD = 7;

/**
 * Checks that `bytes` have the shape of a serialised ONNX `ModelProto`: top-level protobuf fields
 * that are well formed, fit the file exactly and include a graph. Returns null when they do, or
 * a sentence saying why not. ONNX Runtime still has the last word; this catches random or
 * truncated files before the model in use is unloaded for them.
 */
export function onnxStructureProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  let offset = 0;
  let sawGraph = false;
  const readVarint = (): number | null => {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      if (offset >= bytes.length) return null;
      const byte = bytes[offset++]!;
      value += (byte & 0x7f) * factor;
      if ((byte & 0x80) === 0) return value;
      factor *= 128;
    }
    return null;
  };
  while (offset < bytes.length) {
    const tag = readVarint();
    if (tag === null) return 'the file ends in the middle of a field';
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) return 'the file does not start like a protobuf message';
    if (wireType === 0) {
      if (readVarint() === null) return 'the file ends in the middle of a field';
    } else if (wireType === 1) {
      offset += 8;
    } else if (wireType === 5) {
      offset += 4;
    } else if (wireType === 2) {
      const length = readVarint();
      if (length === null || offset + length > bytes.length) {
        return 'a field runs past the end of the file (truncated or not ONNX)';
      }
      if (field === MODEL_PROTO_GRAPH_FIELD) sawGraph = true;
      offset += length;
    } else {
      return `the file has a protobuf wire type ${wireType}, which ONNX never uses`;
    }
    if (offset > bytes.length)
      return 'a field runs past the end of the file (truncated or not ONNX)';
  }
  return sawGraph ? null : 'the file holds no ONNX graph';
}
