import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  paramsFor,
  saveSettings,
} from '../../src/app/settings-store.js';
import type { PostprocessParams } from '../../src/model/descriptor.js';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

const defaults: PostprocessParams = {
  threshold: 0.3,
  boxThreshold: 0.6,
  maxCandidates: 1000,
  minSize: 3,
  unclipRatio: 1.5,
  outputMode: 'box',
};

describe('settings store', () => {
  it('round-trips settings', () => {
    const storage = memoryStorage();
    const settings = { ...DEFAULT_SETTINGS, timeoutMs: 12_000, backend: 'wasm' as const };
    expect(saveSettings(storage, settings)).toBe(true);
    expect(loadSettings(storage)).toEqual(settings);
  });

  it('falls back field by field on bad values and on unparsable JSON', () => {
    const storage = memoryStorage();
    storage.setItem(
      'textspot.settings.v1',
      JSON.stringify({ timeoutMs: 'soon', backend: 'cuda', showLabels: true }),
    );
    expect(loadSettings(storage)).toEqual({ ...DEFAULT_SETTINGS, showLabels: true });
    storage.setItem('textspot.settings.v1', '{not json');
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(null)).toEqual(DEFAULT_SETTINGS);
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
      paramsByModel: { m: { threshold: 0.2 } as PostprocessParams },
    };
    expect(paramsFor(settings, 'm', defaults)).toEqual({ ...defaults, threshold: 0.2 });
    expect(paramsFor(settings, 'other', defaults)).toEqual(defaults);
  });
});
