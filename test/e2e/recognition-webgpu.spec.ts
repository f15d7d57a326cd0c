import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { openApp, RECEIPT } from './support.js';

// Runs only in the chromium-webgpu project. On SwiftShader every session compiles its shaders for
// most of a minute and each input shape adds more, so the image is a 128 px crop holding one
// short line, read on one page per backend.
test.describe.configure({ timeout: 600_000 });

/** A 128 × 40 px crop of the receipt around one line of text. */
const CROP = { x: 40, y: 150, width: 128, height: 40 };

/** Detects and reads the crop through the page's engine; its backend and texts, top to bottom. */
function readCrop(page: Page): Promise<{ backend: string; texts: string[]; sessions: number }> {
  const base64 = readFileSync(RECEIPT).toString('base64');
  return page.evaluate(
    async ({ base64, crop }) => {
      type Region = { imagePolygon: [number, number][]; text?: string };
      const { engine, catalog } = (
        window as unknown as {
          __textspotTest: {
            catalog(): { models: { postprocess: object }[] };
            engine: {
              detect(
                request: object,
                options: object,
              ): Promise<{ detections: Region[]; backend: string }>;
              stats(): Promise<{ recognizerSessions: number }>;
            };
          };
        }
      ).__textspotTest;
      const jpeg = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], {
        type: 'image/jpeg',
      });
      const bitmap = await createImageBitmap(jpeg);
      const canvas = new OffscreenCanvas(crop.width, crop.height);
      canvas.getContext('2d')!.drawImage(bitmap, -crop.x, -crop.y);
      const image = await canvas.convertToBlob({ type: 'image/png' });
      const result = await engine.detect(
        {
          image,
          params: catalog().models[0]!.postprocess,
          thumbnailLongSide: 64,
          recognize: {
            descriptorUrl: new URL('models/ppocr-v4-rec.json', document.baseURI).href,
            cacheWeights: true,
          },
        },
        { timeoutMs: 540_000 },
      );
      const top = (region: Region) => Math.min(...region.imagePolygon.map(([, y]) => y));
      const texts = [...result.detections]
        .sort((a, b) => top(a) - top(b))
        .map((region) => region.text ?? '');
      return {
        backend: result.backend,
        texts,
        sessions: (await engine.stats()).recognizerSessions,
      };
    },
    { base64, crop: CROP },
  );
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
