import type { Backend } from '../../features/detection/pipeline/detection.js';
import type { BackendPreference } from '../../protocol/detector.js';

// The WebGPU types are not in TypeScript's lib; this is the little the choice needs.
interface GpuAdapterLike {
  info?: { isFallbackAdapter?: boolean; description?: string; vendor?: string };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

/** The backend to try and why, from the preference and the adapter the browser offers. */
export interface BackendChoice {
  backend: Backend;
  reason: string;
}

/**
 * Picks WebGPU when a hardware adapter exists. A fallback (software) adapter counts as "no GPU"
 * under `auto` (on SwiftShader WebGPU runs about 200× slower than WASM) unless
 * `softwareAdapterCounts`, a test switch that takes the auto path on SwiftShader.
 */
export async function chooseBackend(
  preference: BackendPreference,
  { softwareAdapterCounts = false } = {},
): Promise<BackendChoice> {
  if (preference === 'wasm') return { backend: 'wasm', reason: 'WASM chosen in settings' };
  const gpu = (navigator as { gpu?: GpuLike }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  if (preference === 'webgpu') {
    if (!adapter) throw new Error('WebGPU was forced but this browser offers no WebGPU adapter');
    return { backend: 'webgpu', reason: 'WebGPU forced in settings' };
  }
  if (!adapter) return { backend: 'wasm', reason: 'no WebGPU adapter' };
  const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  if (__TEST_HOOKS__ && fallback && softwareAdapterCounts) {
    return { backend: 'webgpu', reason: 'software WebGPU adapter taken as a GPU (test switch)' };
  }
  if (fallback) return { backend: 'wasm', reason: 'WebGPU adapter is a software fallback' };
  return { backend: 'webgpu', reason: 'WebGPU adapter available' };
}
