/**
 * `npm run bench`: speed, memory and recovery of the real app in headless Chromium (WASM backend),
 * next to onnxruntime-node on the same inputs. Prints a table and, as its last line, one JSON
 * object with every figure. Not a test: nothing here asserts a time.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Polygon } from '../src/core/geometry/types.js';
import type { StageTimings } from '../src/features/detection/pipeline/detection.js';
import type { ModelDescriptor } from '../src/features/models/pipeline/descriptor.js';
import type { LoadResult } from '../src/protocol/detector.js';
import type { TestDetectRequest } from '../src/protocol/test-hooks.js';
import { benchFaults, type FaultsReport } from './lib/bench-faults.js';
import { benchModelSwitch } from './lib/bench-model-switch.js';
import { benchRecognition, type RecognitionReport } from './lib/bench-recognition.js';
import {
  buildE2e,
  echoPageErrors,
  imageMimeType,
  isImageFile,
  launchChromium,
  log,
  newAppContext,
  REPO_ROOT,
  startPreview,
  uploadBlobs,
  waitForModel,
} from './lib/browser.js';
import { type DecodedImage, nativeInputFor, openNativeSession } from './lib/native-inference.js';
import { formatTable, median, round } from './lib/stats.js';

/** The shared development images, beside the repository (`../shared`). */
const DEV_IMAGES = join(REPO_ROOT, '..', 'shared', 'eval', 'dev', 'images');
/** The app's thumbnail long side (src/shell/app-root.ts), so engine jobs cost what the UI's do. */
const THUMBNAIL_LONG_SIDE = 1024;
/** Item states after which the UI will not touch an item again in this run. */
const TERMINAL_STATUSES = ['done', 'failed', 'timed-out', 'cancelled', 'skipped'];

interface BenchOptions {
  imagesFolder: string;
  build: boolean;
  latencyImages: number;
  runs: number;
  warmup: number;
  drawRuns: number;
  soak: number;
  hangTimeoutMs: number;
  switches: number;
  out: string;
  /** Run only the decode-to-need and fail-safe section (quick). */
  onlyFaults: boolean;
  /** Receipts (SROIE images with ground truth) the recognition section reads. */
  recognitionImages: number;
  /** Run only the recognition section. */
  onlyRecognition: boolean;
  /** Recognition levers to measure: lines per batch, and fixed widths instead of fitted ones. */
  recognitionBatching: { maxBatchSize?: number; fitWidths?: boolean; minInputWidth?: number };
}

function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      images: { type: 'string' },
      'latency-images': { type: 'string', default: '5' },
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '10' },
      'draw-runs': { type: 'string', default: '9' },
      soak: { type: 'string', default: '200' },
      'hang-timeout-ms': { type: 'string', default: '3000' },
      switches: { type: 'string', default: '20' },
      out: { type: 'string', default: 'bench-out/bench.json' },
      'no-build': { type: 'boolean', default: false },
      'only-faults': { type: 'boolean', default: false },
      'recognition-images': { type: 'string', default: '3' },
      'only-recognition': { type: 'boolean', default: false },
      'rec-batch': { type: 'string' },
      'rec-fit-widths': { type: 'boolean', default: false },
      'rec-min-width': { type: 'string' },
    },
  });
  const count = (name: string, value: string, min: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new RangeError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
    }
    return parsed;
  };
  let imagesFolder =
    values.images ?? (existsSync(DEV_IMAGES) ? DEV_IMAGES : join(REPO_ROOT, 'test', 'fixtures'));
  // An eval folder (images/ + json/) works too.
  if (existsSync(join(imagesFolder, 'images'))) imagesFolder = join(imagesFolder, 'images');
  return {
    imagesFolder: resolve(imagesFolder),
    build: !values['no-build'],
    latencyImages: count('latency-images', values['latency-images'], 1),
    runs: count('runs', values.runs, 1),
    warmup: count('warmup', values.warmup, 0),
    drawRuns: count('draw-runs', values['draw-runs'], 1),
    soak: count('soak', values.soak, 1),
    hangTimeoutMs: count('hang-timeout-ms', values['hang-timeout-ms'], 100),
    switches: count('switches', values.switches, 1),
    out: values.out,
    onlyFaults: values['only-faults'],
    recognitionImages: count('recognition-images', values['recognition-images'], 0),
    onlyRecognition: values['only-recognition'],
    recognitionBatching: {
      ...(values['rec-batch'] ? { maxBatchSize: count('rec-batch', values['rec-batch'], 1) } : {}),
      ...(values['rec-fit-widths'] ? { fitWidths: true } : {}),
      ...(values['rec-min-width'] !== undefined
        ? { minInputWidth: count('rec-min-width', values['rec-min-width'], 0) }
        : {}),
    },
  };
}

/** `count` names spread evenly over the sorted list, so the sample spans sources and sizes. */
function spread(names: readonly string[], count: number): string[] {
  if (names.length <= count) return [...names];
  return Array.from({ length: count }, (_, i) => names[Math.floor((i * names.length) / count)]!);
}

interface OneRun {
  wallMs: number;
  timings: StageTimings;
}

