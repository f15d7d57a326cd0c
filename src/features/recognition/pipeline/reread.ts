/**
 * Reading regions with what was read before: text is kept by polygon, so after re-processing
 * only the regions whose polygon changed go through the recognizer again. Pure: the image and
 * the model call are parameters.
 */
import type { Homography } from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { RunModel } from '../../models/pipeline/run-model.js';
import type { BatchingPolicy } from './batching.js';
import type { RecognizerDescriptor } from './descriptor.js';
import type { ClassCharacters } from './dictionary.js';
import {
  decideTurn,
  type ReadingOrientation,
  turnQuad,
  upsideDownLines,
} from './reading-orientation.js';
import {
  LOW_TEXT_CONFIDENCE,
  type RecognizedText,
  type RunRecognizer,
  recognizeRegions,
} from './recognize.js';
import { planFromCache, polygonKey, readingQuad } from './regions.js';

/** The recognizer a reading runs: its descriptor, its classes and the model call. */
export interface RecognizerRun {
  descriptor: RecognizerDescriptor;
  classes: ClassCharacters;
  run: RunRecognizer;
  /** How lines are batched; absent: `RECOGNITION_BATCHING`. */
  batching?: BatchingPolicy;
}

/** Options of {@link readWithKeptTexts}. */
export interface KeptReadOptions {
  /**
   * Maps image pixels to a frame in which the text stands upright (a document photo's
   * straightened page); absent, the image is.
   */
  imageToUpright?: Homography;
  /**
   * PaddleOCR's 0°/180° line classifier (N × 3 × 48 × 192 in): with it the text is read the right
   * way round however it lies (see reading-orientation.ts); absent, as it lies in the frame.
   */
  classify?: RunModel;
  /** Called after each batch with every detection (those read so far carry text) and the count read. */
  onProgress?: (detections: Detection[], readCount: number) => void;
  signal?: AbortSignal;
}

/** What one reading produced. */
export interface KeptRead {
  /** The detections in their order, each with `text` and `textScore`. */
  detections: Detection[];
  /** Regions read now; the rest came from `texts`. */
  reread: number;
  /** How the text was turned for reading; absent when nothing was read or no classifier was given. */
  orientation?: ReadingOrientation;
}

/**
 * Reads the text of every detection (polygons in original-image pixels), taking the text of
 * polygons `texts` holds from it and adding what is read. `pixels` gives the full-size image and
 * is called only when some region is unread.
 */
export async function readWithKeptTexts(
  detections: readonly Detection[],
  texts: Map<string, RecognizedText>,
  pixels: () => Promise<RgbaImage>,
  recognizer: RecognizerRun,
  options: KeptReadOptions = {},
): Promise<KeptRead> {
  const plan = planFromCache(detections, texts);
  const result = plan.detections;
  let readCount = detections.length - plan.unread.length;
  if (plan.unread.length === 0) return { detections: result, reread: 0 };
  const image = await pixels();
  options.signal?.throwIfAborted();
  const quads = plan.unread.map((index) =>
    readingQuad(result[index]!.imagePolygon, options.imageToUpright),
  );
  const { classify, signal } = options;
  const decision = classify
    ? await decideTurn(
        image,
        readableQuads(plan.detections, plan.unread, options),
        classify,
        signal,
      )
    : { turns: 0, sure: true };
  const turned = quads.map((quad) => turnQuad(quad, decision.turns));
  const confidences: number[] = new Array(quads.length).fill(0);
  const store = (quadIndex: number, line: RecognizedText) => {
    const detection = result[plan.unread[quadIndex]!]!;
    detection.text = line.text;
    detection.textScore = line.confidence;
    detection.words = line.words;
    texts.set(polygonKey(detection.imagePolygon), line);
    confidences[quadIndex] = line.confidence;
  };
  await recognizeRegions(image, turned, recognizer.descriptor, recognizer.classes, recognizer.run, {
    ordered: true,
    ...(recognizer.batching ? { batching: recognizer.batching } : {}),
    ...(signal ? { signal } : {}),
    onBatch: (indices, read) => {
      for (const [n, quadIndex] of indices.entries()) store(quadIndex, read[n]!);
      readCount += indices.length;
      options.onProgress?.(result, readCount);
    },
  });
  if (!classify) return { detections: result, reread: plan.unread.length };
  // Lines checked on their own: all of them when the vote was unsure, else those read poorly
  // (a line turned against the rest reads as garbage). Those that may be upside down are read
  // turned too, and the turned text kept only where the recognizer is surer of it.
  const candidates = turned.flatMap((_, i) =>
    !decision.sure || confidences[i]! < LOW_TEXT_CONFIDENCE ? [i] : [],
  );
  const flagged = (
    await upsideDownLines(
      image,
      candidates.map((i) => turned[i]!),
      classify,
      !decision.sure,
      signal,
    )
  ).map((n) => candidates[n]!);
  let linesTurned = 0;
  if (flagged.length > 0) {
    const again = await recognizeRegions(
      image,
      flagged.map((i) => turnQuad(turned[i]!, 2)),
      recognizer.descriptor,
      recognizer.classes,
      recognizer.run,
      {
        ordered: true,
        ...(recognizer.batching ? { batching: recognizer.batching } : {}),
        ...(signal ? { signal } : {}),
      },
    );
    again.forEach((line, n) => {
      const quadIndex = flagged[n]!;
      if (line.confidence <= confidences[quadIndex]!) return;
      store(quadIndex, line);
      linesTurned++;
    });
    if (linesTurned > 0) options.onProgress?.(result, readCount);
  }
  const orientation: ReadingOrientation = {
    degrees: (decision.turns * 90) as ReadingOrientation['degrees'],
    frame: options.imageToUpright ? 'page' : 'image',
    scope: decision.sure ? 'whole' : 'lines',
    linesTurned,
  };
  return { detections: result, reread: plan.unread.length, orientation };
}

/**
 * The reading quads the orientation is decided on: every region read now or read before (so a
 * re-reading of a few changed regions decides as the first reading did).
 */
function readableQuads(
  detections: readonly Detection[],
  unread: readonly number[],
  options: KeptReadOptions,
): Polygon[] {
  const reading = new Set(unread);
  return detections.flatMap((detection, index) =>
    reading.has(index) || (detection.textScore ?? 0) > 0
      ? [readingQuad(detection.imagePolygon, options.imageToUpright)]
      : [],
  );
}
