// Copies pdf.js's data files (standard fonts, CMaps, WASM image decoders, ICC profile) from the
// npm package into public/pdfjs/ so the app serves them itself and the service worker precaches
// them: a PDF opens offline. The JavaScript sandbox (QuickJS) is left out: scripts in PDFs never run.
// The folder is emptied first, so a file left out here is never served from an older install.
// Also puts libheif-js's licence notices (LGPL-3.0; libheif, libde265) in public/licenses/, beside
// the unmodified libheif.wasm the build serves.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('pdfjs-dist/package.json'));
const wanted = {
  standard_fonts: () => true,
  cmaps: () => true,
  iccs: () => true,
  // The JS fallbacks of the WASM decoders (470 KB) are left out: the CSP allows WebAssembly.
  wasm: (name) => !/quickjs|nowasm_fallback/i.test(name),
};

rmSync(join(root, 'public/pdfjs'), { recursive: true, force: true });
let copied = 0;
for (const [folder, keep] of Object.entries(wanted)) {
  const from = join(packageDir, folder);
  const to = join(root, 'public/pdfjs', folder);
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (!keep(name)) continue;
    const source = join(from, name);
    const target = join(to, name);
    if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
    copyFileSync(source, target);
    copied++;
  }
}
copyFileSync(join(packageDir, 'LICENSE'), join(root, 'public/pdfjs/LICENSE'));

const heifDir = dirname(require.resolve('libheif-js/package.json'));
mkdirSync(join(root, 'public/licenses'), { recursive: true });
copyFileSync(join(heifDir, 'LICENSE'), join(root, 'public/licenses/libheif-js-LICENSE.txt'));
copyFileSync(
  join(heifDir, 'libheif-wasm/LICENSE'),
  join(root, 'public/licenses/libheif-wasm-LICENSE.txt'),
);
if (copied > 0) console.log(`pdfjs: ${copied} data files → public/pdfjs/`);
