import { expect, type Page, test } from '@playwright/test';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import { detectCrop, openApp } from './support.js';

// Runs only in the chromium-webgpu project. On SwiftShader every session compiles its shaders for
// most of a minute and each input shape adds more, so the image is a 128 px crop holding one
// short line, read on one page per backend.
test.describe.configure({ timeout: 600_000 });

/** A 128 × 40 px crop of the receipt around one line of text. */
const CROP = { x: 40, y: 150, width: 128, height: 40 };

/** Detects and reads the crop; its backend, texts top to bottom and recognizer sessions. */
async function readCrop(
  page: Page,
): Promise<{ backend: string; texts: string[]; sessions: number }> {
  const { backend, detections } = await detectCrop(page, undefined, {
    crop: CROP,
    recognize: true,
  });
  const top = (region: Detection) => Math.min(...region.imagePolygon.map(([, y]) => y));
  const texts = [...detections].sort((a, b) => top(a) - top(b)).map((region) => region.text ?? '');
  const sessions = await page.evaluate(
    async () =>
      (
        await (
          window as unknown as {
            __textspotTest: { engine: { stats(): Promise<{ recognizerSessions: number }> } };
          }
        ).__textspotTest.engine.stats()
      ).recognizerSessions,
  );
  return { backend, texts, sessions };
}

test('WebGPU and WASM read the same text in a small crop', async ({ browser }) => {
  const gpuPage = await browser.newPage();
  await openApp(gpuPage, '?backend=webgpu');
  await expect(gpuPage.getByTestId('backend')).toContainText('WebGPU');
  const gpu = await readCrop(gpuPage);
  await gpuPage.close();

  const wasmPage = await browser.newPage();
  await openApp(wasmPage, '?backend=wasm');
  const wasm = await readCrop(wasmPage);
  await wasmPage.close();

  expect(gpu.backend).toBe('webgpu');
  expect(wasm.backend).toBe('wasm');
  expect([gpu.sessions, wasm.sessions]).toEqual([1, 1]);
  expect(wasm.texts.join('').length).toBeGreaterThan(0);
  expect(gpu.texts).toEqual(wasm.texts);
});
