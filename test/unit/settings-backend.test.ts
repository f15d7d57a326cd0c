import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  effectiveBackend,
  loadSettings,
} from '../../src/shell/settings-store.js';

describe('the backend after a WebGPU fallback', () => {
  it('is WASM under auto once WebGPU failed in this browser, and the reason survives a reload', () => {
    const stored = JSON.stringify({ backend: 'auto', webgpuFallback: 'the GPU device was lost' });
    const { settings, problems } = loadSettings({ getItem: () => stored });
    expect(problems).toEqual([]);
    expect(settings.webgpuFallback).toBe('the GPU device was lost');
    expect(effectiveBackend(settings)).toBe('wasm');
  });

  it('stays auto without a fallback, and a forced backend stays forced', () => {
    expect(effectiveBackend(DEFAULT_SETTINGS)).toBe('auto');
    expect(effectiveBackend({ ...DEFAULT_SETTINGS, backend: 'webgpu', webgpuFallback: 'x' })).toBe(
      'webgpu',
    );
  });
});
