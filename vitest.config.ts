import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As in the e2e build: unit tests reach the engine's test switches.
  define: { __TEST_HOOKS__: 'true' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
});
