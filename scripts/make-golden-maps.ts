/**
 * Writes the probability maps the post-processing golden tests run on: each fixture image is
 * decoded by Chromium (EXIF applied, as in the worker), preprocessed with the project's own code,
 * run through onnxruntime-node with the catalog model, and saved as an 8-bit greyscale PNG
 * (probability × 255, rounded) in test/fixtures/maps/. Run once: `npx tsx scripts/make-golden-maps.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { PPOCR_V4_DET } from '../src/features/models/pipeline/catalog.js';
import { encodeGrayPng } from '../test/support/gray-png.js';
import { REPO_ROOT } from './lib/browser.js';
import { nativeInputFor } from './lib/native-inference.js';

/**
 * Maps to write: fixture images, one of them also turned by `degrees` on a white page so the
 * text lines run at an angle (rotated boxes are where rounding and truncation differ).
 */
const MAPS = [
  { name: 'sroie_019', image: 'sroie_019.jpg', degrees: 0 },
  { name: 'sroie_019-tilted', image: 'sroie_019.jpg', degrees: 9 },
  { name: 'sroie_053', image: 'sroie_053.jpg', degrees: 0 },
] as const;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
const session = await ort.InferenceSession.create(
  join(REPO_ROOT, 'public', 'models', PPOCR_V4_DET.file!),
);
const outDir = join(REPO_ROOT, 'test', 'fixtures', 'maps');
mkdirSync(outDir, { recursive: true });
try {
  for (const { name, image, degrees } of MAPS) {
    const base64 = readFileSync(join(REPO_ROOT, 'test', 'fixtures', image)).toString('base64');
    const decoded = await page.evaluate(
      async ({ data, degrees }) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes]), {
          imageOrientation: 'from-image',
        });
        const turn = (degrees * Math.PI) / 180;
        const width = Math.ceil(bitmap.width * Math.cos(turn) + bitmap.height * Math.sin(turn));
        const height = Math.ceil(bitmap.width * Math.sin(turn) + bitmap.height * Math.cos(turn));
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#fff';
        context.fillRect(0, 0, width, height);
        context.translate(width / 2, height / 2);
        context.rotate(turn);
        context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
        const rgba = context.getImageData(0, 0, width, height).data;
        let text = '';
        for (let i = 0; i < rgba.length; i += 0x8000) {
          text += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
        }
        return { width, height, rgba: btoa(text) };
      },
      { data: base64, degrees },
    );
    const input = nativeInputFor(
      {
        name,
        width: decoded.width,
        height: decoded.height,
        rgba: new Uint8Array(Buffer.from(decoded.rgba, 'base64')),
      },
      PPOCR_V4_DET,
    );
    const { inputWidth, inputHeight } = input.geometry;
    const feeds = {
      [session.inputNames[0]!]: new ort.Tensor('float32', input.tensor, [
        1,
        3,
        inputHeight,
        inputWidth,
      ]),
    };
    const output = (await session.run(feeds))[session.outputNames[0]!]!;
    const map = output.data as Float32Array;
    const pixels = new Uint8Array(inputWidth * inputHeight);
    for (let i = 0; i < pixels.length; i++)
      pixels[i] = Math.round(Math.min(1, Math.max(0, map[i]!)) * 255);
    const file = join(outDir, `${name}.png`);
    writeFileSync(file, encodeGrayPng(pixels, inputWidth, inputHeight));
    console.log(`${file}: ${inputWidth} × ${inputHeight}`);
  }
} finally {
  await browser.close();
  await session.release();
}
