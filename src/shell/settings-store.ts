import { BYTES_PER_MB } from '../core/units.js';
import { DEFAULT_TIMEOUT_MS } from '../engine/detector-engine.js';
import { TIMEOUT_FIELD } from '../features/detection/ui/param-fields.js';
import {
  DEFAULT_DOCUMENT_PARAMS,
  type DocumentParams,
  readDocumentParams,
} from '../features/document/pipeline/params.js';
import {
  PDF_IMAGE_LONG_SIDES,
  type SearchablePdfChoice,
} from '../features/export/ui/searchable-pdf-export.js';
import { isValidMaxEntries, isValidMaxMB } from '../features/history/store/history-caps.js';
import { DEFAULT_HISTORY_LIMITS } from '../features/history/store/history-store.js';
import {
  type NumericParamKey,
  type ParamRange,
  POSTPROCESS_RANGES,
  type PostprocessParams,
} from '../features/models/pipeline/descriptor.js';
import type { BackendPreference } from '../protocol/detector.js';

/** Settings a person expects to find again after a reload. */
export interface Settings {
  /** Post-processing parameters per model id; a missing model or field means the model's default. */
  paramsByModel: Record<string, Partial<PostprocessParams>>;
  /** Time limit of one detection, ms. */
  timeoutMs: number;
  backend: BackendPreference;
  /** Why WebGPU failed under auto, remembered for this browser (auto then runs WASM); or null. */
  webgpuFallback: string | null;
  /** Model last chosen. */
  modelId: string | null;
  showLabels: boolean;
  /** Read each region's text with the recognizer ("Read text"). */
  readText: boolean;
  /** Add the confidence column to the competition CSV. */
  csvConfidence: boolean;
  /** Which results the searchable PDF has pages for: all with text, or the ticked ones. */
  pdfScope: SearchablePdfChoice['scope'];
  /** Longest side of the searchable PDF's images, px; null: the original size. */
  pdfMaxLongSide: SearchablePdfChoice['maxLongSide'];
  /** Most results the history keeps; beyond it the oldest are removed. */
  historyMaxEntries: number;
  /** Most bytes the history keeps, in MB (10^6 bytes); beyond it the oldest are removed. */
  historyMaxMB: number;
  /** Document-photo parameters the person changed; the rest come from the model's or app's defaults. */
  document: Partial<DocumentParams>;
}

/**
 * "Read text" on a first visit: off. In WASM on this 2-core machine a whole job on a receipt took
 * 3.7 s with text against 0.5 s without (median of three SROIE receipts, `npm run bench`), so on
 * by default would make every detection about 7× slower for people who only want regions (the
 * competition CSV); the switch is remembered once turned on. See the README's figures.
 */
export const READ_TEXT_DEFAULT = false;

/** What a first visit starts with. */
export const DEFAULT_SETTINGS: Settings = {
  paramsByModel: {},
  timeoutMs: DEFAULT_TIMEOUT_MS,
  backend: 'auto',
  webgpuFallback: null,
  modelId: null,
  showLabels: false,
  readText: READ_TEXT_DEFAULT,
  csvConfidence: false,
  pdfScope: 'all',
  pdfMaxLongSide: null,
  historyMaxEntries: DEFAULT_HISTORY_LIMITS.maxEntries,
  historyMaxMB: DEFAULT_HISTORY_LIMITS.maxBytes / BYTES_PER_MB,
  document: {},
};

const KEY = 'textspot.settings.v1';

