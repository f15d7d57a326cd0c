// pdf.js's browser build and its parser, imported by path: the package's own types describe
// only its main entry, and this code reads them through the narrow interfaces of pdf-document.ts.
declare module 'pdfjs-dist/build/pdf.mjs' {
  export function getDocument(source: Record<string, unknown>): unknown;
}
declare module 'pdfjs-dist/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
declare module 'pdfjs-dist/legacy/build/pdf.mjs' {
  export function getDocument(source: Record<string, unknown>): unknown;
}
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
