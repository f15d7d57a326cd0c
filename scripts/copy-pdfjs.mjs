// Copies pdf.js's data files (standard fonts, CMaps, WASM image decoders, ICC profile) from the
// npm package into public/pdfjs/ so the app serves them itself and the service worker precaches
// them: a PDF opens offline. The JavaScript sandbox (QuickJS) is left out: scripts in PDFs never run.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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
  wasm: (name) => !name.startsWith('quickjs') && !name.includes('QUICKJS'),
};

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
if (copied > 0) console.log(`pdfjs: ${copied} data files → public/pdfjs/`);
