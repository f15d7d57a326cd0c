import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { polygonIoU } from '../../src/core/geometry/polygon-ops.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import { parseCompetitionCsv } from '../../src/features/export/pipeline/csv.js';
import { items, openApp, savedFile, test, typeNumber, waitForStatus } from './support.js';

/** A phone-style photo of a SROIE receipt on a desk (CC BY 4.0, see test/fixtures/README.md). */
const PHOTO = fileURLToPath(new URL('../fixtures/sroie_019-photo.jpg', import.meta.url));
/** A flat scan: no desk around the page, so no page is found (see test/fixtures/README.md). */
const SCAN = fileURLToPath(new URL('../fixtures/sroie_053.jpg', import.meta.url));
/** Its known text boxes, in the photo's pixels. */
const PHOTO_GT = JSON.parse(
  readFileSync(new URL('../fixtures/sroie_019-photo.json', import.meta.url), 'utf8'),
) as { width: number; height: number; polygons: Polygon[] };

/** The document step's record on item `index` (page quad, method), as the app holds it. */
function documentOf(page: Page, index: number) {
  return page.evaluate((index) => {
    const hooks = (window as unknown as { __textspotTest: { items(): unknown[] } }).__textspotTest;
    const item = hooks.items()[index] as {
      result: {
        document?: {
          params: { enhancement: string };
          pageQuad: number[][] | null;
          method: string | null;
          quarterTurnsCCW: number;
          pageWidth: number;
          pageHeight: number;
        };
      } | null;
    };
    return item.result?.document ?? null;
  }, index);
}

/** Share of the known boxes that some detected polygon overlaps at IoU > 0.5. */
function matchedShare(detected: Polygon[]): number {
  const matched = PHOTO_GT.polygons.filter((gt) => detected.some((d) => polygonIoU(gt, d) > 0.5));
  return matched.length / PHOTO_GT.polygons.length;
}

/** Turns "Document photo" on and detects the photo fixture. */
async function detectPhoto(page: Page) {
  await page.getByTestId('document-enabled').check();
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await page.getByTestId('run').click();
  return waitForStatus(page, 0, 'done');
}

/** Drags the viewer's page corner at `corner` (photo pixels) by (dx, dy) screen pixels. */
async function dragCorner(page: Page, corner: number[], dx: number, dy: number) {
  const [x, y] = await page.evaluate((corner) => {
    const overlay = (
      window as unknown as {
        __textspotTest: { overlay(): { toClient(p: number[]): [number, number] } };
      }
    ).__textspotTest.overlay();
    return overlay.toClient(corner);
  }, corner);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2);
  await page.mouse.move(x + dx, y + dy);
  await page.mouse.up();
}

