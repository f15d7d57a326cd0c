/**
 * The recognition section of `npm run bench`: reading a receipt's ground-truth lines in the
 * app's worker (WASM) against onnxruntime-node on the same pixels and the same regions, and the
 * time to the first visible text of a whole job (detection, then reading, shown as it arrives).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Polygon } from '../../src/core/geometry/types.js';
import {
  RECOGNITION_BATCHING_WASM,
  recognizeRegions,
} from '../../src/features/recognition/pipeline/recognize.js';
import type { RecognizeRequest } from '../../src/protocol/detector.js';
import { pageJsMemory } from './bench-faults.js';
import { REPO_ROOT } from './browser.js';
import {
  type DecodedImage,
  loadNativeRecognizer,
  openNativeRecognizer,
} from './native-inference.js';
import { median, round } from './stats.js';

/** One receipt's figures (medians over the runs), ms. */
export interface RecognitionImageFigures {
  image: string;
  lines: number;
  /** Worker's recognition of the ground-truth lines (full-size decode, crops, runs). */
  wasmMs: number;
  /** onnxruntime-node, same pixels, regions, crops and batching, on the same thread count. */
  nativeMs: number;
  /** A whole job with text: call → first regions shown, → first text shown, → done. */
  regionsShownMs: number;
  firstTextMs: number;
  jobWithTextMs: number;
  /** The same job without text, alternated with the one above. */
  jobWithoutTextMs: number;
}

/** The section's report. */
export interface RecognitionReport {
  perImage: RecognitionImageFigures[];
  /** Medians over the receipts. */
  wasmMsPerReceipt: number;
  nativeMsPerReceipt: number;
  /** Σ WASM / Σ native over the receipts' lines (same crops). */
  ratio: number;
  wasmMsPerLine: number;
  nativeMsPerLine: number;
  firstTextMs: number;
  jobWithTextMs: number;
  jobWithoutTextMs: number;
  threads: number;
  /** The batching both sides ran: the WASM default with the bench's overrides. */
  batching: { maxBatchSize: number; fitWidths: boolean; minInputWidth: number };
  /**
   * The detector worker's JS + WebAssembly memory before the recognizer was first used and after
   * its first reading, MB (measureUserAgentSpecificMemory; NaN where unavailable).
   */
  workerMemoryMB: { before: number; after: number; extra: number };
}

interface GroundTruthLines {
  polygons: Polygon[];
}

function countedPolygons(jsonFolder: string, image: string): Polygon[] {
  const gt = JSON.parse(
    readFileSync(join(jsonFolder, image.replace(/\.[^.]+$/, '.json')), 'utf8'),
  ) as GroundTruthLines & { ignore: boolean[] };
  return gt.polygons.filter((_, i) => !gt.ignore[i]);
}

/**
 * Measures `images` (already uploaded to the page as script blobs) with ground truth in
 * `jsonFolder`. `decode` returns the page's own full-size pixels of an image, so Node crops
 * exactly what the worker crops.
 */
