import { defineConfig } from '@playwright/test';

// Debian's browsers, never Playwright's downloads (they cannot be fetched here).
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// A port of its own, never `npm start`'s 4173: the e2e server is the test build (hooks compiled in),
// and a server this run did not start is never mistaken for it.
const PORT = Number(process.env.E2E_PORT ?? 4391);

export default defineConfig({
  testDir: 'test/e2e',
  // A folder for pwa.spec.ts's production builds, so they are built once per run, not per project.
  globalSetup: './test/e2e/global-setup.ts',
  // One browser at a time: the machine has two cores and ONNX Runtime wants both.
  workers: 1,
  // One retry in CI: a loaded 2-core machine has been seen to stall Firefox's first model load;
  // Playwright still reports such a test as flaky.
  retries: process.env.CI ? 1 : 0,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/textspot/`,
    trace: 'off',
  },
  webServer: {
    // The production build with test hooks compiled in, served from a sub-path.
    command: `npx vite build --mode e2e && npx vite preview --mode e2e --base /textspot/ --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/textspot/`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
  projects: [
    {
      name: 'chromium-wasm',
      testIgnore: /webgpu/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
      },
    },
    {
      name: 'chromium-webgpu',
      testMatch: /webgpu/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [...chromiumArgs, '--enable-unsafe-webgpu'],
        },
      },
    },
    {
      // What depends on the browser engine, tagged @engine: decoding and EXIF, bad files, workers
      // ending and failing, IndexedDB, BroadcastChannel, Cache Storage, downloads, WASM parity,
      // the service worker and the CSP. The app's own logic is the same in every engine; Chromium
      // runs all of it.
      name: 'firefox',
      testIgnore: /webgpu/,
      grep: /@engine/,
      use: {
        browserName: 'firefox',
        channel: 'moz-firefox',
        launchOptions: { executablePath: '/usr/bin/firefox-esr' },
      },
    },
  ],
});
