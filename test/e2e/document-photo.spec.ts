import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { parseCompetitionCsv } from '../../src/export/csv.js';
import { polygonIoU } from '../../src/geometry/polygon-ops.js';
import type { Polygon } from '../../src/geometry/types.js';
import { openApp, savedFile, waitForStatus } from './support.js';

/** A phone-style photo of a SROIE receipt on a desk (CC BY 4.0, see test/fixtures/README.md). */
const PHOTO = fileURLToPath(new URL('../fixtures/sroie_019-photo.jpg', import.meta.url));
/** Its known text boxes, in the photo's pixels. */
const PHOTO_GT = JSON.parse(
  readFileSync(new URL('../fixtures/sroie_019-photo.json', import.meta.url), 'utf8'),
) as { width: number; height: number; polygons: Polygon[] };

/** The document step's record on item `index` (page quad, method), as the app holds it. */
function documentOf(page: Page, index: number) {
  return page.evaluate((index) => {
    const hooks = (window as unknown as { __textspotTest: { items(): unknown[] } }).__textspotTest;
    const item = hooks.items()[index] as {
      result: { document?: { pageQuad: number[][] | null; method: string | null } } | null;
    };
    return item.result?.document ?? null;
  }, index);
}

/** Share of the known boxes that some detected polygon overlaps at IoU > 0.5. */
function matchedShare(detected: Polygon[]): number {
  const matched = PHOTO_GT.polygons.filter((gt) => detected.some((d) => polygonIoU(gt, d) > 0.5));
  return matched.length / PHOTO_GT.polygons.length;
}

test.describe('document photos', () => {
  test('with "Document photo" on, regions come back in the photo’s pixels on its known boxes, and the CSV says the same', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('document-enabled').check();
    await page.getByTestId('file-input').setInputFiles(PHOTO);
    await page.getByTestId('run').click();
    const shown = await waitForStatus(page, 0, 'done');
    expect([shown.imageWidth, shown.imageHeight]).toEqual([PHOTO_GT.width, PHOTO_GT.height]);
    const document = await documentOf(page, 0);
    expect(document?.method).not.toBeNull();
    expect(document?.pageQuad).toHaveLength(4);
    const polygons = shown.detections.map((d) => d.imagePolygon);
    expect(matchedShare(polygons)).toBeGreaterThan(0.8);
    await expect(page.getByTestId('summary')).toContainText('page ');

    const saved = await savedFile(page, () => page.getByTestId('export-csv').click());
    const rows = parseCompetitionCsv(saved.bytes.toString('utf8'));
    expect(rows[0]!.imagePolygons).toEqual(
      polygons.map((polygon) => polygon.map(([x, y]) => [Math.round(x), Math.round(y)])),
    );
  });

  test('the switch is remembered across a reload', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('document-enabled').check();
    await page.getByTestId('document-min-page-share').fill('0.25');
    await page.getByTestId('document-min-page-share').press('Enter');
    await page.reload();
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await expect(page.getByTestId('document-enabled')).toBeChecked();
    await expect(page.getByTestId('document-min-page-share')).toHaveValue('0.25');
  });
});
