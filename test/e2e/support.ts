import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';

/** A small SROIE receipt (CC BY 4.0, see test/fixtures/README.md). */
export const RECEIPT = fileURLToPath(new URL('../fixtures/sroie_019.jpg', import.meta.url));

/** Another SROIE receipt (CC BY 4.0, see test/fixtures/README.md). */
export const SECOND_RECEIPT = fileURLToPath(new URL('../fixtures/sroie_053.jpg', import.meta.url));

/** A small ICDAR 2015 scene photo (CC BY 4.0, see test/fixtures/README.md). */
export const SCENE = fileURLToPath(new URL('../fixtures/ic15_img_2.jpg', import.meta.url));

/** What the page's test handle reports about one batch item. */
export interface ItemView {
  name: string;
  status: string;
  error: string | null;
  detections: Detection[];
  imageWidth: number;
  imageHeight: number;
}

/** Opens the app (optionally forcing a backend) and waits for the model to load. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
}

/**
 * Clears everything the app stores for its origin (localStorage, sessionStorage, IndexedDB, Cache
 * Storage), then opens the app: a first visit, except that the browser's HTTP cache and compiled
 * WebAssembly are warm. Other tabs of the context are closed and emulation is undone.
 */
export async function freshStart(page: Page): Promise<void> {
  for (const other of page.context().pages()) if (other !== page) await other.close();
  await page.context().clearPermissions();
  await page.emulateMedia({ colorScheme: null });
  // A same-origin page that is not the app, so no connection holds the databases open.
  await page.goto('./icons/icon.svg');
  await page.evaluate(async () => {
    localStorage.clear();
    sessionStorage.clear();
    const names = (await indexedDB.databases()).map((db) => db.name).filter((n) => n !== undefined);
    await Promise.all(
      names.map(
        (name) =>
          new Promise((resolve, reject) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = resolve;
            request.onerror = () => reject(request.error);
          }),
      ),
    );
    for (const key of await caches.keys()) await caches.delete(key);
  });
  await openApp(page);
}

/**
 * Playwright's `test` with `app`: one browser context and page per worker, shared by the tests,
 * handed to each as a first visit with the model loaded ({@link freshStart}). Loading the app in
 * a warm context costs a fraction of a new context's start. Tests whose subject is the context
 * itself (init scripts, blocked requests, service workers, a phone) use Playwright's `page`.
 */
export const test = base.extend<{ app: Page }, { appPage: Page }>({
  appPage: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      const page = await context.newPage();
      await use(page);
      await context.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ appPage }, use) => {
    await freshStart(appPage);
    await use(appPage);
  },
});

/** The batch items as the app holds them. */
export function items(page: Page): Promise<ItemView[]> {
  return page.evaluate(() => {
    const hooks = (window as unknown as { __textspotTest: { items(): unknown[] } }).__textspotTest;
    return hooks.items().map((raw) => {
      const item = raw as {
        file: File;
        status: string;
        error: string | null;
        result: { detections: Detection[]; imageWidth: number; imageHeight: number } | null;
      };
      return {
        name: item.file.name,
        status: item.status,
        error: item.error,
        detections: item.result?.detections ?? [],
        imageWidth: item.result?.imageWidth ?? 0,
        imageHeight: item.result?.imageHeight ?? 0,
      };
    });
  });
}

/** Statuses an item stays in until someone acts: once there, waiting for another is pointless. */
const SETTLED_STATUSES = new Set(['done', 'failed', 'timed-out', 'cancelled', 'skipped']);

/**
 * Waits until item `index` reaches `status`. An item that settles in another status fails at
 * once, with its error in the message (a flaky run then says what went wrong).
 */
export async function waitForStatus(page: Page, index: number, status: string): Promise<ItemView> {
  await expect
    .poll(
      async () => {
        const item = (await items(page))[index];
        if (item && item.status !== status && SETTLED_STATUSES.has(item.status)) {
          return `${item.status}: ${item.error ?? 'no error recorded'}`;
        }
        return item?.status;
      },
      { timeout: 100_000 },
    )
    .toBe(status);
  return (await items(page))[index]!;
}

/** Adds files through the file picker and starts detection. */
export async function detectFiles(page: Page, files: string | string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files);
  const run = page.getByTestId('run');
  if (await run.count()) await run.click();
}

/** Polygons all lie inside the image (clamped to [0, width] × [0, height]). */
export function allInside(view: ItemView): boolean {
  return view.detections.every((d) =>
    d.imagePolygon.every(
      ([x, y]) => x >= 0 && y >= 0 && x <= view.imageWidth && y <= view.imageHeight,
    ),
  );
}

