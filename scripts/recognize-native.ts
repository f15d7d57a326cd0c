/**
 * `npx tsx scripts/recognize-native.ts [--folder ../shared/eval/dev] [--threads 2] [--variants] [--bench]`:
 * reads the text of every ground-truth region of an evaluation folder with the project's own
 * pure recognition core (perspective crops, batching, normalisation, CTC decoding) on
 * onnxruntime-node, and scores it against the ground-truth texts per source. Node only.
 *
 * Scores: exact match with whitespace ignored, case-insensitive and case-sensitive; character
 * error rate = Levenshtein distance / ground-truth length, pooled over lines, case-insensitive
 * and whitespace ignored (PaddleOCR's ignore_space). Don't-care regions are skipped.
 * `--variants` also scores crop paddings, punctuation normalisation off, and PaddleOCR's own
 * batching; `--bench` times batching policies on the lines of the first `--bench-images` SROIE
 * images (`--bench-only` skips the accuracy runs). The last line printed is JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import type { Polygon } from '../src/core/geometry/types.js';
import type { RgbaImage } from '../src/core/image.js';
import type { BatchingPolicy } from '../src/features/recognition/pipeline/batching.js';
import { CROP_PADDING_PX } from '../src/features/recognition/pipeline/crops.js';
import type { RecognizerDescriptor } from '../src/features/recognition/pipeline/descriptor.js';
import type { ClassCharacters } from '../src/features/recognition/pipeline/dictionary.js';
import { normalizeFullWidth } from '../src/features/recognition/pipeline/punctuation.js';
import {
  RECOGNITION_BATCHING,
  type RecognizeOptions,
  recognizeRegions,
} from '../src/features/recognition/pipeline/recognize.js';
import {
  loadNativeRecognizer,
  type NativeRecognizer,
  openNativeRecognizer,
} from './lib/native-inference.js';
import { formatTable, median, round } from './lib/stats.js';
import { addLine as addLineTotals, emptyLineTotals } from './lib/text-score.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsFolder = join(root, 'public/models');

/** One evaluation image with the texts of its counted (not don't-care) regions. */
interface TextImage {
  name: string;
  source: string;
  image: RgbaImage;
  polygons: Polygon[];
  texts: string[];
}

/** Totals of one source for one configuration. */
interface SourceScore {
  lines: number;
  exactInsensitive: number;
  exactSensitive: number;
  editDistance: number;
  gtCharacters: number;
  totalMs: number;
  inferenceMs: number;
}

function loadImages(folder: string): TextImage[] {
  const jsonFolder = join(folder, 'json');
  return readdirSync(jsonFolder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const gt = JSON.parse(readFileSync(join(jsonFolder, name), 'utf8')) as {
        image: string;
        source: string;
        polygons: Polygon[];
        texts: string[];
        ignore: boolean[];
      };
      if (gt.texts.length !== gt.polygons.length || gt.ignore.length !== gt.polygons.length) {
        throw new TypeError(`${name}: texts, polygons and ignore differ in length`);
      }
      const decoded = jpeg.decode(readFileSync(join(folder, 'images', gt.image)), {
        useTArray: true,
        formatAsRGBA: true,
        maxMemoryUsageInMB: 1024,
      });
      const counted = gt.polygons.map((_, i) => i).filter((i) => !gt.ignore[i]);
      return {
        name: gt.image,
        source: gt.source,
        image: { data: decoded.data, width: decoded.width, height: decoded.height },
        polygons: counted.map((i) => gt.polygons[i]!),
        texts: counted.map((i) => gt.texts[i]!),
      };
    });
}

type Scores = Map<string, SourceScore>;

function addLine(scores: Scores, key: string, truthText: string, readText: string): SourceScore {
  const score = scores.get(key) ?? { ...emptyLineTotals(), totalMs: 0, inferenceMs: 0 };
  scores.set(key, score);
  addLineTotals(score, truthText, readText);
  return score;
}

/**
 * Reads every image once with the model's raw output (no punctuation normalisation) and scores
 * it twice: as the app returns it (normalised) and raw, so the normalisation's effect costs no
 * second inference.
 */
