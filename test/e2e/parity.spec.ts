import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { openApp, RECEIPT } from './support.js';

const MODEL = fileURLToPath(new URL('../../public/models/ppocr-v4-det.onnx', import.meta.url));

interface DebugTensors {
  input: string;
  dims: number[];
  map: string;
  mapWidth: number;
  mapHeight: number;
}

// What this compares: inference alone. The input tensor is the app's own — the receipt decoded
// by the browser straight to the model's input size (createImageBitmap's resize, see
// src/features/detection/worker/detector.ts), then normalised — and onnxruntime-node runs that same tensor. Decoding
// and resizing are not compared with PaddleOCR's cv2 pipeline here; `npm run eval` measures their
// effect on accuracy (H on ../shared/eval/dev).
test('on the input tensor the app made (decoded to need), the WASM probability map matches onnxruntime-node within 1e-4', {
  tag: '@engine',
}, async ({ page }) => {
  await openApp(page, '?backend=wasm');
  const bytes = readFileSync(RECEIPT).toString('base64');
  const tensors = await page.evaluate(async (base64): Promise<DebugTensors> => {
    const { engine } = (
      window as unknown as {
        __textspotTest: {
          engine: {
            call<T>(task: (api: { debugTensors(b: Blob): Promise<T> }) => Promise<T>): Promise<T>;
          };
        };
      }
    ).__textspotTest;
    const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], {
      type: 'image/jpeg',
    });
    const out = await engine.call<{
      input: Float32Array;
      dims: number[];
      map: { data: Float32Array; width: number; height: number };
    }>((api) => api.debugTensors(blob));
    const toBase64 = (floats: Float32Array) => {
      const view = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
      let text = '';
      for (let i = 0; i < view.length; i += 0x8000) {
        text += String.fromCharCode(...view.subarray(i, i + 0x8000));
      }
      return btoa(text);
    };
    return {
      input: toBase64(out.input),
      dims: out.dims,
      map: toBase64(out.map.data),
      mapWidth: out.map.width,
      mapHeight: out.map.height,
    };
  }, bytes);

  const fromBase64 = (text: string) => {
    const buffer = Buffer.from(text, 'base64');
    return new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
  };
  const input = fromBase64(tensors.input);
  const webMap = fromBase64(tensors.map);
  expect(input.length).toBe(tensors.dims.reduce((a, b) => a * b, 1));

  const session = await ort.InferenceSession.create(MODEL);
  const output = await session.run({
    [session.inputNames[0]!]: new ort.Tensor('float32', input, tensors.dims),
  });
  const nativeMap = output[session.outputNames[0]!]!.data as Float32Array;
  expect(nativeMap.length).toBe(webMap.length);
  let maxDiff = 0;
  for (let i = 0; i < webMap.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(webMap[i]! - nativeMap[i]!));
  }
  console.log(`max |web - native| = ${maxDiff.toExponential(2)} over ${webMap.length} pixels`);
  expect(maxDiff).toBeLessThanOrEqual(1e-4);
  // The map is not trivially flat: parity on an all-zero map would prove nothing.
  expect(nativeMap.reduce((max, value) => Math.max(max, value), 0)).toBeGreaterThan(0.9);
  await session.release();
});