/** Opens every closed <details> around `element` (across shadow roots), as a person would to reach it. */
export async function openDisclosures(element: Locator): Promise<void> {
  await element.evaluate((el) => {
    for (
      let node: Node | null = el;
      node;
      node = node.parentNode ?? (node as ShadowRoot).host ?? null
    ) {
      if (node instanceof HTMLDetailsElement && !node.open) node.querySelector('summary')?.click();
    }
  });
}

/**
 * Types a number into an input the way a person does. Playwright's `fill()` on number inputs is
 * unreliable in Firefox over WebDriver BiDi (it appends, or empties the field).
 */
export async function typeNumber(input: Locator, value: string): Promise<void> {
  await openDisclosures(input);
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(value);
  await input.press('Enter');
}

/**
 * Runs `action` and returns the file it saves. Chromium reports real downloads; Playwright's
 * Firefox (WebDriver BiDi) does not, so there the file is read from the link the app clicks.
 */
export async function savedFile(
  page: Page,
  action: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer }> {
  if (page.context().browser()?.browserType().name() === 'chromium') {
    const [download] = await Promise.all([page.waitForEvent('download'), action()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
  await page.evaluate(() => {
    const saved = window as unknown as { __saved?: Promise<{ name: string; base64: string }> };
    // A file saved by an earlier call is not this one.
    delete saved.__saved;
    // The link's blob is read directly: the app's CSP (connect-src 'self') refuses fetch(blob:).
    const blobs = new Map<string, Blob>();
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (object: Blob | MediaSource) => {
      const url = createObjectURL(object);
      if (object instanceof Blob) blobs.set(url, object);
      return url;
    };
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      HTMLAnchorElement.prototype.click = original;
      URL.createObjectURL = createObjectURL;
      const { href, download } = this;
      const blob = blobs.get(href);
      saved.__saved = (
        blob ? blob.arrayBuffer() : Promise.reject(new Error(`no blob ${href}`))
      ).then((buffer) => {
        let text = '';
        for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
        return { name: download, base64: btoa(text) };
      });
    };
  });
  await action();
  const saved = await page.waitForFunction(
    () => (window as unknown as { __saved?: unknown }).__saved !== undefined,
  );
  await saved.dispose();
  const file = await page.evaluate(
    () => (window as unknown as { __saved: Promise<{ name: string; base64: string }> }).__saved,
  );
  return { name: file.name, bytes: Buffer.from(file.base64, 'base64') };
}

/** A crop of the receipt, px. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A 128 px crop of the receipt: WebGPU on SwiftShader takes minutes on anything larger. */
const CROP: Crop = { x: 40, y: 150, width: 128, height: 128 };

/**
 * Detects a crop of the receipt (128 px square unless given) through the page's engine with the
 * model's default parameters, an optional test fault, and its text read when `recognize`; its
 * backend and regions.
 */
export function detectCrop(
  page: Page,
  testFault?: string,
  { crop = CROP, recognize = false }: { crop?: Crop; recognize?: boolean } = {},
): Promise<{ backend: string; detections: Detection[] }> {
  const base64 = readFileSync(RECEIPT).toString('base64');
  return page.evaluate(
    async ({ base64, crop, testFault, recognize }) => {
      const { engine, catalog } = (
        window as unknown as {
          __textspotTest: {
            catalog(): { models: { postprocess: object }[] };
            engine: {
              detect(
                request: object,
                options: object,
              ): Promise<{ detections: Detection[]; backend: string }>;
            };
          };
        }
      ).__textspotTest;
      const jpeg = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], {
        type: 'image/jpeg',
      });
      const bitmap = await createImageBitmap(jpeg);
      const canvas = new OffscreenCanvas(crop.width, crop.height);
      canvas.getContext('2d')!.drawImage(bitmap, -crop.x, -crop.y);
      const image = await canvas.convertToBlob({ type: 'image/png' });
      const result = await engine.detect(
        {
          image,
          params: catalog().models[0]!.postprocess,
          thumbnailLongSide: 64,
          ...(testFault ? { testFault } : {}),
          ...(recognize
            ? {
                recognize: {
                  descriptorUrl: new URL('models/ppocr-v4-rec.json', document.baseURI).href,
                  cacheWeights: true,
                },
              }
            : {}),
        },
        // Reading adds a second session, and its shaders, on SwiftShader.
        { timeoutMs: recognize ? 540_000 : 240_000 },
      );
      return { backend: result.backend, detections: result.detections };
    },
    { base64, crop, testFault, recognize },
  );
}
