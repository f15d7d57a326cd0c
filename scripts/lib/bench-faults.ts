/**
 * Benchmark: decoding to need and failing safe. Runs in an app page that is already open (an e2e
 * build, with `window.__textspotTest`) and has the model loaded:
 * - decode + preprocess of a 4032 × 3024 JPEG decoded at full size (as before) and straight to
 *   the model's input scale (now), alternating in one run;
 * - refusing a 20000 × 20000 PNG: how long, and what the renderer's memory does meanwhile;
 * - recovery after an inference error: the error → the next result (a fresh worker).
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { blankPng } from './png.js';
import { median } from './stats.js';

/** What {@link benchFaults} measured. */
export interface FaultsReport {
  /** Size of the synthetic photo, px. */
  photoWidth: number;
  photoHeight: number;
  /** Median decode + preprocess, full-size decode then resize in JS (before), ms. */
  fullDecodePreprocessMs: number;
  /** Median decode + preprocess, decoded straight to the model's input size (now), ms. */
  reducedDecodePreprocessMs: number;
  /** Runs of each, after warm-up. */
  decodeRuns: number;
  /** Wall time from engine.detect to its rejection for the 20000 × 20000 PNG, ms. */
  hugeRefuseMs: number;
  hugeError: string;
  /** Peak resident memory (VmHWM) of the browser's renderer processes before and after, MB. */
  rendererPeakBeforeMB: number;
  rendererPeakAfterMB: number;
  /** JS heap of page and workers (measureUserAgentSpecificMemory) before and after, MB. */
  jsMemoryBeforeMB: number;
  jsMemoryAfterMB: number;
  /** Largest worker JS heap seen by measureUserAgentSpecificMemory after the refusal, MB. */
  workerJsAfterMB: number;
  /** Inference error → next result, ms; the next job spawns a worker and loads the model. */
  errorRecoveryMs: number;
  errorName: string;
  normalJobMs: number;
  workersAlive: number;
}

interface FaultHooks {
  engine: {
    workersAlive: number;
    detect(request: object, options?: object): Promise<{ timings: Record<string, number> }>;
  };
  catalog(): { defaultId: string; models: { id: string; postprocess: object }[] } | null;
}

/** Peak resident set (VmHWM) summed over Chromium's renderer processes below `rootPid`, MB. */
function rendererPeakMB(rootPid: number): number {
  let total = 0;
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    stack.push(...children(pid));
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) total += Number(hwm[1]) / 1024;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/**
 * JS memory of the page and its largest dedicated worker (measureUserAgentSpecificMemory, which
 * counts WebAssembly memory too; needs cross-origin isolation), MB; NaN where unavailable.
 */
