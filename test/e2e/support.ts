import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { Detection } from '../../src/model/detection.js';

/** A small SROIE receipt (CC BY 4.0, see test/fixtures/README.md). */
export const RECEIPT = fileURLToPath(new URL('../fixtures/sroie_019.jpg', import.meta.url));

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

/** Waits until item `index` reaches `status`. */
export async function waitForStatus(page: Page, index: number, status: string): Promise<ItemView> {
  await expect
    .poll(async () => (await items(page))[index]?.status, { timeout: 100_000 })
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
