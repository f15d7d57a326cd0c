import { defineConfig } from 'vite';

// Cross-origin isolation lets ONNX Runtime's WASM backend use threads (SharedArrayBuffer);
// without these headers it quietly runs on one thread. Needed on the page and on the worker.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig(({ mode }) => ({
  // Relative base: the build works from any sub-path (GitHub Pages and the like).
  base: './',
  define: {
    // Test hooks (a forced hang, counters on window) exist only in `--mode e2e` builds.
    __TEST_HOOKS__: JSON.stringify(mode === 'e2e'),
  },
  build: {
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
  },
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
}));
