/** True only in the e2e test build (`vite build --mode e2e`); dead code elsewhere. */
declare const __TEST_HOOKS__: boolean;
/** The build's version (package version and commit, or TEXTSPOT_VERSION). */
declare const __APP_VERSION__: string;
/** A stylesheet's text, for a Lit element's adopted styles (Vite's `?inline` import). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
