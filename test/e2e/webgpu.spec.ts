import { expect, test } from '@playwright/test';
import { polygonIoU } from '../../src/core/geometry/polygon-ops.js';
import { detectCrop, openApp } from './support.js';

// Runs only in the chromium-webgpu project (--enable-unsafe-webgpu). This machine's adapter is
// SwiftShader on the CPU: about 200× slower than WASM and 25–50 s of shader compilation per
// session, so the image is a 128 × 128 crop and each page creates one session.
test.describe.configure({ timeout: 300_000 });

test('auto mode treats the software WebGPU adapter as no GPU and runs WASM', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('backend')).toContainText('WASM');
});

test('WebGPU and WASM give the same regions on a small image', async ({ browser }) => {
  const gpuPage = await browser.newPage();
  await openApp(gpuPage, '?backend=webgpu');
  await expect(gpuPage.getByTestId('backend')).toContainText('WebGPU');
  const gpu = await detectCrop(gpuPage);
  await gpuPage.close();

  const wasmPage = await browser.newPage();
  await openApp(wasmPage, '?backend=wasm');
  const wasm = await detectCrop(wasmPage);
  await wasmPage.close();

  expect(gpu.backend).toBe('webgpu');
  expect(wasm.backend).toBe('wasm');
  expect(wasm.detections.length).toBeGreaterThan(0);
  expect(gpu.detections.length).toBe(wasm.detections.length);
  const unmatched = [...gpu.detections];
  for (const region of wasm.detections) {
    const best = unmatched
      .map((other, index) => ({ index, iou: polygonIoU(region.imagePolygon, other.imagePolygon) }))
      .sort((a, b) => b.iou - a.iou)[0];
    expect(best?.iou ?? 0).toBeGreaterThanOrEqual(0.9);
    unmatched.splice(best!.index, 1);
  }
});