async function evaluate(
  images: readonly TextImage[],
  descriptor: RecognizerDescriptor,
  classes: ClassCharacters,
  session: NativeRecognizer,
  options: RecognizeOptions,
): Promise<{ normalized: Scores; raw: Scores }> {
  const normalized: Scores = new Map();
  const raw: Scores = new Map();
  for (const item of images) {
    const inferenceBefore = session.inferenceMs();
    const start = performance.now();
    const results = await recognizeRegions(
      item.image,
      item.polygons,
      descriptor,
      classes,
      session.run,
      { ...options, normalizePunctuation: false },
    );
    const totalMs = performance.now() - start;
    const inferenceMs = session.inferenceMs() - inferenceBefore;
    for (const key of [item.source, 'all']) {
      for (const [scores, transform] of [
        [normalized, normalizeFullWidth],
        [raw, (text: string) => text],
      ] as const) {
        let score: SourceScore | undefined;
        results.forEach(({ text }, i) => {
          score = addLine(scores, key, item.texts[i]!, transform(text));
        });
        if (score) {
          score.totalMs += totalMs;
          score.inferenceMs += inferenceMs;
        }
      }
    }
  }
  return { normalized, raw };
}

function summary(score: SourceScore) {
  return {
    lines: score.lines,
    exactInsensitive: round(score.exactInsensitive / score.lines, 4),
    exactSensitive: round(score.exactSensitive / score.lines, 4),
    cer: round(score.editDistance / score.gtCharacters, 4),
    msPerLine: round(score.totalMs / score.lines, 2),
    inferenceMsPerLine: round(score.inferenceMs / score.lines, 2),
  };
}

function printScores(title: string, scores: Scores): void {
  const rows = [...scores].map(([source, score]) => {
    const s = summary(score);
    return [
      source,
      String(s.lines),
      s.exactInsensitive.toFixed(4),
      s.exactSensitive.toFixed(4),
      s.cer.toFixed(4),
      s.msPerLine.toFixed(2),
      s.inferenceMsPerLine.toFixed(2),
    ];
  });
  console.log(`\n${title}`);
  console.log(
    formatTable(
      ['source', 'lines', 'exact (ci)', 'exact (cs)', 'CER (ci)', 'ms/line', 'infer ms/line'],
      rows,
    ),
  );
}

/** Timed passes per batching policy in `--bench`, after one warm-up pass. */
const BENCH_PASSES = 3;

/** Every multiple of `step` from `from` to `to`, px. */
function everyMultiple(from: number, to: number, step: number): number[] {
  const widths: number[] = [];
  for (let width = from; width <= to; width += step) widths.push(width);
  return widths;
}

