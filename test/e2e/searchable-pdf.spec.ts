import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { wordsInReadingOrder } from '../../src/features/export/pipeline/searchable-pdf.js';
import { detectFiles, savedFile, test, waitForStatus } from './support.js';

/** Two SROIE receipts (CC BY 4.0, see test/fixtures/README.md). */
const RECEIPTS = ['sroie_053.jpg', 'sroie_019.jpg'].map((name) =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)),
);

/** A one-page born-digital PDF and a HEIC photo on its side (see test/fixtures/README.md). */
const BORN_DIGITAL_PDF = fileURLToPath(
  new URL('../fixtures/documents/born-digital.pdf', import.meta.url),
);
const SIDEWAYS_HEIC = fileURLToPath(
  new URL('../fixtures/documents/ic15_img_2-exif-6.heic', import.meta.url),
);

/** The sizes of the images in a PDF, page by page, as poppler's pdfimages lists them. */
function imageSizes(pdfPath: string): { page: number; width: number; height: number }[] {
  const list = execFileSync('pdfimages', ['-list', pdfPath], { encoding: 'utf8' });
  return list
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const [page, , , width, height] = line.trim().split(/\s+/);
      return { page: Number(page), width: Number(width), height: Number(height) };
    });
}

/** Whether poppler's pdftotext runs here; in CI it must (.ci/run installs poppler-utils). */
function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const poppler = hasPdftotext();
if (!poppler && process.env.CI) throw new Error('pdftotext (poppler-utils) is missing in CI');

/** Read text on, with a job time limit a whole receipt read on a loaded 2-core machine fits in. */
async function readTextWithTime(page: Page): Promise<void> {
  await page.evaluate(() =>
    (
      window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
    ).__textspotTest.setTimeoutMs(150_000),
  );
  const toggle = page.getByTestId('read-text');
  if (!(await toggle.isChecked())) await toggle.click();
}

