import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { Polygon } from '../../src/core/geometry/types.js';
import { scoreSet } from '../../src/features/tuning/pipeline/icdar2015.js';
import { parseLabelFile } from '../../src/features/tuning/pipeline/labels.js';
import {
  items,
  openDisclosures,
  RECEIPT,
  SCENE,
  SECOND_RECEIPT,
  savedFile,
  test,
  typeNumber,
  waitForStatus,
} from './support.js';

const labelFixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/labels/${name}`, import.meta.url));
const THIRD_RECEIPT = fileURLToPath(new URL('../fixtures/sroie_614.jpg', import.meta.url));
const IMAGES = [RECEIPT, SECOND_RECEIPT, SCENE, THIRD_RECEIPT];
const LABEL_FILES = ['gt_ic15_img_2.txt', 'competition.json', 'sroie_614.json'];

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

/** Each item's box threshold, as its result was made. */
function boxThresholds(page: Page): Promise<(number | undefined)[]> {
  return page.evaluate(() =>
    (
      window as unknown as {
        __textspotTest: { items(): { params: { boxThreshold: number } | null }[] };
      }
    ).__textspotTest
      .items()
      .map((item) => item.params?.boxThreshold),
  );
}

/** Waits until no re-scoring runs or waits. */
function settled(page: Page): Promise<void> {
  return page.evaluate(() =>
    (
      window as unknown as { __textspotTest: { tuning: { settled(): Promise<void> } } }
    ).__textspotTest.tuning.settled(),
  );
}

/** The protocol's pooled counts over what the app detected, computed here in Node. */
async function expectedCounts(page: Page): Promise<string> {
  const gts = LABEL_FILES.flatMap((name) =>
    parseLabelFile(name, readFileSync(labelFixture(name), 'utf8')).images.map((labels) => ({
      ...labels,
      image: labels.image.includes('.') ? labels.image : `${labels.image}.jpg`,
      width: 0,
      height: 0,
      source: '',
    })),
  );
  const predictions: Record<string, Polygon[]> = {};
  for (const item of await items(page)) {
    predictions[item.name] = item.detections.map((d) => d.imagePolygon);
  }
  const { pooled } = scoreSet(gts, predictions);
  return `${pooled.matched}/${pooled.gt}/${pooled.pred}`;
}

async function loadAndDetect(page: Page): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(IMAGES);
  await page.getByTestId('labels-input').setInputFiles([
    ...LABEL_FILES.map((name) => ({
      name,
      mimeType: name.endsWith('.json') ? 'application/json' : 'text/plain',
      buffer: readFileSync(labelFixture(name)),
    })),
    {
      name: 'gt_broken.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1,2,3,4,5,6,7,8,ok\n1,2,3\n'),
    },
  ]);
  await page.getByTestId('run').click();
  for (let i = 0; i < IMAGES.length; i++) await waitForStatus(page, i, 'done');
}

test.describe('tuning against ground truth', () => {
  test('labels in three formats pair with their images and score as the Node scorer does', async ({
    app: page,
  }) => {
    await loadAndDetect(page);
    // The malformed file gets its own error naming file and line; the other three load.
    await expect(page.getByTestId('label-errors')).toContainText('gt_broken.txt, line 2:');
    await expect(page.getByTestId('label-files')).toContainText('3 label files loaded');
    const pooled = page.getByTestId('pooled-score');
    await expect(pooled).toHaveAttribute('data-counts', await expectedCounts(page));
    const hmean = Number(await pooled.getAttribute('data-hmean'));
    expect(hmean).toBeGreaterThan(0.5);

    // The selected image shows its own figures and the legend of the four styles.
    await expect(page.getByTestId('image-score')).toHaveAttribute('data-hmean', /\d/);
    await expect(page.locator('match-legend')).toContainText('Missed');

    // The results table gains P, R and H; sorting H puts the worst image first.
    await page.getByTestId('tab-results').click();
    await page.getByTestId('results-sort-hmean').click();
    const hmeans = await page
      .locator('results-table [data-score=hmean]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.textContent)));
    expect(hmeans).toHaveLength(4);
    expect(hmeans).toEqual([...hmeans].sort((a, b) => a - b));
    await page.getByTestId('tab-regions').click();
    await page.screenshot({ path: 'test-results/tuning-overview.png' });
  });

  test('a slider move re-scores every labelled image from the kept maps, without inference', async ({
    app: page,
  }) => {
    await loadAndDetect(page);
    const pooled = page.getByTestId('pooled-score');
    await expect(pooled).toHaveAttribute('data-counts', await expectedCounts(page));
    await expect(page.getByTestId('labels-live')).toHaveAttribute('data-images', '4');
    const before = await pooled.getAttribute('data-counts');
    const inferences = await inferenceCount(page);

    // Box threshold 0.60 → 0.90 with the keyboard on its slider: far fewer regions survive.
    const slider = page.locator('params-panel input[type=range]').nth(1);
    await openDisclosures(slider);
    await slider.focus();
    for (let i = 0; i < 30; i++) await slider.press('ArrowRight');
    await expect(page.getByTestId('param-box-threshold')).toHaveValue('0.90');
    await expect(pooled).not.toHaveAttribute('data-counts', before!);
    // Every image's regions were re-processed with the final value (after the last debounce)…
    await expect.poll(() => boxThresholds(page)).toEqual([0.9, 0.9, 0.9, 0.9]);
    await settled(page);
    // …and the app's figures still equal the Node scorer's on what the app now shows.
    await expect(pooled).toHaveAttribute('data-counts', await expectedCounts(page));
    expect(await inferenceCount(page)).toBe(inferences);

    // The maps are stored with their results and counted in the storage meter.
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('storage-map-bytes')).toContainText(/MB|kB/);
  });

  test('a sweep charts P, R and H; clicking a point applies its value', async ({ app: page }) => {
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    await loadAndDetect(page);
    const chart = page.locator('sweep-chart');
    await typeNumber(chart.getByTestId('sweep-from'), '0.3');
    await typeNumber(chart.getByTestId('sweep-to'), '0.84');
    await typeNumber(chart.getByTestId('sweep-count'), '10');
    await chart.getByTestId('sweep-run').click();
    await expect(chart.getByTestId('sweep-point')).toHaveCount(10);
    await expect(chart.locator('canvas')).toHaveCount(1);
    await expect(chart.getByTestId('sweep-summary')).toContainText('over 4 images');

    // Click the fourth point on the chart itself: 0.48.
    const position = await chart.evaluate((element) =>
      (
        element as unknown as { pointClientPosition(i: number): [number, number] | null }
      ).pointClientPosition(3),
    );
    expect(position).not.toBeNull();
    await page.mouse.move(position![0], position![1]);
    await page.mouse.click(position![0], position![1]);
    await expect(page.getByTestId('param-box-threshold')).toHaveValue('0.48');
    // The live figures at that value are the sweep's figures at that point.
    const point = chart.locator('[data-testid=sweep-point][data-value="0.48"]');
    await expect(point).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => boxThresholds(page)).toEqual([0.48, 0.48, 0.48, 0.48]);
    await settled(page);
    await expect(page.getByTestId('pooled-score')).toHaveAttribute(
      'data-hmean',
      (await point.getAttribute('data-hmean'))!,
    );
    // uPlot works under the app's Content-Security-Policy (checked before the screenshot, whose
    // caret-hiding style Playwright injects itself).
    expect(messages.filter((m) => m.includes('[CSP]'))).toEqual([]);
    await chart.screenshot({ path: 'test-results/tuning-sweep.png' });
  });

  test('A/B: pin the settings, move a slider, see both pooled and per image; save the defaults', async ({
    app: page,
  }) => {
    await loadAndDetect(page);
    const panel = page.locator('compare-panel');
    await panel.getByTestId('compare-pin').click();
    await expect(panel.getByTestId('compare-diff')).toContainText('same settings');
    const hmeanA = await page.getByTestId('pooled-score').getAttribute('data-hmean');

    await typeNumber(page.getByTestId('param-box-threshold'), '0.85');
    await expect(panel.getByTestId('compare-diff')).toContainText('Box threshold 0.6 → 0.85');
    await expect.poll(() => boxThresholds(page)).toEqual([0.85, 0.85, 0.85, 0.85]);
    await settled(page);
    // A keeps the pinned figures; B is what the live summary shows now; the difference is theirs.
    await expect(panel.getByTestId('compare-a')).toHaveAttribute('data-hmean', hmeanA!);
    const hmeanB = await page.getByTestId('pooled-score').getAttribute('data-hmean');
    await expect(panel.getByTestId('compare-b')).toHaveAttribute('data-hmean', hmeanB!);
    expect(hmeanB).not.toBe(hmeanA);
    const delta = Number(await panel.getByTestId('compare-delta').getAttribute('data-delta'));
    expect(delta).toBeCloseTo(Number(hmeanB) - Number(hmeanA), 12);
    const deltas = await panel
      .getByTestId('compare-row')
      .evaluateAll((rows) => rows.map((row) => Math.abs(Number(row.getAttribute('data-delta')))));
    expect(deltas).toHaveLength(4);
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));

    // The split view: A on the left of the overlay, B on the right.
    await panel.getByTestId('compare-split').fill('0.3');
    await expect
      .poll(() =>
        page.evaluate(() => {
          const overlay = (
            window as unknown as {
              __textspotTest: { overlay(): { split: number; pinned: unknown } | null };
            }
          ).__textspotTest.overlay();
          return overlay?.pinned ? overlay.split : null;
        }),
      )
      .toBe(0.3);
    await page.locator('polygon-overlay').screenshot({ path: 'test-results/tuning-split.png' });
    await panel.screenshot({ path: 'test-results/tuning-compare.png' });
    await page.locator('ground-truth-panel').screenshot({ path: 'test-results/tuning-panel.png' });

    // The tuning panels, filled, have no serious or critical accessibility violations.
    const axe = await new AxeBuilder({ page }).analyze();
    const severe = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(severe.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

    // Save as model defaults: the descriptor carries the tuned parameters.
    const saved = await savedFile(page, () => panel.getByTestId('save-defaults').click());
    expect(saved.name).toBe('ppocr-v4-det.tuned.json');
    const descriptor = JSON.parse(saved.bytes.toString('utf8')) as {
      postprocess: { boxThreshold: number };
    };
    expect(descriptor.postprocess.boxThreshold).toBe(0.85);
  });

  test('a folder holding images and labels loads both; unpaired files are listed', async ({
    app: page,
    browserName,
  }) => {
    test.skip(browserName !== 'chromium', 'Playwright sets directory inputs in Chromium only');
    const folder = mkdtempSync(join(tmpdir(), 'textspot-labels-'));
    copyFileSync(SCENE, join(folder, 'ic15_img_2.jpg'));
    copyFileSync(RECEIPT, join(folder, 'lonely.jpg'));
    copyFileSync(labelFixture('gt_ic15_img_2.txt'), join(folder, 'gt_ic15_img_2.txt'));
    copyFileSync(labelFixture('sroie_614.json'), join(folder, 'sroie_614.json'));
    await page.getByTestId('labels-folder-input').setInputFiles(folder);
    await expect(page.getByTestId('item')).toHaveCount(2);
    await expect(page.getByTestId('label-files')).toContainText('2 label files loaded');
    const unpaired = page.getByTestId('unpaired');
    await expect(unpaired.getByTestId('unpaired-image')).toHaveText(/lonely\.jpg/);
    await expect(unpaired.getByTestId('unpaired-label')).toHaveText(/sroie_614\.jpg/);
    await page.getByTestId('run').click();
    await waitForStatus(page, 0, 'done');
    await waitForStatus(page, 1, 'done');
    await expect(page.getByTestId('pooled-score')).toHaveAttribute('data-counts', /^\d+\/2\/\d+$/);
  });
});