/** Per-image outcome of the latency section. */
interface ImageLatency {
  image: string;
  imageWidth: number;
  imageHeight: number;
  inputWidth: number;
  inputHeight: number;
  regions: number;
  runs: OneRun[];
  /** Median overlay draw() of this image with its polygons, ms. */
  drawMs: number;
  /** The same with the canvas raster flushed by a read-back, ms. */
  drawFlushedMs: number;
}

/** Detects `name` (a Blob already in the page) `runs` times through the engine. */
function detectRuns(page: Page, name: string, runs: number) {
  return page.evaluate(
    async ({ name, runs, thumbnailLongSide }) => {
      const handle = window.__textspotTest!;
      const image = window.__scriptBlobs!.get(name)!;
      const params = handle
        .catalog()!
        .models.find((m) => m.id === handle.catalog()!.defaultId)!.postprocess;
      const results = [];
      let last = null;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        last = await handle.engine.detect({ image, params, thumbnailLongSide });
        results.push({ wallMs: performance.now() - start, timings: last.timings });
      }
      return {
        runs: results,
        polygons: last ? last.detections.map((d) => d.imagePolygon) : [],
        imageWidth: last?.imageWidth ?? 0,
        imageHeight: last?.imageHeight ?? 0,
        inputWidth: last?.inputWidth ?? 0,
        inputHeight: last?.inputHeight ?? 0,
      };
    },
    { name, runs, thumbnailLongSide: THUMBNAIL_LONG_SIDE },
  );
}

/** Draws `name` with `polygons` in the app's overlay `runs` times; medians of draw() alone and flushed, ms. */
function drawImageRuns(page: Page, name: string, polygons: Polygon[], runs: number) {
  return page.evaluate(
    async ({ name, polygons, runs }) => {
      const overlay = window.__textspotTest!.overlay()!;
      const bitmap = await createImageBitmap(window.__scriptBlobs!.get(name)!, {
        imageOrientation: 'from-image',
      });
      overlay.image = bitmap;
      overlay.imageWidth = bitmap.width;
      overlay.imageHeight = bitmap.height;
      overlay.detections = polygons.map((imagePolygon) => ({ imagePolygon, score: 1 }));
      await overlay.updateComplete;
      overlay.draw();
      const readBack = overlay.shadowRoot
        ?.querySelector<HTMLCanvasElement>('canvas.marks')
        ?.getContext('2d');
      const times = [];
      const flushedTimes = [];
      for (let i = 0; i < runs; i++) {
        times.push(overlay.draw());
        // Chromium records canvas commands and rasterises later; a 1-pixel read-back forces
        // the raster work into the measurement.
        const start = performance.now();
        overlay.draw();
        readBack?.getImageData(0, 0, 1, 1);
        flushedTimes.push(performance.now() - start);
      }
      const middle = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
      return { drawMs: middle(times), flushedMs: middle(flushedTimes) };
    },
    { name, polygons, runs },
  );
}

/** Draws `counts` synthetic rotated boxes over a 2000 × 3000 image; median per count, ms. */
function drawSyntheticRuns(page: Page, counts: number[], runs: number) {
  return page.evaluate(
    async ({ counts, runs }) => {
      const width = 2000;
      const height = 3000;
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#f5f1e6');
      gradient.addColorStop(1, '#c9c2b0');
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      const bitmap = canvas.transferToImageBitmap();
      // Fixed-seed LCG: the same boxes every run.
      let seed = 12345;
      const random = () => {
        seed = (seed * 1664525 + 1013904223) % 4294967296;
        return seed / 4294967296;
      };
      const overlay = window.__textspotTest!.overlay()!;
      const result: Record<string, number> = {};
      const flushed: Record<string, number> = {};
      for (const count of counts) {
        const detections = [];
        for (let i = 0; i < count; i++) {
          const cx = random() * width;
          const cy = random() * height;
          const halfW = 20 + random() * 80;
          const halfH = 6 + random() * 10;
          const angle = (random() - 0.5) * 0.5;
          const cos = Math.cos(angle);
          const sin = Math.sin(angle);
          const corner = (sx: number, sy: number): [number, number] => [
            cx + sx * halfW * cos - sy * halfH * sin,
            cy + sx * halfW * sin + sy * halfH * cos,
          ];
          detections.push({
            imagePolygon: [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)],
            score: 0.9,
          });
        }
        overlay.image = bitmap;
        overlay.imageWidth = width;
        overlay.imageHeight = height;
        overlay.detections = detections;
        await overlay.updateComplete;
        overlay.draw();
        const times = [];
        for (let i = 0; i < runs; i++) times.push(overlay.draw());
        times.sort((a, b) => a - b);
        result[String(count)] = times[Math.floor(times.length / 2)]!;
        // As in drawImageRuns: the read-back puts the deferred raster work into the figure.
        const canvasElement = overlay.shadowRoot?.querySelector<HTMLCanvasElement>('canvas.marks');
        const readBack = canvasElement?.getContext('2d');
        const flushedTimes = [];
        for (let i = 0; i < runs; i++) {
          const start = performance.now();
          overlay.draw();
          readBack?.getImageData(0, 0, 1, 1);
          flushedTimes.push(performance.now() - start);
        }
        flushedTimes.sort((a, b) => a - b);
        flushed[String(count)] = flushedTimes[Math.floor(flushedTimes.length / 2)]!;
      }
      const canvasElement = overlay.shadowRoot?.querySelector<HTMLCanvasElement>('canvas.marks');
      return {
        drawMs: result,
        flushedMs: flushed,
        canvasWidth: canvasElement?.width ?? 0,
        canvasHeight: canvasElement?.height ?? 0,
      };
    },
    { counts, runs },
  );
}

