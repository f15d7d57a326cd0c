import type { OutputSpec } from '../../models/pipeline/descriptor.js';

/** A probability map in map-pixel space: row-major, one float per pixel (0–1). */
export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Reads the probability map out of a detector output of shape `[1, C, H, W]` (or `[1, H, W]`),
 * taking channel `spec.channel` and applying a sigmoid when the model emits logits.
 */
export function extractProbabilityMap(
  output: Float32Array,
  dims: readonly number[],
  spec: OutputSpec,
): ProbabilityMap {
  const height = dims[dims.length - 2];
  const width = dims[dims.length - 1];
  const channels = dims.length === 4 ? dims[1] : 1;
  if (height === undefined || width === undefined || channels === undefined || dims.length < 3) {
    throw new RangeError(`expected a [1, C, H, W] output, got [${dims.join(', ')}]`);
  }
  if (spec.channel >= channels) {
    throw new RangeError(
      `output has ${channels} channel(s); channel ${spec.channel} does not exist`,
    );
  }
  const plane = width * height;
  const start = spec.channel * plane;
  const data = output.slice(start, start + plane);
  if (spec.applySigmoid) {
    for (let i = 0; i < plane; i++) data[i] = 1 / (1 + Math.exp(-data[i]!));
  }
  return { data, width, height };
}

/**
 * Why a probability map cannot be post-processed, or null: a DBNet map holds probabilities, so
 * NaN, infinities or values outside 0–1 mean the model is not a detector of this kind (or is
 * broken), and polygons from it would be garbage.
 */
export function probabilityMapProblem(map: ProbabilityMap): string | null {
  // Float rounding in a sigmoid stays well inside this.
  const slack = 1e-4;
  let notNumbers = 0;
  let outside = 0;
  for (const value of map.data) {
    if (Number.isNaN(value)) notNumbers++;
    else if (!(value >= -slack && value <= 1 + slack)) outside++;
  }
  if (notNumbers === 0 && outside === 0) return null;
  const parts = [
    notNumbers > 0 ? `${notNumbers.toLocaleString('en')} NaN` : '',
    outside > 0 ? `${outside.toLocaleString('en')} outside 0–1` : '',
  ].filter(Boolean);
  return `The output is not a probability map: ${parts.join(' and ')} of ${map.data.length.toLocaleString('en')} values.`;
}
