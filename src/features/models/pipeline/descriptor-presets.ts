/**
 * Ready-made descriptor settings the import form offers for a person's own model. The PP-OCRv4
 * preset is the catalog model's own settings, read from `catalog.ts`, never a copy.
 */
import { IMAGENET_MEAN_RGB, IMAGENET_STD_RGB, PPOCR_V4_DET } from './catalog.js';
import type { ModelDescriptor } from './descriptor.js';

/** The descriptor fields that say what a model is and how to run it (no identity, no weights). */
export type DescriptorSettings = Pick<
  ModelDescriptor,
  'input' | 'normalization' | 'output' | 'postprocess'
>;

/** Ids of the import form's presets. */
export const PresetId = {
  PpOcrV4: 'ppocr-v4',
  Competition: 'competition-dbnet-640',
} as const;

/** One of {@link PresetId}. */
export type PresetIdValue = (typeof PresetId)[keyof typeof PresetId];

/** A ready-made set of descriptor settings, offered in the import form. */
export interface DescriptorPreset {
  id: PresetIdValue;
  /** What the preset select shows. */
  label: string;
  /** One line on where these settings come from. */
  note: string;
  settings: DescriptorSettings;
}

function settingsOf(descriptor: ModelDescriptor): DescriptorSettings {
  const { input, normalization, output, postprocess } = descriptor;
  return { input, normalization, output, postprocess };
}

/**
 * Settings of DBNet models exported from the competition code the old UI served: long side
 * scaled to 640, padded at bottom and right to 640 × 640, RGB, ImageNet mean and std, and that
 * code's post-processing defaults.
 */
const COMPETITION_SETTINGS: DescriptorSettings = {
  input: { kind: 'letterbox', size: 640, anchor: 'top-left', padValue: 0 },
  normalization: {
    scale: 1 / 255,
    mean: [...IMAGENET_MEAN_RGB],
    std: [...IMAGENET_STD_RGB],
    channelOrder: 'RGB',
  },
  output: { name: null, channel: 0, applySigmoid: false },
  postprocess: {
    threshold: 0.2,
    boxThreshold: 0.2,
    maxCandidates: 300,
    minSize: 5,
    unclipRatio: 1.5,
    outputMode: 'box',
  },
};

/** A line naming the settings that set presets apart, so a note can never disagree with its preset. */
function noteOf({ input, normalization, postprocess }: DescriptorSettings): string {
  const resize =
    input.kind === 'long-side'
      ? `Long side ≤ ${input.limitSide} px in multiples of ${input.multiple}`
      : `Long side scaled to ${input.size}, padded ${input.anchor === 'top-left' ? 'bottom/right' : 'around'} to ${input.size} × ${input.size}`;
  return `${resize}, ${normalization.channelOrder}, ImageNet mean/std, thresholds ${postprocess.threshold} / ${postprocess.boxThreshold}.`;
}

/** The import form's presets, in display order. */
export const DESCRIPTOR_PRESETS: readonly DescriptorPreset[] = [
  {
    id: PresetId.PpOcrV4,
    label: 'PP-OCRv4 (PaddleOCR)',
    note: noteOf(settingsOf(PPOCR_V4_DET)),
    settings: settingsOf(PPOCR_V4_DET),
  },
  {
    id: PresetId.Competition,
    label: 'Competition DBNet export (640 letterbox)',
    note: noteOf(COMPETITION_SETTINGS),
    settings: COMPETITION_SETTINGS,
  },
];

/** The preset with `id`; throws for an unknown id (a programming error, not user input). */
export function presetById(id: PresetIdValue): DescriptorPreset {
  const preset = DESCRIPTOR_PRESETS.find((p) => p.id === id);
  if (!preset) throw new RangeError(`unknown preset ${id}`);
  return preset;
}

/** A deep copy of a preset's settings, safe to edit. */
export function presetSettings(id: PresetIdValue): DescriptorSettings {
  return structuredClone(presetById(id).settings);
}
