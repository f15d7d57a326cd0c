import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import {
  detectFiles,
  items,
  openApp,
  openDisclosures,
  RECEIPT,
  savedFile,
  test,
  waitForStatus,
} from './support.js';

/** Two more small SROIE receipts (CC BY 4.0, see test/fixtures/README.md). */
const RECEIPT_053 = fileURLToPath(new URL('../fixtures/sroie_053.jpg', import.meta.url));
const RECEIPT_614 = fileURLToPath(new URL('../fixtures/sroie_614.jpg', import.meta.url));

interface EntryView {
  name: string;
  regions: number;
}

type HistoryHooks = { history: { failNextPut(name: string): void } };

/** The history rows on screen, top (newest) first. */
function entries(page: Page): Promise<EntryView[]> {
  return page.getByTestId('history-entry').evaluateAll((rows) =>
    rows.map((row) => ({
      name: (row as HTMLElement).dataset['name'] ?? '',
      regions: Number((row as HTMLElement).dataset['regions']),
    })),
  );
}

async function showHistory(page: Page): Promise<void> {
  await page.getByTestId('view-history').click();
  await expect(page.locator('history-view')).toBeVisible();
}

async function showWorkbench(page: Page): Promise<void> {
  await page.getByTestId('view-workbench').click();
}

/** Runs `files` and waits until items `first`… are all in `status`. */
async function detectAll(page: Page, files: string[], first = 0, status = 'done'): Promise<void> {
  await detectFiles(page, files);
  for (let index = first; index < first + files.length; index++) {
    await waitForStatus(page, index, status);
  }
}

function failNextPut(page: Page, name: string): Promise<void> {
  return page.evaluate((errorName) => {
    (window as unknown as { __textspotTest: HistoryHooks }).__textspotTest.history.failNextPut(
      errorName,
    );
  }, name);
}

/**
 * Types into a number input as a person does and commits it with Tab. `fill` appends instead of
 * replacing in Firefox's number inputs under Playwright, so the text is selected by keyboard.
 */
async function typeNumber(input: Locator, value: string): Promise<void> {
  await openDisclosures(input);
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(value);
  await input.press('Tab');
}

function notice(page: Page, text: RegExp) {
  return page.getByRole('alert').filter({ hasText: text });
}

