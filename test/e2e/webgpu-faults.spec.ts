import { expect, type Page, test } from '@playwright/test';
import { detectCrop, openApp } from './support.js';

// Fault-matrix rows for WebGPU (see faults.spec.ts's table). Runs only in the chromium-webgpu
// project. The adapter is SwiftShader, which auto mode treats as no GPU; a test switch makes auto
// take it as a GPU. One WebGPU session in this file (25–50 s of shader compilation), 128 px input.
test.describe.configure({ timeout: 300_000 });

type Hooks = {
  setLoadFaults(faults: object | null): void;
  models: { reload(): Promise<void> };
  engine: { workersAlive: number };
};

/** Reloads the model in auto mode with the given load faults (null: none). */
async function reloadWith(page: Page, faults: object | null): Promise<void> {
  await page.evaluate(async (loadFaults) => {
    const hooks = (window as unknown as { __textspotTest: Hooks }).__textspotTest;
    hooks.setLoadFaults(loadFaults);
    await hooks.models.reload();
  }, faults);
}

function settings(page: Page): Promise<{ webgpuFallback: string | null }> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('textspot.settings.v1') ?? '{}'));
}

test('a lost GPU device under auto: the image finishes on WASM, with the regions of a WASM-only run', async ({
  browser,
}) => {
  const page = await browser.newPage();
  await openApp(page);
  await reloadWith(page, { gpuOnFallbackAdapter: true });
  await expect(page.getByTestId('backend')).toContainText('WebGPU', { timeout: 240_000 });

  const recovered = await detectCrop(page, 'lose-device');
  expect(recovered.backend).toBe('wasm');
  await expect(page.getByRole('alert').filter({ hasText: 'WebGPU failed' })).toHaveCount(1);
  await expect(page.getByRole('alert').filter({ hasText: /device was lost/ })).toHaveCount(1);
  await expect(page.getByTestId('backend')).toContainText('WASM');
  await expect(page.getByTestId('webgpu-retry')).toBeVisible();
  expect((await settings(page)).webgpuFallback).toMatch(/device was lost/);
  expect(
    await page.evaluate(
      () => (window as unknown as { __textspotTest: Hooks }).__textspotTest.engine.workersAlive,
    ),
  ).toBe(1);
  await page.close();

  const wasmPage = await browser.newPage();
  await openApp(wasmPage, '?backend=wasm');
  const wasm = await detectCrop(wasmPage);
  await wasmPage.close();
  expect(wasm.detections.length).toBeGreaterThan(0);
  expect(recovered.detections).toEqual(wasm.detections);
});

test('a WebGPU session that fails under auto loads WASM, says so once, and can be tried again', async ({
  page,
}) => {
  await openApp(page);
  await reloadWith(page, { gpuOnFallbackAdapter: true, failWebgpuSession: true });
  await expect(page.getByRole('alert').filter({ hasText: 'WebGPU failed' })).toHaveCount(1);
  await expect(page.getByRole('alert')).toContainText('simulated WebGPU session failure');
  await expect(page.getByTestId('backend')).toContainText('WASM');
  expect((await settings(page)).webgpuFallback).toMatch(/could not open/);
  expect((await detectCrop(page)).backend).toBe('wasm');

  // Remembered: a reload goes straight to WASM, without trying WebGPU or saying it again.
  await page.reload();
  await expect(page.getByTestId('backend')).toContainText('WASM', { timeout: 100_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'WebGPU failed' })).toHaveCount(0);

  // "Try WebGPU again" forgets the fallback; auto then judges the adapter afresh (software: WASM).
  await page.getByTestId('webgpu-retry').click();
  await expect(page.getByTestId('webgpu-retry')).toHaveCount(0);
  await expect(page.getByTestId('backend')).toContainText('WASM', { timeout: 100_000 });
  expect((await settings(page)).webgpuFallback).toBeNull();
});
