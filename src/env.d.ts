/** True only in the e2e test build (`vite build --mode e2e`); dead code elsewhere. */
declare const __TEST_HOOKS__: boolean;
