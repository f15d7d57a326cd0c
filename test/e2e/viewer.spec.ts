import { expect, type Page } from '@playwright/test';
import { items, RECEIPT, SCENE, savedFile, test, waitForStatus } from './support.js';

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
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('run').click();
  return waitForStatus(page, 0, 'done');
}

test.describe('viewer', () => {
  test('honours EXIF orientation: sizes and polygons refer to the image as displayed', {
    tag: '@engine',
  }, async ({ app: page }) => {
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
    app: page,
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

  test('shows the probability heatmap, with its opacity slider, and the raw prediction JSON', async ({
    app: page,
  }) => {
    await page.getByTestId('file-input').setInputFiles([RECEIPT, SCENE]);
    await page.getByTestId('run').click();
    const view = await waitForStatus(page, 0, 'done');
    await waitForStatus(page, 1, 'done');
    // The worker keeps the last image's map (the scene); the receipt on screen is detected again.
    await page.getByTestId('toggle-heatmap').check();
    await expect.poll(async () => (await overlayState(page)).hasHeatmap).toBe(true);
    // Its opacity slider, beside the zoom buttons while the heatmap shows, redraws the picture.
    const opacity = page.getByTestId('heatmap-opacity');
    await expect(opacity).toHaveValue('0.75');
    const picturePixels = () =>
      page.evaluate(() => {
        const overlay = document
          .querySelector('app-root')!
          .shadowRoot!.querySelector('polygon-overlay')!;
        const canvas = overlay.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.picture')!;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
        return sum;
      });
    const atDefault = await picturePixels();
    await opacity.fill('0.1');
    await expect.poll(picturePixels).not.toBe(atDefault);
    await page.getByTestId('toggle-heatmap').uncheck();
    await expect.poll(async () => (await overlayState(page)).hasHeatmap).toBe(false);
    await expect(opacity).toHaveCount(0);

    await page.getByTestId('json-view').locator('summary').click();
    const json = JSON.parse((await page.getByTestId('json-text').textContent())!);
    expect(json.regions).toHaveLength(view.detections.length);
    expect(json.regions[0].polygon).toEqual(view.detections[0]!.imagePolygon);
  });

  test('exports the overlay as PNG at the original size', { tag: '@engine' }, async ({
    app: page,
  }) => {
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

  test('exports an image wider than the display cap at full resolution, not scaled up', {
    tag: '@engine',
  }, async ({ app: page }) => {
    // 3,000 × 1,200 px, over the viewer's 2,560 px display cap: white, with a 1 px checkerboard
    // patch that survives only if the export draws the image at its own resolution.
    const png = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(3000, 1200);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, 3000, 1200);
      context.fillStyle = '#000';
      for (let y = 1000; y < 1100; y++) {
        for (let x = 2800 + (y % 2); x < 2900; x += 2) context.fillRect(x, y, 1, 1);
      }
      const bytes = new Uint8Array(await (await canvas.convertToBlob()).arrayBuffer());
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      return btoa(text);
    });
    await page.getByTestId('file-input').setInputFiles({
      name: 'wide.png',
      mimeType: 'image/png',
      buffer: Buffer.from(png, 'base64'),
    });
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'done');
    const { bytes } = await savedFile(page, () => page.getByTestId('export-png').click());
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([3000, 1200]);
    // Mean difference between horizontal neighbours in the patch: about 255 at full resolution,
    // far lower once the image has been scaled down to 2,560 px and back up.
    const contrast = await page.evaluate(async (base64) => {
      const binary = atob(base64);
      const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data: pixels } = context.getImageData(2810, 1010, 80, 80);
      let sum = 0;
      let pairs = 0;
      for (let y = 0; y < 80; y++) {
        for (let x = 0; x < 79; x++) {
          const i = (y * 80 + x) * 4;
          sum += Math.abs(pixels[i]! - pixels[i + 4]!);
          pairs++;
        }
      }
      return sum / pairs;
    }, bytes.toString('base64'));
    expect(contrast).toBeGreaterThan(200);
  });

  test('copies the polygons to the clipboard', async ({ app: page, browserName }) => {
    test.skip(browserName !== 'chromium', 'Playwright grants clipboard access in Chromium only');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const view = await detectOne(page, RECEIPT);
    await page.getByTestId('copy-polygons').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(view.detections.map((d) => d.imagePolygon));
  });

  test('cancel all stops the running and queued jobs; retry runs them', { tag: '@engine' }, async ({
    app: page,
  }) => {
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
