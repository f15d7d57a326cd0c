/**
 * The import dialog's form: its values as typed, how descriptor settings fill it, and how it
 * becomes a validated descriptor again.
 */
import type { InputPolicy } from '../pipeline/descriptor.js';
import { type DescriptorSettings, PresetId, presetById } from '../pipeline/descriptor-presets.js';
import {
  type DescriptorIdentity,
  type DescriptorResult,
  type FieldError,
  validateDescriptor,
} from '../pipeline/descriptor-validate.js';

type LongSideInput = Extract<InputPolicy, { kind: 'long-side' }>;
type LetterboxInput = Extract<InputPolicy, { kind: 'letterbox' }>;

/**
 * The import form's values as typed: numbers as text (so "1/255" and a half-typed value survive),
 * choices as their option values.
 */
export interface DescriptorForm {
  name: string;
  license: string;
  inputKind: InputPolicy['kind'];
  limitSide: string;
  multiple: string;
  size: string;
  anchor: string;
  padValue: string;
  scale: string;
  mean: [string, string, string];
  std: [string, string, string];
  channelOrder: string;
  outputName: string;
  outputChannel: string;
  applySigmoid: boolean;
  threshold: string;
  boxThreshold: string;
  maxCandidates: string;
  minSize: string;
  unclipRatio: string;
  outputMode: string;
}

/** The form fields typed as text. */
export type TextKey = Exclude<keyof DescriptorForm, 'mean' | 'std' | 'applySigmoid' | 'inputKind'>;

/** Descriptor path of each form field, so validation errors land next to their field. */
export const FIELD_PATHS: Record<TextKey | 'mean' | 'std', string> = {
  name: 'name',
  license: 'license',
  limitSide: 'input.limitSide',
  multiple: 'input.multiple',
  size: 'input.size',
  anchor: 'input.anchor',
  padValue: 'input.padValue',
  scale: 'normalization.scale',
  mean: 'normalization.mean',
  std: 'normalization.std',
  channelOrder: 'normalization.channelOrder',
  outputName: 'output.name',
  outputChannel: 'output.channel',
  threshold: 'postprocess.threshold',
  boxThreshold: 'postprocess.boxThreshold',
  maxCandidates: 'postprocess.maxCandidates',
  minSize: 'postprocess.minSize',
  unclipRatio: 'postprocess.unclipRatio',
  outputMode: 'postprocess.outputMode',
};

/** Formats a number for a form field: short, exact for the values presets use (1/255 stays a fraction). */
function formatNumber(value: number): string {
  if (Math.abs(value * 255 - 1) < 1e-12) return '1/255';
  return String(Number(value.toPrecision(10)));
}

/**
 * Reads a form number: a decimal or a fraction `a/b` (scale is usually 1/255). Blank or
 * unreadable text gives NaN, which validation reports against the field.
 */
export function parseFormNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  const fraction = /^([+-]?[\d.]+(?:e[+-]?\d+)?)\s*\/\s*([\d.]+(?:e[+-]?\d+)?)$/i.exec(trimmed);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  return Number(trimmed);
}

/** The form's values for descriptor settings (and an optional name and licence). */
export function formFromSettings(
  settings: DescriptorSettings,
  identity: { name: string; license: string } = { name: '', license: '' },
): DescriptorForm {
  const { input, normalization, output, postprocess } = settings;
  const ppocrInput = presetById(PresetId.PpOcrV4).settings.input as LongSideInput;
  const competitionInput = presetById(PresetId.Competition).settings.input as LetterboxInput;
  // The fields of the policy not in use keep sensible values, so switching the kind shows numbers.
  const longSide = input.kind === 'long-side' ? input : ppocrInput;
  const letterbox = input.kind === 'letterbox' ? input : competitionInput;
  return {
    name: identity.name,
    license: identity.license,
    inputKind: input.kind,
    limitSide: formatNumber(longSide.limitSide),
    multiple: formatNumber(longSide.multiple),
    size: formatNumber(letterbox.size),
    anchor: letterbox.anchor,
    padValue: formatNumber(letterbox.padValue),
    scale: formatNumber(normalization.scale),
    mean: normalization.mean.map(formatNumber) as [string, string, string],
    std: normalization.std.map(formatNumber) as [string, string, string],
    channelOrder: normalization.channelOrder,
    outputName: output.name ?? '',
    outputChannel: formatNumber(output.channel),
    applySigmoid: output.applySigmoid,
    threshold: formatNumber(postprocess.threshold),
    boxThreshold: formatNumber(postprocess.boxThreshold),
    maxCandidates: formatNumber(postprocess.maxCandidates),
    minSize: formatNumber(postprocess.minSize),
    unclipRatio: formatNumber(postprocess.unclipRatio),
    outputMode: postprocess.outputMode,
  };
}

/**
 * Builds and validates a descriptor from the form. `identity` supplies the id, source and file
 * size; the form's name and licence win when filled in.
 */
export function descriptorFromForm(
  form: DescriptorForm,
  identity: DescriptorIdentity,
): DescriptorResult {
  const input: Record<string, unknown> =
    form.inputKind === 'long-side'
      ? {
          kind: form.inputKind,
          limitSide: parseFormNumber(form.limitSide),
          multiple: parseFormNumber(form.multiple),
        }
      : {
          kind: form.inputKind,
          size: parseFormNumber(form.size),
          anchor: form.anchor,
          padValue: parseFormNumber(form.padValue),
        };
  return validateDescriptor(
    {
      id: identity.id,
      name: form.name.trim() || identity.name,
      source: identity.source,
      license: form.license.trim() || identity.license,
      input,
      normalization: {
        scale: parseFormNumber(form.scale),
        mean: form.mean.map(parseFormNumber),
        std: form.std.map(parseFormNumber),
        channelOrder: form.channelOrder,
      },
      output: {
        name: form.outputName,
        channel: parseFormNumber(form.outputChannel),
        applySigmoid: form.applySigmoid,
      },
      postprocess: {
        threshold: parseFormNumber(form.threshold),
        boxThreshold: parseFormNumber(form.boxThreshold),
        maxCandidates: parseFormNumber(form.maxCandidates),
        minSize: parseFormNumber(form.minSize),
        unclipRatio: parseFormNumber(form.unclipRatio),
        outputMode: form.outputMode,
      },
    },
    identity,
  );
}

/** What editing some fields of the form leaves: the new form and the errors that still stand. */
export interface FormEdit {
  form: DescriptorForm;
  /** The errors of fields not edited; an edited field's error is stale until the next submit. */
  fieldErrors: FieldError[];
  /** True when a descriptor setting changed (not only name or licence): the form is no longer a preset's. */
  settingsChanged: boolean;
}

/** Applies `changes` to the form: the new values, and which errors and which preset still hold. */
export function editForm(
  form: DescriptorForm,
  fieldErrors: readonly FieldError[],
  changes: Partial<DescriptorForm>,
): FormEdit {
  const { name: _name, license: _license, ...settings } = changes;
  const paths = Object.keys(changes).map((key) => FIELD_PATHS[key as keyof typeof FIELD_PATHS]);
  return {
    form: { ...form, ...changes },
    fieldErrors: fieldErrors.filter((e) => !paths.includes(e.path)),
    settingsChanged: Object.keys(settings).length > 0,
  };
}