/** Decodes `name` in the page as the worker does and returns its RGBA pixels. */
async function decodeInPage(page: Page, name: string): Promise<DecodedImage> {
  const decoded = await page.evaluate(async (name) => {
    const bitmap = await createImageBitmap(window.__scriptBlobs!.get(name)!, {
      imageOrientation: 'from-image',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let binary = '';
    const chunk = 0x8000;
    for (let i = 0; i < data.length; i += chunk) {
      binary += String.fromCharCode(...data.subarray(i, i + chunk));
    }
    return { width: bitmap.width, height: bitmap.height, base64: btoa(binary) };
  }, name);
  return {
    name,
    width: decoded.width,
    height: decoded.height,
    rgba: new Uint8Array(Buffer.from(decoded.base64, 'base64')),
  };
}

/** Forces a garbage collection and reads the main thread's heap and the page's DOM counters. */
async function memorySnapshot(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      totalSize: number;
      backingStorageSize?: number;
    };
    const dom = await cdp.send('Memory.getDOMCounters');
    const engine = await page.evaluate(() => ({
      workersAlive: window.__textspotTest!.engine.workersAlive,
      workersSpawned: window.__textspotTest!.engine.workersSpawned,
    }));
    return {
      heapUsedMB: heap.usedSize / 2 ** 20,
      backingStorageMB: (heap.backingStorageSize ?? 0) / 2 ** 20,
      domNodes: dom.nodes,
      jsEventListeners: dom.jsEventListeners,
      documents: dom.documents,
      ...engine,
    };
  } finally {
    await cdp.detach();
  }
}

/** The decode-to-need and fail-safe figures as table rows. */
function faultRows(faults: FaultsReport): [string, string][] {
  return [
    [
      `decode + preprocess ${faults.photoWidth} × ${faults.photoHeight} JPEG, full → to need`,
      `${round(faults.fullDecodePreprocessMs)} → ${round(faults.reducedDecodePreprocessMs)} ms (median of ${faults.decodeRuns})`,
    ],
    ['refusing a 20000 × 20000 PNG', `${round(faults.hugeRefuseMs)} ms (${faults.hugeError})`],
    [
      '  renderer peak RSS before → after',
      `${round(faults.rendererPeakBeforeMB)} → ${round(faults.rendererPeakAfterMB)} MB`,
    ],
    [
      '  JS memory, page + workers, before → after (worker)',
      `${round(faults.jsMemoryBeforeMB, 1)} → ${round(faults.jsMemoryAfterMB, 1)} MB (${round(faults.workerJsAfterMB, 1)} MB)`,
    ],
    [
      'recovery: inference error → next result',
      `${round(faults.errorRecoveryMs)} ms (normal job ${round(faults.normalJobMs)} ms, ${faults.errorName}, ${faults.workersAlive} worker alive)`,
    ],
  ];
}

