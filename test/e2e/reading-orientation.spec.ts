import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { test, waitForStatus } from './support.js';

/** A phone-style photo of a SROIE receipt on a desk (CC BY 4.0, see test/fixtures/README.md). */
const PHOTO = new URL('../fixtures/sroie_019-photo.jpg', import.meta.url);
/** Its lines' text, from test/fixtures/eval-gt/json/sroie_019.json. */
const KNOWN_LINES = (
  JSON.parse(
    readFileSync(new URL('../fixtures/eval-gt/json/sroie_019.json', import.meta.url), 'utf8'),
  ) as { texts: string[] }
).texts;

const squash = (text: string) => text.replace(/\s+/g, '').toUpperCase();

/**
 * The photo turned a quarter anticlockwise, as a phone held on its side takes it, re-encoded as
 * JPEG. This way round PaddleOCR's own rule for tall crops (turn them anticlockwise) reads every
 * line upside down.
 */
function photoOnItsSide(): Buffer {
  const { data, width, height } = jpeg.decode(readFileSync(PHOTO), { useTArray: true });
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      out.set(data.subarray(from, from + 4), ((width - 1 - x) * height + y) * 4);
    }
  }
  return Buffer.from(jpeg.encode({ data: out, width: height, height: width }, 95).data);
}

async function setReadText(page: Page): Promise<void> {
  // Reading a receipt on a loaded 2-core machine has run past the default 30 s.
  await page.evaluate(() =>
    (
      window as unknown as { __textspotTest: { setTimeoutMs(ms: number): void } }
    ).__textspotTest.setTimeoutMs(120_000),
  );
  const toggle = page.getByTestId('read-text');
  if (!(await toggle.isChecked())) await toggle.click();
  await expect(toggle).toBeChecked();
}

test.describe('reading orientation', () => {
  test('a receipt photographed on its side, Document photo off, reads its known lines upright', async ({
    app: page,
  }) => {
    await setReadText(page);
    await expect(page.getByTestId('document-enabled')).not.toBeChecked();
    await page.getByTestId('file-input').setInputFiles({
      name: 'sroie_019-side.jpg',
      mimeType: 'image/jpeg',
      buffer: photoOnItsSide(),
    });
    const run = page.getByTestId('run');
    if (await run.count()) await run.click();
    const item = await waitForStatus(page, 0, 'done');
    const read = item.detections.map((d) => squash(d.text ?? '')).filter((t) => t.length >= 3);
    const receiptText = KNOWN_LINES.map(squash).join('|');
    const exact = KNOWN_LINES.filter((line) => read.includes(squash(line)));
    const inReceipt = read.filter((text) => receiptText.includes(text));
    // Read turned, every line is garbage. Upright, most of what is read is the receipt's text,
    // though detection on the tilted, unstraightened photo splits some lines into words.
    expect(inReceipt.length / read.length, JSON.stringify(read)).toBeGreaterThan(0.6);
    expect(exact.length, JSON.stringify(read)).toBeGreaterThanOrEqual(10);
    await expect(page.getByTestId('reading-orientation')).toHaveText(/^text 270°/);
  });
});
