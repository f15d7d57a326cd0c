/**
 * `npm run eval -- <folder>`: detects text in every image of `<folder>/images` through the app's
 * own engine, worker and model in headless Chromium, writes the predictions (polygons in original
 * image pixels) and per-image timings, and scores them with the ICDAR 2015 IoU protocol. With
 * `--recognize` it reads each region's text too and scores it (scripts/lib/text-score.ts); with
 * `--gt-boxes` it reads the ground truth's regions instead of detecting.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Polygon } from '../src/core/geometry/types.js';
import type {
  Backend,
  Detection,
  StageTimings,
} from '../src/features/detection/pipeline/detection.js';
import {
  type ResultsEntry,
  resultsEntry,
  toPredictions,
} from '../src/features/export/pipeline/json.js';
import type {
  ModelDescriptor,
  PostprocessParams,
} from '../src/features/models/pipeline/descriptor.js';
import { readingOrientationText } from '../src/features/recognition/pipeline/reading-orientation.js';
import { type SetScore, scoreSet } from '../src/features/tuning/pipeline/icdar2015.js';
import type { DetectResult, LoadResult } from '../src/protocol/detector.js';
import {
  buildE2e,
  isImageFile,
  launchChromium,
  log,
  newAppContext,
  openApp,
  startPreview,
  uploadBlobs,
} from './lib/browser.js';
import {
  EVAL_USAGE,
  type EvalOptions,
  parseEvalArgs,
  timingsPathFor,
  withOverrides,
} from './lib/eval-options.js';
import { loadGroundTruth } from './lib/gt.js';
import { evaluateFieldsFromLines, reportFieldsFromReads } from './lib/receipt-eval.js';
import { formatTable, median, round } from './lib/stats.js';
import {
  scoreTextImage,
  scoreTextSet,
  type TextGroundTruthImage,
  type TextPrediction,
  type TextScore,
  toTextScore,
} from './lib/text-score.js';

/** An image whose matched lines' CER is over this is read as garbage (the issue's measure). */
const GARBLED_CER = 0.3;

/** What the page sends back for one image: the result without its thumbnail, map and page. */
type PageDetection = Omit<DetectResult, 'thumbnail' | 'map' | 'document'> & {
  /** With --preprocess: how the page was found and turned. */
  document: { method: string | null; quarterTurnsCCW: number; skewDeg: number } | null;
  /** engine.detect as the page awaited it, ms. */
  wallMs: number;
};

/** One image's line in the timings file. */
interface ImageTiming {
  image: string;
  imageWidth: number;
  imageHeight: number;
  inputWidth: number;
  inputHeight: number;
  regions: number;
  wallMs: number;
  timings: StageTimings;
  backend: Backend;
  /** With --preprocess: how the page was found and turned. */
  document?: PageDetection['document'];
  /** With --recognize: how the text was turned before it was read. */
  readingOrientation?: PageDetection['readingOrientation'];
}

function formatScore(score: SetScore): string[] {
  return [
    score.precision.toFixed(4),
    score.recall.toFixed(4),
    score.hmean.toFixed(4),
    `${score.matched} / ${score.gt} / ${score.pred}`,
  ];
}

function formatTextScore(score: TextScore): string[] {
  return [
    String(score.lines),
    score.exactSensitive.toFixed(4),
    score.exactInsensitive.toFixed(4),
    score.cer.toFixed(4),
    score.endToEnd.hmean.toFixed(4),
  ];
}

function roundTextScore(score: TextScore) {
  return {
    lines: score.lines,
    exactSensitive: round(score.exactSensitive, 4),
    exactInsensitive: round(score.exactInsensitive, 4),
    cer: round(score.cer, 4),
    endToEnd: {
      precision: round(score.endToEnd.precision, 4),
      recall: round(score.endToEnd.recall, 4),
      hmean: round(score.endToEnd.hmean, 4),
      matched: score.endToEnd.matched,
    },
  };
}

function roundScore(score: SetScore) {
  return {
    precision: round(score.precision, 4),
    recall: round(score.recall, 4),
    hmean: round(score.hmean, 4),
    matched: score.matched,
    gt: score.gt,
    pred: score.pred,
  };
}

