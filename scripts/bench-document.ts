/**
 * `npm run bench:document`: the document-photo step on a 4,032 × 3,024 photo (a phone camera's
 * 12 MP; the receipt photo fixture turned a quarter and stretched to it) in WASM, in headless Chromium through the app's own engine and worker: median time of
 * each step (page, orientation, warp, enhance) beside decoding and detection, after warm-up runs,
 * with the step on and off interleaved. Prints a table and, last, one JSON line. Not a test.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StageTimings } from '../src/features/detection/pipeline/detection.js';
import { DEFAULT_DOCUMENT_PARAMS } from '../src/features/document/pipeline/params.js';
import {
  buildE2e,
  launchChromium,
  log,
  newAppContext,
  openApp,
  REPO_ROOT,
  startPreview,
  uploadBlobs,
  waitForModel,
} from './lib/browser.js';
import { formatTable, median, round } from './lib/stats.js';

/** The phone photo the 12 MP frame is made from (CC BY 4.0, see test/fixtures/README.md). */
const PHOTO = join(REPO_ROOT, 'test/fixtures/sroie_019-photo.jpg');
const PHOTO_WIDTH = 4032;
const PHOTO_HEIGHT = 3024;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '10' },
    'no-build': { type: 'boolean', default: false },
    /** Lay the receipt upright in the frame instead of on its side (no turn to find). */
    upright: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);

type Timed = StageTimings & { wallMs: number };

async function main(): Promise<void> {
  if (!values['no-build']) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium('wasm');
  try {
    const context = await newAppContext(browser);
    const page = await openApp(context, server.url, 'wasm');
    await waitForModel(page);
    await uploadBlobs(page, [{ name: 'photo.jpg', bytes: readFileSync(PHOTO) }]);
    // The 12 MP frame: the receipt photo (its own desk around it) turned a quarter and stretched
    // to the frame, so every step has work: find the page, turn it upright, straighten it.
    // --upright: the photo stretched to a portrait frame as it is (nothing to turn).
    await page.evaluate(
      async ({ width, height, upright }) => {
        const source = await createImageBitmap(window.__scriptBlobs!.get('photo.jpg')!);
        const canvas = upright
          ? new OffscreenCanvas(height, width)
          : new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d')!;
        if (!upright) {
          context.translate(width, 0);
          context.rotate(Math.PI / 2);
        }
        context.drawImage(source, 0, 0, height, width);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        window.__scriptBlobs!.set('frame.jpg', blob);
      },
      { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, upright: values.upright },
    );
    const detect = (withDocument: boolean) =>
      page.evaluate(
        async ({ withDocument, document }) => {
          const handle = window.__textspotTest!;
          const catalog = handle.catalog()!;
          const descriptor = catalog.models.find((m) => m.id === catalog.defaultId)!;
          const image = window.__scriptBlobs!.get('frame.jpg')!;
          const start = performance.now();
          const result = await handle.engine.detect(
            {
              image,
              params: descriptor.postprocess,
              thumbnailLongSide: 64,
              ...(withDocument ? { document } : {}),
            },
            { timeoutMs: 120_000 },
          );
          return {
            ...result.timings,
            wallMs: performance.now() - start,
            found: result.document?.method ?? null,
            turns: result.document?.quarterTurnsCCW ?? null,
            size: [result.imageWidth, result.imageHeight],
          };
        },
        { withDocument, document: { ...DEFAULT_DOCUMENT_PARAMS, enabled: true } },
      );
    const first = await detect(true);
    log(`frame ${first.size.join('×')}, page found by ${first.found}, turned ${first.turns}`);
    for (let i = 0; i < warmup; i++) await detect(i % 2 === 0);
    const on: Timed[] = [];
    const off: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      on.push(await detect(true));
      off.push(await detect(false));
      log(`run ${i + 1}/${runs}`);
    }
    const m = (list: Timed[], pick: (t: Timed) => number) => round(median(list.map(pick)), 1);
    const stepsMs = (t: Timed) =>
      (t.pageMs ?? 0) + (t.orientationMs ?? 0) + (t.warpMs ?? 0) + (t.enhanceMs ?? 0);
    const report = {
      frame: `${values.upright ? `${PHOTO_HEIGHT}×${PHOTO_WIDTH}, upright` : `${PHOTO_WIDTH}×${PHOTO_HEIGHT}, on its side`}`,
      runs,
      load: loadavg().map((v) => round(v, 2)),
      on: {
        decodeMs: m(on, (t) => t.decodeMs),
        pageMs: m(on, (t) => t.pageMs ?? 0),
        orientationMs: m(on, (t) => t.orientationMs ?? 0),
        warpMs: m(on, (t) => t.warpMs ?? 0),
        enhanceMs: m(on, (t) => t.enhanceMs ?? 0),
        stepsMs: m(on, stepsMs),
        inferenceMs: m(on, (t) => t.inferenceMs),
        wallMs: m(on, (t) => t.wallMs),
      },
      off: {
        decodeMs: m(off, (t) => t.decodeMs),
        inferenceMs: m(off, (t) => t.inferenceMs),
        wallMs: m(off, (t) => t.wallMs),
      },
    };
    console.log(
      formatTable(
        [
          'document step',
          'decode',
          'page',
          'orientation',
          'warp',
          'enhance',
          'steps',
          'inference',
          'wall',
        ],
        [
          [
            'on',
            ...[
              report.on.decodeMs,
              report.on.pageMs,
              report.on.orientationMs,
              report.on.warpMs,
              report.on.enhanceMs,
              report.on.stepsMs,
              report.on.inferenceMs,
              report.on.wallMs,
            ].map(String),
          ],
          [
            'off',
            String(report.off.decodeMs),
            '',
            '',
            '',
            '',
            '',
            String(report.off.inferenceMs),
            String(report.off.wallMs),
          ],
        ],
      ),
    );
    console.log(`medians, ms; load average ${report.load.join(' ')}`);
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
