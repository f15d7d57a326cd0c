import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { palette } from './src/shell/design/palette.js';

// Cross-origin isolation lets ONNX Runtime's WASM backend use threads (SharedArrayBuffer);
// without these headers it quietly runs on one thread. Needed on the page and on the worker.
// Static hosts that cannot send them get them from the service worker (src/features/pwa/worker/sw.ts).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Nothing leaves the device, and the page proves it: only this origin can be reached, and the
 * one relaxation is `'wasm-unsafe-eval'`, which ONNX Runtime needs to compile its WebAssembly.
 * A `<meta>` tag, so any static host carries it; `frame-ancestors` and reporting need a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Puts the policy into built pages (the dev server's hot reload needs inline scripts). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'textspot-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** The browser's theme colour, light and dark, from the palette the app's tokens use. */
function themeColor(): Plugin {
  return {
    name: 'textspot-theme-color',
    transformIndexHtml: () =>
      (['light', 'dark'] as const).map((scheme) => ({
        tag: 'meta',
        attrs: {
          name: 'theme-color',
          content: palette[scheme].bg,
          media: `(prefers-color-scheme: ${scheme})`,
        },
        injectTo: 'head',
      })),
  };
}

/** The build's version: TEXTSPOT_VERSION when set (CI, tests), else package version + commit. */
function appVersion(): string {
  if (process.env.TEXTSPOT_VERSION) return process.env.TEXTSPOT_VERSION;
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: 'pipe' });
    return `${version}+${commit.toString().trim()}`;
  } catch {
    return version; // Not a git checkout (a tarball): the package version alone.
  }
}

export default defineConfig(({ mode }) => ({
  // Relative base: the build works from any sub-path (GitHub Pages and the like).
  base: './',
  define: {
    // Test hooks (a forced hang, counters on window) exist only in `--mode e2e` builds.
    __TEST_HOOKS__: JSON.stringify(mode === 'e2e'),
    __APP_VERSION__: JSON.stringify(appVersion()),
  },
  build: {
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
  },
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  plugins: [
    contentSecurityPolicy(),
    themeColor(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/features/pwa/worker',
      filename: 'sw.ts',
      // src/features/pwa/ui/register.ts registers it: it also has to make the page isolated.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        // Classic, not module: module service workers are newer than the browsers we support.
        rollupFormat: 'iife',
        // The app, ONNX Runtime's WASM build, the catalog and its weights, and the text
        // recognizer (weights, dictionary, descriptor): all a person needs to detect and read
        // offline. The WebGPU build's 27 MB of WASM is cached on first use instead. pdf.js's
        // standard fonts, CMaps and ICC profile (public/pdfjs/) let PDFs open offline;
        // the searchable PDF's font (public/fonts/) lets it be written offline.
        globPatterns: [
          '**/*.{html,js,css,svg,png,webmanifest,json,txt,onnx,wasm,pfb,ttf,bcmap,icc}',
        ],
        globIgnores: ['**/*.asyncify*.wasm'],
        // ONNX Runtime's threaded SIMD WASM is 14 MB.
        maximumFileSizeToCacheInBytes: 20 * 1024 * 1024,
      },
      manifest: {
        name: 'TextSpot — text detection in your browser',
        short_name: 'TextSpot',
        description:
          'Find every text region in receipts and documents, on your own device. Nothing is uploaded.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: palette.light.bg,
        theme_color: palette.light.accent,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
}));
