import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const outDir = mkdtempSync(join(tmpdir(), 'textspot-build-'));

function bundleText(dir: string): string {
  return readdirSync(join(dir, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(dir, 'assets', name), 'utf8'))
    .join('\n');
}

describe('production build', () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('carries no test hooks, and the e2e build does', async () => {
    // Vitest sets NODE_ENV=test, which would make Vite resolve Lit's development build.
    process.env.NODE_ENV = 'production';
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const production = bundleText(outDir);
    // Markers that stand only in hook code (minifiers keep strings, not names).
    const markers = [
      '__textspotTest',
      'textspot:test-hang',
      'textspot:test-debug-tensors',
      // Run failure, crash, lost device, failing WebGPU session (worker); load faults (engine).
      'textspot:test-fault',
      'textspot:test-load-faults',
    ];
    expect(markers.filter((marker) => production.includes(marker))).toEqual([]);

    const e2eDir = `${outDir}-e2e`;
    await build({ mode: 'e2e', logLevel: 'silent', build: { outDir: e2eDir, emptyOutDir: true } });
    const withHooks = bundleText(e2eDir);
    rmSync(e2eDir, { recursive: true, force: true });
    // The check above only means something if the markers exist where hooks are compiled in.
    expect(markers.filter((marker) => withHooks.includes(marker))).toEqual(markers);
  }, 120_000);

  it('uses relative asset URLs so it works from any sub-path', async () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/src="\.\/assets\//);
    expect(html).not.toMatch(/(src|href)="\/assets\//);
  });
});
