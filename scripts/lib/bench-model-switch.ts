/**
 * Benchmark: switching models repeatedly in one page must leave one detector worker and no
 * main-thread heap growth. Runs in an app page that is already open (an e2e build, which has
 * `window.__textspotTest`), through the model controller the picker and import dialog use.
 */
import type { Page } from '@playwright/test';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import { PresetId, presetSettings } from '../../src/features/models/pipeline/descriptor-presets.js';
import type { TextspotTestRegistry } from '../../src/shell/test-registry.js';

/** What {@link benchModelSwitch} measured. */
export interface ModelSwitchReport {
  /** Switches made (each one releases a session and a worker and loads the other model). */
  switches: number;
  /** Detector workers the engine holds after the last switch (1 when nothing leaks). */
  workersAlive: number;
  /** Dedicated detector workers the browser itself still lists after the last switch. */
  browserWorkers: number;
  /** Main-thread JS heap after minus before the switches, after forced GC, MB (2^20 bytes). */
  heapGrowthMB: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  /** Median wall time of one switch as the page sees it (release, new worker, load, warm-up), ms. */
  medianSwitchMs: number;
}

/** The page's test handle, read inside `page.evaluate` callbacks (which run in the page, not here). */
type HookWindow = Window & { __textspotTest: TextspotTestRegistry };

/** Forces two garbage collections, then reads the page's main-thread heap, MB. */
async function heapAfterGcMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return heap.usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Adds a second model (the default model's weights under the competition preset, imported the
 * way the dialog does), then switches `switches` times between it and the default through the
 * picker's path, and compares the heap after forced GC before and after. Chromium only (CDP).
 */
export async function benchModelSwitch(page: Page, switches = 20): Promise<ModelSwitchReport> {
  await page.waitForFunction(
    () => {
      const { engine, models } = (window as HookWindow).__textspotTest;
      return Boolean(engine.loadResult && models.current);
    },
    undefined,
    { timeout: 180_000 },
  );
  const settings = presetSettings(PresetId.Competition);
  const userId = await page.evaluate(
    async ({ settings }) => {
      const { models, loadRequestFor } = (window as HookWindow).__textspotTest;
      const fallback = models.defaultModel;
      if (!fallback) throw new Error('the catalog has no default model');
      if (models.current?.id !== fallback.id && !(await models.pick(fallback.id))) {
        throw new Error('the default model did not load');
      }
      const url = loadRequestFor(fallback as ModelDescriptor, 'wasm').modelUrl!;
      const bytes = await (await fetch(url)).arrayBuffer();
      const file = new File([bytes], 'bench-competition.onnx');
      const id = `user-bench-competition-${Date.now().toString(36)}`;
      const descriptor = {
        id,
        name: 'Bench: competition preset on the default weights',
        source: 'npm run bench',
        license: 'Apache-2.0',
        bytes: bytes.byteLength,
        ...settings,
      };
      await models.submitImport(file, descriptor);
      if (models.current?.id !== id) {
        throw new Error(`the bench model was refused: ${models.importDialog.error}`);
      }
      // One round trip so both models have been loaded once before the baseline.
      if (!(await models.pick(fallback.id)) || !(await models.pick(id))) {
        throw new Error('a warm-up switch failed');
      }
      return id;
    },
    { settings },
  );

  const heapBeforeMB = await heapAfterGcMB(page);
  const durationsMs = await page.evaluate(
    async ({ switches, userId }) => {
      const { models } = (window as HookWindow).__textspotTest;
      const fallbackId = models.defaultModel!.id;
      const durations: number[] = [];
      for (let i = 0; i < switches; i++) {
        const target = i % 2 === 0 ? fallbackId : userId;
        const start = performance.now();
        if (!(await models.pick(target))) throw new Error(`switch ${i + 1} to ${target} failed`);
        durations.push(performance.now() - start);
      }
      return durations;
    },
    { switches, userId },
  );
  const heapAfterMB = await heapAfterGcMB(page);
  const workersAlive = await page.evaluate(
    () => (window as HookWindow).__textspotTest.engine.workersAlive,
  );
  // A terminated worker leaves Playwright's list when the browser reports it closed: give it time.
  const detectorWorkers = () => page.workers().filter((w) => w.url().includes('detector.worker'));
  for (
    let waitedMs = 0;
    detectorWorkers().length > workersAlive && waitedMs < 10_000;
    waitedMs += 250
  ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const browserWorkers = detectorWorkers().length;
  // Leave the page as it was: the bench model goes (and the default comes back).
  await page.evaluate((id) => (window as HookWindow).__textspotTest.models.remove(id), userId);
  return {
    switches: durationsMs.length,
    workersAlive,
    browserWorkers,
    heapGrowthMB: heapAfterMB - heapBeforeMB,
    heapBeforeMB,
    heapAfterMB,
    medianSwitchMs: median(durationsMs),
  };
}
