import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

  it('precaches the app, the WASM build, the detector and the recognizer, but not the WebGPU build', () => {
    const sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
    const precached = [...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]);
    expect(precached).toContain('index.html');
    expect(precached).toContain('models/ppocr-v4-det.onnx');
    // The text recognizer reads offline too: weights, dictionary and descriptor.
    for (const file of ['ppocr-v4-rec.onnx', 'ppocr-v4-rec.keys.txt', 'ppocr-v4-rec.json']) {
      expect(precached).toContain(`models/${file}`);
    }
    expect(precached.some((url) => /ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(url!))).toBe(true);
    expect(precached.filter((url) => url!.includes('asyncify'))).toEqual([]);
    // Every file the built page names is in the precache, or it would not open offline.
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    for (const [, url] of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) {
      expect(precached).toContain(url);
    }
  });

  it('precaches what PDFs and HEIC photos need offline: pdf.js, its data files, libheif', () => {
    const sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
    const precached = [...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]!);
    expect(precached.some((url) => /assets\/pdf\.worker-[\w-]+\.js$/.test(url))).toBe(true);
    expect(precached).toContain('pdfjs/standard_fonts/LiberationSans-Regular.ttf');
    expect(precached).toContain('pdfjs/cmaps/UniJIS-UTF16-H.bcmap');
    expect(precached).toContain('pdfjs/wasm/openjpeg.wasm');
    expect(precached.some((url) => /assets\/libheif-[\w-]+\.wasm$/.test(url))).toBe(true);
    // pdf.js's JavaScript sandbox and the JS fallbacks of its WASM decoders are not shipped.
    expect(precached.filter((url) => /quickjs|nowasm/i.test(url))).toEqual([]);
    // libheif's WebAssembly is its own file, byte for byte the package's.
    const wasm = readdirSync(join(outDir, 'assets')).find((name) =>
      /^libheif-.*\.wasm$/.test(name),
    )!;
    const shipped = readFileSync(join(outDir, 'assets', wasm));
    const packaged = readFileSync('node_modules/libheif-js/libheif-wasm/libheif.wasm');
    expect(shipped.equals(packaged)).toBe(true);
  });

  it('carries a strict Content-Security-Policy and an installable manifest', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const policy = csp.replaceAll('&#39;', "'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("default-src 'self'");
    expect(policy.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe|\*|https?:/);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.webmanifest'), 'utf8')) as {
      display: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
      expect.arrayContaining(['192x192', '512x512']),
    );
    for (const icon of manifest.icons)
      expect(statSync(join(outDir, icon.src)).size).toBeGreaterThan(0);
  });

  it('uses relative asset URLs so it works from any sub-path', async () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/src="\.\/assets\//);
    expect(html).not.toMatch(/(src|href)="\/assets\//);
  });
});
