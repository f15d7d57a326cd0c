/**
 * Shared plumbing of `npm run eval` and `npm run bench` (Node only): build the e2e bundle, serve it
 * with `vite preview` on a free port, drive Debian's Chromium through Playwright, open the app.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import type { TextspotTestRegistry } from '../../src/shell/test-registry.js';

/** The repository root (where package.json and vite.config.ts live). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Sub-path the build is served from, as on GitHub Pages. */
export const BASE_PATH = '/textspot/';

/** Backends the scripts can force through the page's `?backend=` parameter. */
export type ForcedBackend = 'wasm' | 'webgpu';

declare global {
  interface Window {
    /** Present only in `--mode e2e` builds (see src/shell/test-registry.ts). */
    __textspotTest?: TextspotTestRegistry;
    /** Image files the scripts handed to the page, by file name (see {@link uploadBlobs}). */
    __scriptBlobs?: Map<string, Blob>;
    /** {@link deepQueryAll}, installed by {@link newAppContext}. */
    __deepQueryAll?: (selector: string) => Element[];
  }
}

/**
 * Every element matching `selector` in the document and in all open shadow roots below it.
 * Runs in the page: the app's elements live in shadow DOM that `querySelectorAll` does not enter.
 */
export function deepQueryAll(
  selector: string,
  root: Document | ShadowRoot | Element = document,
): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) found.push(...deepQueryAll(selector, element.shadowRoot));
  }
  return found;
}

/** Writes a progress line to stderr, so stdout keeps only the report. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Builds the production bundle with test hooks into dist-e2e/. Throws when the build fails. */
export function buildE2e(): void {
  log('building dist-e2e (vite build --mode e2e)…');
  const result = spawnSync('npx', ['vite', 'build', '--mode', 'e2e', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`vite build --mode e2e exited with ${result.status}`);
}

/** A free TCP port on localhost, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running `vite preview` of dist-e2e. */
export interface PreviewServer {
  /** The app's URL, ending in {@link BASE_PATH}. */
  url: string;
  /** Stops the server (its whole process group). */
  close(): Promise<void>;
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve();
    }, 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      // Negative pid: npx starts vite as a grandchild, so the whole group has to go.
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Serves dist-e2e with the COOP/COEP headers of vite.config.ts and waits until it answers. */
export async function startPreview(timeoutMs = 60_000): Promise<PreviewServer> {
  const port = await freePort();
  const child = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--mode',
      'e2e',
      '--base',
      BASE_PATH,
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://localhost:${port}${BASE_PATH}`;
  const server: PreviewServer = { url, close: () => stopGroup(child) };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early: ${stderr.trim()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.close();
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Launches Debian's Chromium (never a downloaded one); `webgpu` adds `--enable-unsafe-webgpu`. */
export function launchChromium(backend: ForcedBackend): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (backend === 'webgpu') args.push('--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args });
}

/**
 * A browser context ready for `page.evaluate` callbacks written in these TypeScript scripts.
 * tsx compiles with esbuild's keepNames, which wraps inner functions in a `__name(...)` helper
 * that exists in Node but not in the page; an identity stand-in keeps the callbacks runnable.
 */
export async function newAppContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({
    content: `globalThis.__name = (fn) => fn;\nglobalThis.__deepQueryAll = ${deepQueryAll.toString()};`,
  });
  return context;
}

/** Forwards the page's console errors and uncaught exceptions to stderr. */
export function echoPageErrors(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error') log(`page console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
}

/** Opens the app with `?backend=` forced and waits until its test handle and catalog exist. */
export async function openApp(
  context: BrowserContext,
  url: string,
  backend: ForcedBackend,
): Promise<Page> {
  const page = await context.newPage();
  echoPageErrors(page);
  await page.goto(`${url}?backend=${backend}`);
  await waitForCatalog(page);
  return page;
}

/** Waits until the page's test handle exists and the model catalog has been read. */
export async function waitForCatalog(page: Page, timeoutMs = 60_000): Promise<void> {
  try {
    await page.waitForFunction(() => Boolean(window.__textspotTest?.catalog()), undefined, {
      timeout: timeoutMs,
    });
  } catch (error) {
    const hooks = await page.evaluate(() => Boolean(window.__textspotTest)).catch(() => false);
    throw new Error(
      hooks
        ? `the model catalog was not read within ${timeoutMs / 1000} s`
        : 'window.__textspotTest is missing: is dist-e2e a `--mode e2e` build?',
      { cause: error },
    );
  }
}

/** Waits until the engine has a loaded worker (the app's own start-up load) and returns it. */
export async function waitForModel(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__textspotTest?.engine.loadResult), undefined, {
    timeout: timeoutMs,
  });
}

/** MIME type of an image file from its extension (the page's Blob needs one to decode). */
export function imageMimeType(fileName: string): string {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    webp: 'image/webp',
    bmp: 'image/bmp',
    gif: 'image/gif',
  };
  return types[extension] ?? 'application/octet-stream';
}

/** True for file names the scripts treat as images. */
export function isImageFile(fileName: string): boolean {
  return imageMimeType(fileName).startsWith('image/');
}

/**
 * Hands image files read in Node to the page, where each becomes a Blob in
 * `window.__scriptBlobs` under its file name. Bytes travel base64-encoded (the protocol is JSON).
 */
export async function uploadBlobs(
  page: Page,
  files: { name: string; bytes: Uint8Array }[],
): Promise<void> {
  for (const file of files) {
    await page.evaluate(
      ({ name, base64, type }) => {
        const binary = atob(base64);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        window.__scriptBlobs ??= new Map();
        window.__scriptBlobs.set(name, new Blob([bytes], { type }));
      },
      {
        name: file.name,
        base64: Buffer.from(file.bytes).toString('base64'),
        type: imageMimeType(file.name),
      },
    );
  }
}