export function pageJsMemory(page: Page): Promise<{ totalMB: number; workerMB: number }> {
  return page.evaluate(async () => {
    const measure = (
      performance as unknown as {
        measureUserAgentSpecificMemory?: () => Promise<{
          bytes: number;
          breakdown: { bytes: number; attribution: { scope: string }[] }[];
        }>;
      }
    ).measureUserAgentSpecificMemory;
    if (!measure) return { totalMB: Number.NaN, workerMB: Number.NaN };
    const result = await measure.call(performance);
    const worker = result.breakdown
      .filter((entry) => entry.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
      .reduce((max, entry) => Math.max(max, entry.bytes), 0);
    return { totalMB: result.bytes / 2 ** 20, workerMB: worker / 2 ** 20 };
  });
}

/**
 * Runs the three measurements. Renderer memory is read from /proc under `rootPid` (this Node
 * process: Playwright starts Chromium as its child), so other browsers on the machine don't count.
 */
export async function benchFaults(
  page: Page,
  photoSource: Buffer,
  rootPid: number,
  runs = 7,
  warmup = 3,
): Promise<FaultsReport> {
  const decode = await page.evaluate(
    async ({ base64, runs, warmup }) => {
      const hooks = (window as unknown as { __textspotTest: FaultHooks }).__textspotTest;
      const catalog = hooks.catalog()!;
      const params = catalog.models.find((m) => m.id === catalog.defaultId)!.postprocess;
      const source = await createImageBitmap(
        new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]),
      );
      // A 12 MP phone-sized photo: a dev image stretched to 4032 × 3024, JPEG at quality 0.9.
      const canvas = new OffscreenCanvas(4032, 3024);
      canvas.getContext('2d')!.drawImage(source, 0, 0, 4032, 3024);
      const image = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const full: number[] = [];
      const reduced: number[] = [];
      for (let i = 0; i < warmup + runs; i++) {
        for (const testFullDecode of [true, false]) {
          const { timings } = await hooks.engine.detect({
            image,
            params,
            thumbnailLongSide: 1024,
            testFullDecode,
          });
          if (i >= warmup) {
            (testFullDecode ? full : reduced).push(timings.decodeMs! + timings.preprocessMs!);
          }
        }
      }
      return { full, reduced };
    },
    { base64: photoSource.toString('base64'), runs, warmup },
  );

  const jsMemory = () => pageJsMemory(page);

  const memoryBefore = await jsMemory();
  const peakBefore = rendererPeakMB(rootPid);
  const huge = await page.evaluate(async (base64) => {
    const hooks = (window as unknown as { __textspotTest: FaultHooks }).__textspotTest;
    const catalog = hooks.catalog()!;
    const params = catalog.models.find((m) => m.id === catalog.defaultId)!.postprocess;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const image = new File([bytes], 'huge.png', { type: 'image/png' });
    const start = performance.now();
    let error = 'none';
    try {
      await hooks.engine.detect({ image, params, thumbnailLongSide: 1024 });
    } catch (caught) {
      error = `${(caught as Error).name}: ${(caught as Error).message}`;
    }
    return { ms: performance.now() - start, error };
  }, blankPng(20_000, 20_000).toString('base64'));
  const peakAfter = rendererPeakMB(rootPid);
  const memoryAfter = await jsMemory();

  const recovery = await page.evaluate(async () => {
    const hooks = (window as unknown as { __textspotTest: FaultHooks }).__textspotTest;
    const catalog = hooks.catalog()!;
    const params = catalog.models.find((m) => m.id === catalog.defaultId)!.postprocess;
    const canvas = new OffscreenCanvas(960, 720);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 960, 720);
    context.fillStyle = '#000';
    context.font = '40px sans-serif';
    context.fillText('TOTAL 12.50', 100, 200);
    const image = await canvas.convertToBlob({ type: 'image/png' });
    const request = { image, params, thumbnailLongSide: 1024 };
    const normalStart = performance.now();
    await hooks.engine.detect(request);
    const normalJobMs = performance.now() - normalStart;
    let errorName = 'none';
    let failedAt = Number.NaN;
    try {
      await hooks.engine.detect({ ...request, testFault: 'run-error' });
    } catch (error) {
      failedAt = performance.now();
      errorName = (error as Error).name;
    }
    await hooks.engine.detect(request);
    return {
      recoveryMs: performance.now() - failedAt,
      errorName,
      normalJobMs,
      workersAlive: hooks.engine.workersAlive,
    };
  });

  return {
    photoWidth: 4032,
    photoHeight: 3024,
    fullDecodePreprocessMs: median(decode.full),
    reducedDecodePreprocessMs: median(decode.reduced),
    decodeRuns: runs,
    hugeRefuseMs: huge.ms,
    hugeError: huge.error,
    rendererPeakBeforeMB: peakBefore,
    rendererPeakAfterMB: peakAfter,
    jsMemoryBeforeMB: memoryBefore.totalMB,
    jsMemoryAfterMB: memoryAfter.totalMB,
    workerJsAfterMB: memoryAfter.workerMB,
    errorRecoveryMs: recovery.recoveryMs,
    errorName: recovery.errorName,
    normalJobMs: recovery.normalJobMs,
    workersAlive: recovery.workersAlive,
  };
}
