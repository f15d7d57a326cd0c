/**
 * `npm run bench:labels [-- --boxes 100000] [--steps 10] [--no-build] [--profile]`: a very large label file in
 * the app itself (test build, Chromium, WASM). Writes an ICDAR 2015 label file of `--boxes` boxes
 * (a grid over test/fixtures/ic15_img_2.jpg, every tenth one don't care), loads it with the image,
 * detects, then measures the main thread's busy time (Chromium's TaskDuration, through the
 * DevTools protocol: script, style, layout, paint and raster set-up on the page's main thread;
 * the workers are not in it) for each zoom step and each slider move, from the input to the
 * redrawn overlay. Also the overlay's own draw() at fit and zoomed in, and the label file's load.
 * `--profile` also prints the main thread's top self times (CPU profile) for each of those;
 * `--trace` prints, for the slider moves together, the renderer main thread's self time by trace
 * event (script, GC, paint, layout, …) from a Chromium trace, kept in bench-out/labels-trace.json.
 * The issue's bound is 50 ms per slider move or zoom step. Progress on stderr; the last stdout
 * line is one JSON object.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { readImageHeader } from '../src/core/image-header.js';
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
import { median, round } from './lib/stats.js';

interface LabelsHandle {
  items(): readonly { status: string; params: { boxThreshold: number } | null }[];
  models: { params: { boxThreshold: number } | null };
  tuning: {
    settled(): Promise<void>;
    labelFiles: readonly unknown[];
    addFiles(files: File[]): Promise<void>;
    keptMaps: { images: number };
    summary: { scored: number; labelled: number };
  };
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const boxes = option('boxes', 100_000);
const steps = option('steps', 10);
const build = !args.includes('--no-build');
const profile = args.includes('--profile');
const trace = args.includes('--trace');

const IMAGE = join(REPO_ROOT, 'test/fixtures/ic15_img_2.jpg');
const LABEL_FILE = 'gt_ic15_img_2.txt';
const TRACE_FILE = join(REPO_ROOT, 'bench-out/labels-trace.json');

/** `count` boxes on a grid over a `width` × `height` image, as ICDAR 2015 text lines. */
function gridLabels(count: number, width: number, height: number): string {
  const columns = Math.ceil(Math.sqrt((count * width) / height));
  const rows = Math.ceil(count / columns);
  const cellWidth = width / columns;
  const cellHeight = height / rows;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = (i % columns) * cellWidth;
    const y = Math.floor(i / columns) * cellHeight;
    const [x1, y1] = [Math.round(x), Math.round(y)];
    const [x2, y2] = [Math.round(x + cellWidth * 0.8), Math.round(y + cellHeight * 0.8)];
    lines.push(`${x1},${y1},${x2},${y1},${x2},${y2},${x1},${y2},${i % 10 === 0 ? '###' : 'W'}`);
  }
  return lines.join('\n');
}

/** Chromium's main-thread counters (TaskDuration: all of it; Script, Layout, RecalcStyle: parts), ms. */
const COUNTERS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];

async function counters(cdp: CDPSession): Promise<number[]> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return COUNTERS.map((name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000);
}

/** Of each step's main-thread time: script, layout and style, ms (the rest is paint, raster, GC). */
const parts: { script: number[]; layoutAndStyle: number[] } = { script: [], layoutAndStyle: [] };

/** Main-thread busy time while `action` runs and the page settles after it, ms. */
async function mainThreadMs(cdp: CDPSession, action: () => Promise<void>): Promise<number> {
  const before = await counters(cdp);
  await action();
  const after = await counters(cdp);
  const delta = after.map((value, i) => value - before[i]!);
  parts.script.push(delta[1]!);
  parts.layoutAndStyle.push(delta[2]! + delta[3]!);
  return delta[0]!;
}

/** Waits until re-scoring is done and two frames are drawn after it. */
function settle(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const handle = window.__textspotTest as unknown as LabelsHandle;
    await handle.tuning.settled();
    for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => r(null)));
  });
}

