import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { RECEIPT, SCENE, test, waitForStatus } from './support.js';

test.describe('inputs and the results table', () => {
  test('a pasted image joins the list under a distinct name', async ({
    app: page,
    browserName,
  }) => {
    // Firefox copies a synthetic ClipboardEvent's clipboardData without its files.
    test.skip(browserName !== 'chromium', 'a synthetic paste carries files in Chromium only');
    const base64 = readFileSync(SCENE).toString('base64');
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], 'image.jpg', { type: 'image/jpeg' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer }));
    }, base64);
    const row = page.getByTestId('item');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-name', /^pasted-.+\.jpg$/);
  });

  test('choosing a folder adds its images and skips other files', async ({
    app: page,
    browserName,
  }) => {
    test.skip(browserName !== 'chromium', 'Playwright sets directory inputs in Chromium only');
    const folder = mkdtempSync(join(tmpdir(), 'textspot-folder-'));
    copyFileSync(RECEIPT, join(folder, 'receipt.jpg'));
    copyFileSync(SCENE, join(folder, 'scene.jpg'));
    writeFileSync(join(folder, 'notes.txt'), 'not an image');
    writeFileSync(join(folder, '.DS_Store'), 'hidden');
    await page.getByTestId('folder-input').setInputFiles(folder);
    await expect(page.getByTestId('item')).toHaveCount(2);
    const names = await page
      .getByTestId('item')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name')));
    expect(names.sort()).toEqual(['receipt.jpg', 'scene.jpg']);
  });

  test('the results table sorts by a column, both ways', async ({ app: page }) => {
    await page.getByTestId('file-input').setInputFiles([RECEIPT, SCENE]);
    await page.getByTestId('run').click();
    await waitForStatus(page, 1, 'done');
    await page.getByTestId('tab-results').click();
    const order = () =>
      page
        .getByTestId('results-row')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name')));
    await page.getByTestId('results-sort-regions').click();
    const ascending = await order();
    await page.getByTestId('results-sort-regions').click();
    expect(await order()).toEqual([...ascending].reverse());
    // The scene photo has far fewer regions than the receipt.
    expect(ascending).toEqual(['ic15_img_2.jpg', 'sroie_019.jpg']);
  });
});
