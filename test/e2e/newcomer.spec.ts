import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page } from '@playwright/test';
import { openApp, RECEIPT, test, typeNumber, waitForStatus } from './support.js';

/**
 * A newcomer's path through the workbench, on a desktop (1440 × 900) and a phone (390 × 844,
 * touch, device scale 3): what a person checks at each step — the control is on screen, the
 * labels can be read, an action says it worked, a failure is said once, the keyboard is not lost.
 */

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const LABELS = fileURLToPath(new URL('../fixtures/labels/competition.json', import.meta.url));

/** A box on screen, CSS px. */
type Box = { x: number; y: number; width: number; height: number };

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The overlay's drawn labels, boxes in original-image pixels. */
function drawnLabels(page: Page): Promise<{ index: number; text: string; box: Box }[]> {
  return page.evaluate(() => {
    const overlay = document
      .querySelector('app-root')!
      .shadowRoot!.querySelector('polygon-overlay')!;
    return overlay.labels.map((l) => ({ index: l.index, text: l.text, box: { ...l.box } }));
  });
}

/** The element that has the keyboard, through shadow roots: its tag and test id. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return 'none';
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}[${element.getAttribute('data-testid') ?? ''}]`;
  });
}

async function severeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}

/** A phone: 390 × 844 CSS px, touch, device scale 3, its own context. */
async function phone(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: PHONE,
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  });
  return context.newPage();
}