/** Waits until the slider's value reached the image (after the debounce) and it is redrawn. */
async function settleSlider(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const handle = window.__textspotTest as unknown as LabelsHandle;
      return handle.items()[0]?.params?.boxThreshold === handle.models.params?.boxThreshold;
    },
    undefined,
    { polling: 50, timeout: 120_000 },
  );
  await settle(page);
}

/** With `--profile`: the main thread's CPU profile around `action`, its top self times on stderr. */
async function profiled(cdp: CDPSession, label: string, action: () => Promise<void>) {
  if (!profile) return action();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await action();
  const { profile: cpu } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
      }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  const self = new Map<string, number>();
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  cpu.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const name = frame
      ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}:${frame.columnNumber}`
      : '?';
    self.set(name, (self.get(name) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self.entries()]
    .filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30);
  log(`profile of ${label}:\n${top.map(([n, ms]) => `  ${ms.toFixed(1)} ms  ${n}`).join('\n')}`);
}

/** What `--trace` records: the DevTools timeline (tasks, paint, commit), V8 (GC) and Blink. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink',
];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * The renderer main thread's complete events, each one's own time (its duration less its
 * children's), summed by name: the 15 largest, ms, one per line.
 */
function mainThreadSelfTimes(buffer: Buffer): string {
  const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
  const main = traceEvents.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!main) return '  (no renderer main thread in the trace)';
  const events = traceEvents
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const count = new Map<string, number>();
  for (const event of events) count.set(event.name, (count.get(event.name) ?? 0) + 1);
  const stack: { end: number; name: string; own: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      self.set(done.name, (self.get(done.name) ?? 0) + done.own / 1000);
    }
  };
  for (const event of events) {
    close(event.ts);
    const parent = stack.at(-1);
    if (parent) parent.own -= event.dur!;
    stack.push({ end: event.ts + event.dur!, name: event.name, own: event.dur! });
  }
  close(Number.POSITIVE_INFINITY);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, ms]) => `  ${ms.toFixed(1)} ms  ${name} (${count.get(name)}×)`)
    .join('\n');
}

/** The overlay's synchronous draw(), median of `runs`, ms. */
function drawMs(page: Page, runs: number): Promise<number> {
  return page.evaluate((n) => {
    const [overlay] = window.__deepQueryAll!('polygon-overlay') as unknown as {
      draw(): number;
    }[];
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(overlay!.draw());
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  }, runs);
}

function clickOverlayButton(page: Page, title: string): Promise<void> {
  return page.evaluate((t) => {
    const button = (window.__deepQueryAll!(`button[title="${t}"]`) as HTMLElement[]).find(
      (b) => (b.getRootNode() as ShadowRoot).host?.localName === 'polygon-overlay',
    );
    if (!button) throw new Error(`no "${t}" button on the overlay`);
    button.click();
  }, title);
}

async function main(): Promise<void> {
  const imageBytes = readFileSync(IMAGE);
  const header = readImageHeader(new Uint8Array(imageBytes));
  if (!header) throw new Error(`${IMAGE}: not an image this script can size`);
  const labelText = gridLabels(boxes, header.width, header.height);
  if (build) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium('wasm');
  try {
    const context = await newAppContext(browser);
    const page = await openApp(context, server.url, 'wasm');
    await waitForModel(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    log(`loading a label file of ${boxes.toLocaleString('en')} boxes…`);
    // The file reaches the page first (Playwright's own base64 decoding is not the app's work),
    // then goes in as a chosen label file does: through the tuning controller's addFiles.
    await uploadBlobs(page, [{ name: LABEL_FILE, bytes: Buffer.from(labelText) }]);
    const loadMs = await mainThreadMs(cdp, () =>
      profiled(cdp, 'the label file load', async () => {
        await page.evaluate(async (name) => {
          const handle = window.__textspotTest as unknown as LabelsHandle;
          const blob = window.__scriptBlobs!.get(name)!;
          await handle.tuning.addFiles([new File([blob], name, { type: 'text/plain' })]);
        }, LABEL_FILE);
        await settle(page);
      }),
    );
    await page.getByTestId('file-input').setInputFiles(IMAGE);
    await page.getByTestId('run').click();
    log('detecting and scoring…');
    await page.waitForFunction(
      () => {
        const handle = window.__textspotTest as unknown as LabelsHandle;
        const { summary, keptMaps } = handle.tuning;
        return (
          handle.items()[0]?.status === 'done' &&
          summary.labelled === 1 &&
          summary.scored === 1 &&
          keptMaps.images === 1
        );
      },
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    await settle(page);

    const drawFitMs = await drawMs(page, 5);
    log('zoom steps…');
    const zoomMs: number[] = [];
    for (let i = 0; i < steps; i++) {
      const title = i < steps / 2 ? 'Zoom in' : 'Zoom out';
      zoomMs.push(
        await mainThreadMs(cdp, () =>
          profiled(cdp, `zoom step ${i + 1}`, async () => {
            await clickOverlayButton(page, title);
            await settle(page);
          }),
        ),
      );
    }
    // The deepest zoom reached: a few boxes in view, the rest culled.
    await clickOverlayButton(page, 'Fit to view');
    for (let i = 0; i < 4; i++) await clickOverlayButton(page, 'Zoom in');
    await settle(page);
    const drawZoomedMs = await drawMs(page, 5);
    await clickOverlayButton(page, 'Fit to view');
    await settle(page);

    const zoomParts = {
      script: parts.script.slice(1),
      layoutAndStyle: parts.layoutAndStyle.slice(1),
    };
    parts.script.length = 0;
    parts.layoutAndStyle.length = 0;
    log('slider moves…');
    // The sliders are folded under "Adjust detection": open it, or the key presses go nowhere.
    const adjust = page.getByTestId('adjust-detection');
    if ((await adjust.getAttribute('open')) === null) await adjust.locator('summary').click();
    const slider = page.locator('params-panel input[type=range]').nth(1);
    await slider.focus();
    const before = await slider.inputValue();
    await slider.press('ArrowRight');
    await settleSlider(page);
    if ((await slider.inputValue()) === before) throw new Error('the slider did not move');
    await slider.press('ArrowLeft');
    await settleSlider(page);
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const sliderMs: number[] = [];
    for (let i = 0; i < steps; i++) {
      const key = i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
      sliderMs.push(
        await mainThreadMs(cdp, () =>
          profiled(cdp, `slider move ${i + 1}`, async () => {
            await slider.press(key);
            await settleSlider(page);
          }),
        ),
      );
    }

    if (trace) {
      const buffer = await browser.stopTracing();
      mkdirSync(join(REPO_ROOT, 'bench-out'), { recursive: true });
      writeFileSync(TRACE_FILE, buffer);
      log(
        `trace of ${steps} slider moves (all of it in ${TRACE_FILE}):\n${mainThreadSelfTimes(buffer)}`,
      );
    }

    const report = {
      boxes,
      image: `${header.width}x${header.height}`,
      labelLoadMainThreadMs: round(loadMs),
      zoomStepMainThreadMedianMs: round(median(zoomMs)),
      zoomStepMainThreadMaxMs: round(Math.max(...zoomMs)),
      zoomStepMainThreadMs: zoomMs.map((ms) => round(ms)),
      sliderMoveMainThreadMedianMs: round(median(sliderMs)),
      sliderMoveMainThreadMaxMs: round(Math.max(...sliderMs)),
      sliderMoveMainThreadMs: sliderMs.map((ms) => round(ms)),
      zoomStepScriptMedianMs: round(median(zoomParts.script)),
      zoomStepLayoutAndStyleMedianMs: round(median(zoomParts.layoutAndStyle)),
      sliderMoveScriptMedianMs: round(median(parts.script)),
      sliderMoveLayoutAndStyleMedianMs: round(median(parts.layoutAndStyle)),
      overlayDrawAtFitMs: round(drawFitMs, 2),
      overlayDrawZoomedInMs: round(drawZoomedMs, 2),
      boundMs: 50,
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
