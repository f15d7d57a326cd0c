import { reportCspViolations } from './core/csp-report.js';
import { setBootResult } from './features/pwa/ui/boot-state.js';
import { bootServiceWorker } from './features/pwa/ui/register.js';

// The service worker exists only in production builds: the dev server sends the isolation headers
// itself, and the e2e build (test hooks) leaves it out so that the rest of the suite tests one
// thing at a time; test/e2e/pwa.spec.ts builds and serves production builds of its own.
reportCspViolations(document);
setBootResult(
  import.meta.env.PROD && !__TEST_HOOKS__
    ? await bootServiceWorker(`${import.meta.env.BASE_URL}sw.js`)
    : {
        isolation: {
          isolated: self.crossOriginIsolated,
          reason: self.crossOriginIsolated
            ? 'the server sends the isolation headers'
            : 'the server sends no isolation headers',
        },
        workbox: null,
      },
);
await import('./shell/app-root.js');
document.getElementById('boot')?.remove();