test.describe('a newcomer on a desktop', () => {
  test.beforeEach(async ({ app: page }) => {
    await page.setViewportSize(DESKTOP);
  });

  test('sees Read text, Document photo and the model on the first screen, detection settings folded away, nothing moving as the model loads', async ({
    app: page,
  }) => {
    await page.goto('./');
    const readText = page.getByTestId('read-text');
    await expect(readText).toBeVisible();
    const before = await readText.boundingBox();
    await openApp(page);
    expect(await readText.boundingBox()).toEqual(before);
    await expect(readText).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('document-enabled')).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('model-select')).toBeInViewport({ ratio: 1 });
    const adjust = page.getByTestId('adjust-detection');
    await expect(adjust).not.toHaveAttribute('open');
    await expect(page.getByTestId('param-threshold')).toBeHidden();
    await adjust.locator('summary').click();
    await expect(page.getByTestId('param-threshold')).toBeVisible();
    // The drop instructions are said once, in the drop zone.
    await expect(page.getByText(/drop .*anywhere/i)).toHaveCount(1);
  });

  test('reads a receipt: labels never overlap, the hovered region is named whole, copies say Copied, the keyboard follows', async ({
    app: page,
    browserName,
  }) => {
    await page.getByTestId('read-text').check();
    // Reading a whole receipt on a loaded 2-core machine can pass the default 30 s limit.
    await typeNumber(page.getByTestId('param-timeout'), '240');
    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await expect.poll(() => focused(page)).toBe('button[run]');
    await page.getByTestId('run').click();
    const view = await waitForStatus(page, 0, 'done');
    expect(view.detections.some((d) => d.text)).toBe(true);
    await expect.poll(() => focused(page)).toBe('section#results[]');
    await expect(page.locator('polygon-overlay')).toBeInViewport();

    await page.getByTestId('toggle-labels').check();
    await expect.poll(async () => (await drawnLabels(page)).length).toBeGreaterThan(5);
    const labels = await drawnLabels(page);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        expect(
          intersects(labels[i]!.box, labels[j]!.box),
          `${labels[i]!.text} / ${labels[j]!.text}`,
        ).toBe(false);
    // At Fit the receipt fills the viewer's width.
    const overlay = await page.locator('polygon-overlay').boundingBox();
    const [left] = await page.evaluate(() =>
      document
        .querySelector('app-root')!
        .shadowRoot!.querySelector('polygon-overlay')!
        .toClient([0, 0]),
    );
    expect(left - overlay!.x).toBeLessThan(overlay!.width * 0.05);

    // Hovering a table row names its region whole on the overlay.
    const longest = view.detections.reduce(
      (best, d, i) =>
        (d.text ?? '').length > (view.detections[best]!.text ?? '').length ? i : best,
      0,
    );
    await page.getByTestId('region-row').nth(longest).hover();
    await expect
      .poll(async () => (await drawnLabels(page)).find((l) => l.index === longest)?.text)
      .toBe(
        `${longest + 1} · ${view.detections[longest]!.text}${view.detections[longest]!.textScore! < 0.8 ? ' (?)' : ''}`,
      );

    if (browserName === 'chromium') {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const toast = page.getByRole('status').filter({ hasText: 'Copied' });
      await page.getByTestId('copy-text').click();
      await expect(toast).toHaveText('Copied the text');
      await page.getByTestId('copy-polygons').click();
      await expect(toast).toHaveText(`Copied ${view.detections.length} polygons`);
      await page.getByTestId('json-copy').click();
      await expect(page.locator('json-view').getByRole('status')).toHaveText('Copied');
    }
  });

  test('failed files: one summary, each row says why, no Retry for files that cannot decode; Clear clears it all', async ({
    app: page,
  }) => {
    await page.getByTestId('file-input').setInputFiles([
      { name: 'scan.tif', mimeType: 'image/tiff', buffer: Buffer.from('II*\0\x08\0\0\0') },
      { name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) },
      { name: 'receipt.jpg', mimeType: 'image/jpeg', buffer: readFileSync(RECEIPT) },
    ]);
    // The first file is shown at once and cannot be: said where the image would be, not in a banner.
    await expect(page.getByTestId('display-error')).toContainText('scan.tif cannot be shown');
    await page.getByTestId('run').click();
    await waitForStatus(page, 2, 'done');
    await expect(page.getByTestId('failure-summary')).toHaveCount(1);
    await expect(page.getByTestId('failure-summary')).toContainText('2 of 3 images failed');
    await expect(page.getByTestId('error')).toHaveCount(2);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('retry-failed')).toHaveCount(0);
    await expect(page.locator('[data-action="retry"]')).toHaveCount(0);
    // The selected failure's whole message, where its regions would be; Detect does not claim success.
    await expect(page.getByText(/^No result: .*TIFF is not decoded/)).toBeVisible();
    await expect(page.getByTestId('run')).toHaveText('Nothing new to detect');
    await expect(page.getByTestId('progress-text')).toContainText('3');

    await page.getByTestId('clear').click();
    await expect(page.getByTestId('failure-summary')).toHaveCount(0);
    await expect(page.getByTestId('item')).toHaveCount(0);
    await expect(page.getByTestId('progress-text')).toHaveCount(0);
  });

  test('labels for images already detected: one button detects exactly those again, then the sliders re-score live', async ({
    app: page,
  }) => {
    const second = RECEIPT.replace('sroie_019.jpg', 'sroie_053.jpg');
    await page.getByTestId('file-input').setInputFiles([RECEIPT, second]);
    await expect(page.getByTestId('run')).toHaveText('Detect 2 images');
    await page.getByTestId('run').click();
    await waitForStatus(page, 1, 'done');
    await expect(page.getByTestId('run')).toHaveText('All 2 images detected');
    await page.getByTestId('labels-input').setInputFiles(LABELS);
    const redetect = page.getByTestId('labels-redetect');
    await expect(redetect).toHaveText('Detect 2 images again');
    await redetect.click();
    await expect(page.getByTestId('labels-live')).toHaveAttribute('data-images', '2');
    await expect(redetect).toHaveCount(0);
    const pooled = page.getByTestId('pooled-score');
    const before = await pooled.getAttribute('data-counts');
    // Every pooled figure is readable whole, not cut to "0.…".
    for (const cell of await pooled.locator('td').all()) {
      const fits = await cell.evaluate(
        (td) => `${td.textContent} ${td.scrollWidth}/${td.clientWidth}`,
      );
      expect(await cell.evaluate((td) => td.scrollWidth <= td.clientWidth), fits).toBe(true);
    }
    await typeNumber(page.getByTestId('param-box-threshold'), '0.9');
    await expect.poll(() => pooled.getAttribute('data-counts')).not.toBe(before);
  });

  test('has a skip link to the results and a solid focus ring; axe is clean in light and dark', async ({
    app: page,
  }) => {
    // The skip link is the page's first stop for the keyboard, and shows when it has focus.
    const firstStop = await page.evaluate(
      () =>
        document
          .querySelector('app-root')!
          .shadowRoot!.querySelector('a[href], button, input, select, [tabindex]')?.textContent,
    );
    expect(firstStop).toBe('Skip to results');
    const skip = page.getByRole('link', { name: 'Skip to results' });
    await skip.focus();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('section#results[]');
    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'done');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      let element: Element | null = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      const style = getComputedStyle(element!);
      return { width: style.outlineWidth, style: style.outlineStyle, colour: style.outlineColor };
    });
    // A solid 3 px ring of the theme's ring colour (#115e59: 7.5:1 on white), not a faint glow.
    expect(ring).toEqual({ width: '3px', style: 'solid', colour: 'rgb(17, 94, 89)' });

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await severeViolations(page)).toEqual([]);
    }
  });
});

