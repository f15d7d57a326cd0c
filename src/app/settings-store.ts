import { DEFAULT_TIMEOUT_MS } from '../engine/detector-engine.js';
import type { PostprocessParams } from '../model/descriptor.js';
import type { BackendPreference } from '../worker/protocol.js';

/** Settings a person expects to find again after a reload. */
export interface Settings {
  /** Post-processing parameters per model id; absent means the model's defaults. */
  paramsByModel: Record<string, PostprocessParams>;
  /** Time limit of one detection, ms. */
  timeoutMs: number;
  backend: BackendPreference;
  /** Why WebGPU failed under auto, remembered for this browser (auto then runs WASM); or null. */
  webgpuFallback: string | null;
  /** Model last chosen. */
  modelId: string | null;
  showLabels: boolean;
  /** Add the confidence column to the competition CSV. */
  csvConfidence: boolean;
  /** Most results the history keeps; beyond it the oldest are removed. */
  historyMaxEntries: number;
  /** Most bytes the history keeps, in MB (10^6 bytes); beyond it the oldest are removed. */
  historyMaxMB: number;
}

/** What a first visit starts with. */
export const DEFAULT_SETTINGS: Settings = {
  paramsByModel: {},
  timeoutMs: DEFAULT_TIMEOUT_MS,
  backend: 'auto',
  webgpuFallback: null,
  modelId: null,
  showLabels: false,
  csvConfidence: false,
  historyMaxEntries: 500,
  historyMaxMB: 200,
};

const KEY = 'textspot.settings.v1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads settings from `storage`, keeping only well-typed fields: a hand-edited or older value
 * falls back field by field to the defaults instead of breaking the app.
 */
export function loadSettings(storage: Pick<Storage, 'getItem'> | null): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(KEY) ?? 'null');
  } catch {
    raw = null;
  }
  if (!isRecord(raw)) return { ...DEFAULT_SETTINGS };
  const settings = { ...DEFAULT_SETTINGS };
  if (isRecord(raw.paramsByModel)) {
    settings.paramsByModel = raw.paramsByModel as Record<string, PostprocessParams>;
  }
  if (typeof raw.timeoutMs === 'number' && raw.timeoutMs >= 1_000)
    settings.timeoutMs = raw.timeoutMs;
  if (raw.backend === 'auto' || raw.backend === 'wasm' || raw.backend === 'webgpu') {
    settings.backend = raw.backend;
  }
  if (typeof raw.webgpuFallback === 'string') settings.webgpuFallback = raw.webgpuFallback;
  if (typeof raw.modelId === 'string') settings.modelId = raw.modelId;
  if (typeof raw.showLabels === 'boolean') settings.showLabels = raw.showLabels;
  if (typeof raw.csvConfidence === 'boolean') settings.csvConfidence = raw.csvConfidence;
  if (Number.isInteger(raw.historyMaxEntries) && (raw.historyMaxEntries as number) >= 1) {
    settings.historyMaxEntries = raw.historyMaxEntries as number;
  }
  if (typeof raw.historyMaxMB === 'number' && raw.historyMaxMB > 0) {
    settings.historyMaxMB = raw.historyMaxMB;
  }
  return settings;
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

/** The browser's localStorage, or null where it is missing or throws on access (some private modes). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
