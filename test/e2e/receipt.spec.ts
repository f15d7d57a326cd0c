import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import {
  RECEIPT_FIELD_NAMES,
  type ReceiptKeys,
} from '../../src/features/receipt/pipeline/fields.js';
import { fieldMatches } from '../../src/features/receipt/pipeline/score.js';
import { detectFiles, savedFile, test, waitForStatus } from './support.js';

/** A SROIE receipt (CC BY 4.0, see test/fixtures/README.md) and its task 3 key fields. */
const RECEIPT = fileURLToPath(new URL('../fixtures/sroie_240.jpg', import.meta.url));
const KEYS: ReceiptKeys = JSON.parse(
  readFileSync(new URL('../fixtures/receipt-keys/sroie_240.json', import.meta.url), 'utf8'),
);
const EDITED_COMPANY = 'Tanjongmas Bookcentre Puchong';

/** Read text on, with 2-minute jobs: reading a receipt on a loaded 2-core machine is slow. */
async function readText(page: Page): Promise<void> {
  await page.evaluate(() =>
    (
      window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
    ).__textspotTest.setTimeoutMs(120_000),
  );
  const toggle = page.getByTestId('read-text');
  if (!(await toggle.isChecked())) await toggle.click();
  await expect(toggle).toBeChecked();
}

test.describe('receipt fields', () => {
  test('shows the receipt fields as its keys give them; an edit is exported and kept in the history', {
    tag: '@engine',
  }, async ({ app: page }) => {
    await readText(page);
    await detectFiles(page, RECEIPT);
    await waitForStatus(page, 0, 'done');
    const card = page.getByTestId('receipt-card');
    await expect(card).toBeVisible();
    for (const field of RECEIPT_FIELD_NAMES) {
      const value = await page.getByTestId(`receipt-${field}`).inputValue();
      expect(fieldMatches(field, value, KEYS[field]!), `${field}: "${value}"`).toBe(true);
    }
    await expect(page.getByTestId('receipt-date-iso')).toContainText('2017-03-17');
    const audit = await new AxeBuilder({ page }).include([['app-root', 'receipt-card']]).analyze();
    const severe = audit.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(severe.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

    // Picking the total highlights the regions it was read from.
    await page.getByTestId('receipt-pick-total').click();
    const highlighted = () =>
      page
        .locator('polygon-overlay')
        .evaluate((overlay) => [
          ...(overlay as unknown as { highlightedIndices: number[] }).highlightedIndices,
        ]);
    await expect.poll(async () => (await highlighted()).length).toBeGreaterThan(0);

    const company = page.getByTestId('receipt-company');
    await company.fill(EDITED_COMPANY);
    await company.press('Enter');
    await expect(page.getByTestId('receipt-revert-company')).toBeVisible();

    const json = await savedFile(page, () => page.getByTestId('export-json').click());
    const receipt = JSON.parse(json.bytes.toString('utf8')).images[0].receipt;
    expect(receipt).toMatchObject({
      company: EDITED_COMPANY,
      dateIso: '2017-03-17',
      edited: ['company'],
    });
    const csv = await savedFile(page, () => page.getByTestId('export-receipts-csv').click());
    const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('filename,company,date,date_printed,address,total,currency');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^sroie_240\\.jpg,${EDITED_COMPANY},2017-03-17,`));

    // The edit reaches the stored result: the history finds the receipt by it, after a reload too.
    const findEdited = async () => {
      await page.getByTestId('view-history').click();
      await page.getByTestId('history-search').fill(EDITED_COMPANY.toLowerCase());
      await expect(page.getByTestId('history-matches')).toHaveText('1 match');
    };
    await findEdited();
    await page.reload();
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await findEdited();

    // The same image again is found in the history, with its edit.
    await page.getByTestId('view-workbench').click();
    await readText(page);
    await detectFiles(page, RECEIPT);
    await waitForStatus(page, 0, 'skipped');
    await expect(page.getByTestId('receipt-company')).toHaveValue(EDITED_COMPANY);
  });
});
