/**
 * The recognizer descriptor: everything the pipeline needs to know about a CTC text-line
 * recognizer (PP-OCR style). Stored as JSON beside the weights in `public/models/`.
 */
import type { Normalization } from '../../models/pipeline/descriptor.js';

/** A complete CTC recognizer descriptor, as stored in `public/models/<id>.json`. */
export interface RecognizerDescriptor {
  /** Marks the file as a recognizer, so a detector catalog can tell it apart. */
  kind: 'ctc-recognizer';
  /** Stable identifier, used in cache keys and stored results. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** Where the weights come from (project, package). */
  source: string;
  /** Licence of the weights. */
  license: string;
  /** Weights URL relative to the models folder. */
  file: string;
  /** Size of the weights in bytes. */
  bytes?: number;
  /** Character list URL relative to the models folder: one character per line, UTF-8. */
  dictionaryFile: string;
  /** Input layout: N × 3 × `height` × W, W a multiple of `widthMultiple` (the model's time-step stride). */
  input: {
    /** Height every crop is resized to, px. */
    height: number;
    /** Input widths are multiples of this, px. */
    widthMultiple: number;
  };
  /** Per-channel normalisation of 0–255 pixels, as the detector's. */
  normalization: Normalization;
  /** How the output's classes map to characters. */
  ctc: {
    /** Class index of the CTC blank (PaddleOCR: 0, before the dictionary). */
    blankIndex: number;
    /** `true` when a space class follows the dictionary's last character (PaddleOCR's use_space_char). */
    appendSpace: boolean;
  };
}

function fail(message: string): never {
  throw new TypeError(`recognizer descriptor: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') fail(`"${key}" must be a non-empty string`);
  return value;
}

function positiveInteger(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    fail(`"${key}" must be a positive integer`);
  }
  return value;
}

function triple(record: Record<string, unknown>, key: string): [number, number, number] {
  const value = record[key];
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    value.some((v) => typeof v !== 'number' || !Number.isFinite(v))
  ) {
    fail(`"normalization.${key}" must be three numbers`);
  }
  return value as [number, number, number];
}

/** Checks parsed JSON and returns it typed; throws `TypeError` naming the first bad field. */
export function parseRecognizerDescriptor(json: unknown): RecognizerDescriptor {
  if (!isRecord(json)) fail('must be a JSON object');
  if (json.kind !== 'ctc-recognizer') fail('"kind" must be "ctc-recognizer"');
  const input = json.input;
  const normalization = json.normalization;
  const ctc = json.ctc;
  if (!isRecord(input)) fail('"input" must be an object');
  if (!isRecord(normalization)) fail('"normalization" must be an object');
  if (!isRecord(ctc)) fail('"ctc" must be an object');
  const scale = normalization.scale;
  if (typeof scale !== 'number' || !(scale > 0)) fail('"normalization.scale" must be positive');
  const std = triple(normalization, 'std');
  if (std.some((s) => s === 0)) fail('"normalization.std" must not contain 0');
  const channelOrder = normalization.channelOrder;
  if (channelOrder !== 'RGB' && channelOrder !== 'BGR') {
    fail('"normalization.channelOrder" must be "RGB" or "BGR"');
  }
  const blankIndex = ctc.blankIndex;
  if (typeof blankIndex !== 'number' || !Number.isInteger(blankIndex) || blankIndex < 0) {
    fail('"ctc.blankIndex" must be a non-negative integer');
  }
  if (typeof ctc.appendSpace !== 'boolean') fail('"ctc.appendSpace" must be true or false');
  const bytes = json.bytes;
  if (bytes !== undefined && (typeof bytes !== 'number' || !(bytes > 0))) {
    fail('"bytes" must be a positive number');
  }
  return {
    kind: 'ctc-recognizer',
    id: text(json, 'id'),
    name: text(json, 'name'),
    source: text(json, 'source'),
    license: text(json, 'license'),
    file: text(json, 'file'),
    ...(bytes === undefined ? {} : { bytes }),
    dictionaryFile: text(json, 'dictionaryFile'),
    input: {
      height: positiveInteger(input, 'height'),
      widthMultiple: positiveInteger(input, 'widthMultiple'),
    },
    normalization: { scale, mean: triple(normalization, 'mean'), std, channelOrder },
    ctc: { blankIndex, appendSpace: ctc.appendSpace },
  };
}
