/**
 * `npm run bench:pdf-export [-- --folder ../shared/eval/dev] [--no-build] [--out file.pdf]`: the searchable PDF as a
 * person makes it, in the app itself (test build, Chromium, WASM). Chooses every image of the
 * folder with Read text on, detects and reads them all, then exports the searchable PDF at the
 * original size and with a 1,200 px long side, timing each from the button press to the saved
 * file, and reports the files' sizes (`--out` keeps the original-size one). Progress on stderr; the last stdout line is one JSON
 * object. Timings are only valid on a quiet machine.
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
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
import { round } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    folder: { type: 'string', default: join(REPO_ROOT, '../shared/eval/dev') },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const folder = resolve(values.folder);

/** Presses the export button and waits for the file: wall time, ms, and its bytes. */
async function timedExport(page: Page, out?: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 600_000 }),
    page.getByTestId('export-pdf').click(),
  ]);
  let bytes = 0;
  for await (const chunk of await download.createReadStream()) bytes += (chunk as Buffer).length;
  const ms = performance.now() - start;
  if (out) await download.saveAs(out);
  return { ms, bytes };
}

async function main(): Promise<void> {
  const images = readdirSync(join(folder, 'images'))
    .filter(isImageFile)
    .sort()
    .map((name) => join(folder, 'images', name));
  if (images.length === 0) throw new Error(`${folder}/images has no images`);
  if (!values['no-build']) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium('wasm');
  try {
    const context = await newAppContext(browser);
    const page = await openApp(context, server.url, 'wasm');
    await waitForModel(page);
    await page.evaluate(() => window.__textspotTest!.setTimeoutMs(600_000));
    const readText = page.getByTestId('read-text');
    if (!(await readText.isChecked())) await readText.click();
    await page.getByTestId('file-input').setInputFiles(images);
    await page.getByTestId('run').click();
    log(`detecting and reading ${images.length} images…`);
    await page.waitForFunction(
      (count) => {
        const items = window.__textspotTest!.items();
        return items.length === count && items.every((item) => item.status === 'done');
      },
      images.length,
      { timeout: 1_800_000, polling: 1_000 },
    );
    const words = await page.evaluate(() =>
      window
        .__textspotTest!.items()
        .reduce(
          (sum, item) =>
            sum + (item.result?.detections.reduce((n, d) => n + (d.words?.length ?? 0), 0) ?? 0),
          0,
        ),
    );
    log('exporting at the original size…');
    await page.getByTestId('pdf-image-size').selectOption('original');
    const original = await timedExport(page, values.out && resolve(values.out));
    log('exporting with a 1,200 px long side…');
    await page.getByTestId('pdf-image-size').selectOption('1200');
    const small = await timedExport(page);
    const report = {
      pages: images.length,
      words,
      originalSize: { seconds: round(original.ms / 1000, 2), mb: round(original.bytes / 1e6, 2) },
      longSide1200: { seconds: round(small.ms / 1000, 2), mb: round(small.bytes / 1e6, 2) },
      loadAverage: loadavg().map((v) => round(v, 2)),
    };
    log(
      `${report.pages} pages, ${words} words: original size ${report.originalSize.mb} MB in ` +
        `${report.originalSize.seconds} s; 1,200 px ${report.longSide1200.mb} MB in ${report.longSide1200.seconds} s`,
    );
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
