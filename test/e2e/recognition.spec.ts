import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { detectFiles, items, savedFile, test, typeNumber, waitForStatus } from './support.js';

/** A SROIE receipt (CC BY 4.0, see test/fixtures/README.md) whose ground truth has these lines. */
const RECEIPT = fileURLToPath(new URL('../fixtures/sroie_053.jpg', import.meta.url));
/** Its total lines, from test/fixtures/eval-gt/json/sroie_053.json. */
const TOTAL_LINES = ['NETT TOTAL: $9.20', 'TOTAL AMOUNT: $9.20'];

type StatsHook = {
  engine: { stats(): Promise<{ recognizerSessions: number; linesRead: number }> };
};

/** The line match: case-insensitive, spaces ignored. */
function sameLine(a: string, b: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, '').toUpperCase();
  return squash(a) === squash(b);
}

function stats(page: Page) {
  return page.evaluate(() =>
    (window as unknown as { __textspotTest: StatsHook }).__textspotTest.engine.stats(),
  );
}

/**
 * Turns "Read text" on or off. Jobs get 2 minutes: reading a receipt takes several times its
 * detection, and on a loaded 2-core machine a job with text has run past the default 30 s.
 */
async function setReadText(page: Page, on: boolean): Promise<void> {
  await page.evaluate(() =>
    (
      window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
    ).__textspotTest.setTimeoutMs(120_000),
  );
  const toggle = page.getByTestId('read-text');
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
}

/** Splits one CSV line into cells (RFC 4180 quoting). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

test.describe('recognition', () => {
  test('reads the receipt total exactly, shows it in the table, exports it and finds it after a reload', {
    tag: '@engine',
  }, async ({ app: page }) => {
    await setReadText(page, true);
    await detectFiles(page, RECEIPT);
    const item = await waitForStatus(page, 0, 'done');
    const texts = item.detections.map((d) => d.text ?? '');
    expect(
      texts.every((text, i) => typeof text === 'string' && item.detections[i]!.textScore! >= 0),
    ).toBe(true);
    const total = texts.find((text) => TOTAL_LINES.some((line) => sameLine(text, line)));
    expect(total, `no total line among ${JSON.stringify(texts)}`).toBeDefined();
    await expect(page.getByTestId('region-text').filter({ hasText: total! }).first()).toBeVisible();
    expect((await stats(page)).recognizerSessions).toBe(1);

    const csv = await savedFile(page, () => page.getByTestId('export-text-csv').click());
    const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('filename,polygon,text,reading_score');
    const rows = lines.slice(1).map(csvCells);
    expect(rows).toHaveLength(item.detections.length);
    expect(rows.every((row) => row.length === 4 && row[0] === 'sroie_053.jpg')).toBe(true);
    expect(rows.some((row) => row[2] === total)).toBe(true);
    expect(rows.every((row) => Number(row[3]) >= 0 && Number(row[3]) <= 1)).toBe(true);

    const hocr = await savedFile(page, () => page.getByTestId('export-hocr').click());
    expect(hocr.name).toBe('sroie_053.hocr');
    const hocrText = hocr.bytes.toString('utf8');
    expect(hocrText).toContain('class="ocr_page"');
    const hocrWords = [...hocrText.matchAll(/class="ocrx_word"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(hocrWords.join('')).toContain(total!.replace(/\s/g, ''));

    await page.reload();
    await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/, { timeout: 100_000 });
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('history-count')).toHaveText('1 result');
    const search = page.getByTestId('history-search');
    await search.fill(total!.toLowerCase());
    await expect(page.getByTestId('history-matches')).toHaveText('1 match');
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
    await search.fill('no such words on this receipt');
    await expect(page.getByTestId('history-no-match')).toContainText('No stored result matches');
    await expect(page.getByTestId('history-entry')).toHaveCount(0);
  });

  test('with "Read text" off no recognizer session is created and regions carry no text', async ({
    app: page,
  }) => {
    await setReadText(page, false);
    await detectFiles(page, RECEIPT);
    const item = await waitForStatus(page, 0, 'done');
    expect(item.detections.length).toBeGreaterThan(0);
    expect(item.detections.some((d) => d.text !== undefined)).toBe(false);
    expect(await stats(page)).toMatchObject({ recognizerSessions: 0, linesRead: 0 });
    await expect(page.getByTestId('export-text-csv')).toBeDisabled();
  });

  test('a parameter change re-reads only the regions whose polygon changed', async ({
    app: page,
  }) => {
    await setReadText(page, true);
    await detectFiles(page, RECEIPT);
    const before = await waitForStatus(page, 0, 'done');
    const read = (await stats(page)).linesRead;
    expect(read).toBe(before.detections.length);

    // A higher box threshold only drops low-scoring regions: the others keep their polygons.
    await typeNumber(page.getByTestId('param-box-threshold'), '0.7');
    await expect
      .poll(async () => (await items(page))[0]!.detections.length)
      .toBeLessThan(before.detections.length);
    expect((await stats(page)).linesRead).toBe(read);
    const after = (await items(page))[0]!;
    expect(after.detections.every((d) => typeof d.text === 'string')).toBe(true);
  });
});