test.describe('a newcomer on a phone', () => {
  test('sees touch words, Read text within two screens, 44 px targets, and the result after Detect', async ({
    browser,
    baseURL,
  }) => {
    const page = await phone(browser, baseURL);
    await openApp(page);
    await expect(page.getByTestId('take-photo')).toBeVisible();
    await expect(page.getByText('Choose images', { exact: false }).first()).toBeVisible();
    // No keyboard shortcut or dragging named to a thumb.
    await expect(
      page.getByText(/Ctrl|drop images anywhere/i).filter({ visible: true }),
    ).toHaveCount(0);
    const readText = await page.getByTestId('read-text').boundingBox();
    expect(readText!.y + readText!.height).toBeLessThan(2 * PHONE.height);
    const small: string[] = [];
    for (const button of await page
      .locator('button:visible, select:visible, summary:visible')
      .all()) {
      const box = await button.boundingBox();
      if (box && box.height < 44)
        small.push(`${(await button.textContent())?.trim()} ${box.height}`);
    }
    expect(small).toEqual([]);
    expect(await severeViolations(page)).toEqual([]);

    await page.getByTestId('file-input').setInputFiles(RECEIPT);
    await page.getByTestId('run').click();
    const view = await waitForStatus(page, 0, 'done');
    const overlay = page.locator('polygon-overlay');
    await expect(overlay).toBeInViewport({ ratio: 0.5 });
    // The viewer takes the receipt's shape up to most of the screen, not a fixed tall box.
    const box = (await overlay.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(0.66 * PHONE.height);
    expect(box.height).toBeLessThanOrEqual((box.width * view.imageHeight) / view.imageWidth + 2);

    // The regions table flows in the page (no scroll inside the scroll), its headers whole.
    const table = await page.locator('regions-table').evaluate((element) => {
      const scroller = element.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
      const cut = [...element.shadowRoot!.querySelectorAll<HTMLElement>('[role=columnheader]')]
        .filter((header) => header.scrollWidth > header.clientWidth + 1)
        .map((header) => header.textContent);
      return { overflow: getComputedStyle(scroller).overflowY, cut };
    });
    expect(table).toEqual({ overflow: 'visible', cut: [] });
    // As tall as all its rows (34 px each), so the page scrolls through them.
    const tableBox = (await page.locator('regions-table').boundingBox())!;
    expect(tableBox.height).toBeGreaterThanOrEqual(view.detections.length * 34);
    // The JSON summary stays on one line beside its buttons.
    const summary = (await page.locator('json-view summary').boundingBox())!;
    expect(summary.height).toBeLessThanOrEqual(48);
    await page.context().close();
  });
});
