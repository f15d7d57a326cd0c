import type { RgbaImage } from '../../../core/image.js';
import type { InputPolicy, Normalization } from '../../models/pipeline/descriptor.js';

/** Where an image lands inside the model input: input size plus the placed content rectangle, in input pixels. */
export interface InputGeometry {
  /** Model input width, px. */
  inputWidth: number;
  /** Model input height, px. */
  inputHeight: number;
  /** Width of the resized image inside the input, px. */
  contentWidth: number;
  /** Height of the resized image inside the input, px. */
  contentHeight: number;
  /** Left edge of the resized image inside the input, px (non-zero only for centred letterbox). */
  offsetX: number;
  /** Top edge of the resized image inside the input, px. */
  offsetY: number;
}

/** Plans the model-input size for an image of `imageWidth` × `imageHeight` px under `policy`. */
export function planInput(
  imageWidth: number,
  imageHeight: number,
  policy: InputPolicy,
): InputGeometry {
  if (!(imageWidth > 0 && imageHeight > 0)) {
    throw new RangeError(`image size must be positive, got ${imageWidth}×${imageHeight}`);
  }
  const longSide = Math.max(imageWidth, imageHeight);
  if (policy.kind === 'long-side') {
    // PaddleOCR's DetResizeForTest (limit_type "max"): shrink only, then round each side to the stride.
    const ratio = longSide > policy.limitSide ? policy.limitSide / longSide : 1;
    const roundTo = (side: number) =>
      Math.max(Math.round((side * ratio) / policy.multiple) * policy.multiple, policy.multiple);
    const inputWidth = roundTo(imageWidth);
    const inputHeight = roundTo(imageHeight);
    return {
      inputWidth,
      inputHeight,
      contentWidth: inputWidth,
      contentHeight: inputHeight,
      offsetX: 0,
      offsetY: 0,
    };
  }
  const ratio = policy.size / longSide;
  const contentWidth = Math.max(1, Math.round(imageWidth * ratio));
  const contentHeight = Math.max(1, Math.round(imageHeight * ratio));
  const centred = policy.anchor === 'center';
  return {
    inputWidth: policy.size,
    inputHeight: policy.size,
    contentWidth,
    contentHeight,
    offsetX: centred ? Math.floor((policy.size - contentWidth) / 2) : 0,
    offsetY: centred ? Math.floor((policy.size - contentHeight) / 2) : 0,
  };
}

/** Precomputed bilinear taps along one axis: for each output index, two source indices and a weight. */
interface AxisTaps {
  low: Int32Array;
  high: Int32Array;
  weightHigh: Float32Array;
}

// Half-pixel centres, like cv2.resize(INTER_LINEAR), which PaddleOCR's preprocessing uses.
function axisTaps(sourceLength: number, targetLength: number): AxisTaps {
  const low = new Int32Array(targetLength);
  const high = new Int32Array(targetLength);
  const weightHigh = new Float32Array(targetLength);
  const scale = sourceLength / targetLength;
  for (let i = 0; i < targetLength; i++) {
    const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), sourceLength - 1);
    const floor = Math.floor(position);
    low[i] = floor;
    high[i] = Math.min(floor + 1, sourceLength - 1);
    weightHigh[i] = position - floor;
  }
  return { low, high, weightHigh };
}

/**
 * Resizes RGBA pixels bilinearly into `geometry`'s content rectangle and writes a normalised
 * NCHW float tensor (batch 1, 3 channels in the model's order). Padding gets `padValue` (0–255).
 */
export function toInputTensor(
  image: RgbaImage,
  geometry: InputGeometry,
  normalization: Normalization,
  padValue = 0,
): Float32Array {
  const { inputWidth, inputHeight, contentWidth, contentHeight, offsetX, offsetY } = geometry;
  const plane = inputWidth * inputHeight;
  const tensor = new Float32Array(plane * 3);
  // RGBA byte offset of the source channel feeding each model channel.
  const sourceChannel = normalization.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const multiplier = new Float32Array(3);
  const bias = new Float32Array(3);
  for (let c = 0; c < 3; c++) {
    // (v * scale - mean) / std  ==  v * multiplier + bias
    multiplier[c] = normalization.scale / normalization.std[c]!;
    bias[c] = -normalization.mean[c]! / normalization.std[c]!;
    const padded = padValue * multiplier[c]! + bias[c]!;
    if (contentWidth !== inputWidth || contentHeight !== inputHeight) {
      tensor.fill(padded, c * plane, (c + 1) * plane);
    }
  }

  const xs = axisTaps(image.width, contentWidth);
  const ys = axisTaps(image.height, contentHeight);
  const source = image.data;
  const rowStride = image.width * 4;
  const [c0, c1, c2] = sourceChannel as [number, number, number];
  const [m0, m1, m2] = multiplier as unknown as [number, number, number];
  const [b0, b1, b2] = bias as unknown as [number, number, number];
  for (let y = 0; y < contentHeight; y++) {
    const rowLow = ys.low[y]! * rowStride;
    const rowHigh = ys.high[y]! * rowStride;
    const wy = ys.weightHigh[y]!;
    let out = (y + offsetY) * inputWidth + offsetX;
    for (let x = 0; x < contentWidth; x++, out++) {
      const colLow = xs.low[x]! * 4;
      const colHigh = xs.high[x]! * 4;
      const wx = xs.weightHigh[x]!;
      const w00 = (1 - wx) * (1 - wy);
      const w01 = wx * (1 - wy);
      const w10 = (1 - wx) * wy;
      const w11 = wx * wy;
      const p00 = rowLow + colLow;
      const p01 = rowLow + colHigh;
      const p10 = rowHigh + colLow;
      const p11 = rowHigh + colHigh;
      const v0 =
        source[p00 + c0]! * w00 +
        source[p01 + c0]! * w01 +
        source[p10 + c0]! * w10 +
        source[p11 + c0]! * w11;
      const v1 =
        source[p00 + c1]! * w00 +
        source[p01 + c1]! * w01 +
        source[p10 + c1]! * w10 +
        source[p11 + c1]! * w11;
      const v2 =
        source[p00 + c2]! * w00 +
        source[p01 + c2]! * w01 +
        source[p10 + c2]! * w10 +
        source[p11 + c2]! * w11;
      tensor[out] = v0 * m0 + b0;
      tensor[plane + out] = v1 * m1 + b1;
      tensor[2 * plane + out] = v2 * m2 + b2;
    }
  }
  return tensor;
}

/** Affine map from probability-map pixels to original-image pixels: imageX = (mapX - offsetX) * scaleX. */
export interface MapToImage {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
  imageWidth: number;
  imageHeight: number;
}

/**
 * The transform from a `mapWidth` × `mapHeight` probability map back to original-image pixels,
 * given how the image was placed in the input. DBNet maps usually match the input size, but a
 * model may output at a stride; map pixels are scaled to input pixels first.
 */
export function mapToImageTransform(
  geometry: InputGeometry,
  imageWidth: number,
  imageHeight: number,
  mapWidth: number,
  mapHeight: number,
): MapToImage {
  const inputPerMapX = geometry.inputWidth / mapWidth;
  const inputPerMapY = geometry.inputHeight / mapHeight;
  return {
    scaleX: inputPerMapX * (imageWidth / geometry.contentWidth),
    scaleY: inputPerMapY * (imageHeight / geometry.contentHeight),
    offsetX: geometry.offsetX / inputPerMapX,
    offsetY: geometry.offsetY / inputPerMapY,
    imageWidth,
    imageHeight,
  };
}
