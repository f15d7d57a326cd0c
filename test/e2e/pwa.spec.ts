import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type StaticServer, startStaticServer } from '../../scripts/lib/static-server.js';
import { RECEIPT, SECOND_RECEIPT } from './support.js';

// These tests need the real production build: the e2e build that the rest of the suite uses
// leaves the service worker out. Each run builds two versions once (into the folder
// global-setup.ts made, which every project shares) and serves them from a plain static server
// that sends no COOP/COEP headers, as GitHub Pages does.
// (`--list` skips global setup: the folder is then never used.)
const builds = process.env.TEXTSPOT_PWA_BUILDS ?? join(tmpdir(), 'textspot-pwa-listing');
const V1 = join(builds, 'v1');
const V2 = join(builds, 'v2');

/** Builds version `version` into `outDir` unless an earlier project of this run already has. */
async function buildApp(outDir: string, version: string): Promise<void> {
  const done = join(outDir, '.built');
  if (existsSync(done)) return;
  // Playwright may run with NODE_ENV unset or "test"; either would pick Lit's development build.
  process.env.NODE_ENV = 'production';
  process.env.TEXTSPOT_VERSION = version;
  const { build } = await import('vite');
  await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  writeFileSync(done, version);
}

/** Console errors the app's CSP reporter writes, collected from now. */
function watchCsp(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('[CSP]'))
      errors.push(message.text());
  });
  return errors;
}

/** The main-frame navigations of `page`, counted from now. */
function countNavigations(page: Page): { count: number } {
  const counter = { count: 0 };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) counter.count++;
  });
  return counter;
}

/** Opens the app and waits until the model is loaded (after the one allowed reload). */
async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
}

/** Detects the receipt through the UI (no test hooks in this build) and returns its region count. */
async function detectReceipt(page: Page, file = RECEIPT): Promise<number> {
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('run').click();
  const row = page.locator('[data-testid="item"][data-status="done"]');
  await expect(row).toHaveCount(1, { timeout: 100_000 });
  return Number(await row.getByTestId('count').textContent());
}

/** The URLs in Workbox's precache (the part of Cache Storage the service worker owns). */
function precachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes('precache')) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(request.url);
    }
    return urls;
  });
}

/** Each test gets a fresh static server over the first build, under `prefix`, and its own page. */
const it = test.extend<{ prefix: string; host: StaticServer }>({
  prefix: ['/textspot/', { option: true }],
  host: async ({ prefix }, use) => {
    const server = await startStaticServer({ root: V1, prefix });
    await use(server);
    await server.close();
  },
});

