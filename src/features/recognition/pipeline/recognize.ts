/**
 * The recognition pipeline without a runtime: crops, batches, runs a caller-supplied model
 * function per batch, and decodes. The worker passes onnxruntime-web; Node scripts pass
 * onnxruntime-node.
 */
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import type { RecognizedWord } from '../../detection/pipeline/detection.js';
import { type BatchingPolicy, planRecognitionBatches, toRecognitionTensor } from './batching.js';
import { CROP_PADDING_PX, cropQuadOf, cropRegions } from './crops.js';
import { ctcGreedyDecodeBatch } from './ctc.js';
import type { RecognizerDescriptor } from './descriptor.js';
import type { ClassCharacters } from './dictionary.js';
import { normalizeFullWidth } from './punctuation.js';
import { wordBoxes, wordSpans } from './words.js';

/**
 * Default batching, measured on SROIE lines with onnxruntime-node on 2 threads
 * (scripts/recognize-native.ts --bench, best quiet passes): 64 px steps run as fast as 32 px
 * steps (≈ 27 ms/line) with 12 shapes instead of 40, while coarse power-of-two widths (≈ 38) and
 * PaddleOCR's ≥ 320 px widths (≈ 35) pay for padding. Batches of 8 beat single lines by ≈ 15%;
 * 16 was within noise of 8 but doubles the output at the cap (16 × 160 × 6,625 floats = 68 MB).
 * The 1,280 px cap holds every dev line (the widest is 1,049 px at height 48).
 */
export const RECOGNITION_BATCHING: BatchingPolicy = {
  widthBuckets: [64, 128, 192, 256, 320, 384, 448, 512, 640, 768, 1024, 1280],
  maxBatchSize: 8,
} as const;

/**
 * Batching on WASM: the fixed widths too. Padding each batch only to its own widest line
 * (PaddleOCR's `predict_rec.py` rule; `fitWidths`, with a floor, since the model drops spaces in
 * short lines with no padding: "TAX INVOICE" → "TAXINVOICE") was measured against them in one
 * sitting (`npm run bench -- --only-recognition --runs 5`, 3 SROIE receipts, Chromium WASM on 2
 * threads, load ≈ 3): 2.92 s per receipt fitted (≥ 192 px) against 2.21 s fixed — a new shape
 * costs ONNX Runtime a new memory plan, which the 12 repeating shapes do not — and fitted widths
 * read dev's 989 ground-truth lines less well (exact 0.8827 against 0.8857, onnxruntime-node).
 * `npm run bench -- --only-recognition --rec-fit-widths` measures it again.
 */
export const RECOGNITION_BATCHING_WASM: BatchingPolicy = RECOGNITION_BATCHING;

/**
 * Text read with a lower confidence than this is marked as uncertain in the table, on the overlay
 * and in the text CSV's readers' eyes. PaddleOCR drops lines under 0.5 outright; we keep them and mark
 * them up to 0.8, where misreads of receipt lines begin to outnumber good reads.
 */
export const LOW_TEXT_CONFIDENCE = 0.8;

/** True when a region's text was read but with a confidence under {@link LOW_TEXT_CONFIDENCE}. */
export function isLowConfidenceText(detection: { text?: string; textScore?: number }): boolean {
  return detection.text !== undefined && (detection.textScore ?? 0) < LOW_TEXT_CONFIDENCE;
}

/** Runs the model on one N × 3 × H × W batch and returns its N × T × C probabilities. */
export type RunRecognizer = (
  tensor: Float32Array,
  dims: [number, number, number, number],
) => Promise<{ data: Float32Array; dims: readonly number[] }>;

/** One recognised region. */
export interface RecognizedText {
  /** The text read, full-width ASCII forms mapped to ASCII. */
  text: string;
  /** Mean top probability of the kept characters (0–1). */
  confidence: number;
  /** The words of `text` in reading order, each with its quad in image pixels (see words.ts). */
  words: RecognizedWord[];
}

/** Options of {@link recognizeRegions}. */
export interface RecognizeOptions {
  batching?: BatchingPolicy;
  /** Margin around each region, px (see CROP_PADDING_PX). */
  paddingPx?: number;
  /** The regions are reading quads (top-left of the text first, clockwise): cut as given. */
  ordered?: boolean;
  /** `false` keeps the model's full-width punctuation as it is. */
  normalizePunctuation?: boolean;
  signal?: AbortSignal;
  /** Called after each batch with the regions it read (indices into `imagePolygons`), for progressive display. */
  onBatch?: (indices: readonly number[], texts: readonly RecognizedText[]) => void;
}

/**
 * Reads the text of every region (4-point polygons in `image` pixels) and returns one result per
 * region, in the given order. Checks `signal` between batches.
 */
export async function recognizeRegions(
  image: RgbaImage,
  imagePolygons: readonly Polygon[],
  descriptor: RecognizerDescriptor,
  classes: ClassCharacters,
  run: RunRecognizer,
  options: RecognizeOptions = {},
): Promise<RecognizedText[]> {
  const crops = cropRegions(image, imagePolygons, options.paddingPx, options.ordered);
  const batches = planRecognitionBatches(
    crops,
    descriptor.input.height,
    options.batching ?? RECOGNITION_BATCHING,
    descriptor.input.widthMultiple,
  );
  const normalize = options.normalizePunctuation ?? true;
  const paddingPx = options.paddingPx ?? CROP_PADDING_PX;
  const results: RecognizedText[] = new Array(crops.length);
  for (const batch of batches) {
    options.signal?.throwIfAborted();
    const tensor = toRecognitionTensor(crops, batch, descriptor);
    const output = await run(tensor, [
      batch.indices.length,
      3,
      descriptor.input.height,
      batch.inputWidth,
    ]);
    const lines = ctcGreedyDecodeBatch(
      output.data,
      output.dims,
      classes,
      descriptor.ctc.blankIndex,
    );
    const read = batch.indices.map((cropIndex, n) => {
      const line = lines[n]!;
      const contentWidth = batch.contentWidths[n]!;
      const spans = wordSpans(
        line.characters,
        batch.inputWidth / line.timeSteps,
        contentWidth,
        normalize,
      );
      const quad = cropQuadOf(imagePolygons[cropIndex]!, options.ordered ?? false);
      const text: RecognizedText = {
        text: normalize ? normalizeFullWidth(line.text) : line.text,
        confidence: line.confidence,
        words: wordBoxes(spans, { quad, paddingPx, contentWidth }),
      };
      results[cropIndex] = text;
      return text;
    });
    options.onBatch?.(batch.indices, read);
  }
  return results;
}
