import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const receipt = fileURLToPath(new URL('../fixtures/sroie_019.jpg', import.meta.url));

test('a receipt yields regions', async ({ page }) => {
  page.on('console', (m) => console.log('console:', m.text()));
  await page.goto('./');
  await expect(page.getByTestId('backend')).toContainText(/WASM|WebGPU/);
  await page.getByTestId('file-input').setInputFiles(receipt);
  await expect(page.getByTestId('item')).toHaveAttribute('data-status', 'done');
  console.log(await page.getByTestId('summary').textContent());
  console.log(await page.getByTestId('backend').textContent());
  await page.screenshot({ path: '/tmp/shot-' + test.info().project.name + '.png' });
});
