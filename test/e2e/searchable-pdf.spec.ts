import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { wordsInReadingOrder } from '../../src/features/export/pipeline/searchable-pdf.js';
import { detectFiles, savedFile, test, waitForStatus } from './support.js';

/** Two SROIE receipts (CC BY 4.0, see test/fixtures/README.md). */
const RECEIPTS = ['sroie_053.jpg', 'sroie_019.jpg'].map((name) =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)),
);

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

test.describe('searchable PDF', () => {
  test.skip(!poppler, 'pdftotext (poppler-utils) is not installed');

  test('cancels an export, then exports two read receipts as one PDF whose text poppler finds in order, where it was read', {
    tag: '@engine',
  }, async ({ app: page }) => {
    test.setTimeout(300_000);
    await page.evaluate(() =>
      (
        window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
      ).__textspotTest.setTimeoutMs(150_000),
    );
    const toggle = page.getByTestId('read-text');
    if (!(await toggle.isChecked())) await toggle.click();
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
});
