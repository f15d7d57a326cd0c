/**
 * Validation of what a person hands in with their own model: a descriptor (uploaded JSON or the
 * import form's values), checked field by field with errors that name the field. Pure: no DOM,
 * no ONNX Runtime.
 *
 * Hand-written rather than a schema library's (valibot, zod): the types in `descriptor.ts` carry
 * a doc line per field, the messages name fields in words ("long side limit must be a whole
 * number and at least 32 (got 5)") and every problem is collected at once; a schema would need a
 * custom message per check and a second, undocumented type, to save about 150 lines. The ranges
 * of the post-processing parameters come from `POSTPROCESS_RANGES`, which the controls read too.
 */

import { readDocumentParams } from '../../document/pipeline/params.js';
import {
  type InputPolicy,
  type ModelDescriptor,
  type Normalization,
  type NumericParamKey,
  type OutputSpec,
  POSTPROCESS_RANGES,
  type PostprocessParams,
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
  const numeric = (key: NumericParamKey, label: string): number => {
    const { min, max, step } = POSTPROCESS_RANGES[key];
    return reader.number(raw, key, `postprocess.${key}`, label, { min, max, integer: step === 1 });
  };
  return {
    threshold: numeric('threshold', 'threshold'),
    boxThreshold: numeric('boxThreshold', 'box threshold'),
    maxCandidates: numeric('maxCandidates', 'max candidates'),
    minSize: numeric('minSize', 'min size'),
    unclipRatio: numeric('unclipRatio', 'unclip ratio'),
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
  if (merged.document !== undefined) {
    const problems: string[] = [];
    const document = readDocumentParams(merged.document, problems);
    if (problems.length > 0) {
      return { ok: false, errors: problems.map((message) => ({ path: 'document', message })) };
    }
    descriptor.document = document;
  }
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