/** Settings as read back: every field checked, and a line for each stored value that was refused. */
export interface LoadedSettings {
  settings: Settings;
  /** One sentence per stored value replaced by its default, for a notice; empty when all were good. */
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** A check per stored field: true when `value` may be used as it is. */
const FIELD_CHECKS: {
  [Key in Exclude<keyof Settings, 'paramsByModel' | 'document'>]: (value: unknown) => boolean;
} = {
  timeoutMs: (value) =>
    typeof value === 'number' &&
    value >= TIMEOUT_FIELD.min * 1000 &&
    value <= TIMEOUT_FIELD.max * 1000,
  backend: (value) => value === 'auto' || value === 'wasm' || value === 'webgpu',
  webgpuFallback: (value) => value === null || typeof value === 'string',
  modelId: (value) => value === null || typeof value === 'string',
  showLabels: (value) => typeof value === 'boolean',
  readText: (value) => typeof value === 'boolean',
  csvConfidence: (value) => typeof value === 'boolean',
  pdfScope: (value) => value === 'all' || value === 'ticked',
  pdfMaxLongSide: (value) => (PDF_IMAGE_LONG_SIDES as readonly unknown[]).includes(value),
  // The same ranges the cap fields accept: a cap typed in before they were checked falls back.
  historyMaxEntries: isValidMaxEntries,
  historyMaxMB: isValidMaxMB,
};

/**
 * The valid fields of one model's stored parameters; each refused one is reported and left out,
 * so the model's default fills it in (`paramsFor`).
 */
function readParams(modelId: string, raw: unknown, problems: string[]): Partial<PostprocessParams> {
  if (!isRecord(raw)) {
    problems.push(`the parameters saved for "${modelId}" (${shortJson(raw)})`);
    return {};
  }
  const params: Partial<PostprocessParams> = {};
  for (const [key, range] of Object.entries(POSTPROCESS_RANGES) as [
    NumericParamKey,
    ParamRange,
  ][]) {
    const value = raw[key];
    if (value === undefined) continue;
    const ok =
      typeof value === 'number' &&
      value >= range.min &&
      value <= range.max &&
      (range.step !== 1 || Number.isInteger(value));
    if (ok) params[key] = value;
    else problems.push(`${key} of "${modelId}" (${shortJson(value)})`);
  }
  const mode = raw.outputMode;
  if (mode === 'box' || mode === 'polygon') params.outputMode = mode;
  else if (mode !== undefined) problems.push(`outputMode of "${modelId}" (${shortJson(mode)})`);
  return params;
}

/**
 * Reads settings from `storage` and checks every field: a hand-edited, corrupt or older value
 * falls back, field by field, to its default and is named in `problems`, never cast and used.
 */
export function loadSettings(storage: Pick<Storage, 'getItem'> | null): LoadedSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS, paramsByModel: {}, document: {} };
  let text: string | null;
  try {
    text = storage?.getItem(KEY) ?? null;
  } catch {
    text = null;
  }
  if (text === null) return { settings, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings, problems: ['all saved settings (not readable JSON)'] };
  }
  if (!isRecord(raw)) return { settings, problems: [`all saved settings (${shortJson(raw)})`] };
  const problems: string[] = [];
  const target = settings as unknown as Record<string, unknown>;
  for (const [key, check] of Object.entries(FIELD_CHECKS)) {
    const value = raw[key];
    if (value === undefined) continue;
    if (check(value)) target[key] = value;
    else problems.push(`${key} (${shortJson(value)})`);
  }
  if (isRecord(raw.paramsByModel)) {
    for (const [modelId, params] of Object.entries(raw.paramsByModel)) {
      settings.paramsByModel[modelId] = readParams(modelId, params, problems);
    }
  } else if (raw.paramsByModel !== undefined) {
    problems.push(`paramsByModel (${shortJson(raw.paramsByModel)})`);
  }
  if (raw.document !== undefined) settings.document = readDocumentParams(raw.document, problems);
  return { settings, problems };
}

/** The notice for refused saved settings, or null when there were none. */
export function settingsProblemNotice(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  return `Some saved settings were not valid and their defaults are used instead: ${problems.join('; ')}.`;
}

/** Writes settings; a full or refusing storage (private mode) only costs persistence. */
export function saveSettings(
  storage: Pick<Storage, 'setItem'> | null,
  settings: Settings,
): boolean {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
    return storage !== null;
  } catch {
    return false;
  }
}

/**
 * The backend to load with: the preference, except that `auto` means WASM once WebGPU has failed
 * in this browser (until the person asks to try WebGPU again).
 */
export function effectiveBackend(settings: Settings): BackendPreference {
  return settings.backend === 'auto' && settings.webgpuFallback !== null
    ? 'wasm'
    : settings.backend;
}

/** The parameters to use for a model: saved ones merged over its defaults (new fields get defaults). */
export function paramsFor(
  settings: Settings,
  modelId: string,
  defaults: PostprocessParams,
): PostprocessParams {
  const saved = settings.paramsByModel[modelId];
  return saved ? { ...defaults, ...saved } : { ...defaults };
}

/** The document-photo parameters to use: the person's changes over the model's, over the app's defaults. */
export function documentParamsFor(
  settings: Settings,
  descriptor: { document?: Partial<DocumentParams> } | null,
): DocumentParams {
  return { ...DEFAULT_DOCUMENT_PARAMS, ...descriptor?.document, ...settings.document };
}

/** The browser's localStorage, or null where it is missing or throws on access (some private modes). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
