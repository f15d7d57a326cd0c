import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { textInReadingOrder } from '../../src/core/geometry/reading-order.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import {
  type GroundTruthImage,
  scoreImage,
  setScoreOf,
} from '../../src/features/tuning/pipeline/icdar2015.js';
import { test } from './support.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const RECEIPTS = ['sroie_019', 'sroie_053', 'sroie_614'];
const SCANNED_PDF = fixture('documents/scanned-3-pages.pdf');
const BORN_DIGITAL_PDF = fixture('documents/born-digital.pdf');
/** The lines born-digital.html prints. */
const PRINTED_LINES = [
  'TEXTSPOT TEST RECEIPT',
  'Coffee beans 250 g',
  'Total 12.40',
  'Paid by card',
];

interface PageItemView {
  label: string;
  page: { number: number; count: number } | null;
  status: string;
  error: string | null;
  polygons: Polygon[];
  texts: string[];
  textSource: string | null;
  width: number;
  height: number;
}

function pageItems(page: Page): Promise<PageItemView[]> {
  return page.evaluate(() => {
    const hooks = (window as unknown as { __textspotTest: { items(): unknown[] } }).__textspotTest;
    return hooks.items().map((raw) => {
      const item = raw as {
        file: File;
        page?: { number: number; count: number };
        status: string;
        error: string | null;
        result: {
          detections: { imagePolygon: Polygon; text?: string }[];
          imageWidth: number;
          imageHeight: number;
          textSource?: string;
        } | null;
      };
      return {
        label: item.page ? `${item.file.name} · p. ${item.page.number}` : item.file.name,
        page: item.page ?? null,
        status: item.status,
        error: item.error,
        polygons: item.result?.detections.map((d) => d.imagePolygon) ?? [],
        texts: item.result?.detections.map((d) => d.text ?? '') ?? [],
        textSource: item.result?.textSource ?? null,
        width: item.result?.imageWidth ?? 0,
        height: item.result?.imageHeight ?? 0,
      };
    });
  });
}

/** Console errors the app's CSP reporter writes (in the page or a worker), collected from now. */
function watchCsp(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('[CSP]'))
      errors.push(message.text());
  });
  return errors;
}

/** Waits until every item has settled, and returns them. */
async function settled(page: Page, count: number): Promise<PageItemView[]> {
  await expect
    .poll(
      async () => {
        const all = await pageItems(page);
        return all.length === count &&
          all.every((i) => !['pending', 'queued', 'running'].includes(i.status))
          ? 'settled'
          : all.map((i) => `${i.label}: ${i.status}`).join(', ');
      },
      { timeout: 240_000 },
    )
    .toBe('settled');
  return pageItems(page);
}

function groundTruth(name: string): GroundTruthImage {
  const raw = JSON.parse(readFileSync(fixture(`eval-gt/json/${name}.json`), 'utf8'));
  return { ...raw, ignore: raw.ignore ?? raw.polygons.map(() => false) };
}

function hmean(names: string[], predictions: Polygon[][]): number {
  const total = { matched: 0, gtCounted: 0, predCounted: 0 };
  names.forEach((name, i) => {
    const score = scoreImage(groundTruth(name), predictions[i]!);
    total.matched += score.matched;
    total.gtCounted += score.gtCounted;
    total.predCounted += score.predCounted;
  });
  return setScoreOf(total).hmean;
}

