import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import type { Polygon } from '../../src/geometry/types.js';
import { scoreSet } from '../../src/model/scoring/icdar2015.js';
import { parseLabelFile } from '../../src/model/scoring/labels.js';
import { items, openApp, RECEIPT, SCENE, SECOND_RECEIPT, waitForStatus } from './support.js';

const labelFixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/labels/${name}`, import.meta.url));
const THIRD_RECEIPT = fileURLToPath(new URL('../fixtures/sroie_614.jpg', import.meta.url));
const IMAGES = [RECEIPT, SECOND_RECEIPT, SCENE, THIRD_RECEIPT];
const LABEL_FILES = ['gt_ic15_img_2.txt', 'competition.json', 'sroie_614.json'];

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
  await openApp(page);
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
    page,
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
});
