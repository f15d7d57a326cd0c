/**
 * `npm run bench:pdf-heic`: PDF pages and HEIC photos through the app's own engine and worker
 * (test build, WASM). Prints tables and, last, one JSON line with every figure. Not a test.
 *  - pdf:    time per page of the 3-page scanned fixture (render + detect, and + read) against
 *            the same receipts as JPEG, interleaved; and a born-digital page (render + detect +
 *            text layer).
 *  - memory: the worker's memory while a 100-page scanned PDF (made here, each page its own
 *            JPEG) goes through one page at a time (Chromium's measureUserAgentSpecificMemory,
 *            which answers after a garbage collection: up to ~20 s per sample, live memory only).
 *  - heic:   decoding a 12 MP HEIC (made here with Debian's heif-enc and ImageMagick, skipped
 *            when they are missing) in Chromium and Firefox, cold (libheif loaded) and warm.
 *  - bytes:  what PDF and HEIC support add to the production build's precache and first visit.
 * Options: --runs N (5), --pages N (100), --only pdf|memory|heic|bytes, --no-build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium, firefox, type Page } from '@playwright/test';
import {
  buildE2e,
  log,
  newAppContext,
  openApp,
  REPO_ROOT,
  startPreview,
  uploadBlobs,
  waitForModel,
} from './lib/browser.js';
import { jpegPagesPdf } from './lib/jpeg-pdf.js';
import { formatTable, median, round } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    pages: { type: 'string', default: '100' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const pageCount = Number(values.pages);
const wants = (section: string) => !values.only || values.only === section;
const OUT = join(REPO_ROOT, 'bench-out');
const fixture = (path: string) => readFileSync(join(REPO_ROOT, 'test/fixtures', path));
const RECEIPTS = ['sroie_019.jpg', 'sroie_053.jpg', 'sroie_614.jpg'];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface Timed {
  wallMs: number;
  decodeMs: number;
  inferenceMs: number;
  recognitionMs: number;
}

/** One engine job in the page: an image, or a page of a PDF; with or without reading. */
function detectIn(page: Page, name: string, pdfPage: number | null, read: boolean): Promise<Timed> {
  return page.evaluate(
    async ({ name, pdfPage, read }) => {
      const handle = window.__textspotTest!;
      const catalog = handle.catalog()!;
      const descriptor = catalog.models.find((m) => m.id === catalog.defaultId)!;
      const base = document.baseURI;
      const start = performance.now();
      const result = await handle.engine.detect(
        {
          image: window.__scriptBlobs!.get(name)!,
          ...(pdfPage
            ? { pdfPage: { number: pdfPage, assetsUrl: new URL('pdfjs/', base).href } }
            : {}),
          params: descriptor.postprocess,
          thumbnailLongSide: 1024,
          ...(read
            ? {
                recognize: {
                  descriptorUrl: new URL('models/ppocr-v4-rec.json', base).href,
                  cacheWeights: true,
                },
              }
            : {}),
        },
        { timeoutMs: 300_000 },
      );
      return {
        wallMs: performance.now() - start,
        decodeMs: result.timings.decodeMs,
        inferenceMs: result.timings.inferenceMs,
        recognitionMs: result.timings.recognitionMs ?? 0,
      };
    },
    { name, pdfPage, read },
  );
}

async function openAppIn(browser: Browser, url: string): Promise<Page> {
  const context = await newAppContext(browser);
  const page = await openApp(context, url, 'wasm');
  await waitForModel(page);
  return page;
}

async function benchPdf(page: Page) {
  await uploadBlobs(page, [
    ...RECEIPTS.map((name) => ({ name, bytes: fixture(name) })),
    { name: 'scanned.pdf', bytes: fixture('documents/scanned-3-pages.pdf') },
    { name: 'born.pdf', bytes: fixture('documents/born-digital.pdf') },
  ]);
  const kinds = ['jpeg', 'page', 'jpeg+read', 'page+read', 'born-digital page'] as const;
  const times = new Map<string, Timed[]>(kinds.map((kind) => [kind, []]));
  // Warm-up: sessions, pdf.js, fonts.
  for (const read of [false, true]) {
    await detectIn(page, RECEIPTS[0]!, null, read);
    await detectIn(page, 'scanned.pdf', 1, read);
  }
  await detectIn(page, 'born.pdf', 1, false);
  for (let run = 0; run < runs; run++) {
    for (const [index, name] of RECEIPTS.entries()) {
      times.get('jpeg')!.push(await detectIn(page, name, null, false));
      times.get('page')!.push(await detectIn(page, 'scanned.pdf', index + 1, false));
      times.get('jpeg+read')!.push(await detectIn(page, name, null, true));
      times.get('page+read')!.push(await detectIn(page, 'scanned.pdf', index + 1, true));
    }
    times.get('born-digital page')!.push(await detectIn(page, 'born.pdf', 1, true));
    log(`pdf run ${run + 1}/${runs}`);
  }
  const rows = kinds.map((kind) => {
    const list = times.get(kind)!;
    const m = (pick: (t: Timed) => number) => round(median(list.map(pick)), 1);
    return {
      kind,
      wallMs: m((t) => t.wallMs),
      decodeMs: m((t) => t.decodeMs),
      inferenceMs: m((t) => t.inferenceMs),
      recognitionMs: m((t) => t.recognitionMs),
    };
  });
  console.log(
    formatTable(
      ['input (3 receipts)', 'wall', 'decode (pages: + render)', 'inference', 'reading'],
      rows.map((r) => [
        r.kind,
        String(r.wallMs),
        String(r.decodeMs),
        String(r.inferenceMs),
        String(r.recognitionMs),
      ]),
    ),
  );
  console.log('medians, ms (the page rows render the PDF page before their decode)');
  return rows;
}

