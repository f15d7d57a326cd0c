/** Starts the searchable-PDF worker; Vite bundles the module worker from this URL. */
export function createPdfWorker(): Worker {
  return new Worker(new URL('../worker/pdf.worker.ts', import.meta.url), {
    type: 'module',
    name: 'textspot-pdf',
  });
}
