/**
 * `npm run bench:tuning [-- <folder>] [--no-build] [--runs 5]`: tuning against ground truth in
 * the app itself (test build, Chromium, WASM). Loads `<folder>/images` and `<folder>/json`
 * (default ../shared/eval/dev) through the app's file inputs, detects, then times re-scoring
 * every labelled image after a parameter change and a 10-value sweep, and reports the kept
 * maps' bytes per image. Progress on stderr; the last stdout line is one JSON object.
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Polygon } from '../src/core/geometry/types.js';
import type { PostprocessParams } from '../src/features/models/pipeline/descriptor.js';
import { scoreSet } from '../src/features/tuning/pipeline/icdar2015.js';
import { sweepValues } from '../src/features/tuning/pipeline/sweep.js';
import {
  buildE2e,
  isImageFile,
  launchChromium,
  log,
  newAppContext,
  openApp,
  REPO_ROOT,
  startPreview,
  waitForModel,
} from './lib/browser.js';
import { loadGroundTruth } from './lib/gt.js';
import { median, round } from './lib/stats.js';

interface TuningHandle {
  items(): readonly {
    status: string;
    file: File;
    result: { detections: { imagePolygon: Polygon }[] } | null;
  }[];
  models: { params: PostprocessParams | null };
  tuning: {
    rescore(params: PostprocessParams): ReadonlySet<string>;
    settled(): Promise<void>;
    sweep(key: 'boxThreshold', values: number[]): Promise<void>;
    sweepResult: { ms: number; images: number } | null;
    keptMaps: { images: number; bytes: number };
    summary: {
      scored: number;
      labelled: number;
      pooled: { matched: number; gt: number; pred: number; hmean: number } | null;
    };
  };
}

const args = process.argv.slice(2);
const folder = resolve(
  args.find((a) => !a.startsWith('--')) ?? join(REPO_ROOT, '../shared/eval/dev'),
);
const build = !args.includes('--no-build');
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 5;

async function main(): Promise<void> {
  const images = readdirSync(join(folder, 'images')).filter(isImageFile).sort();
  const labels = readdirSync(join(folder, 'json'))
    .filter((n) => n.endsWith('.json'))
    .sort();
  if (build) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium('wasm');
  try {
    const context = await newAppContext(browser);
    const page = await openApp(context, server.url, 'wasm');
    await waitForModel(page);
    await page
      .getByTestId('labels-input')
      .setInputFiles(labels.map((n) => join(folder, 'json', n)));
    await page
      .getByTestId('file-input')
      .setInputFiles(images.map((n) => join(folder, 'images', n)));
    await page.getByTestId('run').click();
    log(`detecting ${images.length} images with ${labels.length} label files…`);
    await page.waitForFunction(
      () => {
        const handle = window.__textspotTest as unknown as TuningHandle;
        const items = handle.items();
        return items.length > 0 && items.every((i) => i.status === 'done' || i.status === 'failed');
      },
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    const state = () =>
      page.evaluate(async () => {
        const handle = window.__textspotTest as unknown as TuningHandle;
        await handle.tuning.settled();
        // Scoring of fresh results lands shortly after they do.
        while (handle.tuning.summary.scored < handle.tuning.summary.labelled) {
          await new Promise((r) => setTimeout(r, 100));
        }
        return {
          pooled: handle.tuning.summary.pooled,
          kept: handle.tuning.keptMaps,
          params: handle.models.params!,
          predictions: Object.fromEntries(
            handle
              .items()
              .map((i) => [i.file.name, i.result?.detections.map((d) => d.imagePolygon) ?? []]),
          ),
        };
      });
    const first = await state();
    // The protocol in Node on what the app detected: the figure `npm run eval` computes.
    const node = scoreSet(loadGroundTruth(folder), first.predictions).pooled;
    log(`app pooled ${JSON.stringify(first.pooled)}; Node ${node.matched}/${node.gt}/${node.pred}`);

    const rescoreMs: number[] = [];
    const base = first.params;
    for (let i = 0; i < runs * 2; i++) {
      const params = {
        ...base,
        boxThreshold: i % 2 === 0 ? base.boxThreshold + 0.05 : base.boxThreshold,
      };
      rescoreMs.push(
        await page.evaluate(async (p) => {
          const handle = window.__textspotTest as unknown as TuningHandle;
          const start = performance.now();
          handle.tuning.rescore(p);
          await handle.tuning.settled();
          return performance.now() - start;
        }, params),
      );
    }
    // Back at the detection's own parameters, re-processed from the 8-bit maps.
    const back = await state();

    const values = sweepValues('boxThreshold', 0.3, 0.84, 10);
    const sweepMs: number[] = [];
    for (let i = 0; i < Math.max(2, Math.ceil(runs / 2)); i++) {
      sweepMs.push(
        await page.evaluate(async (v) => {
          const handle = window.__textspotTest as unknown as TuningHandle;
          await handle.tuning.sweep('boxThreshold', v);
          return handle.tuning.sweepResult!.ms;
        }, values),
      );
    }

    const report = {
      images: images.length,
      liveImages: first.kept.images,
      pooledApp: first.pooled,
      pooledNode: {
        matched: node.matched,
        gt: node.gt,
        pred: node.pred,
        hmean: round(node.hmean, 4),
      },
      appEqualsNode:
        first.pooled?.matched === node.matched &&
        first.pooled.gt === node.gt &&
        first.pooled.pred === node.pred,
      pooledFrom8BitMapsAtSameParams: back.pooled,
      rescoreMedianMs: round(median(rescoreMs)),
      rescoreMs: rescoreMs.map((ms) => round(ms)),
      sweep10MedianMs: round(median(sweepMs)),
      sweepMs: sweepMs.map((ms) => round(ms)),
      keptMapBytesPerImage: Math.round(first.kept.bytes / Math.max(1, first.kept.images)),
      keptMapBytesTotal: first.kept.bytes,
      loadAverage: loadavg().map((v) => round(v, 2)),
    };
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