test.describe('PDF input', () => {
  test('a 3-page scanned PDF gives three results that score as its images do @engine', async ({
    app: page,
  }) => {
    test.setTimeout(300_000);
    const cspErrors = watchCsp(page);
    await page
      .getByTestId('file-input')
      .setInputFiles([...RECEIPTS.map((name) => fixture(`${name}.jpg`)), SCANNED_PDF]);
    await expect.poll(async () => (await pageItems(page)).length, { timeout: 60_000 }).toBe(6);
    await page.getByTestId('run').click();
    const all = await settled(page, 6);
    expect(all.map((i) => i.status)).toEqual(Array(6).fill('done'));
    const images = all.slice(0, 3);
    const pages = all.slice(3);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3].map((number) => ({ number, count: 3 })));
    // Rendered at 200 DPI, each page comes back at its image's own size.
    expect(pages.map((p) => [p.width, p.height])).toEqual(images.map((i) => [i.width, i.height]));
    const fromImages = hmean(
      RECEIPTS,
      images.map((i) => i.polygons),
    );
    const fromPages = hmean(
      RECEIPTS,
      pages.map((p) => p.polygons),
    );
    expect(fromImages).toBeGreaterThan(0.8);
    expect(Math.abs(fromPages - fromImages)).toBeLessThanOrEqual(0.01);
    await expect(page.getByTestId('item').nth(3)).toContainText('scanned-3-pages.pdf · p. 1 of 3');
    // pdf.js ran in the worker under the app's CSP without tripping it (no eval, own origin).
    expect(cspErrors).toEqual([]);
  });

  test('a scanned page is read as its image is, with Read text on', async ({ app: page }) => {
    test.setTimeout(480_000);
    await page.evaluate(() =>
      (
        window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
      ).__textspotTest.setTimeoutMs(180_000),
    );
    const toggle = page.getByTestId('read-text');
    if (!(await toggle.isChecked())) await toggle.click();
    await expect(toggle).toBeChecked();
    await page.getByTestId('file-input').setInputFiles([fixture('sroie_019.jpg'), SCANNED_PDF]);
    await expect.poll(async () => (await pageItems(page)).length, { timeout: 60_000 }).toBe(4);
    await page.getByTestId('run').click();
    const [image, firstPage] = await settled(page, 4);
    expect([image!.status, firstPage!.status]).toEqual(['done', 'done']);
    expect(firstPage!.textSource).toBeNull();
    const imageLines = textInReadingOrder(image!.polygons, image!.texts).split('\n');
    const pageLines = new Set(
      textInReadingOrder(firstPage!.polygons, firstPage!.texts).split('\n'),
    );
    expect(imageLines.length).toBeGreaterThan(10);
    // The page is the image's own JPEG at its own size: the same lines, read the same way, but
    // for what pdf.js's JPEG decoder and the browser's round differently.
    const same = imageLines.filter((line) => pageLines.has(line)).length;
    expect(same / imageLines.length).toBeGreaterThanOrEqual(0.9);
  });

  test('a born-digital page takes its text from the PDF, not the recognizer @engine', async ({
    app: page,
  }) => {
    await page.getByTestId('file-input').setInputFiles(BORN_DIGITAL_PDF);
    await expect.poll(async () => (await pageItems(page))[0]?.page ?? null).not.toBeNull();
    await page.getByTestId('run').click();
    const [item] = await settled(page, 1);
    expect(item!.status).toBe('done');
    expect(item!.textSource).toBe('pdf');
    await expect(page.getByTestId('item').first().getByTestId('text-source')).toHaveText(
      'text from the PDF',
    );
    const text = textInReadingOrder(item!.polygons, item!.texts);
    expect(text.split('\n').map((line) => line.trim())).toEqual(PRINTED_LINES);
  });

  test('a password-protected, a truncated and an empty PDF each fail in their row @engine', async ({
    app: page,
  }) => {
    await page
      .getByTestId('file-input')
      .setInputFiles([
        fixture('documents/encrypted.pdf'),
        fixture('documents/truncated.pdf'),
        fixture('documents/zero-pages.pdf'),
        fixture('sroie_019.jpg'),
      ]);
    await expect
      .poll(async () => (await pageItems(page)).map((i) => i.status).join(','), { timeout: 60_000 })
      .toBe('failed,failed,failed,pending');
    await page.getByTestId('run').click();
    const all = await settled(page, 4);
    expect(all[0]!.error).toMatch(/password-protected/);
    expect(all[1]!.error).toMatch(/damaged or cut short/);
    expect(all[2]!.error).toMatch(/no pages/);
    expect(all[3]!.status).toBe('done');
  });

  test('a PDF cancelled mid-page loses nothing stored, and Retry detects its pages', async ({
    app: page,
  }) => {
    test.setTimeout(300_000);
    await page.getByTestId('file-input').setInputFiles([fixture('sroie_019.jpg'), SCANNED_PDF]);
    await expect.poll(async () => (await pageItems(page)).length, { timeout: 60_000 }).toBe(4);
    // The PDF's first page hangs in the worker until cancelled (pages share the PDF's name).
    await page.evaluate(() =>
      (
        window as unknown as { __textspotTest: { faultFor(name: string, ms: number): void } }
      ).__textspotTest.faultFor('scanned-3-pages.pdf', 120_000),
    );
    await page.getByTestId('run').click();
    await expect.poll(async () => (await pageItems(page))[1]?.status).toBe('running');
    await page.getByTestId('cancel-all').click();
    const cancelled = await settled(page, 4);
    expect(cancelled.map((i) => i.status)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']);
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('history-count')).toHaveText('1 result');
    await page.getByTestId('view-workbench').click();
    await page.getByTestId('retry-failed').click();
    const retried = await settled(page, 4);
    expect(retried.map((i) => i.status)).toEqual(['done', 'done', 'done', 'done']);
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('history-count')).toHaveText('4 results');
    // Newest first, but a PDF's pages stay together in page order, the later ones indented.
    const rows = page.getByTestId('history-entry');
    await expect(rows).toHaveCount(4);
    expect(
      await rows.evaluateAll((all) =>
        all.map((row) => [row.getAttribute('data-name'), row.hasAttribute('data-continues')]),
      ),
    ).toEqual([
      ['scanned-3-pages.pdf#page=1', false],
      ['scanned-3-pages.pdf#page=2', true],
      ['scanned-3-pages.pdf#page=3', true],
      ['sroie_019.jpg', false],
    ]);
  });
});

test.describe('HEIC input', () => {
  test('a HEIC gives the regions of the JPEG it was made from @engine', async ({ app: page }) => {
    const cspErrors = watchCsp(page);
    await page
      .getByTestId('file-input')
      .setInputFiles([fixture('sroie_019.jpg'), fixture('documents/sroie_019.heic')]);
    await page.getByTestId('run').click();
    const [jpeg, heic] = await settled(page, 2);
    expect([jpeg!.status, heic!.status]).toEqual(['done', 'done']);
    expect([heic!.width, heic!.height]).toEqual([jpeg!.width, jpeg!.height]);
    // The JPEG's regions as ground truth: HEVC at quality 90 moves a box here and there, no more.
    const { matched, gtCounted, predCounted } = scoreImage(
      { image: 'sroie_019', polygons: jpeg!.polygons, ignore: jpeg!.polygons.map(() => false) },
      heic!.polygons,
    );
    expect(setScoreOf({ matched, gtCounted, predCounted }).hmean).toBeGreaterThanOrEqual(0.95);
    const fromJpeg = hmean(['sroie_019'], [jpeg!.polygons]);
    const fromHeic = hmean(['sroie_019'], [heic!.polygons]);
    expect(Math.abs(fromHeic - fromJpeg)).toBeLessThanOrEqual(0.02);
    // The viewer shows it too: the worker decodes it for display.
    await page.getByTestId('item').nth(1).click();
    await expect(page.locator('polygon-overlay')).toBeVisible();
    expect(cspErrors).toEqual([]);
  });
});