test.describe('history', () => {
  test('three results survive a reload with their region counts, and so does a deletion; Undo brings a deleted one back', {
    tag: '@engine',
  }, async ({ app: page }) => {
    await detectAll(page, [RECEIPT, RECEIPT_053, RECEIPT_614]);
    const expected = (await items(page))
      .map((item) => ({ name: item.name, regions: item.detections.length }))
      .reverse();
    expect(expected.every((entry) => entry.regions > 0)).toBe(true);

    await showHistory(page);
    await expect(page.getByTestId('history-count')).toHaveText('3 results');
    await page.reload();
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(3);
    expect(await entries(page)).toEqual(expected);

    // Opening one draws its stored regions over its stored thumbnail.
    await page.getByTestId('history-open').nth(1).click();
    await expect(page.getByTestId('history-opened-summary')).toContainText(
      `${expected[1]!.regions} regions`,
    );
    await expect
      .poll(() =>
        page
          .getByTestId('history-overlay')
          .evaluate(
            (overlay) => (overlay as unknown as { image: unknown }).image instanceof ImageBitmap,
          ),
      )
      .toBe(true);

    // A row's delete says what went and offers it back: Undo stores it again as it was.
    await page.getByTestId('history-delete').first().click();
    await expect(page.getByTestId('history-entry')).toHaveCount(2);
    await expect(page.getByTestId('history-undo-box')).toContainText(
      `Deleted ${expected[0]!.name}`,
    );
    await page.getByTestId('history-undo').click();
    await expect(page.getByTestId('history-entry')).toHaveCount(3);
    await expect(page.getByTestId('history-undo-box')).toHaveCount(0);
    expect(await entries(page)).toEqual(expected);

    await page.getByTestId('history-delete').first().click();
    await expect(page.getByTestId('history-entry')).toHaveCount(2);
    await page.reload();
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(2);
    expect(await entries(page)).toEqual(expected.slice(1));
  });

  test('after a reload an entry says text was read; opened, it shows the text, copies it, exports it and opens in the workbench; search shows the match', {
    tag: '@engine',
  }, async ({ app: page, browserName }) => {
    test.setTimeout(360_000);
    // Reading a whole receipt on a loaded 2-core machine can pass the default 30 s limit.
    await page.evaluate(() =>
      (
        window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
      ).__textspotTest.setTimeoutMs(240_000),
    );
    await page.getByTestId('read-text').check();
    await detectAll(page, [RECEIPT]);
    const [detected] = await items(page);
    // The longest word read, to search for and to find in the opened text.
    const words = detected!.detections.flatMap((d) => (d.text ?? '').split(/\s+/));
    const word = words.reduce((best, w) => (w.length > best.length ? w : best), '');
    expect(word.length).toBeGreaterThan(3);

    await page.reload();
    await showHistory(page);
    const entry = page.getByTestId('history-entry');
    await expect(entry).toHaveCount(1);
    await expect(entry.getByTestId('history-text-read')).toHaveText('text read');
    await page.getByTestId('history-open').click();
    const text = page.getByTestId('history-opened-text');
    await expect(text).toContainText(word);

    if (browserName === 'chromium') {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.getByTestId('history-copy-text').click();
      await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(
        'Copied the text',
      );
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(await text.textContent());
    }
    const saved = await savedFile(page, () => page.getByTestId('history-export-one-json').click());
    expect(saved.name).toBe('sroie_019-results.json');
    const exported = JSON.parse(saved.bytes.toString('utf8')) as {
      images: { fileName: string; detections: unknown[] }[];
    };
    expect(exported.images.map((r) => [r.fileName, r.detections.length])).toEqual([
      ['sroie_019.jpg', detected!.detections.length],
    ]);

    const search = page.getByTestId('history-search');
    await search.fill(word.toLowerCase());
    await expect(page.getByTestId('history-matches')).toHaveText('1 match');
    await expect(page.getByTestId('history-snippet').locator('mark')).toHaveText(
      new RegExp(`^${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'),
    );
    await search.fill('no such words on this receipt');
    await expect(page.getByTestId('history-no-match')).toHaveText(
      'No stored result matches "no such words on this receipt".',
    );
    await expect(page.getByTestId('history-entry')).toHaveCount(0);
    await search.fill('');

    // The original is not kept: the workbench gets the stored copy with the stored regions.
    await page.getByTestId('history-open-in-workbench').click();
    await expect(page.locator('workbench-view')).toBeVisible();
    const opened = await waitForStatus(page, 0, 'done');
    expect(opened).toMatchObject({
      name: 'sroie_019.jpg',
      imageWidth: detected!.imageWidth,
      imageHeight: detected!.imageHeight,
    });
    expect(opened.detections).toEqual(detected!.detections);
    await expect
      .poll(() =>
        page
          .locator('polygon-overlay')
          .evaluate(
            (overlay) => (overlay as unknown as { image: unknown }).image instanceof ImageBitmap,
          ),
      )
      .toBe(true);
    // Its text is in the regions table (virtualised: the first rows are the ones drawn).
    const first = detected!.detections.findIndex((d) => d.text);
    await expect(page.getByTestId('region-text').nth(first)).toContainText(
      detected!.detections[first]!.text!,
    );
  });

  test('a cap of 2 evicts the oldest result and says so', async ({ app: page }) => {
    await showHistory(page);
    const cap = page.getByTestId('history-cap-count');
    await typeNumber(cap, '2');
    await showWorkbench(page);
    await detectAll(page, [RECEIPT, RECEIPT_053, RECEIPT_614]);

    await expect(
      notice(page, /1 oldest result was removed .* to stay under the cap/),
    ).toBeVisible();
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(2);
    expect((await entries(page)).map((entry) => entry.name)).toEqual([
      'sroie_614.jpg',
      'sroie_053.jpg',
    ]);

    // The cap is a setting: it is still 2 after a reload.
    await page.reload();
    await showHistory(page);
    await expect(page.getByTestId('history-cap-count')).toHaveValue('2');
    await expect(page.getByTestId('history-entry')).toHaveCount(2);
  });

  test('a lower cap says how many results it deletes and asks first; cancel keeps them all', async ({
    app: page,
  }) => {
    await detectAll(page, [RECEIPT, RECEIPT_053, RECEIPT_614]);
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(3);

    // Below the field's own minimum: refused with its range, nothing removed.
    await typeNumber(page.getByTestId('history-cap-mb'), '0.001');
    await expect(page.getByTestId('history-cap-error')).toContainText('from 1 to 100,000');
    await expect(page.getByTestId('history-cap-mb')).toHaveValue('200');
    await typeNumber(page.getByTestId('history-cap-count'), '1.5');
    await expect(page.getByTestId('history-cap-error')).toContainText('Max results must be');
    await expect(page.getByTestId('history-entry')).toHaveCount(3);

    const confirmBox = page.getByTestId('history-cap-confirm-box');
    await typeNumber(page.getByTestId('history-cap-count'), '1');
    await expect(confirmBox).toContainText('2 stored results');
    await expect(confirmBox).toHaveAttribute('data-evicts', '2');
    await page.getByTestId('history-cap-cancel').click();
    await expect(confirmBox).toHaveCount(0);
    await expect(page.getByTestId('history-cap-count')).toHaveValue('500');
    await expect(page.getByTestId('history-entry')).toHaveCount(3);

    await typeNumber(page.getByTestId('history-cap-count'), '1');
    await expect(confirmBox).toHaveAttribute('data-evicts', '2');
    await page.getByTestId('history-cap-confirm').click();
    await expect(notice(page, /2 oldest results were removed .* to fit the new cap/)).toBeVisible();
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
    expect((await entries(page)).map((entry) => entry.name)).toEqual(['sroie_614.jpg']);
    await page.reload();
    await showHistory(page);
    await expect(page.getByTestId('history-cap-count')).toHaveValue('1');
  });

  test('a quota error evicts the oldest result and keeps the newest', async ({ app: page }) => {
    await detectAll(page, [RECEIPT]);
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(1);

    await failNextPut(page, 'QuotaExceededError');
    await showWorkbench(page);
    await detectAll(page, [RECEIPT_053], 1);

    await expect(notice(page, /1 oldest result was removed .* storage was full/)).toBeVisible();
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
    expect((await entries(page)).map((entry) => entry.name)).toEqual(['sroie_053.jpg']);
    await page.reload();
    await showHistory(page);
    expect((await entries(page)).map((entry) => entry.name)).toEqual(['sroie_053.jpg']);
  });

  test('a quota error with nothing to evict keeps the result in memory and says so', async ({
    app: page,
  }) => {
    await failNextPut(page, 'QuotaExceededError');
    await detectAll(page, [RECEIPT]);

    await expect(notice(page, /kept in memory only/)).toBeVisible();
    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
    await expect(page.getByTestId('history-notice')).toContainText("won't survive a reload");
    // Not silently lost, but honestly not persisted either.
    await page.reload();
    await showHistory(page);
    await expect(page.getByTestId('history-count')).toHaveText('0 results');
  });

  test('the same image with the same parameters is skipped; a new threshold runs it again', async ({
    app: page,
  }) => {
    await detectAll(page, [RECEIPT]);
    await detectAll(page, [RECEIPT], 1, 'skipped');
    const [first, second] = await items(page);
    expect(second!.detections).toEqual(first!.detections);

    const box = page.getByTestId('param-box-threshold');
    const next = Number(await box.inputValue()) === 0.7 ? '0.75' : '0.7';
    await typeNumber(box, next);
    // The selected first image is re-processed live; wait so only the second one is left to run.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (
              window as unknown as {
                __textspotTest: { items(): { params: { boxThreshold: number } | null }[] };
              }
            ).__textspotTest.items()[0]?.params?.boxThreshold,
        ),
      )
      .toBe(Number(next));
    await page.getByTestId('run').click();
    await waitForStatus(page, 1, 'done');

    await showHistory(page);
    await expect(page.getByTestId('history-entry')).toHaveCount(2);
  });

  test("two tabs storing at once both keep their results and see each other's", {
    tag: '@engine',
  }, async ({ app: page }) => {
    const other = await page.context().newPage();
    await openApp(other);
    await Promise.all([detectAll(page, [RECEIPT]), detectAll(other, [RECEIPT_053])]);
    for (const tab of [page, other]) {
      await showHistory(tab);
      await expect(tab.getByTestId('history-entry')).toHaveCount(2);
    }
    // A deletion in one tab reaches the other through the channel, without a reload.
    await other.getByTestId('history-delete').first().click();
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
  });

  test('the history view has no serious accessibility violations, light or dark', async ({
    app: page,
  }) => {
    await detectAll(page, [RECEIPT]);
    await showHistory(page);
    await page.getByTestId('history-open').first().click();
    await page.getByTestId('history-clear').click();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // Two Playwright copies in node_modules give two Page types; the object is the same.
      const axe = new AxeBuilder({
        page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'],
      });
      const results = await axe.include({ fromShadowDom: ['app-root', 'history-view'] }).analyze();
      const severe = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(
        severe.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
      ).toEqual([]);
    }
  });
});
