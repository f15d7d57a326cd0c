/**
 * Batching of text-line crops for a CTC recognizer: each crop is resized to the model's height
 * keeping its aspect, crops of similar aspect share a batch, and every batch is padded on the
 * right to one of a few fixed widths, so WebGPU compiles one shader set per width, not per line.
 */

import type { RgbaImage } from '../../../core/image.js';
import { toInputTensor } from '../../detection/pipeline/preprocess.js';
import type { RecognizerDescriptor } from './descriptor.js';

/** How crops are grouped into model inputs. */
export interface BatchingPolicy {
  /** Allowed input widths, px, ascending; the last is the cap (wider lines are squeezed to it). */
  widthBuckets: readonly number[];
  /** Upper bound on the lines in one batch. */
  maxBatchSize: number;
  /**
   * Pad each batch only to its own widest line (capped at the last bucket), as PaddleOCR's
   * `predict_rec.py` does: on WASM a new shape costs nothing, padding costs compute. Absent or
   * false: pad to a bucket, as WebGPU needs (every new shape compiles shaders).
   */
  fitWidths?: boolean;
  /** With `fitWidths`, the narrowest a batch is padded to, px (PaddleOCR's 320; absent: none). */
  minInputWidth?: number;
}

/** One model input: which crops it holds (indices into the crop list) and its size. */
export interface RecognitionBatch {
  /** Indices of the crops in this batch, into the list given to {@link planRecognitionBatches}. */
  indices: number[];
  /** Input width of the batch, px (one of the policy's buckets, or its widest line's with `fitWidths`). */
  inputWidth: number;
  /** Width each crop is resized to inside the input, px (≤ inputWidth; the rest is padding). */
  contentWidths: number[];
}

/** Width a crop of `width` × `height` px takes at the model's `inputHeight`, px (PaddleOCR: ceil(H · w / h)). */
export function naturalInputWidth(width: number, height: number, inputHeight: number): number {
  return Math.max(1, Math.ceil((inputHeight * width) / height));
}

/** The smallest bucket holding `width`, or the cap when none does. */
export function bucketFor(width: number, widthBuckets: readonly number[]): number {
  if (widthBuckets.length === 0) throw new RangeError('no width buckets');
  return widthBuckets.find((bucket) => bucket >= width) ?? widthBuckets.at(-1)!;
}

/**
 * Groups crops (sizes in px) into batches: sorted by aspect ratio as PaddleOCR does, then cut
 * wherever the width bucket changes or the batch is full (with `fitWidths`, only when it is full,
 * each batch as wide as its widest line, rounded up to `widthMultiple`, the model's stride).
 * Every crop lands in exactly one batch.
 */
export function planRecognitionBatches(
  cropSizes: readonly { width: number; height: number }[],
  inputHeight: number,
  policy: BatchingPolicy,
  widthMultiple = 1,
): RecognitionBatch[] {
  if (!(policy.maxBatchSize >= 1)) throw new RangeError('maxBatchSize must be at least 1');
  const natural = cropSizes.map(({ width, height }) =>
    naturalInputWidth(width, height, inputHeight),
  );
  const order = natural.map((_, i) => i).sort((a, b) => natural[a]! - natural[b]! || a - b);
  const cap = policy.widthBuckets.at(-1)!;
  const batches: RecognitionBatch[] = [];
  let current: RecognitionBatch | null = null;
  for (const index of order) {
    const contentWidth = Math.min(natural[index]!, cap);
    const inputWidth = policy.fitWidths
      ? Math.ceil(Math.max(contentWidth, policy.minInputWidth ?? 0) / widthMultiple) * widthMultiple
      : bucketFor(natural[index]!, policy.widthBuckets);
    if (
      !current ||
      (!policy.fitWidths && current.inputWidth !== inputWidth) ||
      current.indices.length >= policy.maxBatchSize
    ) {
      current = { indices: [], inputWidth, contentWidths: [] };
      batches.push(current);
    }
    // Sorted by width: the line added last is the batch's widest.
    current.inputWidth = Math.max(current.inputWidth, inputWidth);
    current.indices.push(index);
    current.contentWidths.push(contentWidth);
  }
  return batches;
}

/**
 * Builds the batch's N × 3 × height × inputWidth tensor: each crop resized bilinearly to
 * its content width (PaddleOCR's resize_norm_img), normalised, and padded on the right with 0
 * (after normalisation), as PaddleOCR pads.
 */
export function toRecognitionTensor(
  crops: readonly RgbaImage[],
  batch: RecognitionBatch,
  descriptor: Pick<RecognizerDescriptor, 'input' | 'normalization'>,
): Float32Array {
  const height = descriptor.input.height;
  const { inputWidth } = batch;
  const plane = height * inputWidth;
  const tensor = new Float32Array(batch.indices.length * 3 * plane);
  batch.indices.forEach((cropIndex, n) => {
    const contentWidth = batch.contentWidths[n]!;
    const line = toInputTensor(
      crops[cropIndex]!,
      {
        inputWidth: contentWidth,
        inputHeight: height,
        contentWidth,
        contentHeight: height,
        offsetX: 0,
        offsetY: 0,
      },
      descriptor.normalization,
    );
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < height; y++) {
        const from = (c * height + y) * contentWidth;
        tensor.set(
          line.subarray(from, from + contentWidth),
          ((n * 3 + c) * height + y) * inputWidth,
        );
      }
    }
  });
  return tensor;
}
