import type { BootResult } from './register.js';

/** What booting found, before any element existed; null until `main.ts` has booted. */
let bootResult: BootResult | null = null;

/** Records what booting found (called once, by `main.ts`). */
export function setBootResult(result: BootResult): void {
  bootResult = result;
}

/** What booting found: isolation status and the service worker's handle. */
export function getBootResult(): BootResult | null {
  return bootResult;
}