export async function benchRecognition(
  page: Page,
  options: {
    images: readonly string[];
    jsonFolder: string;
    runs: number;
    warmup: number;
    threads: number;
    /** Overrides of the WASM batching (`--rec-batch`, `--rec-fit-widths`), for both sides. */
    batching?: RecognizeRequest['batching'];
    decode: (page: Page, name: string) => Promise<DecodedImage>;
    log: (message: string) => void;
  },
): Promise<RecognitionReport> {
  const modelsFolder = join(REPO_ROOT, 'public', 'models');
  const { descriptor, classes } = loadNativeRecognizer(modelsFolder);
  const native = await openNativeRecognizer(modelsFolder, descriptor, options.threads);
  // Native reads the same crops in the same batches as the worker does on WASM.
  const batching = { ...RECOGNITION_BATCHING_WASM, ...options.batching };
  const perImage: RecognitionImageFigures[] = [];
  const memoryBefore = (await pageJsMemory(page)).workerMB;
  let memoryAfter = Number.NaN;
  try {
    for (const [index, image] of options.images.entries()) {
      const polygons = countedPolygons(options.jsonFolder, image);
      const page_ = await page.evaluate(
        async ({ image, polygons, runs, warmup, batching }) => {
          const handle = window.__textspotTest!;
          const blob = window.__scriptBlobs!.get(image)!;
          const params = handle.catalog()!.models[0]!.postprocess;
          const recognize = {
            descriptorUrl: new URL('models/ppocr-v4-rec.json', document.baseURI).href,
            cacheWeights: true,
            batching,
          };
          const read = async () =>
            (
              await handle.engine.readRegions(
                { image: blob, imagePolygons: polygons, recognize },
                { timeoutMs: 600_000 },
              )
            ).recognitionMs;
          for (let i = 0; i < warmup; i++) await read();
          const wasm: number[] = [];
          for (let i = 0; i < runs; i++) wasm.push(await read());
          const jobs: {
            regionsShownMs: number;
            firstTextMs: number;
            withTextMs: number;
            withoutTextMs: number;
          }[] = [];
          for (let i = 0; i < runs; i++) {
            let regionsShownMs = Number.NaN;
            let firstTextMs = Number.NaN;
            const start = performance.now();
            await handle.engine.detect(
              { image: blob, params, thumbnailLongSide: 1024, recognize },
              {
                timeoutMs: 600_000,
                onProgress: (progress: { readCount: number }) => {
                  const now = performance.now() - start;
                  if (Number.isNaN(regionsShownMs)) regionsShownMs = now;
                  if (Number.isNaN(firstTextMs) && progress.readCount > 0) firstTextMs = now;
                },
              },
            );
            const withTextMs = performance.now() - start;
            const plain = performance.now();
            await handle.engine.detect(
              { image: blob, params, thumbnailLongSide: 1024 },
              { timeoutMs: 600_000 },
            );
            jobs.push({
              regionsShownMs,
              firstTextMs,
              withTextMs,
              withoutTextMs: performance.now() - plain,
            });
          }
          return { wasm, jobs };
        },
        {
          image,
          polygons,
          runs: options.runs,
          warmup: index === 0 ? options.warmup : 1,
          batching: options.batching ?? {},
        },
      );
      if (index === 0) memoryAfter = (await pageJsMemory(page)).workerMB;
      const pixels = await options.decode(page, image);
      const rgba = { data: pixels.rgba, width: pixels.width, height: pixels.height };
      const nativeRun = async () => {
        const start = performance.now();
        await recognizeRegions(rgba, polygons, descriptor, classes, native.run, { batching });
        return performance.now() - start;
      };
      for (let i = 0; i < (index === 0 ? options.warmup : 1); i++) await nativeRun();
      const nativeTimes: number[] = [];
      for (let i = 0; i < options.runs; i++) nativeTimes.push(await nativeRun());
      const figures: RecognitionImageFigures = {
        image,
        lines: polygons.length,
        wasmMs: round(median(page_.wasm), 1),
        nativeMs: round(median(nativeTimes), 1),
        regionsShownMs: round(median(page_.jobs.map((j) => j.regionsShownMs)), 1),
        firstTextMs: round(median(page_.jobs.map((j) => j.firstTextMs)), 1),
        jobWithTextMs: round(median(page_.jobs.map((j) => j.withTextMs)), 1),
        jobWithoutTextMs: round(median(page_.jobs.map((j) => j.withoutTextMs)), 1),
      };
      options.log(
        `  ${image}: ${figures.lines} lines, WASM ${figures.wasmMs} ms, native ${figures.nativeMs} ms, first text ${figures.firstTextMs} ms`,
      );
      perImage.push(figures);
    }
  } finally {
    await native.release();
  }
  const sum = (pick: (f: RecognitionImageFigures) => number) =>
    perImage.reduce((total, f) => total + pick(f), 0);
  const lines = sum((f) => f.lines);
  const middle = (pick: (f: RecognitionImageFigures) => number) =>
    round(median(perImage.map(pick)), 1);
  return {
    perImage,
    wasmMsPerReceipt: middle((f) => f.wasmMs),
    nativeMsPerReceipt: middle((f) => f.nativeMs),
    ratio: round(sum((f) => f.wasmMs) / sum((f) => f.nativeMs), 2),
    wasmMsPerLine: round(sum((f) => f.wasmMs) / lines, 1),
    nativeMsPerLine: round(sum((f) => f.nativeMs) / lines, 1),
    firstTextMs: middle((f) => f.firstTextMs),
    jobWithTextMs: middle((f) => f.jobWithTextMs),
    jobWithoutTextMs: middle((f) => f.jobWithoutTextMs),
    threads: options.threads,
    batching: {
      maxBatchSize: batching.maxBatchSize,
      fitWidths: batching.fitWidths ?? false,
      minInputWidth: batching.minInputWidth ?? 0,
    },
    workerMemoryMB: {
      before: round(memoryBefore, 1),
      after: round(memoryAfter, 1),
      extra: round(memoryAfter - memoryBefore, 1),
    },
  };
}