async function evaluate(options: EvalOptions): Promise<void> {
  const folder = resolve(options.folder);
  // Receipt images with keys/ only (--fields) have no boxes to score detection against.
  const gts = options.fields && !existsSync(join(folder, 'json')) ? [] : loadGroundTruth(folder);
  const gtByImage = new Map(gts.map((gt) => [gt.image, gt]));
  const imagesFolder = join(folder, 'images');
  const imageNames = readdirSync(imagesFolder).filter(isImageFile).sort();
  if (imageNames.length === 0) throw new Error(`no images in ${imagesFolder}`);
  const withoutGt = imageNames.filter((name) => !gtByImage.has(name));
  if (withoutGt.length > 0) log(`no ground truth (detected, not scored): ${withoutGt.join(', ')}`);

  if (options.build) buildE2e();
  const server = await startPreview();
  const browser = await launchChromium(options.backend);
  try {
    const context = await newAppContext(browser);
    const page = await openApp(context, server.url, options.backend);
    const setup = await page.evaluate(
      async ({ modelId, backend }) => {
        const handle = window.__textspotTest!;
        const catalog = handle.catalog()!;
        const wanted = modelId ?? catalog.defaultId;
        const descriptor = catalog.models.find((model) => model.id === wanted);
        return { descriptor: descriptor ?? null, known: catalog.models.map((m) => m.id), backend };
      },
      { modelId: options.modelId, backend: options.backend },
    );
    if (!setup.descriptor) {
      throw new Error(`no model "${options.modelId}" in the catalog (${setup.known.join(', ')})`);
    }
    const descriptor: ModelDescriptor = withOverrides(
      setup.descriptor,
      options.descriptor,
      options.params,
    );
    const params: PostprocessParams = descriptor.postprocess;
    log(
      `model ${descriptor.id} · ${descriptor.normalization.channelOrder} · input ${JSON.stringify(descriptor.input)}`,
    );
    log(`params ${JSON.stringify(params)}`);
    if (options.document) log(`document ${JSON.stringify(options.document)}`);

    const loadResult: LoadResult = await page.evaluate(
      async ({ descriptor, backend }) => {
        const handle = window.__textspotTest!;
        return handle.engine.setModel(handle.loadRequestFor(descriptor, backend));
      },
      { descriptor, backend: options.backend },
    );
    log(
      `loaded on ${loadResult.backend} (${loadResult.threads} threads), session ${round(loadResult.sessionCreateMs)} ms`,
    );

    // One results entry per image, as the app's JSON export builds it; the files below derive from them.
    const entries: ResultsEntry[] = [];
    const textPredictions: Record<string, (TextPrediction & { score: number })[]> = {};
    const timings: ImageTiming[] = [];
    const failures: { image: string; error: string }[] = [];
    for (const [index, name] of imageNames.entries()) {
      const gt = gtByImage.get(name);
      if (options.gtBoxes && !gt) continue;
      await uploadBlobs(page, [{ name, bytes: readFileSync(join(imagesFolder, name)) }]);
      try {
        // --gt-boxes reads the counted ground-truth regions, as scripts/recognize-native.ts does.
        const gtPolygons = options.gtBoxes
          ? gt!.polygons.filter((_, i) => !gt!.ignore[i] && gt!.texts?.[i] !== undefined)
          : null;
        const result: PageDetection = await page.evaluate(
          async ({ name, params, timeoutMs, recognizeText, gtPolygons, documentParams }) => {
            const handle = window.__textspotTest!;
            const image = window.__scriptBlobs!.get(name)!;
            window.__scriptBlobs!.delete(name);
            const recognize = {
              descriptorUrl: new URL('models/ppocr-v4-rec.json', document.baseURI).href,
              cacheWeights: true,
            };
            const start = performance.now();
            if (gtPolygons) {
              const read = await handle.engine.readRegions(
                { image, imagePolygons: gtPolygons, recognize },
                { timeoutMs },
              );
              return {
                detections: gtPolygons.map((imagePolygon, i) => ({
                  imagePolygon,
                  score: 1,
                  text: read.regions[i]!.text,
                  textScore: read.regions[i]!.textScore,
                })),
                imageWidth: 0,
                imageHeight: 0,
                inputWidth: 0,
                inputHeight: 0,
                timings: {
                  decodeMs: 0,
                  preprocessMs: 0,
                  inferenceMs: 0,
                  postprocessMs: 0,
                  recognitionMs: read.recognitionMs,
                },
                backend: read.backend,
                recognizerId: read.recognizerId,
                document: null,
                wallMs: performance.now() - start,
              };
            }
            const detected = await handle.engine.detect(
              {
                image,
                params,
                thumbnailLongSide: 64,
                ...(recognizeText ? { recognize } : {}),
                ...(documentParams ? { document: documentParams } : {}),
              },
              { timeoutMs },
            );
            const wallMs = performance.now() - start;
            return {
              detections: detected.detections,
              imageWidth: detected.imageWidth,
              imageHeight: detected.imageHeight,
              inputWidth: detected.inputWidth,
              inputHeight: detected.inputHeight,
              timings: detected.timings,
              document: detected.document
                ? {
                    method: detected.document.method,
                    quarterTurnsCCW: detected.document.quarterTurnsCCW,
                    skewDeg: detected.document.skewDeg,
                  }
                : null,
              backend: detected.backend,
              ...(detected.readingOrientation
                ? { readingOrientation: detected.readingOrientation }
                : {}),
              wallMs,
            };
          },
          {
            name,
            params,
            timeoutMs: options.timeoutMs,
            recognizeText: options.recognize,
            gtPolygons,
            documentParams: options.document,
          },
        );
        if (
          gt &&
          !gtPolygons &&
          (gt.width !== result.imageWidth || gt.height !== result.imageHeight)
        ) {
          // The worker applies EXIF orientation; ground truth is in stored pixels.
          log(
            `warning: ${name} decoded as ${result.imageWidth}×${result.imageHeight}, ground truth says ${gt.width}×${gt.height}`,
          );
        }
        const entry = resultsEntry({ fileName: name, modelId: descriptor.id, params, result });
        entries.push(entry);
        if (options.recognize) textPredictions[name] = textPredictionsOf(entry.detections);
        timings.push({
          image: name,
          imageWidth: result.imageWidth,
          imageHeight: result.imageHeight,
          inputWidth: result.inputWidth,
          inputHeight: result.inputHeight,
          regions: entry.detections.length,
          wallMs: round(result.wallMs, 2),
          timings: {
            decodeMs: round(result.timings.decodeMs, 2),
            preprocessMs: round(result.timings.preprocessMs, 2),
            inferenceMs: round(result.timings.inferenceMs, 2),
            postprocessMs: round(result.timings.postprocessMs, 2),
            ...(result.timings.recognitionMs === undefined
              ? {}
              : { recognitionMs: round(result.timings.recognitionMs, 2) }),
            ...Object.fromEntries(
              (['pageMs', 'orientationMs', 'warpMs', 'enhanceMs'] as const)
                .filter((key) => result.timings[key] !== undefined)
                .map((key) => [key, round(result.timings[key]!, 2)]),
            ),
          },
          backend: result.backend,
          ...(result.document ? { document: result.document } : {}),
          ...(result.readingOrientation ? { readingOrientation: result.readingOrientation } : {}),
        });
        const turned = result.readingOrientation
          ? `, ${readingOrientationText(result.readingOrientation)}`
          : '';
        log(
          `[${index + 1}/${imageNames.length}] ${name}: ${entry.detections.length} regions, ${round(result.wallMs)} ms${turned}`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        failures.push({ image: name, error: message });
        entries.push(
          resultsEntry({
            fileName: name,
            modelId: descriptor.id,
            params,
            result: null,
            error: { name: error instanceof Error ? error.name : 'Error', message },
          }),
        );
        if (options.recognize) textPredictions[name] = [];
        log(`[${index + 1}/${imageNames.length}] ${name}: FAILED ${message}`);
      }
    }

    // The app's predictions writer: polygons in original-image pixels to 0.01 px.
    const predictions = toPredictions(entries);
    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    // With --recognize each region is {points, text, score}, the score being the text's confidence.
    const written = options.recognize
      ? Object.fromEntries(
          Object.entries(textPredictions).map(([name, regions]) => [
            name,
            regions.map((region) => ({
              points: region.polygon,
              text: region.text,
              score: round(region.score, 4),
            })),
          ]),
        )
      : predictions;
    writeFileSync(out, `${JSON.stringify(written)}\n`);
    const timingsPath = timingsPathFor(out);
    writeFileSync(
      timingsPath,
      `${JSON.stringify(
        {
          backend: loadResult.backend,
          threads: loadResult.threads,
          model: descriptor.id,
          descriptorInput: descriptor.input,
          channelOrder: descriptor.normalization.channelOrder,
          params,
          load: loadResult,
          images: timings,
          failures,
        },
        null,
        2,
      )}\n`,
    );

    const scored: Record<string, Polygon[]> = Object.fromEntries(
      Object.entries(predictions).filter(([name]) => gtByImage.has(name)),
    );
    const { pooled, perSource } = scoreSet(gts, scored);
    const header = ['set', 'P', 'R', 'H', 'matched / GT / pred'];
    const rows = [
      ['pooled', ...formatScore(pooled)],
      ...Object.entries(perSource)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([source, score]) => [source, ...formatScore(score)]),
    ];
    const wallMs = timings.map((t) => t.wallMs);
    console.log(
      `\n${descriptor.id} on ${loadResult.backend} · ${descriptor.normalization.channelOrder} · ${JSON.stringify(params)}`,
    );
    console.log(formatTable(header, rows));
    console.log(
      `\n${timings.length} images detected, ${failures.length} failed; median ${round(median(wallMs))} ms per image`,
    );
    console.log(`predictions: ${out}\ntimings: ${timingsPath}`);
    const text = options.recognize ? scoreText(gts, textPredictions) : null;
    const recognitionMs = timings.flatMap((t) =>
      t.timings.recognitionMs === undefined ? [] : [t.timings.recognitionMs],
    );
    const linesRead = timings.reduce((sum, t) => sum + t.regions, 0);
    if (text) {
      console.log(
        `\ntext on ${options.gtBoxes ? 'ground-truth' : 'detected'} regions (whitespace ignored; CER case-insensitive; end-to-end H-mean: IoU > 0.5 and the same text, case-insensitive)`,
      );
      console.log(
        formatTable(
          ['set', 'lines', 'exact (cs)', 'exact (ci)', 'CER (ci)', 'end-to-end H'],
          [
            ['pooled', ...formatTextScore(text.pooled)],
            ...Object.entries(text.perSource)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([source, score]) => [source, ...formatTextScore(score)]),
          ],
        ),
      );
      const garbled = text.perImageCer.filter(([, cer]) => cer > GARBLED_CER);
      console.log(
        `images read as garbage (CER > ${GARBLED_CER}): ${garbled.length}${garbled.length ? ` (${garbled.map(([name, cer]) => `${name} ${cer.toFixed(2)}`).join(', ')})` : ''}`,
      );
      console.log(
        `recognition: median ${round(median(recognitionMs))} ms per image, ${round(recognitionMs.reduce((a, b) => a + b, 0) / Math.max(1, linesRead), 1)} ms per region`,
      );
    }
    console.log(
      JSON.stringify({
        ...(text
          ? {
              text: {
                regions: options.gtBoxes ? 'ground-truth' : 'detected',
                ...roundTextScore(text.pooled),
                garbledImages: text.perImageCer.filter(([, cer]) => cer > GARBLED_CER).length,
                perSource: Object.fromEntries(
                  Object.entries(text.perSource).map(([source, score]) => [
                    source,
                    roundTextScore(score),
                  ]),
                ),
                medianRecognitionMs: round(median(recognitionMs)),
                recognitionMsPerRegion: round(
                  recognitionMs.reduce((a, b) => a + b, 0) / Math.max(1, linesRead),
                  2,
                ),
              },
            }
          : {}),
        precision: round(pooled.precision, 4),
        recall: round(pooled.recall, 4),
        hmean: round(pooled.hmean, 4),
        matched: pooled.matched,
        gt: pooled.gt,
        pred: pooled.pred,
        perSource: Object.fromEntries(
          Object.entries(perSource).map(([source, score]) => [source, roundScore(score)]),
        ),
        model: descriptor.id,
        backend: loadResult.backend,
        threads: loadResult.threads,
        channelOrder: descriptor.normalization.channelOrder,
        input: descriptor.input,
        params,
        images: timings.length,
        failed: failures.length,
        medianWallMs: round(median(wallMs)),
        folder: basename(folder),
        predictions: out,
      }),
    );
    // With --fields the receipt fields' scores are the last line.
    if (options.fields) reportFieldsFromReads(folder, textPredictions, options.fieldsOut);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** An image's regions as the text scorer reads them: polygon, text and the text's confidence. */
function textPredictionsOf(
  detections: readonly Detection[],
): (TextPrediction & { score: number })[] {
  return detections.map((d) => ({
    polygon: d.imagePolygon,
    text: d.text ?? '',
    score: d.textScore ?? 0,
  }));
}

/** Text scores over the images whose ground truth has texts. */
function scoreText(
  gts: ReturnType<typeof loadGroundTruth>,
  predictions: Record<string, TextPrediction[]>,
) {
  const withTexts = gts.filter((gt): gt is TextGroundTruthImage => gt.texts !== undefined);
  const scored = withTexts.filter((gt) => Object.hasOwn(predictions, gt.image));
  const perImageCer = scored.map(
    (gt) => [gt.image, toTextScore(scoreTextImage(gt, predictions[gt.image]!)).cer] as const,
  );
  return { ...scoreTextSet(scored, predictions), perImageCer };
}

let options: EvalOptions;
try {
  options = parseEvalArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${EVAL_USAGE}`);
  process.exit(2);
}
(options.fieldsFromLines
  ? Promise.resolve(evaluateFieldsFromLines(options.fieldsFromLines, options.fieldsOut))
  : evaluate(options)
).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
