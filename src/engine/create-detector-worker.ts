/** Starts a detector worker; Vite bundles the module worker from this URL. */
export function createDetectorWorker(): Worker {
  return new Worker(new URL('../worker/detector.worker.ts', import.meta.url), {
    type: 'module',
    name: 'textspot-detector',
  });
}
