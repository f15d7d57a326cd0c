import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder for the production builds pwa.spec.ts serves, shared by every project of one run, so
 * Chromium and Firefox test the same two builds and they are built once; removed at the end.
 */
export default function globalSetup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'textspot-pwa-'));
  process.env.TEXTSPOT_PWA_BUILDS = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