test.describe('searchable PDF', () => {
  test.skip(!poppler, 'pdftotext (poppler-utils) is not installed');

  test('cancels an export, then exports two read receipts as one PDF whose text poppler finds in order, where it was read', {
    tag: '@engine',
  }, async ({ app: page }) => {
    test.setTimeout(300_000);
    await readTextWithTime(page);
    await detectFiles(page, RECEIPTS);
    const read = [await waitForStatus(page, 0, 'done'), await waitForStatus(page, 1, 'done')];
    // Cancel: pressed again while it writes, the export stops and saves nothing.
    const button = page.getByTestId('export-pdf');
    let downloads = 0;
    const countDownload = () => downloads++;
    page.on('download', countDownload);
    await button.click();
    await expect(button).toHaveText(/Cancel PDF \(\d\/2\)/);
    await button.click();
    await expect(button).toHaveText('Searchable PDF');
    await page.waitForTimeout(1_000);
    page.off('download', countDownload);
    expect(downloads).toBe(0);

    const saved = await savedFile(page, () => button.click());
    expect(saved.name).toBe('textspot-searchable.pdf');
    await expect(button).toHaveText('Searchable PDF');
    const folder = mkdtempSync(join(tmpdir(), 'textspot-e2e-pdf-'));
    try {
      const pdfPath = join(folder, 'receipts.pdf');
      writeFileSync(pdfPath, saved.bytes);
      expect(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })).toMatch(/^Pages:\s+2$/m);
      read.forEach((item, index) => {
        const words = wordsInReadingOrder(item.detections);
        expect(words.length).toBeGreaterThan(20);
        const page = `${index + 1}`;
        const text = execFileSync('pdftotext', ['-raw', '-f', page, '-l', page, pdfPath, '-'], {
          encoding: 'utf8',
        });
        // Words split where the model read no space can touch: poppler may join them again.
        expect(text.replace(/\s/g, '')).toBe(words.map((w) => w.text.replace(/\s/g, '')).join(''));
        const html = execFileSync('pdftotext', ['-bbox', '-f', page, '-l', page, pdfPath, '-'], {
          encoding: 'utf8',
        });
        const found = [
          ...html.matchAll(
            /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g,
          ),
        ].map((m) => [1, 2, 3, 4].map((i) => Number(m[i])));
        // Each word box has a word poppler found on it (one point per image pixel).
        const near = words.filter((word) => {
          const xs = word.points.map(([x]) => x);
          const ys = word.points.map(([, y]) => y);
          const [cx, cy] = [
            (Math.min(...xs) + Math.max(...xs)) / 2,
            (Math.min(...ys) + Math.max(...ys)) / 2,
          ];
          return found.some(
            ([x0, y0, x1, y1]) =>
              x0! - 3 <= cx &&
              cx <= x1! + 3 &&
              y0! - 3 <= cy &&
              cy <= y1! + 3 &&
              Math.abs(y0! - Math.min(...ys)) < 3 &&
              Math.abs(y1! - Math.max(...ys)) < 3,
          );
        });
        expect(near.length).toBe(words.length);
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a PDF page and a HEIC photo become pages; "Ticked images only" and a smaller image size are honoured', {
    tag: '@engine',
  }, async ({ app: page }) => {
    test.setTimeout(300_000);
    await readTextWithTime(page);
    await detectFiles(page, [BORN_DIGITAL_PDF, SIDEWAYS_HEIC]);
    const pdfPage = await waitForStatus(page, 0, 'done');
    const photo = await waitForStatus(page, 1, 'done');
    expect(pdfPage.name).toContain('born-digital.pdf');
    const folder = mkdtempSync(join(tmpdir(), 'textspot-e2e-pdf-'));
    try {
      // The PDF page unticked, "Ticked images only" and a 1,200 px long side: one page, the
      // photo's, upright, its image shrunk, its words where they were read.
      await page.getByRole('checkbox', { name: /Include born-digital\.pdf/ }).uncheck();
      await page.getByTestId('pdf-scope').selectOption('ticked');
      await page.getByTestId('pdf-image-size').selectOption('1200');
      await expect(page.getByTestId('pdf-page-count')).toHaveText('1 page');
      const ticked = await savedFile(page, () => page.getByTestId('export-pdf').click());
      const tickedPath = join(folder, 'ticked.pdf');
      writeFileSync(tickedPath, ticked.bytes);
      const info = execFileSync('pdfinfo', [tickedPath], { encoding: 'utf8' });
      expect(info).toMatch(/^Pages:\s+1$/m);
      // The page keeps the photo's size (one point per pixel); only its image is smaller.
      expect(info).toMatch(
        new RegExp(`^Page size:\\s+${photo.imageWidth} x ${photo.imageHeight} pts`, 'm'),
      );
      const scale = 1200 / Math.max(photo.imageWidth, photo.imageHeight);
      expect(imageSizes(tickedPath)).toEqual([
        {
          page: 1,
          width: Math.round(photo.imageWidth * scale),
          height: Math.round(photo.imageHeight * scale),
        },
      ]);
      const words = wordsInReadingOrder(photo.detections);
      expect(words.length).toBeGreaterThan(0);
      const photoText = execFileSync('pdftotext', ['-raw', tickedPath, '-'], { encoding: 'utf8' });
      expect(photoText.replace(/\s/g, '')).toBe(
        words.map((w) => w.text.replace(/\s/g, '')).join(''),
      );

      // All results at the original size: the PDF page rendered as it was detected, with the
      // PDF's own text, then the photo at full size.
      await page.getByTestId('pdf-scope').selectOption('all');
      await page.getByTestId('pdf-image-size').selectOption('original');
      await expect(page.getByTestId('pdf-page-count')).toHaveText('2 pages');
      const all = await savedFile(page, () => page.getByTestId('export-pdf').click());
      const allPath = join(folder, 'all.pdf');
      writeFileSync(allPath, all.bytes);
      expect(execFileSync('pdfinfo', [allPath], { encoding: 'utf8' })).toMatch(/^Pages:\s+2$/m);
      expect(imageSizes(allPath)).toEqual([
        { page: 1, width: pdfPage.imageWidth, height: pdfPage.imageHeight },
        { page: 2, width: photo.imageWidth, height: photo.imageHeight },
      ]);
      const pdfText = execFileSync('pdftotext', ['-raw', '-f', '1', '-l', '1', allPath, '-'], {
        encoding: 'utf8',
      });
      expect(pdfText.replace(/\s+/g, ' ')).toContain('TEXTSPOT TEST RECEIPT');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a page whose picture no longer opens stops the PDF, names the page and saves nothing', async ({
    app: page,
  }) => {
    await detectFiles(page, [BORN_DIGITAL_PDF]);
    await waitForStatus(page, 0, 'done');
    // The PDF's bytes go bad after it was read (a file changed on disk behind the page).
    await page.evaluate(() => {
      const [item] = (
        window as unknown as { __textspotTest: { items(): { file: File }[] } }
      ).__textspotTest.items();
      item!.file = new File(['%PDF-1.7 cut short'], item!.file.name, { type: 'application/pdf' });
    });
    let downloads = 0;
    const countDownload = () => downloads++;
    page.on('download', countDownload);
    await page.getByTestId('export-pdf').click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'The searchable PDF failed' }),
    ).toContainText('This PDF could not be read. born-digital.pdf · p. 1 of 1:');
    await expect(page.getByTestId('export-pdf')).toHaveText('Searchable PDF');
    page.off('download', countDownload);
    expect(downloads).toBe(0);
  });
});
