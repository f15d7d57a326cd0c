/**
 * `npx tsx scripts/bench-searchable-pdf.ts [--folder ../shared/eval/dev] [--threads 2] [--out file.pdf] [--pages 100]`:
 * the size and writing time of a searchable PDF of every image of an evaluation folder. Each image
 * is detected and read with the app's pipeline on onnxruntime-node (no line classifier), encoded
 * as JPEG at the app's quality with jpeg-js (the app uses the browser's encoder), and written with
 * the app's writer and font. Prints reading time, JPEG encoding time, PDF writing time, pages,
 * words and bytes; the last line is JSON. Timings are only valid on a quiet machine.
 * `--pages N` then writes N pages (the folder's, over and over) twice, measuring the writer's
 * memory (V8 heap + array buffers, after a GC when run with NODE_OPTIONS=--expose-gc) after each
 * page: streamed as the app does (each piece written to a file and dropped) and, for contrast,
 * with every piece held until the end (what one buffer from pdf-lib's save() amounts to).
 */
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-node';
import { detectRegions } from '../src/features/detection/pipeline/detect.js';
import {
  type SearchablePage,
  searchablePdfChunks,
  wordsInReadingOrder,
  writeSearchablePdf,
} from '../src/features/export/pipeline/searchable-pdf.js';
import { PPOCR_V4_DET } from '../src/features/models/pipeline/catalog.js';
import { readWithKeptTexts } from '../src/features/recognition/pipeline/reread.js';
import { loadNativeRecognizer, openNativeRecognizer } from './lib/native-inference.js';

/** The app's JPEG quality (src/features/export/worker/pdf-writer.ts: 0.85), on jpeg-js's 0–100 scale. */
const JPEG_QUALITY = 85;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const models = join(root, 'public/models');
const { values } = parseArgs({
  options: {
    folder: { type: 'string', default: join(root, '../shared/eval/dev') },
    threads: { type: 'string', default: '2' },
    out: { type: 'string' },
    pages: { type: 'string', default: '0' },
  },
});
const folder = resolve(values.folder);
const threads = Number(values.threads);
const { descriptor, classes } = loadNativeRecognizer(models);
const recognizer = await openNativeRecognizer(models, descriptor, threads);
const detector = await ort.InferenceSession.create(join(models, PPOCR_V4_DET.file!), {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
});
const detect = async (tensor: Float32Array, dims: readonly number[]) => {
  const outputs = await detector.run({
    [detector.inputNames[0]!]: new ort.Tensor('float32', tensor, dims as number[]),
  });
  const output = outputs[detector.outputNames[0]!]!;
  return { data: output.data as Float32Array, dims: output.dims };
};

const pages: SearchablePage[] = [];
let readMs = 0;
let encodeMs = 0;
const names = readdirSync(join(folder, 'images'))
  .filter((name) => /\.jpe?g$/i.test(name))
  .sort();
for (const name of names) {
  const bytes = readFileSync(join(folder, 'images', name));
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxMemoryUsageInMB: 1024,
  });
  const start = performance.now();
  const found = await detectRegions(image, image, PPOCR_V4_DET, PPOCR_V4_DET.postprocess, detect);
  const read = await readWithKeptTexts(found.detections, new Map(), async () => image, {
    descriptor,
    classes,
    run: recognizer.run,
  });
  readMs += performance.now() - start;
  const encodeStart = performance.now();
  const encoded = jpeg.encode(image, JPEG_QUALITY).data;
  encodeMs += performance.now() - encodeStart;
  pages.push({
    jpeg: encoded,
    width: image.width,
    height: image.height,
    detections: read.detections,
  });
}
const font = readFileSync(join(root, 'public/fonts/DejaVuSansMono.ttf'));
const writeStart = performance.now();
const pdf = await writeSearchablePdf(pages, { font });
const writeMs = performance.now() - writeStart;
if (values.out) writeFileSync(values.out, pdf);
await recognizer.release();
await detector.release();
const words = pages.reduce((sum, page) => sum + wordsInReadingOrder(page.detections).length, 0);
const jpegBytes = pages.reduce((sum, page) => sum + page.jpeg.length, 0);
const result = {
  pages: pages.length,
  words,
  pdfBytes: pdf.length,
  jpegBytes,
  readMs: Math.round(readMs),
  jpegEncodeMs: Math.round(encodeMs),
  pdfWriteMs: Math.round(writeMs),
};
console.log(
  `${result.pages} pages, ${words} words: PDF ${(pdf.length / 1e6).toFixed(2)} MB (JPEGs ${(jpegBytes / 1e6).toFixed(2)} MB); ` +
    `read ${result.readMs} ms, JPEG ${result.jpegEncodeMs} ms, PDF writing ${result.pdfWriteMs} ms`,
);

/** Bytes the writer holds: V8's heap and array buffers, after a full GC when it is exposed. */
function heldBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

/** Writes `count` pages streamed (pieces to a file) or held (pieces kept); bytes held after each page. */
async function memoryOver(count: number, hold: boolean): Promise<number[]> {
  async function* cycled(): AsyncGenerator<SearchablePage> {
    // A fresh copy per page, as each page's JPEG is a fresh buffer in the app's worker.
    for (let i = 0; i < count; i++) {
      const page = pages[i % pages.length]!;
      yield { ...page, jpeg: page.jpeg.slice() };
    }
  }
  const path = join(tmpdir(), `textspot-bench-${process.pid}.pdf`);
  const file = openSync(path, 'w');
  const held: Uint8Array[] = [];
  const samples: number[] = [];
  try {
    for await (const chunk of searchablePdfChunks(cycled(), {
      font,
      onPage: () => samples.push(heldBytes()),
    })) {
      if (hold) held.push(chunk);
      else writeSync(file, chunk);
    }
  } finally {
    closeSync(file);
    rmSync(path, { force: true });
  }
  return samples;
}

const memoryPages = Number(values.pages);
const memory: Record<string, unknown> = {};
if (memoryPages > 0) {
  if (!(globalThis as { gc?: unknown }).gc) {
    console.warn('run with NODE_OPTIONS=--expose-gc for memory figures after a full GC');
  }
  for (const [mode, hold] of [
    ['streamed', false],
    ['held', true],
  ] as const) {
    const samples = await memoryOver(memoryPages, hold);
    const early = Math.min(10, samples.length) - 1;
    const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
    const growth = (samples.at(-1)! - samples[early]!) / (samples.length - 1 - early);
    memory[mode] = {
      mbAfterPage10: mb(samples[early]!),
      mbAfterLastPage: mb(samples.at(-1)!),
      mbPeak: mb(Math.max(...samples)),
      kbPerPageAfter10: Math.round(growth / 100) / 10,
    };
    console.log(
      `${memoryPages} pages ${mode}: ${mb(samples[early]!)} MB after page ${early + 1}, ` +
        `${mb(samples.at(-1)!)} MB after page ${samples.length} (${(growth / 1e3).toFixed(1)} kB a page)`,
    );
  }
}
console.log(JSON.stringify(memoryPages > 0 ? { ...result, memoryPages, memory } : result));