/** PaddleOCR's own batching: 6 lines, width of the widest (at least 320 px), no bucketing beyond the 8 px time step. */
const PADDLE_BATCHING: BatchingPolicy = {
  widthBuckets: everyMultiple(320, 4096, 8),
  maxBatchSize: 6,
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      folder: { type: 'string', default: join(root, '../shared/eval/dev') },
      threads: { type: 'string', default: '2' },
      variants: { type: 'boolean', default: false },
      bench: { type: 'boolean', default: false },
      'bench-images': { type: 'string', default: '4' },
      'bench-only': { type: 'boolean', default: false },
    },
  });
  const { descriptor, classes } = loadNativeRecognizer(modelsFolder);
  const threads = Number(values.threads);
  const images = loadImages(resolve(values.folder));
  const session = await openNativeRecognizer(modelsFolder, descriptor, threads);
  const result: Record<string, unknown> = { threads, cropPaddingPx: CROP_PADDING_PX };
  const toJson = (scores: Scores) =>
    Object.fromEntries([...scores].map(([source, score]) => [source, summary(score)]));
  if (!values['bench-only']) {
    // Warm-up: the first runs of each shape are slower (allocation, kernel selection).
    for (const item of images.slice(0, 2)) {
      await recognizeRegions(item.image, item.polygons, descriptor, classes, session.run);
    }
    const defaults = await evaluate(images, descriptor, classes, session, {});
    const defaultsTitle = `defaults: padding ${CROP_PADDING_PX} px, batching ${JSON.stringify(RECOGNITION_BATCHING)}`;
    printScores(`${defaultsTitle}, punctuation normalised`, defaults.normalized);
    printScores(`${defaultsTitle}, punctuation not normalised`, defaults.raw);
    result['defaults'] = toJson(defaults.normalized);
    result['defaultsPunctuationRaw'] = toJson(defaults.raw);
  }

  if (values.variants) {
    const variants: [string, RecognizeOptions][] = [
      ['padding 0 px', { paddingPx: 0 }],
      ['padding 4 px', { paddingPx: 4 }],
      ['PaddleOCR batching (6 lines, ≥ 320 px, exact width)', { batching: PADDLE_BATCHING }],
    ];
    const variantResults: Record<string, unknown> = {};
    for (const [name, options] of variants) {
      const { normalized } = await evaluate(images, descriptor, classes, session, options);
      printScores(name, normalized);
      variantResults[name] = toJson(normalized);
    }
    result['variants'] = variantResults;
  }

  if (values.bench) {
    const sroie = images
      .filter((item) => item.source === 'sroie')
      .slice(0, Number(values['bench-images']));
    const policies: [string, BatchingPolicy][] = [
      ['64-step to 1280, batch 1', { ...RECOGNITION_BATCHING, maxBatchSize: 1 }],
      ['64-step to 1280, batch 4', { ...RECOGNITION_BATCHING, maxBatchSize: 4 }],
      ['64-step to 1280, batch 8', { ...RECOGNITION_BATCHING, maxBatchSize: 8 }],
      ['64-step to 1280, batch 16', { ...RECOGNITION_BATCHING, maxBatchSize: 16 }],
      [
        'powers-ish 128/256/512/1024/1280, batch 8',
        { widthBuckets: [128, 256, 512, 1024, 1280], maxBatchSize: 8 },
      ],
      ['32-step to 1280, batch 8', { widthBuckets: everyMultiple(32, 1280, 32), maxBatchSize: 8 }],
      ['PaddleOCR (6, ≥ 320, exact)', PADDLE_BATCHING],
    ];
    // One warm-up pass for every policy's shapes, then BENCH_PASSES timed passes, each starting
    // at the next policy, so a change in the shared machine's load hits all policies alike.
    const timedMs = policies.map(() => [] as number[]);
    const inferenceMs = policies.map(() => [] as number[]);
    const cer = policies.map(() => 0);
    for (let pass = 0; pass <= BENCH_PASSES; pass++) {
      for (let k = 0; k < policies.length; k++) {
        const index = (k + pass) % policies.length;
        const batching = policies[index]![1];
        const { normalized } = await evaluate(sroie, descriptor, classes, session, { batching });
        if (pass === 0) continue;
        const s = summary(normalized.get('sroie')!);
        timedMs[index]!.push(s.msPerLine);
        inferenceMs[index]!.push(s.inferenceMsPerLine);
        cer[index] = s.cer;
      }
    }
    const lineCount = sroie.reduce((sum, item) => sum + item.texts.length, 0);
    const rows = policies.map(([name], i) => [
      name,
      String(lineCount),
      median(timedMs[i]!).toFixed(2),
      timedMs[i]!.map((ms) => ms.toFixed(0)).join(' '),
      median(inferenceMs[i]!).toFixed(2),
      cer[i]!.toFixed(4),
    ]);
    result['bench'] = Object.fromEntries(
      policies.map(([name], i) => [
        name,
        { msPerLine: median(timedMs[i]!), passes: timedMs[i], cer: cer[i] },
      ]),
    );
    console.log(
      `\nbatching on SROIE lines, ${threads} threads, median of ${BENCH_PASSES} interleaved passes`,
    );
    console.log(
      formatTable(['policy', 'lines', 'ms/line', 'each pass', 'infer ms/line', 'CER (ci)'], rows),
    );
  }
  console.log(JSON.stringify(result));
}

await main();
