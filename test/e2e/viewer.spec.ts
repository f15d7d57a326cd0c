import { expect, type Page, test } from '@playwright/test';
import { items, openApp, RECEIPT, SCENE, savedFile, waitForStatus } from './support.js';

const ROTATED = SCENE.replace('ic15_img_2.jpg', 'ic15_img_2-rotated.jpg');

function overlayState(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('app-root')!.shadowRoot!;
    const overlay = root.querySelector('polygon-overlay')!;
    return {
      highlightedIndex: overlay.highlightedIndex,
      hasHeatmap: overlay.heatmap !== null,
      imageWidth: overlay.imageWidth,
      imageHeight: overlay.imageHeight,
    };
  });
}

async function detectOne(page: Page, file: string) {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('run').click();
  return waitForStatus(page, 0, 'done');
}

test.describe('viewer', () => {
  test('honours EXIF orientation: sizes and polygons refer to the image as displayed', async ({
    page,
  }) => {
    const view = await detectOne(page, ROTATED);
    // The stored pixels are 1280 × 720; orientation 6 displays them rotated to 720 × 1280.
    expect([view.imageWidth, view.imageHeight]).toEqual([720, 1280]);
    expect(await overlayState(page)).toMatchObject({ imageWidth: 720, imageHeight: 1280 });
    for (const { imagePolygon } of view.detections) {
      for (const [x, y] of imagePolygon) {
        expect(x).toBeLessThanOrEqual(720);
        expect(y).toBeLessThanOrEqual(1280);
      }
    }
  });

  test('hovering a table row highlights its polygon, and hovering a polygon its row', async ({
    page,
  }) => {
    const view = await detectOne(page, RECEIPT);
    await page.getByTestId('region-row').nth(2).hover();
    await expect.poll(async () => (await overlayState(page)).highlightedIndex).toBe(2);

    const target = view.detections[5]!.imagePolygon;
    const centre: [number, number] = [
      target.reduce((sum, [x]) => sum + x, 0) / target.length,
      target.reduce((sum, [, y]) => sum + y, 0) / target.length,
    ];
    const [x, y] = await page.evaluate((point) => {
      const overlay = document
        .querySelector('app-root')!
        .shadowRoot!.querySelector('polygon-overlay')!;
      return overlay.toClient(point);
    }, centre);
    await page.mouse.move(x, y);
    await expect(page.locator('[data-testid="region-row"][data-highlighted]')).toHaveAttribute(
      'data-index',
      '5',
    );
  });

  test('shows the probability heatmap and the raw prediction JSON', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles([RECEIPT, SCENE]);
    await page.getByTestId('run').click();
    const view = await waitForStatus(page, 0, 'done');
    await waitForStatus(page, 1, 'done');
    // The worker keeps the last image's map (the scene); the receipt on screen is detected again.
    await page.getByTestId('toggle-heatmap').check();
    await expect.poll(async () => (await overlayState(page)).hasHeatmap).toBe(true);
    await page.getByTestId('toggle-heatmap').uncheck();
    await expect.poll(async () => (await overlayState(page)).hasHeatmap).toBe(false);

    await page.getByTestId('json-view').locator('summary').click();
    const json = JSON.parse((await page.getByTestId('json-text').textContent())!);
    expect(json.regions).toHaveLength(view.detections.length);
    expect(json.regions[0].polygon).toEqual(view.detections[0]!.imagePolygon);
  });

  test('exports the overlay as PNG at the original size', async ({ page }) => {
    const view = await detectOne(page, RECEIPT);
    const { name, bytes } = await savedFile(page, () => page.getByTestId('export-png').click());
    expect(name).toBe('sroie_019-regions.png');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // PNG IHDR: width and height at bytes 16–23.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([
      view.imageWidth,
      view.imageHeight,
    ]);
  });

  test('copies the polygons to the clipboard', async ({ page, context, browserName }) => {
    test.skip(browserName !== 'chromium', 'Playwright grants clipboard access in Chromium only');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const view = await detectOne(page, RECEIPT);
    await page.getByTestId('copy-polygons').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(view.detections.map((d) => d.imagePolygon));
  });

  test('cancel all stops the running and queued jobs; retry runs them', async ({ page }) => {
    await openApp(page);
    await page.evaluate(() => {
      (
        window as unknown as { __textspotTest: { hangNext(ms: number): void } }
      ).__textspotTest.hangNext(60_000);
    });
    await page.getByTestId('file-input').setInputFiles([RECEIPT, SCENE]);
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'running');
    await page.getByTestId('cancel-all').click();
    await waitForStatus(page, 0, 'cancelled');
    await waitForStatus(page, 1, 'cancelled');
    await page.getByTestId('retry-failed').click();
    await waitForStatus(page, 0, 'done');
    await waitForStatus(page, 1, 'done');
    expect((await items(page)).every((item) => item.detections.length > 0)).toBe(true);
  });
});
