import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { parseCompetitionCsv } from '../../src/features/export/pipeline/csv.js';
import {
  items,
  openApp,
  RECEIPT,
  SCENE,
  savedFile,
  test,
  typeNumber,
  waitForStatus,
} from './support.js';

async function inferenceCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { engine } = (
      window as unknown as {
        __textspotTest: { engine: { stats(): Promise<{ inferenceCount: number }> } };
      }
    ).__textspotTest;
    return (await engine.stats()).inferenceCount;
  });
}

/** Drops files on the page the way a person's drag and drop does, through a DataTransfer. */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]) {
  const payload = files.map((f) => ({ ...f, bytes: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.bytes), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('main', type, { dataTransfer });
  }
}

const receiptBytes = readFileSync(RECEIPT);

test.describe('workbench', () => {
  test('dropping two images lists two rows; detection fills them and the table', async ({
    app: page,
  }) => {
    await dropFiles(page, [
      { name: 'receipt.jpg', type: 'image/jpeg', bytes: receiptBytes },
      { name: 'scene.jpg', type: 'image/jpeg', bytes: readFileSync(SCENE) },
    ]);
    await expect(page.getByTestId('item')).toHaveCount(2);
    await expect(page.getByTestId('item').first()).toHaveAttribute('data-status', 'pending');
    await page.getByTestId('run').click();
    await waitForStatus(page, 1, 'done');
    await expect(page.getByTestId('summary-images')).toHaveText('2');
    await expect(page.getByTestId('summary-succeeded')).toHaveText('2');
    await page.getByTestId('tab-results').click();
    await expect(page.getByTestId('results-row')).toHaveCount(2);
  });

  test('changing a threshold redraws from the kept map without a new inference', async ({
    app: page,
  }) => {
    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await page.getByTestId('run').click();
    const before = await waitForStatus(page, 0, 'done');
    const inferences = await inferenceCount(page);
    expect(inferences).toBe(1);

    await typeNumber(page.getByTestId('param-box-threshold'), '0.9');
    await expect
      .poll(async () => (await items(page))[0]!.detections.length)
      .not.toBe(before.detections.length);
    const after = (await items(page))[0]!;
    expect(after.detections.length).toBeLessThan(before.detections.length);
    await expect(page.getByTestId('region-count')).toHaveText(String(after.detections.length));
    expect(await inferenceCount(page)).toBe(inferences);
  });

  test('the competition CSV parses back to the displayed polygons in original pixels', {
    tag: '@engine',
  }, async ({ app: page }) => {
    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await page.getByTestId('run').click();
    const shown = await waitForStatus(page, 0, 'done');
    const saved = await savedFile(page, () => page.getByTestId('export-csv').click());
    expect(saved.name).toBe('textspot-predictions.csv');
    const text = saved.bytes.toString('utf8');
    expect(text.split('\n')[0]).toBe('filename,polygons');
    const rows = parseCompetitionCsv(text);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fileName).toBe('sroie_019.jpg');
    expect(rows[0]!.imagePolygons).toEqual(
      shown.detections.map((d) => d.imagePolygon.map(([x, y]) => [Math.round(x), Math.round(y)])),
    );
  });

  test('parameters survive a reload; reset session clears the list and restores defaults', async ({
    app: page,
  }) => {
    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await typeNumber(page.getByTestId('param-threshold'), '0.45');
    await page.reload();
    await openApp(page);
    await expect(page.getByTestId('param-threshold')).toHaveValue('0.45');

    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await expect(page.getByTestId('item')).toHaveCount(1);
    await page.getByTestId('reset-session').click();
    await expect(page.getByTestId('item')).toHaveCount(0);
    await expect(page.getByTestId('param-threshold')).toHaveValue('0.30');
  });

  test('a bad saved setting falls back to its default and a notice names it', async ({
    app: page,
  }) => {
    await page.evaluate(() =>
      localStorage.setItem(
        'textspot.settings.v1',
        JSON.stringify({ timeoutMs: -5, paramsByModel: { 'ppocr-v4-det': { threshold: 7 } } }),
      ),
    );
    await page.reload();
    await openApp(page);
    const notice = page.getByRole('alert').filter({ hasText: 'saved settings were not valid' });
    await expect(notice).toContainText('timeoutMs (-5)');
    await expect(notice).toContainText('threshold of "ppocr-v4-det" (7)');
    await expect(page.getByTestId('param-threshold')).toHaveValue('0.30');
    await expect(page.getByTestId('param-timeout')).toHaveValue('30');
  });

  test('has no serious or critical accessibility violations', async ({ app: page }) => {
    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'done');
    const results = await new AxeBuilder({ page }).analyze();
    const severe = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(severe.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
});
