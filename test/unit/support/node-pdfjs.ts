/// <reference path="../../../src/features/pdf/worker/pdfjs-modules.d.ts" />
/**
 * pdf.js for Node tests: the legacy build (the modern one needs a newer Node than 20), its parser
 * in this thread as in the worker, and the one API Node 20 lacks.
 */
import type { PdfJs } from '../../../src/features/pdf/worker/pdf-document.js';

/** Loads pdf.js's legacy build with its parser installed on `globalThis.pdfjsWorker`. */
export async function loadNodePdfJs(): Promise<PdfJs> {
  // Node 22 has Promise.withResolvers; pdf.js's legacy build expects it.
  const withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  (Promise as unknown as { withResolvers?: unknown }).withResolvers ??= withResolvers;
  const parser = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = parser;
  return (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
}
