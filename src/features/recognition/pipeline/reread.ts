/**
 * Reading regions with what was read before: text is kept by polygon, so after re-processing
 * only the regions whose polygon changed go through the recognizer again. Pure: the image and
 * the model call are parameters.
 */
import type { Homography } from '../../../core/geometry/perspective.js';
import type { RgbaImage } from '../../../core/image.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { RecognizerDescriptor } from './descriptor.js';
import type { ClassCharacters } from './dictionary.js';
import { type RecognizedText, type RunRecognizer, recognizeRegions } from './recognize.js';
import { planFromCache, polygonKey, readingQuad } from './regions.js';

/** The recognizer a reading runs: its descriptor, its classes and the model call. */
export interface RecognizerRun {
  descriptor: RecognizerDescriptor;
  classes: ClassCharacters;
  run: RunRecognizer;
}

/** Options of {@link readWithKeptTexts}. */
export interface KeptReadOptions {
  /**
   * Maps image pixels to a frame in which the text stands upright (a document photo's
   * straightened page); absent, the image is.
   */
  imageToUpright?: Homography;
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
  await recognizeRegions(image, quads, recognizer.descriptor, recognizer.classes, recognizer.run, {
    ordered: true,
    ...(options.signal ? { signal: options.signal } : {}),
    onBatch: (indices, read) => {
      indices.forEach((quadIndex, n) => {
        const detection = result[plan.unread[quadIndex]!]!;
        const line = read[n]!;
        detection.text = line.text;
        detection.textScore = line.confidence;
        texts.set(polygonKey(detection.imagePolygon), line);
      });
      readCount += indices.length;
      options.onProgress?.(result, readCount);
    },
  });
  return { detections: result, reread: plan.unread.length };
}