async function benchMemory(page: Page) {
  const pdf = jpegPagesPdf(RECEIPTS.map(fixture), pageCount);
  await uploadBlobs(page, [{ name: 'long.pdf', bytes: pdf }]);
  log(`${pageCount}-page PDF: ${(pdf.length / 1e6).toFixed(1)} MB`);
  const measure = () =>
    page.evaluate(async () => {
      const measured = await (
        performance as unknown as {
          measureUserAgentSpecificMemory(): Promise<{
            bytes: number;
            breakdown: { bytes: number; attribution: { scope: string }[] }[];
          }>;
        }
      ).measureUserAgentSpecificMemory();
      const worker = measured.breakdown
        .filter((entry) => entry.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
        .reduce((sum, entry) => sum + entry.bytes, 0);
      return { totalBytes: measured.bytes, workerBytes: worker };
    });
  const samples: { page: number; workerMB: number; totalMB: number; wallMs: number }[] = [];
  const MB = (bytes: number) => round(bytes / 1e6, 1);
  // The baseline: the same receipts as JPEGs, so ONNX Runtime's WASM heap has grown to the
  // largest input before the PDF starts (WASM memory grows and never shrinks).
  await uploadBlobs(
    page,
    RECEIPTS.map((name) => ({ name, bytes: fixture(name) })),
  );
  let baselineWall = 0;
  for (const name of RECEIPTS) baselineWall = (await detectIn(page, name, null, false)).wallMs;
  const baseline = await measure();
  samples.push({
    page: 0,
    workerMB: MB(baseline.workerBytes),
    totalMB: MB(baseline.totalBytes),
    wallMs: baselineWall,
  });
  for (let number = 1; number <= pageCount; number++) {
    const { wallMs } = await detectIn(page, 'long.pdf', number, false);
    if (number === 1 || number % 10 === 0) {
      const { workerBytes, totalBytes } = await measure();
      samples.push({ page: number, workerMB: MB(workerBytes), totalMB: MB(totalBytes), wallMs });
      log(`page ${number}: worker ${MB(workerBytes)} MB`);
    }
  }
  console.log(
    formatTable(
      ['after page (0: 3 JPEGs)', 'worker memory, MB', 'page + workers, MB', 'that page, ms'],
      samples.map((s) => [s.page, s.workerMB, s.totalMB, round(s.wallMs, 0)].map(String)),
    ),
  );
  return { pdfMB: MB(pdf.length), samples };
}

/** A 12 MP HEIC of the receipt photo (4,032 × 3,024), made with ImageMagick and heif-enc. */
function makeHeic12mp(): string | null {
  const heic = join(OUT, 'receipt-12mp.heic');
  if (existsSync(heic)) return heic;
  try {
    mkdirSync(OUT, { recursive: true });
    const jpeg = join(OUT, 'receipt-12mp.jpg');
    const photo = join(REPO_ROOT, 'test/fixtures/sroie_019-photo.jpg');
    execFileSync('convert', [photo, '-resize', '4032x3024!', '-quality', '92', jpeg]);
    execFileSync('heif-enc', ['--quality', '80', jpeg, '-o', heic]);
    return heic;
  } catch (error) {
    log(`heic: skipped (needs ImageMagick's convert and heif-enc): ${String(error)}`);
    return null;
  }
}

async function benchHeic(url: string) {
  const heic = makeHeic12mp();
  if (!heic) return null;
  const results: Record<string, { native: boolean; coldMs: number; warmMs: number }> = {};
  for (const name of ['chromium', 'firefox'] as const) {
    const browser =
      name === 'chromium'
        ? await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
        : await firefox.launch({ channel: 'moz-firefox', executablePath: '/usr/bin/firefox-esr' });
    try {
      const page = await openAppIn(browser, url);
      await uploadBlobs(page, [{ name: 'photo.heic', bytes: readFileSync(heic) }]);
      const decodeOnce = () =>
        page.evaluate(async () => {
          const handle = window.__textspotTest!;
          const image = window.__scriptBlobs!.get('photo.heic')!;
          const start = performance.now();
          const decoded = await handle.engine.decodable(image, { timeoutMs: 300_000 });
          return {
            ms: performance.now() - start,
            native: decoded === image || decoded.size === image.size,
          };
        });
      const cold = await decodeOnce();
      const warm: number[] = [];
      for (let run = 0; run < runs; run++) warm.push((await decodeOnce()).ms);
      results[name] = {
        native: cold.native,
        coldMs: round(cold.ms, 0),
        warmMs: round(median(warm), 0),
      };
      log(`heic ${name}: cold ${round(cold.ms, 0)} ms, warm ${round(median(warm), 0)} ms`);
    } finally {
      await browser.close();
    }
  }
  console.log(
    formatTable(
      [
        '12 MP HEIC → pixels',
        'browser decodes it',
        'first (loads libheif), ms',
        'median after, ms',
      ],
      Object.entries(results).map(([name, r]) => [
        name,
        String(r.native),
        String(r.coldMs),
        String(r.warmMs),
      ]),
    ),
  );
  return results;
}

/** Bytes of the production build: the precache, and what PDF and HEIC support add to it. */
function benchBytes() {
  if (!values['no-build'])
    execFileSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const dist = join(REPO_ROOT, 'dist');
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"?url"?:"([^"]+)"/g)].map((m) => m[1]!);
  const sizeOf = (url: string) => statSync(join(dist, url)).size;
  const total = urls.reduce((sum, url) => sum + sizeOf(url), 0);
  const groups: Record<string, (url: string) => boolean> = {
    'pdf.js code (lazy chunks)': (url) => /assets\/pdf(\.worker)?[-.]/.test(url),
    'pdf.js fonts, CMaps, ICC, decoders': (url) => url.startsWith('pdfjs/'),
    'libheif glue (lazy chunk)': (url) => /assets\/libheif[-.].*\.js$/.test(url),
    'libheif.wasm': (url) => /libheif.*\.wasm$/.test(url),
    'licence notices': (url) => url.startsWith('licenses/'),
  };
  const rows = Object.entries(groups).map(([group, test]) => {
    const matching = urls.filter(test);
    return { group, files: matching.length, bytes: matching.reduce((s, u) => s + sizeOf(u), 0) };
  });
  const added = rows.reduce((sum, row) => sum + row.bytes, 0);
  const entry = readdirSync(join(dist, 'assets')).filter((f) =>
    /^(index|detector\.worker)-.*\.js$/.test(f),
  );
  console.log(
    formatTable(
      ['precache part', 'files', 'bytes'],
      [
        ...rows.map((r) => [r.group, String(r.files), r.bytes.toLocaleString('en')]),
        ['added by PDF + HEIC', '', added.toLocaleString('en')],
        ['whole precache', String(urls.length), total.toLocaleString('en')],
      ],
    ),
  );
  const startup = entry.map((f) => ({ file: f, bytes: statSync(join(dist, 'assets', f)).size }));
  console.log(
    `loaded before any PDF or HEIC (pdf.js and libheif are fetched on first use): ${startup
      .map((s) => `${s.file} ${s.bytes.toLocaleString('en')} B`)
      .join(', ')}`,
  );
  return { precacheBytes: total, addedBytes: added, parts: rows, startup };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const report: Record<string, unknown> = { load: loadavg().map((v) => round(v, 2)), runs };
  if (wants('bytes')) report.bytes = benchBytes();
  if (!wants('pdf') && !wants('memory') && !wants('heic')) {
    console.log(JSON.stringify(report));
    return;
  }
  if (!values['no-build']) buildE2e();
  const server = await startPreview();
  try {
    if (wants('pdf') || wants('memory')) {
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await openAppIn(browser, server.url);
        if (wants('pdf')) report.pdf = await benchPdf(page);
        if (wants('memory')) report.memory = await benchMemory(page);
      } finally {
        await browser.close();
      }
    }
    if (wants('heic')) report.heic = await benchHeic(server.url);
  } finally {
    await server.close();
  }
  report.loadAfter = loadavg().map((v) => round(v, 2));
  writeFileSync(join(OUT, 'bench-pdf-heic.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