it.describe('published on a plain static host', () => {
  it.describe.configure({ mode: 'serial' });

  it.beforeAll(async () => {
    it.setTimeout(180_000);
    await buildApp(V1, 'e2e-1');
    await buildApp(V2, 'e2e-2');
    // A new deployment is a new service worker script, or browsers see no update.
    expect(readFileSync(join(V2, 'sw.js'), 'utf8')).not.toBe(
      readFileSync(join(V1, 'sw.js'), 'utf8'),
    );
  });

  for (const prefix of ['/textspot/', '/']) {
    it.describe(`under ${prefix}`, () => {
      it.use({ prefix });
      // Firefox runs the sub-path only: the root differs from it in URLs, not in the engine.
      const tag = prefix === '/textspot/' ? ['@engine'] : [];
      it('isolates itself with at most one reload, runs WASM on every thread, and detects', {
        tag,
      }, async ({ page, context, host }) => {
        const cspErrors = watchCsp(page);
        const navigations = countNavigations(page);
        await openApp(page, host.url);
        expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
        const threads = await page.evaluate(() => navigator.hardwareConcurrency);
        await expect(page.getByTestId('backend')).toHaveText(`WASM · ${threads} threads`);
        expect(navigations.count).toBeLessThanOrEqual(2);
        // The server really sent no isolation headers: the service worker added them.
        const direct = await context.request.get(host.url);
        expect(direct.headers()['cross-origin-embedder-policy']).toBeUndefined();
        expect(await detectReceipt(page)).toBeGreaterThan(30);
        // The app itself stays within its policy.
        expect(cspErrors).toEqual([]);
      });
    });
  }

  it.describe('in a window without service workers', () => {
    // As in a window that offers none: registration is refused.
    it.use({ serviceWorkers: 'block' });
    it('it still detects, on one thread, and says why', { tag: '@engine' }, async ({
      page,
      host,
    }) => {
      const navigations = countNavigations(page);
      await openApp(page, host.url);
      await expect(page.getByTestId('backend')).toHaveText('WASM · 1 thread');
      await expect(page.getByRole('alert').filter({ hasText: 'one thread' })).toContainText(
        'service worker',
      );
      expect(navigations.count).toBe(1);
      expect(await detectReceipt(page)).toBeGreaterThan(30);
    });
  });

  it('after one visit it opens and detects with the network off', { tag: '@engine' }, async ({
    page,
    context,
    host,
  }) => {
    await openApp(page, host.url);
    expect(await detectReceipt(page)).toBeGreaterThan(30);
    await expect(page.getByTestId('about-offline')).toContainText('ready', {
      useInnerText: false,
    });

    // Both: the browser believes it is offline, and the host is really gone.
    await host.close();
    await context.setOffline(true);
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('pageerror', (error) => failed.push(error.message));
    await page.reload();
    await expect(page.getByTestId('backend')).toContainText('WASM', { timeout: 100_000 });
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    // Another receipt: the first one would be skipped as already detected (from the history).
    expect(await detectReceipt(page, SECOND_RECEIPT)).toBeGreaterThan(10);
    expect(failed).toEqual([]);
  });

  it('a new deployment offers a reload, runs only new files after it, and keeps the weights', {
    tag: '@engine',
  }, async ({ page, host }) => {
    await openApp(page, host.url);
    await page.getByTestId('about').locator('summary').click();
    await expect(page.getByTestId('about-version')).toHaveText('e2e-1');
    await page.keyboard.press('Escape');
    const v1Urls = await precachedUrls(page);
    expect(v1Urls.some((url) => url.includes('ppocr-v4-det.onnx'))).toBe(true);

    host.setRoot(V2);
    const sinceDeploy = host.log.length;
    // A navigation makes the browser look for a new service worker.
    await page.reload();
    await expect(page.getByTestId('update-banner')).toBeVisible({ timeout: 60_000 });
    // Until the person reloads, the page is still entirely the old version.
    await page.getByTestId('about').locator('summary').click();
    await expect(page.getByTestId('about-version')).toHaveText('e2e-1');
    await page.keyboard.press('Escape');

    const reloaded = page.waitForEvent('load');
    await page.getByTestId('update-reload').click();
    await reloaded;
    await expect(page.getByTestId('backend')).toContainText('WASM', { timeout: 100_000 });
    await page.getByTestId('about').locator('summary').click();
    await expect(page.getByTestId('about-version')).toHaveText('e2e-2');
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
    expect(await detectReceipt(page)).toBeGreaterThan(30);

    // The weights did not change, so the update did not download them again.
    const fetchedSinceDeploy = host.log.slice(sinceDeploy).map((entry) => entry.path);
    expect(fetchedSinceDeploy.filter((path) => path.endsWith('.onnx'))).toEqual([]);
    expect(fetchedSinceDeploy).toContain('/textspot/sw.js');
    // The old version's own files are gone from the cache; files both versions share stay.
    const v2Names = readdirSync(join(V2, 'assets'));
    const v1OnlyNames = readdirSync(join(V1, 'assets')).filter((name) => !v2Names.includes(name));
    expect(v1OnlyNames.length).toBeGreaterThan(0);
    const v2Urls = await precachedUrls(page);
    for (const name of v1OnlyNames) expect(v2Urls.filter((url) => url.includes(name))).toEqual([]);
    expect(v2Urls.some((url) => url.includes('ppocr-v4-det.onnx'))).toBe(true);
  });

  it('the Content-Security-Policy blocks a request to another origin and reports it', {
    tag: '@engine',
  }, async ({ page, host }) => {
    const errors = watchCsp(page);
    await openApp(page, host.url);
    const outcome = await page.evaluate(() =>
      fetch('http://localhost:9/').then(
        () => 'fetched',
        (error: Error) => error.name,
      ),
    );
    expect(outcome).toBe('TypeError');
    await expect.poll(() => errors).toHaveLength(1);
    expect(errors[0]).toContain('http://localhost:9');
    expect(errors[0]).toContain('connect-src');
  });
});
