/**
 * `npm run bench:publish`: the published build as people get it. Serves a production build from
 * a plain static server (gzip, as GitHub Pages) without and with COOP/COEP, and measures in
 * headless Chromium: first visit to first result and the bytes it downloaded, then a second
 * visit with the network off. Prints a table and, last, one JSON line. Not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { launchChromium, log, REPO_ROOT } from './lib/browser.js';
import { startStaticServer } from './lib/static-server.js';
import { formatTable, round } from './lib/stats.js';

const RECEIPTS = ['sroie_019.jpg', 'sroie_053.jpg'].map((name) =>
  join(REPO_ROOT, 'test/fixtures', name),
);

/** Time from navigation to the app's model being ready, then to the first detection, ms. */
async function openAndDetect(page: Page, url: string | null, receipt: string) {
  const start = Date.now();
  if (url) await page.goto(url);
  else await page.reload();
  await page
    .getByTestId('backend')
    .filter({ hasText: /WASM|WebGPU/ })
    .waitFor({ timeout: 180_000 });
  const readyMs = Date.now() - start;
  await page.getByTestId('file-input').setInputFiles(receipt);
  await page.getByTestId('run').click();
  await page.locator('[data-testid="item"][data-status="done"]').waitFor({ timeout: 180_000 });
  return {
    readyMs,
    firstResultMs: Date.now() - start,
    label: (await page.getByTestId('backend').textContent())?.trim() ?? '',
  };
}

/** One scenario: a fresh profile's first visit, then a second visit offline. */
async function scenario(browser: Browser, dist: string, isolationHeaders: boolean) {
  const server = await startStaticServer({
    root: dist,
    prefix: '/textspot/',
    isolationHeaders,
    gzip: true,
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    const first = await openAndDetect(page, server.url, RECEIPTS[0]!);
    const bytesAtResult = server.log.reduce((sum, entry) => sum + entry.bytes, 0);
    // The service worker may still be filling its precache: let it finish before counting.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForTimeout(2_000);
    const bytesTotal = server.log.reduce((sum, entry) => sum + entry.bytes, 0);
    const requests = server.log.length;
    const firstVisitNavigations = navigations;

    await server.close();
    await context.setOffline(true);
    const offline = await openAndDetect(page, null, RECEIPTS[1]!);
    return {
      headers: isolationHeaders ? 'COOP/COEP sent' : 'none (GitHub Pages)',
      backend: first.label,
      navigations: firstVisitNavigations,
      firstReadyMs: first.readyMs,
      firstResultMs: first.firstResultMs,
      firstVisitMB: round(bytesAtResult / 1e6, 2),
      firstVisitTotalMB: round(bytesTotal / 1e6, 2),
      requests,
      offlineReadyMs: offline.readyMs,
      offlineResultMs: offline.firstResultMs,
      offlineBackend: offline.label,
    };
  } finally {
    await context.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const dist = mkdtempSync(join(tmpdir(), 'textspot-publish-'));
  try {
    log(`building the production app into ${dist}…`);
    process.env.NODE_ENV = 'production';
    const { build } = await import('vite');
    await build({ root: REPO_ROOT, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
    const browser = await launchChromium('wasm');
    const rows = [];
    try {
      for (const headers of [false, true]) {
        log(`scenario: ${headers ? 'with' : 'without'} COOP/COEP from the server…`);
        rows.push(await scenario(browser, dist, headers));
      }
    } finally {
      await browser.close();
    }
    log(
      formatTable(
        [
          'server headers',
          'backend',
          'navigations',
          'ready ms',
          'first result ms',
          'MB (gzip)',
          'offline result ms',
        ],
        rows.map((row) => [
          row.headers,
          row.backend,
          String(row.navigations),
          String(row.firstReadyMs),
          String(row.firstResultMs),
          `${row.firstVisitMB} (${row.firstVisitTotalMB} total)`,
          String(row.offlineResultMs),
        ]),
      ),
    );
    console.log(
      JSON.stringify({ scenarios: rows, loadAverage: loadavg().map((v) => round(v, 2)) }),
    );
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}

await main();
