/**
 * The model descriptor: everything the pipeline needs to know about a DBNet-style detector.
 * The catalog's descriptors are written in `catalog.ts`; a person's own arrive as JSON or from the
 * import form and are checked by `descriptor-validate.ts`.
 */

import type { DocumentParams } from '../../document/pipeline/params.js';

/** How an image is resized into the model's input. */
export type InputPolicy =
  | {
      /** Scale so the long side is at most `limitSide` px (never upscale), round each side to a multiple. */
      kind: 'long-side';
      /** Upper bound on the long side, in model-input pixels. */
      limitSide: number;
      /** Each input side is rounded to a multiple of this (32 for DBNet's stride). */
      multiple: number;
    }
  | {
      /** Scale so the long side equals `size`, keep aspect, pad to a `size` × `size` square. */
      kind: 'letterbox';
      /** Side of the square input, in model-input pixels. */
      size: number;
      /** Where the image sits in the square; the padding fills the rest. */
      anchor: 'top-left' | 'center';
      /** Value written into padded pixels before normalisation (0–255). */
      padValue: number;
    };

/** Per-channel normalisation: `(pixel * scale - mean[c]) / std[c]`, channels in `channelOrder`. */
export interface Normalization {
  /** Multiplier applied to 0–255 pixel values first (1/255 for PaddleOCR). */
  scale: number;
  /** Mean per input channel, in the model's channel order. */
  mean: [number, number, number];
  /** Standard deviation per input channel, in the model's channel order. */
  std: [number, number, number];
  /** The order the model's three input channels are in. */
  channelOrder: 'RGB' | 'BGR';
}

/** Which output holds the text probability map, and how to read it. */
export interface OutputSpec {
  /** Output name; `null` means the model's first output. */
  name: string | null;
  /** Channel index of the probability map inside that output. */
  channel: number;
  /** `true` when the output is logits that still need a sigmoid. */
  applySigmoid: boolean;
}

/** Post-processing parameters of DB (Differentiable Binarization) decoding. */
export interface PostprocessParams {
  /** Probability above which a map pixel counts as text (0–1). */
  threshold: number;
  /** Minimum mean probability inside a region for it to be kept (0–1). */
  boxThreshold: number;
  /**
   * Upper bound on the borders decoded, counted as PaddleOCR counts them: every border cv2.findContours
   * lists (specks and holes included), the last ones found in raster order when there are more.
   */
  maxCandidates: number;
  /** Regions whose shorter side is below this, in probability-map pixels, are dropped. */
  minSize: number;
  /** Expansion factor: offset distance = area × ratio / perimeter. */
  unclipRatio: number;
  /** `box`: minimum-area rectangle; `polygon`: simplified contour. */
  outputMode: 'box' | 'polygon';
}

/** The post-processing parameters set with a number (every one but `outputMode`). */
export type NumericParamKey = Exclude<keyof PostprocessParams, 'outputMode'>;

/** Values one numeric parameter accepts: inclusive bounds, and the step its control moves by (1 = whole numbers). */
export interface ParamRange {
  min: number;
  max: number;
  step: number;
}

/**
 * What each numeric post-processing parameter accepts, in its own unit. The one table both the
 * descriptor validator and the parameter controls read, so a descriptor's defaults can always be
 * set again by hand.
 */
export const POSTPROCESS_RANGES = {
  threshold: { min: 0.05, max: 0.95, step: 0.01 },
  boxThreshold: { min: 0.05, max: 0.95, step: 0.01 },
  // PaddleOCR ships 1.5 (2.0 for some curved-text models); past 4 neighbouring lines merge.
  unclipRatio: { min: 0.5, max: 4, step: 0.05 },
  maxCandidates: { min: 1, max: 10_000, step: 1 },
  minSize: { min: 0, max: 50, step: 1 },
} as const satisfies Record<NumericParamKey, ParamRange>;

/** A complete model descriptor. */
export interface ModelDescriptor {
  /** Stable identifier, used in cache keys and stored results. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** Where the weights come from (project, package). */
  source: string;
  /** Licence of the weights. */
  license: string;
  /** Weights URL relative to the models folder, or absent for a user model held in storage. */
  file?: string;
  /** Size of the weights in bytes. */
  bytes?: number;
  /** How images are resized into the input. */
  input: InputPolicy;
  /** Pixel normalisation. */
  normalization: Normalization;
  /** Which output is the probability map. */
  output: OutputSpec;
  /** Default post-processing parameters. */
  postprocess: PostprocessParams;
  /** Defaults of document-photo preprocessing that differ from the app's (absent: the app's). */
  document?: Partial<DocumentParams>;
}
