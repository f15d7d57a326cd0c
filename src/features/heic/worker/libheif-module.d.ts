// libheif-js's WebAssembly build: an Emscripten factory (CommonJS), typed by heif-decode.ts.
declare module 'libheif-js/libheif-wasm/libheif.js' {
  const factory: (options: Record<string, unknown>) => unknown;
  export default factory;
}
