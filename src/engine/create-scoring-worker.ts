/** Starts the scoring worker; Vite bundles the module worker from this URL. */
export function createScoringWorker(): Worker {
  return new Worker(new URL('../worker/scoring.worker.ts', import.meta.url), {
    type: 'module',
    name: 'textspot-scoring',
  });
}