/** The photo fixture turned `quarterTurnsCW` quarter turns clockwise, made in the page (no image library in Node), as a file input takes it. */
async function turnedPhoto(page: Page, quarterTurnsCW: 1 | 2) {
  const base64 = await page.evaluate(
    async ({ bytes, quarterTurnsCW }) => {
      const source = await createImageBitmap(new Blob([new Uint8Array(bytes)]));
      const sideways = quarterTurnsCW === 1;
      const canvas = sideways
        ? new OffscreenCanvas(source.height, source.width)
        : new OffscreenCanvas(source.width, source.height);
      const context = canvas.getContext('2d')!;
      context.translate(canvas.width / 2, canvas.height / 2);
      context.rotate((quarterTurnsCW * Math.PI) / 2);
      context.drawImage(source, -source.width / 2, -source.height / 2);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
      let text = '';
      for (const byte of new Uint8Array(await blob.arrayBuffer()))
        text += String.fromCharCode(byte);
      return btoa(text);
    },
    { bytes: [...readFileSync(PHOTO)], quarterTurnsCW },
  );
  const name = quarterTurnsCW === 1 ? 'on-its-side.jpg' : 'upside-down.jpg';
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

/** The fixture's known boxes in the photo turned `quarterTurnsCW` quarter turns clockwise. */
function turnedBoxes(quarterTurnsCW: 1 | 2): Polygon[] {
  const { width, height } = PHOTO_GT;
  return PHOTO_GT.polygons.map((polygon) =>
    polygon.map(([x, y]) =>
      quarterTurnsCW === 1
        ? ([height - y, x] as [number, number])
        : ([width - x, height - y] as [number, number]),
    ),
  );
}

test.describe('document photos', () => {
  test('with "Document photo" on, regions come back in the photo’s pixels on its known boxes, and the CSV says the same', {
    tag: '@engine',
  }, async ({ app: page }) => {
    const shown = await detectPhoto(page);
    expect([shown.imageWidth, shown.imageHeight]).toEqual([PHOTO_GT.width, PHOTO_GT.height]);
    const document = await documentOf(page, 0);
    expect(document?.method).not.toBeNull();
    expect(document?.pageQuad).toHaveLength(4);
    expect(document?.quarterTurnsCCW).toBe(0);
    const polygons = shown.detections.map((d) => d.imagePolygon);
    expect(matchedShare(polygons)).toBeGreaterThan(0.8);
    await expect(page.getByTestId('summary')).toContainText('page ');

    const saved = await savedFile(page, () => page.getByTestId('export-csv').click());
    const rows = parseCompetitionCsv(saved.bytes.toString('utf8'));
    expect(rows[0]!.imagePolygons).toEqual(
      polygons.map((polygon) => polygon.map(([x, y]) => [Math.round(x), Math.round(y)])),
    );
  });

  test('flipping shows the straightened page, in the history too; dragging a corner processes the photo again with it', async ({
    app: page,
  }) => {
    await detectPhoto(page);
    const before = (await documentOf(page, 0))!;

    const overlaySize = () =>
      page.evaluate(() => {
        const overlay = (
          window as unknown as {
            __textspotTest: { overlay(): { imageWidth: number; imageHeight: number } };
          }
        ).__textspotTest.overlay();
        return [overlay.imageWidth, overlay.imageHeight];
      });
    await page.getByTestId('view-page').check();
    await expect.poll(overlaySize).toEqual([before.pageWidth, before.pageHeight]);
    await page.getByTestId('view-photo').check();
    await expect.poll(overlaySize).toEqual([PHOTO_GT.width, PHOTO_GT.height]);

    // The history redraws both views from its stored copy.
    const historyOverlay = page.getByTestId('history-overlay');
    const historySize = () =>
      historyOverlay.evaluate((overlay) => {
        const { imageWidth, imageHeight, pageQuad } = overlay as unknown as {
          imageWidth: number;
          imageHeight: number;
          pageQuad: unknown[] | null;
        };
        return [imageWidth, imageHeight, pageQuad?.length ?? 0];
      });
    await page.getByTestId('view-history').click();
    await page.getByTestId('history-open').first().click();
    await expect.poll(historySize).toEqual([PHOTO_GT.width, PHOTO_GT.height, 4]);
    await page.getByTestId('history-view-page').check();
    await expect.poll(historySize).toEqual([before.pageWidth, before.pageHeight, 0]);
    await page.getByTestId('view-workbench').click();

    // Drag the top-left corner 40 px right and down on screen.
    await dragCorner(page, before.pageQuad![0]!, 40, 40);
    await expect.poll(async () => (await documentOf(page, 0))?.method).toBe('manual');
    const after = (await documentOf(page, 0))!;
    expect(after.pageQuad![0]![0]).toBeGreaterThan(before.pageQuad![0]![0]! + 10);
    expect(after.pageQuad![0]![1]).toBeGreaterThan(before.pageQuad![0]![1]! + 10);
    // The other corners stay where they were.
    expect(after.pageQuad![2]![0]).toBeCloseTo(before.pageQuad![2]![0]!, 0);
    const shown = (await items(page))[0]!;
    expect(shown.detections.length).toBeGreaterThan(20);
  });

  test('corners placed by hand stay when a setting runs the image again, until "Find page"; a scan can be given a page', async ({
    app: page,
  }) => {
    await detectPhoto(page);
    const method = async () => (await documentOf(page, 0))?.method;
    const found = (await documentOf(page, 0))!;
    await dragCorner(page, found.pageQuad![0]!, 30, 30);
    await expect.poll(method).toBe('manual');
    const placed = (await documentOf(page, 0))!.pageQuad;

    // A preprocessing change detects the photo again in full, with the same corners.
    await page.getByTestId('document-enhancement').selectOption('contrast');
    await expect.poll(async () => (await documentOf(page, 0))?.params.enhancement).toBe('contrast');
    expect(await method()).toBe('manual');
    expect((await documentOf(page, 0))!.pageQuad).toEqual(placed);

    await page.getByTestId('find-page').click();
    await expect.poll(method).toBe(found.method);
    expect((await documentOf(page, 0))!.pageQuad![0]![0]).toBeCloseTo(found.pageQuad![0]![0]!, 0);

    // A flat scan has no page to find; "Place page" puts corners a tenth in from its edges.
    await page.getByTestId('file-input').setInputFiles(SCAN);
    await page.getByTestId('run').click();
    const { imageWidth, imageHeight } = await waitForStatus(page, 1, 'done');
    await page.getByTestId('item').filter({ hasText: 'sroie_053.jpg' }).click();
    expect((await documentOf(page, 1))?.method).toBeNull();
    await page.getByTestId('place-page').click();
    await expect.poll(async () => (await documentOf(page, 1))?.method).toBe('manual');
    expect((await documentOf(page, 1))!.pageQuad![2]).toEqual([
      Math.round(0.9 * imageWidth),
      Math.round(0.9 * imageHeight),
    ]);
  });

  for (const { quarterTurnsCW, turnsBack, how } of [
    { quarterTurnsCW: 1, turnsBack: 1, how: 'on its side is turned upright before detection' },
    {
      quarterTurnsCW: 2,
      turnsBack: 2,
      how: 'upside down is turned upright by the line classifier',
    },
  ] as const) {
    test(`a photo ${how}, its regions still on the photo’s boxes`, async ({ app: page }) => {
      await page.getByTestId('document-enabled').check();
      await page.getByTestId('file-input').setInputFiles(await turnedPhoto(page, quarterTurnsCW));
      await page.getByTestId('run').click();
      const shown = await waitForStatus(page, 0, 'done');
      const document = await documentOf(page, 0);
      expect(document?.quarterTurnsCCW).toBe(turnsBack);
      const boxes = turnedBoxes(quarterTurnsCW);
      const polygons = shown.detections.map((d) => d.imagePolygon);
      const matched = boxes.filter((gt) => polygons.some((d) => polygonIoU(gt, d) > 0.5));
      expect(matched.length / boxes.length).toBeGreaterThan(0.8);
    });
  }

  test('with "Read text" on too, an upside-down photo’s lines read the right way round', async ({
    app: page,
  }) => {
    await page.evaluate(() =>
      (
        window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
      ).__textspotTest.setTimeoutMs(120_000),
    );
    await page.getByTestId('document-enabled').check();
    await page.getByTestId('read-text').check();
    await page.getByTestId('file-input').setInputFiles(await turnedPhoto(page, 2));
    await page.getByTestId('run').click();
    const shown = await waitForStatus(page, 0, 'done');
    expect((await documentOf(page, 0))?.quarterTurnsCCW).toBe(2);
    // Long lines of its ground truth (../shared/eval/dev/json/sroie_019.json); cut the photo's
    // way round they would read upside down, as nonsense.
    const squash = (text: string) => text.replace(/\s+/g, '').toUpperCase();
    const known = [
      'SHELL ISNI PETRO TRADING',
      'COMPANY NO: 002643278-A',
      'LOT 2685 JLN GENTING KLANG',
      '53300 KL',
      'SITE 1066',
      'GST NO: 0010 9010 5344',
      'INVOICE NUMBER 60000053668',
      '35.10 LITRE PUMP # 02',
      'V-POWER 97',
      'SHELL LOYALTY CARD',
      '6018840126306675',
      'DIESEL & PETROL RON 95',
      'GIVEN RELIEF UNDER SECTION',
      '56 (3) (B) GST ACT 2014',
      'THANK YOU',
    ].map(squash);
    const read = shown.detections.map((d) => squash(d.text ?? ''));
    const found = known.filter((line) => read.includes(line));
    // The photo is softer than the scan (M reads as N here and there): most, not all, match.
    expect(found.length, `read: ${JSON.stringify(read)}`).toBeGreaterThanOrEqual(8);
  });

  test('the switch is remembered across a reload', async ({ app: page }) => {
    await page.getByTestId('document-enabled').check();
    await typeNumber(page.getByTestId('document-min-page-share'), '0.25');
    await page.reload();
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await expect(page.getByTestId('document-enabled')).toBeChecked();
    await expect(page.getByTestId('document-min-page-share')).toHaveValue('0.25');
  });
});

test.describe('on a phone', () => {
  // Playwright emulates a phone (isMobile) in Chromium only.
  test.skip(({ browserName }) => browserName !== 'chromium', 'phone emulation is Chromium-only');
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the page fits a 390 px screen and "Take photo" opens the camera', async ({ page }) => {
    await openApp(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await expect(page.getByTestId('take-photo')).toBeVisible();
    const camera = page.getByTestId('camera-input');
    await expect(camera).toHaveAttribute('capture', 'environment');
    await camera.setInputFiles(PHOTO);
    await expect(page.getByTestId('run')).toContainText('Detect 1 image');
  });
});
