import { expect } from '@playwright/test';
import { allInside, detectFiles, items, RECEIPT, test, waitForStatus } from './support.js';

test.describe('detection', () => {
  test('a receipt yields regions, all inside the image', { tag: '@engine' }, async ({
    app: page,
  }) => {
    await detectFiles(page, RECEIPT);
    const view = await waitForStatus(page, 0, 'done');
    expect(view.imageWidth).toBeGreaterThan(0);
    // The receipt has 46 annotated text lines; a working detector finds most of them.
    expect(view.detections.length).toBeGreaterThan(30);
    expect(allInside(view)).toBe(true);
    await expect(page.getByTestId('backend')).toContainText('WASM');
  });

  test('a job that hangs is stopped at its timeout and the next image is detected', {
    tag: '@engine',
  }, async ({ app: page }) => {
    const workerCounts = () =>
      page.evaluate(() => {
        const { engine } = (
          window as unknown as {
            __textspotTest: { engine: { workersAlive: number; workersSpawned: number } };
          }
        ).__textspotTest;
        return { alive: engine.workersAlive, spawned: engine.workersSpawned };
      });
    // Counted from here: a Firefox load that stalls (see README) has already spawned another.
    const before = await workerCounts();
    await page.evaluate(() => {
      const hooks = (window as unknown as { __textspotTest: Record<string, (ms: number) => void> })
        .__textspotTest;
      hooks.setTimeoutMs!(3_000);
      hooks.hangNext!(600_000);
    });
    await detectFiles(page, RECEIPT);
    const stopped = await waitForStatus(page, 0, 'timed-out');
    expect(stopped.error).toMatch(/time limit/);
    // Back to the default: on a loaded machine a normal detection can take over 3 s.
    await page.evaluate(() => {
      const hooks = (window as unknown as { __textspotTest: Record<string, (ms: number) => void> })
        .__textspotTest;
      hooks.setTimeoutMs!(30_000);
    });

    await detectFiles(page, RECEIPT);
    const next = await waitForStatus(page, 1, 'done');
    expect(next.detections.length).toBeGreaterThan(30);

    const after = await workerCounts();
    expect(after.alive).toBe(1);
    expect(after.spawned).toBeGreaterThan(before.spawned);
    // The browser's own list agrees: the hung worker is gone, its replacement is there. Firefox
    // reports a terminated worker gone late on a loaded machine: once over 10 s (the app's own
    // count above was already 1), so it gets 30.
    await expect
      .poll(() => page.workers().filter((w) => w.url().includes('detector.worker')).length, {
        timeout: 30_000,
      })
      .toBe(1);
  });

  test('the page handles input while a job runs', async ({ app: page }) => {
    await page.evaluate(() => {
      const hooks = (window as unknown as { __textspotTest: Record<string, (ms: number) => void> })
        .__textspotTest;
      hooks.hangNext!(8_000);
      const probe = document.createElement('input');
      probe.id = 'probe';
      probe.setAttribute('aria-label', 'probe');
      document.body.append(probe);
    });
    await detectFiles(page, RECEIPT);
    await waitForStatus(page, 0, 'running');
    await page.locator('#probe').pressSequentially('typed mid-job');
    await expect(page.locator('#probe')).toHaveValue('typed mid-job');
    // Still running: the input was handled while the worker was busy, not after.
    expect((await items(page))[0]?.status).toBe('running');
    await waitForStatus(page, 0, 'done');
  });
});