/** Runs `section` in a fresh WASM page with the model loaded (the `--only-…` modes). */
async function inFreshPage(
  options: BenchOptions,
  section: (page: Page, browser: Browser) => Promise<void>,
): Promise<void> {
  if (options.build) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium('wasm');
  try {
    const context = await newAppContext(browser);
    const page = await context.newPage();
    echoPageErrors(page);
    await page.goto(`${server.url}?backend=wasm`);
    await waitForModel(page);
    await section(page, browser);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `--only-faults`: the decode-to-need and fail-safe section alone, in a fresh page. */
function benchOnlyFaults(options: BenchOptions): Promise<void> {
  return inFreshPage(options, async (page, browser) => {
    const photo = readdirSync(options.imagesFolder).filter(isImageFile).sort()[0]!;
    log(`decode to need and fail-safe, photo from ${photo}…`);
    const faults = await benchFaults(
      page,
      readFileSync(join(options.imagesFolder, photo)),
      process.pid,
    );
    console.log(`\n${formatTable(['figure', 'value'], faultRows(faults))}`);
    const report = {
      faults,
      chromium: browser.version(),
      loadAverage1m: round(loadavg()[0]!, 2),
    };
    console.log(JSON.stringify(report));
  });
}

/**
 * Reading text: SROIE receipts of the images folder with ground truth beside it (`../json`),
 * their lines read in the worker and in onnxruntime-node, and whole jobs with and without text.
 * Null when the folder has no such receipts.
 */
async function recognitionSection(
  page: Page,
  options: BenchOptions,
  threads: number,
): Promise<RecognitionReport | null> {
  const jsonFolder = join(options.imagesFolder, '..', 'json');
  const receipts = existsSync(jsonFolder)
    ? readdirSync(options.imagesFolder)
        .filter((name) => name.startsWith('sroie_') && isImageFile(name))
        .filter((name) => existsSync(join(jsonFolder, name.replace(/\.[^.]+$/, '.json'))))
        .sort()
    : [];
  const images = spread(receipts, options.recognitionImages);
  if (images.length === 0) return null;
  log(`recognition on ${images.join(', ')}…`);
  await uploadBlobs(
    page,
    images.map((name) => ({ name, bytes: readFileSync(join(options.imagesFolder, name)) })),
  );
  const report = await benchRecognition(page, {
    images,
    jsonFolder,
    runs: options.runs,
    warmup: Math.min(options.warmup, 3),
    threads,
    batching: options.recognitionBatching,
    decode: decodeInPage,
    log,
  });
  console.log(
    `\nReading text (medians of ${options.runs} runs, ms; ground-truth lines for WASM vs native, batches of ${report.batching.maxBatchSize} ${report.batching.fitWidths ? `fitted to their widest line, at least ${report.batching.minInputWidth} px` : 'padded to fixed widths'}, ${threads} threads)`,
  );
  console.log(
    formatTable(
      [
        'image',
        'lines',
        'WASM',
        'native',
        'ratio',
        'regions shown',
        'first text',
        'job',
        'job w/o text',
      ],
      report.perImage.map((f) => [
        f.image,
        String(f.lines),
        f.wasmMs.toFixed(0),
        f.nativeMs.toFixed(0),
        (f.wasmMs / f.nativeMs).toFixed(2),
        f.regionsShownMs.toFixed(0),
        f.firstTextMs.toFixed(0),
        f.jobWithTextMs.toFixed(0),
        f.jobWithoutTextMs.toFixed(0),
      ]),
    ),
  );
  console.log(
    `WASM ÷ native on the same crops: ${report.ratio.toFixed(2)} (Σ over ${report.perImage.length} receipts; ${report.wasmMsPerLine} vs ${report.nativeMsPerLine} ms per line); first text ${report.firstTextMs} ms`,
  );
  return report;
}

/** `--only-recognition`: the recognition section alone, in a fresh page. */
function benchOnlyRecognition(options: BenchOptions): Promise<void> {
  const loadAverage = loadavg()[0]!;
  return inFreshPage(options, async (page, browser) => {
    const load = (await page.evaluate(
      () => window.__textspotTest!.engine.loadResult,
    )) as LoadResult;
    const recognition = await recognitionSection(page, options, Math.max(1, load.threads));
    console.log(
      JSON.stringify({
        recognition,
        threads: load.threads,
        chromium: browser.version(),
        loadAverage1m: round(loadAverage, 2),
        loadAverage1mAfter: round(loadavg()[0]!, 2),
      }),
    );
  });
}

/** Statuses of every batch item on the page, in list order (from the test handle, else the DOM). */
function itemStatuses(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      window.__textspotTest?.items?.().map((item) => item.status) ??
      window.__deepQueryAll!('[data-testid=item]').map((item) => item.getAttribute('data-status')!),
  );
}

/**
 * Chooses one file through the app's file input, as a person would, then presses the run button
 * as soon as it is enabled (it waits for the model), unless choosing alone started the job.
 */
async function chooseAndRun(page: Page, name: string, bytes: Buffer, timeoutMs = 180_000) {
  const before = (await itemStatuses(page)).length;
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: imageMimeType(name), buffer: bytes });
  const run = page.getByTestId('run');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = (await itemStatuses(page))[before];
    if (status && status !== 'pending' && status !== 'queued') return;
    if ((await run.count()) === 0) return;
    if (await run.isEnabled()) {
      await run.click();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} was neither started nor runnable within ${timeoutMs / 1000} s`);
}

/**
 * Waits until `count` items are in a terminal state; returns the page's clock then, ms since
 * navigation start. `polling` is `raf` for timing-sensitive waits, else an interval in ms.
 */
async function waitForTerminalItems(
  page: Page,
  count: number,
  polling: 'raf' | number,
  timeoutMs = 120_000,
): Promise<number> {
  const handle = await page.waitForFunction(
    ({ count, terminal }) => {
      const statuses =
        window.__textspotTest?.items?.().map((item) => item.status) ??
        window.__deepQueryAll!('[data-testid=item]').map((item) =>
          item.getAttribute('data-status'),
        );
      const finished = statuses.filter((status) => terminal.includes(status ?? '')).length;
      return finished >= count ? performance.now() : 0;
    },
    { count, terminal: TERMINAL_STATUSES },
    { polling, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * The bytes of `name` with a counter appended after the image data: decoders ignore trailing
 * bytes, and distinct bytes keep any content-hash result cache from skipping the detection.
 */
function uniqueFileBytes(folder: string, name: string, counter: number): Buffer {
  return Buffer.concat([
    readFileSync(join(folder, name)),
    Buffer.from(`\ntextspot-bench-${counter}`),
  ]);
}

/**
 * Opens a new page, chooses `name` through the file input as soon as the catalog is read, and
 * waits for its result: page open (navigation start) to first result, ms.
 */
async function openToFirstResult(
  context: BrowserContext,
  url: string,
  folder: string,
  name: string,
  counter: number,
) {
  const page = await context.newPage();
  echoPageErrors(page);
  const wallStart = performance.now();
  await page.goto(`${url}?backend=wasm`);
  const catalogHandle = await page.waitForFunction(
    () => (window.__textspotTest?.catalog() ? performance.now() : 0),
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const catalogAtMs = (await catalogHandle.jsonValue()) as number;
  await chooseAndRun(page, name, uniqueFileBytes(folder, name, counter));
  const resultAtMs = await waitForTerminalItems(page, 1, 'raf');
  const wallMs = performance.now() - wallStart;
  const statuses = await itemStatuses(page);
  const load = await page.evaluate(() => window.__textspotTest!.engine.loadResult);
  return { page, catalogAtMs, resultAtMs, wallMs, status: statuses[0] ?? 'missing', load };
}

async function bench(options: BenchOptions): Promise<void> {
  const allImages = readdirSync(options.imagesFolder).filter(isImageFile).sort();
  if (allImages.length === 0) throw new Error(`no images in ${options.imagesFolder}`);
  const latencyImages = spread(allImages, options.latencyImages);
  const loadAverage = loadavg();
  log(
    `images: ${options.imagesFolder} (${allImages.length}); latency on ${latencyImages.join(', ')}`,
  );
  log(`load average before: ${loadAverage.map((l) => l.toFixed(2)).join(' ')}`);

  if (options.build) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium('wasm');
  try {
    const context = await newAppContext(browser);

    // (6, first half) First visit: nothing cached yet.
    log('first visit…');
    const first = await openToFirstResult(
      context,
      server.url,
      options.imagesFolder,
      latencyImages[0]!,
      -1,
    );
    const page = first.page;
    await waitForModel(page);
    const environment = await page.evaluate(() => ({
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
    }));
    const load = (await page.evaluate(
      () => window.__textspotTest!.engine.loadResult,
    )) as LoadResult;
    const descriptor = (await page.evaluate(() => {
      const catalog = window.__textspotTest!.catalog()!;
      return catalog.models.find((m) => m.id === catalog.defaultId)!;
    })) as ModelDescriptor;
    log(
      `${descriptor.id} on ${load.backend}, ${load.threads} threads, crossOriginIsolated ${environment.crossOriginIsolated}`,
    );

    // (1) + (2) Latency and stages through engine.detect.
    await uploadBlobs(
      page,
      latencyImages.map((name) => ({
        name,
        bytes: readFileSync(join(options.imagesFolder, name)),
      })),
    );
    log(`warm-up: ${options.warmup} runs…`);
    // Kept for the report: V8 first runs WASM on baseline code and tiers up while it runs.
    const warmupRunsMs: number[] = [];
    for (let i = 0; i < options.warmup; i++) {
      const warm = await detectRuns(page, latencyImages[i % latencyImages.length]!, 1);
      warmupRunsMs.push(warm.runs[0]!.wallMs);
    }
    const latency: ImageLatency[] = [];
    for (const name of latencyImages) {
      const measured = await detectRuns(page, name, options.runs);
      const draw = await drawImageRuns(page, name, measured.polygons, options.drawRuns);
      latency.push({
        image: name,
        imageWidth: measured.imageWidth,
        imageHeight: measured.imageHeight,
        inputWidth: measured.inputWidth,
        inputHeight: measured.inputHeight,
        regions: measured.polygons.length,
        runs: measured.runs,
        drawMs: draw.drawMs,
        drawFlushedMs: draw.flushedMs,
      });
      log(
        `${name}: ${measured.imageWidth}×${measured.imageHeight} → ${measured.inputWidth}×${measured.inputHeight}, median ${round(median(measured.runs.map((r) => r.wallMs)))} ms`,
      );
    }

    // (1) Native inference on the same pixels and input sizes.
    log('onnxruntime-node on the same inputs…');
    const nativeInputs = [];
    for (const name of latencyImages) {
      const input = nativeInputFor(await decodeInPage(page, name), descriptor);
      const browserSide = latency.find((l) => l.image === name)!;
      if (
        input.geometry.inputWidth !== browserSide.inputWidth ||
        input.geometry.inputHeight !== browserSide.inputHeight
      ) {
        throw new Error(
          `${name}: Node input ${input.geometry.inputWidth}×${input.geometry.inputHeight} differs from the page's ${browserSide.inputWidth}×${browserSide.inputHeight}`,
        );
      }
      nativeInputs.push(input);
    }
    const nativeThreads = Math.max(1, load.threads);
    const native = await openNativeSession(
      join(REPO_ROOT, 'public', 'models', descriptor.file!),
      nativeThreads,
    );
    for (let i = 0; i < options.warmup; i++) {
      await native.time(nativeInputs[i % nativeInputs.length]!);
    }
    const nativeMsByImage = new Map<string, number>();
    for (const input of nativeInputs) {
      const times = [];
      for (let i = 0; i < options.runs; i++) times.push(await native.time(input));
      nativeMsByImage.set(input.name, median(times));
    }
    await native.release();

    // (8) Decode to need, refusing a huge PNG, recovery after an inference error.
    log('decode to need and fail-safe…');
    const faults = await benchFaults(
      page,
      readFileSync(join(options.imagesFolder, latencyImages[0]!)),
      process.pid,
    );

    // (9) Reading text: WASM against native on the same crops, and time to the first text.
    const recognition = await recognitionSection(page, options, Math.max(1, load.threads));

    // (3) Drawing many polygons.
    log('drawing 1,000 and 10,000 polygons…');
    const synthetic = await drawSyntheticRuns(page, [1_000, 10_000], options.drawRuns);

    // (5) Recovery after a forced hang.
    log(`recovery: a hang stopped at ${options.hangTimeoutMs} ms…`);
    const recovery = await page.evaluate(
      async ({ name, hangTimeoutMs, thumbnailLongSide }) => {
        const handle = window.__textspotTest!;
        const image = window.__scriptBlobs!.get(name)!;
        const params = handle
          .catalog()!
          .models.find((m) => m.id === handle.catalog()!.defaultId)!.postprocess;
        const request = { image, params, thumbnailLongSide };
        const normalStart = performance.now();
        await handle.engine.detect(request);
        const normalJobMs = performance.now() - normalStart;
        const spawnedBefore = handle.engine.workersSpawned;
        const hangStart = performance.now();
        let errorName = 'none';
        let firedAt = Number.NaN;
        try {
          // The same switch hangNext() sets for the UI path, with a short limit instead of 30 s.
          const hanging: TestDetectRequest = { ...request, testHangMs: 60_000 };
          await handle.engine.detect(hanging, { timeoutMs: hangTimeoutMs });
        } catch (error) {
          firedAt = performance.now();
          errorName = (error as Error).name;
        }
        await handle.engine.detect(request);
        const recoveryMs = performance.now() - firedAt;
        const reload = handle.engine.loadResult;
        return {
          normalJobMs,
          timeoutAfterMs: firedAt - hangStart,
          errorName,
          recoveryMs,
          sessionCreateMs: reload?.sessionCreateMs ?? Number.NaN,
          warmupMs: reload?.warmupMs ?? Number.NaN,
          fetchMs: reload?.fetchMs ?? Number.NaN,
          bytesOrigin: reload?.bytesOrigin ?? 'none',
          respawned: handle.engine.workersSpawned - spawnedBefore,
          workersAlive: handle.engine.workersAlive,
        };
      },
      { name: latencyImages[0]!, hangTimeoutMs: options.hangTimeoutMs, thumbnailLongSide: 1024 },
    );

    // (4) Memory soak through the file input, one image at a time.
    log(`soak: ${options.soak} detections through the UI…`);
    const checkpoint = Math.min(20, options.soak);
    const baseItems = (await itemStatuses(page)).length;
    // A second checkpoint halfway: by then the virtualised lists fill their window, so growth
    // from there to the end shows whether the DOM stays flat.
    const midpoint = Math.max(checkpoint, Math.floor(options.soak / 2));
    let atCheckpoint: Awaited<ReturnType<typeof memorySnapshot>> | null = null;
    let atMidpoint: Awaited<ReturnType<typeof memorySnapshot>> | null = null;
    const soakStart = performance.now();
    for (let i = 1; i <= options.soak; i++) {
      const name = allImages[(i - 1) % allImages.length]!;
      await chooseAndRun(page, name, uniqueFileBytes(options.imagesFolder, name, i));
      await waitForTerminalItems(page, baseItems + i, 50);
      if (i === checkpoint) atCheckpoint = await memorySnapshot(context, page);
      if (i === midpoint) atMidpoint = await memorySnapshot(context, page);
      if (i % 20 === 0) log(`  ${i}/${options.soak}`);
    }
    const soakMs = performance.now() - soakStart;
    const atEnd = await memorySnapshot(context, page);
    const soakStatuses: Record<string, number> = {};
    for (const status of (await itemStatuses(page)).slice(baseItems)) {
      soakStatuses[status] = (soakStatuses[status] ?? 0) + 1;
    }
    await page.close();

    // (6, second half) Second visit in the same context: model bytes from Cache Storage.
    log('cold start (second visit)…');
    const second = await openToFirstResult(
      context,
      server.url,
      options.imagesFolder,
      latencyImages[0]!,
      -2,
    );

    // (7) Model switching in that page: 20 switches must leave one worker and a flat heap.
    log('model switching…');
    const switching = await benchModelSwitch(second.page, options.switches);
    await second.page.close();

    const perImage = latency.map((l) => {
      const stage = (key: keyof StageTimings) => median(l.runs.map((r) => r.timings[key] ?? 0));
      const wallMs = median(l.runs.map((r) => r.wallMs));
      const stages = {
        decodeMs: stage('decodeMs'),
        preprocessMs: stage('preprocessMs'),
        inferenceMs: stage('inferenceMs'),
        postprocessMs: stage('postprocessMs'),
      };
      const stageSum =
        stages.decodeMs + stages.preprocessMs + stages.inferenceMs + stages.postprocessMs;
      const nativeMs = nativeMsByImage.get(l.image)!;
      return {
        image: l.image,
        imageSize: `${l.imageWidth}x${l.imageHeight}`,
        inputSize: `${l.inputWidth}x${l.inputHeight}`,
        regions: l.regions,
        wallMs,
        ...stages,
        otherMs: wallMs - stageSum,
        drawMs: l.drawMs,
        drawFlushedMs: l.drawFlushedMs,
        nativeMs,
        ratio: wallMs / nativeMs,
        inferenceRatio: stages.inferenceMs / nativeMs,
      };
    });
    const medianOf = (key: keyof (typeof perImage)[number]) =>
      median(perImage.map((p) => p[key] as number));
    const latencyMs = medianOf('wallMs');
    const nativeMs = medianOf('nativeMs');
    const sumOf = (key: keyof (typeof perImage)[number]) =>
      perImage.reduce((total, p) => total + (p[key] as number), 0);
    const prePostShare = (sumOf('preprocessMs') + sumOf('postprocessMs')) / sumOf('inferenceMs');

    console.log(
      `\n${descriptor.id} · Chromium ${browser.version()} · WASM ${load.threads} threads · crossOriginIsolated ${environment.crossOriginIsolated} · load avg ${loadAverage[0]!.toFixed(2)}`,
    );
    console.log(
      '\nPer image (medians of',
      options.runs,
      'runs after',
      options.warmup,
      'warm-up runs, ms)',
    );
    console.log(
      formatTable(
        [
          'image',
          'size',
          'input',
          'regions',
          'wall',
          'decode',
          'pre',
          'infer',
          'post',
          'other',
          'draw',
          'native',
          'wall/native',
        ],
        perImage.map((p) => [
          p.image,
          p.imageSize,
          p.inputSize,
          String(p.regions),
          round(p.wallMs).toFixed(1),
          round(p.decodeMs).toFixed(1),
          round(p.preprocessMs).toFixed(1),
          round(p.inferenceMs).toFixed(1),
          round(p.postprocessMs).toFixed(1),
          round(p.otherMs).toFixed(1),
          `${round(p.drawMs, 2).toFixed(2)} (${round(p.drawFlushedMs, 1).toFixed(1)})`,
          round(p.nativeMs).toFixed(1),
          round(p.ratio, 2).toFixed(2),
        ]),
      ),
    );
    const summary: [string, string][] = [
      ['latency, end-to-end engine.detect (median)', `${round(latencyMs)} ms`],
      ['onnxruntime-node inference (median)', `${round(nativeMs)} ms (${nativeThreads} threads)`],
      ['ratio end-to-end / native', round(latencyMs / nativeMs, 2).toFixed(2)],
      ['ratio WASM inference / native', round(medianOf('inferenceRatio'), 2).toFixed(2)],
      ['(pre + post) / inference', `${round(prePostShare * 100)} %`],
      [
        'draw 1,000 / 10,000 polygons on 2000×3000',
        `${round(synthetic.drawMs['1000']!, 2)} / ${round(synthetic.drawMs['10000']!, 2)} ms (canvas ${synthetic.canvasWidth}×${synthetic.canvasHeight})`,
      ],
      [
        '  the same, raster flushed by a read-back',
        `${round(synthetic.flushedMs['1000']!, 2)} / ${round(synthetic.flushedMs['10000']!, 2)} ms`,
      ],
      ['warm-up runs (first → last)', warmupRunsMs.map((ms) => round(ms, 0)).join(' ')],
      [
        `heap after GC at ${checkpoint} / ${options.soak}`,
        `${round(atCheckpoint!.heapUsedMB, 2)} / ${round(atEnd.heapUsedMB, 2)} MB`,
      ],
      [
        `DOM nodes at ${checkpoint} / ${midpoint} / ${options.soak}`,
        `${atCheckpoint!.domNodes} / ${atMidpoint!.domNodes} / ${atEnd.domNodes}`,
      ],
      ['soak statuses', JSON.stringify(soakStatuses)],
      ['workers alive after soak', `${atEnd.workersAlive} (spawned ${atEnd.workersSpawned})`],
      [
        'recovery: timeout → next result',
        `${round(recovery.recoveryMs)} ms (normal job ${round(recovery.normalJobMs)} ms, session create ${round(recovery.sessionCreateMs)} ms, ${recovery.errorName})`,
      ],
      [
        'first visit: page open → first result',
        `${round(first.resultAtMs)} ms (model from ${first.load?.bytesOrigin ?? '?'}, session ${round(first.load?.sessionCreateMs ?? Number.NaN)} ms)`,
      ],
      [
        `model switches (${switching.switches})`,
        `${switching.workersAlive} worker alive (browser lists ${switching.browserWorkers}), heap ${round(switching.heapGrowthMB, 2)} MB growth, median switch ${round(switching.medianSwitchMs)} ms`,
      ],
      [
        'cold start: page open → first result',
        `${round(second.resultAtMs)} ms (model from ${second.load?.bytesOrigin ?? '?'}, session ${round(second.load?.sessionCreateMs ?? Number.NaN)} ms)`,
      ],
      ...faultRows(faults),
    ];
    console.log(
      `\n${formatTable(
        ['figure', 'value'],
        summary.map(([a, b]) => [a, b]),
      )}`,
    );

    const report = {
      latencyMs: round(latencyMs),
      nativeMs: round(nativeMs),
      latencyRatio: round(latencyMs / nativeMs, 2),
      inferenceRatio: round(medianOf('inferenceRatio'), 2),
      threads: load.threads,
      nativeThreads,
      crossOriginIsolated: environment.crossOriginIsolated,
      hardwareConcurrency: environment.hardwareConcurrency,
      backend: load.backend,
      prePostShare: round(prePostShare, 3),
      stagesMs: {
        decode: round(medianOf('decodeMs')),
        preprocess: round(medianOf('preprocessMs')),
        inference: round(medianOf('inferenceMs')),
        postprocess: round(medianOf('postprocessMs')),
        other: round(medianOf('otherMs')),
        draw: round(medianOf('drawMs'), 2),
        drawFlushed: round(medianOf('drawFlushedMs'), 2),
      },
      draw1kMs: round(synthetic.drawMs['1000']!, 2),
      draw10kMs: round(synthetic.drawMs['10000']!, 2),
      draw1kFlushedMs: round(synthetic.flushedMs['1000']!, 2),
      draw10kFlushedMs: round(synthetic.flushedMs['10000']!, 2),
      drawCanvas: `${synthetic.canvasWidth}x${synthetic.canvasHeight}`,
      heapGrowthMB: round(atEnd.heapUsedMB - atCheckpoint!.heapUsedMB, 2),
      heapAtCheckpointMB: round(atCheckpoint!.heapUsedMB, 2),
      heapAtEndMB: round(atEnd.heapUsedMB, 2),
      backingStorageGrowthMB: round(atEnd.backingStorageMB - atCheckpoint!.backingStorageMB, 2),
      domNodesGrowth: atEnd.domNodes - atCheckpoint!.domNodes,
      domNodesGrowthSecondHalf: atEnd.domNodes - atMidpoint!.domNodes,
      heapGrowthSecondHalfMB: round(atEnd.heapUsedMB - atMidpoint!.heapUsedMB, 2),
      domNodesAtEnd: atEnd.domNodes,
      jsEventListenersGrowth: atEnd.jsEventListeners - atCheckpoint!.jsEventListeners,
      workersAlive: atEnd.workersAlive,
      workersSpawned: atEnd.workersSpawned,
      soakCheckpoint: checkpoint,
      soakDetections: options.soak,
      soakStatuses,
      soakMsPerDetection: round(soakMs / options.soak),
      recoveryMs: round(recovery.recoveryMs),
      recoveryErrorName: recovery.errorName,
      hangTimeoutMs: options.hangTimeoutMs,
      timeoutFiredAfterMs: round(recovery.timeoutAfterMs),
      normalJobMs: round(recovery.normalJobMs),
      sessionCreateMs: round(recovery.sessionCreateMs),
      respawnWarmupMs: round(recovery.warmupMs),
      respawnFetchMs: round(recovery.fetchMs),
      respawnBytesOrigin: recovery.bytesOrigin,
      coldStartMs: round(second.resultAtMs),
      coldStartBytesOrigin: second.load?.bytesOrigin ?? null,
      coldStartSessionCreateMs: round(second.load?.sessionCreateMs ?? Number.NaN),
      firstVisitMs: round(first.resultAtMs),
      switches: switching.switches,
      switchWorkersAlive: switching.workersAlive,
      switchBrowserWorkers: switching.browserWorkers,
      switchHeapGrowthMB: round(switching.heapGrowthMB, 2),
      switchMedianMs: round(switching.medianSwitchMs),
      firstVisitBytesOrigin: first.load?.bytesOrigin ?? null,
      faults,
      recognition,
      visits: [first, second].map((visit, index) => ({
        visit: index === 0 ? 'first' : 'second',
        status: visit.status,
        catalogAtMs: round(visit.catalogAtMs),
        resultAtMs: round(visit.resultAtMs),
        fetchMs: round(visit.load?.fetchMs ?? Number.NaN),
        sessionCreateMs: round(visit.load?.sessionCreateMs ?? Number.NaN),
        warmupMs: round(visit.load?.warmupMs ?? Number.NaN),
        bytesOrigin: visit.load?.bytesOrigin ?? null,
      })),
      perImage: perImage.map((p) =>
        Object.fromEntries(
          Object.entries(p).map(([key, value]) => [
            key,
            typeof value === 'number' ? round(value, key.startsWith('draw') ? 2 : 1) : value,
          ]),
        ),
      ),
      warmupRunsMs: warmupRunsMs.map((ms) => round(ms)),
      images: latencyImages.length,
      runs: options.runs,
      warmup: options.warmup,
      chromium: browser.version(),
      loadAverage1m: round(loadAverage[0]!, 2),
      // Other processes on the machine skew every time above; high values mean: run again.
      loadAverage1mAfter: round(loadavg()[0]!, 2),
    };
    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nfull report: ${out}`);
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
    await server.close();
  }
}

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
  if (!statSync(options.imagesFolder).isDirectory())
    throw new Error(`${options.imagesFolder} is not a folder`);
} catch (error) {
  console.error(
    `${error instanceof Error ? error.message : String(error)}\nusage: npm run bench [-- --images <folder>] [--soak 200] [--runs 5] [--warmup 10] [--latency-images 5] [--draw-runs 9] [--hang-timeout-ms 3000] [--switches 20] [--out bench-out/bench.json] [--no-build] [--only-faults] [--recognition-images 3] [--only-recognition] [--rec-batch 8] [--rec-fit-widths] [--rec-min-width 192]`,
  );
  process.exit(2);
}
(options.onlyFaults
  ? benchOnlyFaults(options)
  : options.onlyRecognition
    ? benchOnlyRecognition(options)
    : bench(options)
).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
