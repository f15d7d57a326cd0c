import {
  type NumericParamKey,
  POSTPROCESS_RANGES,
  type PostprocessParams,
} from '../../models/pipeline/descriptor.js';

export type { NumericParamKey } from '../../models/pipeline/descriptor.js';

/** How one numeric control looks and which values it accepts. */
export interface NumericField<Key extends string = string> {
  key: Key;
  label: string;
  /** Inclusive bounds and slider step, in the parameter's own unit (`POSTPROCESS_RANGES` for the parameters). */
  min: number;
  max: number;
  step: number;
  /** One line under the control: what the value does and which way to turn it. */
  help: string;
  /** `data-testid` of the number input. */
  testId: string;
}

/** The numeric post-processing controls, in display order. */
export const PARAM_FIELDS: readonly NumericField<NumericParamKey>[] = [
  {
    key: 'threshold',
    label: 'Threshold',
    ...POSTPROCESS_RANGES.threshold,
    help: 'Probability above which a pixel counts as text. Lower finds fainter text, higher splits touching lines.',
    testId: 'param-threshold',
  },
  {
    key: 'boxThreshold',
    label: 'Box threshold',
    ...POSTPROCESS_RANGES.boxThreshold,
    help: 'Mean probability a region needs to be kept. Raise it to drop faint false positives.',
    testId: 'param-box-threshold',
  },
  {
    key: 'unclipRatio',
    label: 'Unclip ratio',
    ...POSTPROCESS_RANGES.unclipRatio,
    help: 'How far each region grows past its text core. Raise it if boxes clip letters.',
    testId: 'param-unclip-ratio',
  },
  {
    key: 'maxCandidates',
    label: 'Max candidates',
    ...POSTPROCESS_RANGES.maxCandidates,
    help: 'Most regions traced per image. Caps the work on noisy maps.',
    testId: 'param-max-candidates',
  },
  {
    key: 'minSize',
    label: 'Min size',
    ...POSTPROCESS_RANGES.minSize,
    help: 'Drops regions whose shorter side is below this, in probability-map pixels.',
    testId: 'param-min-size',
  },
];

/** Help text of the box / polygon output switch. */
export const OUTPUT_MODE_HELP =
  'Box: minimum-area rectangles. Polygon: the traced outline, for curved or slanted text.';

/** The per-image time limit control, in seconds. */
export const TIMEOUT_FIELD: NumericField<'timeoutSeconds'> = {
  key: 'timeoutSeconds',
  label: 'Timeout (s)',
  min: 1,
  max: 600,
  step: 1,
  help: 'An image still running after this many seconds is stopped and marked timed out.',
  testId: 'param-timeout',
};

function decimalsOf(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Clamps `value` to the field's range and snaps it to the nearest step counted from `min`,
 * rounded to the step's decimals so 0.1 + 0.2 shows as 0.3.
 */
export function clampToField(field: NumericField, value: number): number {
  const clamped = Math.min(field.max, Math.max(field.min, value));
  const snapped = field.min + Math.round((clamped - field.min) / field.step) * field.step;
  return Number(Math.min(field.max, snapped).toFixed(decimalsOf(field.step)));
}

/** What a typed number means: a value in range, or why it is not a number. */
export type ParsedInput = { ok: true; value: number } | { ok: false; error: string };

/** Reads the text of a number input: empty or non-numeric is an error, anything else is clamped. */
export function parseFieldInput(field: NumericField, text: string): ParsedInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a number.' };
  const value = Number(trimmed);
  if (!Number.isFinite(value))
    return { ok: false, error: `Enter a number from ${field.min} to ${field.max}.` };
  return { ok: true, value: clampToField(field, value) };
}

/**
 * Returns `params` with every numeric field clamped and snapped to its control's range; a field
 * that is missing or not a finite number (stale stored settings) takes its value from `defaults`.
 */
export function clampParams(
  params: Partial<PostprocessParams>,
  defaults: PostprocessParams,
): PostprocessParams {
  const clamped: PostprocessParams = { ...defaults };
  for (const field of PARAM_FIELDS) {
    const value = params[field.key];
    clamped[field.key] = clampToField(
      field,
      typeof value === 'number' && Number.isFinite(value) ? value : defaults[field.key],
    );
  }
  clamped.outputMode =
    params.outputMode === 'box' || params.outputMode === 'polygon'
      ? params.outputMode
      : defaults.outputMode;
  return clamped;
}

/** True when two parameter sets would give the same detections. */
export function sameParams(a: PostprocessParams, b: PostprocessParams): boolean {
  return (
    a.outputMode === b.outputMode && PARAM_FIELDS.every((field) => a[field.key] === b[field.key])
  );
}
