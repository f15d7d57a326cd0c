/**
 * `npm run eval -- <folder>`: detects text in every image of `<folder>/images` through the app's
 * own engine, worker and model in headless Chromium, writes the predictions (polygons in original
 * image pixels) and per-image timings, and scores them with the ICDAR 2015 IoU protocol.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Polygon } from '../src/geometry/types.js';
import type { ModelDescriptor, PostprocessParams } from '../src/model/descriptor.js';
import type { Backend, StageTimings } from '../src/model/detection.js';
import { type SetScore, scoreSet } from '../src/model/scoring/icdar2015.js';
import type { DetectResult, LoadResult } from '../src/worker/protocol.js';
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
import { formatTable, median, round } from './lib/stats.js';

/** What the page sends back for one image: the result's figures, its polygons and scores. */
type PageDetection = Omit<DetectResult, 'detections' | 'thumbnail'> & {
  polygons: Polygon[];
  scores: number[];
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
}

function formatScore(score: SetScore): string[] {
  return [
    score.precision.toFixed(4),
    score.recall.toFixed(4),
    score.hmean.toFixed(4),
    `${score.matched} / ${score.gt} / ${score.pred}`,
  ];
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
  const gts = loadGroundTruth(folder);
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

    const predictions: Record<string, Polygon[]> = {};
    const timings: ImageTiming[] = [];
    const failures: { image: string; error: string }[] = [];
    for (const [index, name] of imageNames.entries()) {
      await uploadBlobs(page, [{ name, bytes: readFileSync(join(imagesFolder, name)) }]);
      try {
        const result: PageDetection = await page.evaluate(
          async ({ name, params, timeoutMs }) => {
            const handle = window.__textspotTest!;
            const image = window.__scriptBlobs!.get(name)!;
            window.__scriptBlobs!.delete(name);
            const start = performance.now();
            const detected = await handle.engine.detect(
              { image, params, thumbnailLongSide: 64 },
              { timeoutMs },
            );
            const wallMs = performance.now() - start;
            return {
              polygons: detected.detections.map((d) => d.imagePolygon),
              scores: detected.detections.map((d) => d.score),
              imageWidth: detected.imageWidth,
              imageHeight: detected.imageHeight,
              inputWidth: detected.inputWidth,
              inputHeight: detected.inputHeight,
              timings: detected.timings,
              backend: detected.backend,
              wallMs,
            };
          },
          { name, params, timeoutMs: options.timeoutMs },
        );
        const gt = gtByImage.get(name);
        if (gt && (gt.width !== result.imageWidth || gt.height !== result.imageHeight)) {
          // The worker applies EXIF orientation; ground truth is in stored pixels.
          log(
            `warning: ${name} decoded as ${result.imageWidth}×${result.imageHeight}, ground truth says ${gt.width}×${gt.height}`,
          );
        }
        predictions[name] = result.polygons;
        timings.push({
          image: name,
          imageWidth: result.imageWidth,
          imageHeight: result.imageHeight,
          inputWidth: result.inputWidth,
          inputHeight: result.inputHeight,
          regions: result.polygons.length,
          wallMs: round(result.wallMs, 2),
          timings: {
            decodeMs: round(result.timings.decodeMs, 2),
            preprocessMs: round(result.timings.preprocessMs, 2),
            inferenceMs: round(result.timings.inferenceMs, 2),
            postprocessMs: round(result.timings.postprocessMs, 2),
          },
          backend: result.backend,
        });
        log(
          `[${index + 1}/${imageNames.length}] ${name}: ${result.polygons.length} regions, ${round(result.wallMs)} ms`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        failures.push({ image: name, error: message });
        predictions[name] = [];
        log(`[${index + 1}/${imageNames.length}] ${name}: FAILED ${message}`);
      }
    }

    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(predictions)}\n`);
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
    console.log(
      JSON.stringify({
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
  } finally {
    await browser.close();
    await server.close();
  }
}

let options: EvalOptions;
try {
  options = parseEvalArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${EVAL_USAGE}`);
  process.exit(2);
}
evaluate(options).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
