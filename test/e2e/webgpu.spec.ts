import { expect, type Page, test } from '@playwright/test';
import { polygonIoU } from '../../src/core/geometry/polygon-ops.js';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import { type Crop, detectCrop, openApp } from './support.js';

// Runs only in the chromium-webgpu project (--enable-unsafe-webgpu). This machine's adapter is
// SwiftShader on the CPU: about 200× slower than WASM, and every session compiles its shaders for
// most of a minute, each input shape adding more. So one page holds one WebGPU detector session and
// one WebGPU recognizer session, on 128 px crops, and everything WebGPU has to show happens there.
// Auto mode treats SwiftShader as no GPU; a test switch (gpuOnFallbackAdapter) makes auto take it
// as one. These are also the WebGPU rows of the fault matrix (see faults.spec.ts).
test.describe.configure({ timeout: 900_000 });

type Hooks = {
  setLoadFaults(faults: object | null): void;
  models: { reload(): Promise<void> };
  engine: { workersAlive: number; stats(): Promise<{ recognizerSessions: number }> };
};

/** A 128 × 40 px crop of the receipt around one line of text. */
const LINE_CROP: Crop = { x: 40, y: 150, width: 128, height: 40 };

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

/** Detects and reads the line crop; its backend, texts top to bottom and the worker's recognizer sessions. */
async function readCrop(
  page: Page,
): Promise<{ backend: string; texts: string[]; sessions: number }> {
  const { backend, detections } = await detectCrop(page, undefined, {
    crop: LINE_CROP,
    recognize: true,
  });
  const top = (region: Detection) => Math.min(...region.imagePolygon.map(([, y]) => y));
  const texts = [...detections].sort((a, b) => top(a) - top(b)).map((region) => region.text ?? '');
  const sessions = await page.evaluate(
    async () =>
      (await (window as unknown as { __textspotTest: Hooks }).__textspotTest.engine.stats())
        .recognizerSessions,
  );
  return { backend, texts, sessions };
}

test('on the software adapter auto runs WASM; taken as a GPU, WebGPU finds the regions and reads the text WASM does, and a lost device finishes the image on WASM with the WASM regions', async ({
  page,
}) => {
  await openApp(page);
  await test.step('auto mode treats the software WebGPU adapter as no GPU and runs WASM', async () => {
    await expect(page.getByTestId('backend')).toContainText('WASM');
  });

  // WASM's answers, from this page's WASM worker, before any WebGPU session exists.
  const wasm = await detectCrop(page);
  const wasmRead = await readCrop(page);
  expect(wasm.backend).toBe('wasm');
  expect(wasmRead.backend).toBe('wasm');
  expect(wasm.detections.length).toBeGreaterThan(0);
  expect(wasmRead.texts.join('').length).toBeGreaterThan(0);

  await reloadWith(page, { gpuOnFallbackAdapter: true });
  await expect(page.getByTestId('backend')).toContainText('WebGPU', { timeout: 240_000 });

  await test.step('WebGPU and WASM give the same regions on a small image', async () => {
    const gpu = await detectCrop(page);
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.detections.length).toBe(wasm.detections.length);
    const unmatched = [...gpu.detections];
    for (const region of wasm.detections) {
      const best = unmatched
        .map((other, index) => ({
          index,
          iou: polygonIoU(region.imagePolygon, other.imagePolygon),
        }))
        .sort((a, b) => b.iou - a.iou)[0];
      expect(best?.iou ?? 0).toBeGreaterThanOrEqual(0.9);
      unmatched.splice(best!.index, 1);
    }
  });

  await test.step('WebGPU and WASM read the same text in a small crop, each worker with one recognizer session', async () => {
    const gpuRead = await readCrop(page);
    expect(gpuRead.backend).toBe('webgpu');
    // The model reload started a new worker, so each count is its own backend's.
    expect([gpuRead.sessions, wasmRead.sessions]).toEqual([1, 1]);
    expect(gpuRead.texts).toEqual(wasmRead.texts);
  });

  await test.step('a lost GPU device under auto: the image finishes on WASM, with the regions of a WASM-only run', async () => {
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
    expect(recovered.detections).toEqual(wasm.detections);
  });
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
