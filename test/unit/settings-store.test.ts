import { describe, expect, it } from 'vitest';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  paramsFor,
  saveSettings,
  settingsProblemNotice,
} from '../../src/shell/settings-store.js';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

const defaults: PostprocessParams = { ...PPOCR_V4_DET.postprocess };

describe('settings store', () => {
  it('round-trips settings', () => {
    const storage = memoryStorage();
    const settings = { ...DEFAULT_SETTINGS, timeoutMs: 12_000, backend: 'wasm' as const };
    expect(saveSettings(storage, settings)).toBe(true);
    expect(loadSettings(storage)).toEqual({ settings, problems: [] });
  });

  it('falls back field by field on bad values and names each one', () => {
    const storage = memoryStorage();
    storage.setItem(
      'textspot.settings.v1',
      JSON.stringify({ timeoutMs: 'soon', backend: 'cuda', showLabels: true, historyMaxMB: -1 }),
    );
    const { settings, problems } = loadSettings(storage);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, showLabels: true });
    expect(problems).toEqual(['timeoutMs ("soon")', 'backend ("cuda")', 'historyMaxMB (-1)']);
    expect(settingsProblemNotice(problems)).toContain('defaults are used instead: timeoutMs');
  });

  it('refuses saved history caps outside the ranges the cap fields show, and names them', () => {
    const storage = memoryStorage();
    storage.setItem(
      'textspot.settings.v1',
      JSON.stringify({ historyMaxMB: 0.001, historyMaxEntries: 1.5 }),
    );
    const { settings, problems } = loadSettings(storage);
    expect(settings.historyMaxMB).toBe(DEFAULT_SETTINGS.historyMaxMB);
    expect(settings.historyMaxEntries).toBe(DEFAULT_SETTINGS.historyMaxEntries);
    expect(problems).toEqual(['historyMaxEntries (1.5)', 'historyMaxMB (0.001)']);
    storage.setItem(
      'textspot.settings.v1',
      JSON.stringify({ historyMaxMB: 100_000, historyMaxEntries: 1 }),
    );
    expect(loadSettings(storage).problems).toEqual([]);
  });

  it('falls back to every default on unparsable JSON and says so, but not when nothing was saved', () => {
    const storage = memoryStorage();
    storage.setItem('textspot.settings.v1', '{not json');
    expect(loadSettings(storage)).toEqual({
      settings: DEFAULT_SETTINGS,
      problems: ['all saved settings (not readable JSON)'],
    });
    expect(loadSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(settingsProblemNotice([])).toBeNull();
  });

  it('keeps the valid saved parameters of a model and drops the out-of-range or mistyped ones', () => {
    const storage = memoryStorage();
    storage.setItem(
      'textspot.settings.v1',
      JSON.stringify({
        paramsByModel: {
          m: { threshold: 0.2, unclipRatio: 99, maxCandidates: 12.5, outputMode: 'blob' },
          n: 'broken',
        },
      }),
    );
    const { settings, problems } = loadSettings(storage);
    expect(settings.paramsByModel).toEqual({ m: { threshold: 0.2 }, n: {} });
    expect(problems).toEqual([
      'unclipRatio of "m" (99)',
      'maxCandidates of "m" (12.5)',
      'outputMode of "m" ("blob")',
      'the parameters saved for "n" ("broken")',
    ]);
    expect(paramsFor(settings, 'm', defaults)).toEqual({ ...defaults, threshold: 0.2 });
  });

  it('reports a refusing storage instead of throwing', () => {
    const full = {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(saveSettings(full, DEFAULT_SETTINGS)).toBe(false);
  });

  it('merges saved parameters over the model defaults', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      paramsByModel: { m: { threshold: 0.2 } },
    };
    expect(paramsFor(settings, 'm', defaults)).toEqual({ ...defaults, threshold: 0.2 });
    expect(paramsFor(settings, 'other', defaults)).toEqual(defaults);
  });
});
