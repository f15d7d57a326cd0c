/** Command-line options of `npm run eval` and how they change a model descriptor. */

import { parseArgs } from 'node:util';
import { ENHANCEMENT_MODES } from '../../src/features/document/pipeline/enhance.js';
import {
  DEFAULT_DOCUMENT_PARAMS,
  type DocumentParams,
} from '../../src/features/document/pipeline/params.js';
import type {
  ModelDescriptor,
  PostprocessParams,
} from '../../src/features/models/pipeline/descriptor.js';
import type { ForcedBackend } from './browser.js';

/** Changes to a descriptor's input and normalisation given on the command line. */
export interface DescriptorOverrides {
  /** Replaces `normalization.channelOrder`. */
  channelOrder?: 'RGB' | 'BGR';
  /** Replaces `input.limitSide` (long-side policy) or `input.size` (letterbox), model-input px. */
  limitSide?: number;
}

/** Everything `npm run eval` was asked to do. */
export interface EvalOptions {
  /** Folder holding `images/` and `json/`. */
  folder: string;
  /** Predictions file to write; timings go beside it as `<name>.timings.json`. */
  out: string;
  backend: ForcedBackend;
  /** Catalog model id; null means the catalog's default. */
  modelId: string | null;
  /** Post-processing parameters that replace the descriptor's defaults. */
  params: Partial<PostprocessParams>;
  descriptor: DescriptorOverrides;
  /** Build dist-e2e first (false with `--no-build`). */
  build: boolean;
  /** Time limit of one detection, ms. */
  timeoutMs: number;
  /** Read each region's text and score it (`--recognize`). */
  recognize: boolean;
  /** Read the ground truth's regions instead of detecting (`--gt-boxes`, implies `--recognize`). */
  gtBoxes: boolean;
  /** Document-photo preprocessing (`--preprocess`, `--min-page-share`, `--no-orientation`, `--enhance`); null: off. */
  document: DocumentParams | null;
  /** Extract receipt fields from what was read and score them against `<folder>/keys/` (`--fields`, implies `--recognize`). */
  fields: boolean;
  /** Where the receipt fields go (`--fields-out`). */
  fieldsOut: string;
  /** `--fields-from-lines <folder>`: the extractor alone on `<folder>/lines/`, no browser; null: off. */
  fieldsFromLines: string | null;
}

/** Usage text of `npm run eval`. */
export const EVAL_USAGE = `usage: npm run eval -- <folder> [--out predictions.json] [--backend wasm|webgpu]
  [--model <id>] [--threshold 0.3] [--box-threshold 0.6] [--unclip-ratio 1.5]
  [--max-candidates 1000] [--min-size 3] [--mode box|polygon] [--channel-order RGB|BGR]
  [--limit-side 960] [--timeout-ms 120000] [--no-build] [--recognize [--gt-boxes]]
  [--preprocess [--min-page-share 0.18] [--no-orientation] [--enhance off|contrast]]
  [--fields [--fields-out fields.json]]
       npm run eval -- --fields-from-lines <folder> [--fields-out fields.json]
<folder> holds images/ and json/ as in ../shared/eval (see its README). --recognize reads each
region's text and scores it; --gt-boxes reads the ground truth's regions instead of detected ones.
--fields extracts each receipt's company, date, address and total from what was read and scores
them against <folder>/keys/; --fields-from-lines does it from <folder>/lines/ with no browser.`;

function numberOption(name: string, value: string | undefined, min: number, max: number) {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new RangeError(`--${name} must be a number in [${min}, ${max}], got "${value}"`);
  }
  return parsed;
}

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]) {
  if (value === undefined) return undefined;
  const found = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
  if (!found)
    throw new RangeError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return found;
}

/** Parses `npm run eval` arguments (without the node and script paths). Throws on bad input. */
export function parseEvalArgs(argv: readonly string[]): EvalOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'bench-out/predictions.json' },
      backend: { type: 'string', default: 'wasm' },
      model: { type: 'string' },
      threshold: { type: 'string' },
      'box-threshold': { type: 'string' },
      'unclip-ratio': { type: 'string' },
      'max-candidates': { type: 'string' },
      'min-size': { type: 'string' },
      mode: { type: 'string' },
      'channel-order': { type: 'string' },
      'limit-side': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      recognize: { type: 'boolean', default: false },
      'gt-boxes': { type: 'boolean', default: false },
      preprocess: { type: 'boolean', default: false },
      'min-page-share': { type: 'string' },
      'no-orientation': { type: 'boolean', default: false },
      enhance: { type: 'string' },
      fields: { type: 'boolean', default: false },
      'fields-out': { type: 'string', default: 'bench-out/fields.json' },
      'fields-from-lines': { type: 'string' },
    },
  });
  const fieldsFromLines = values['fields-from-lines'] ?? null;
  const folder = positionals[0] ?? fieldsFromLines;
  if (!folder || positionals.length > 1 || (fieldsFromLines && positionals.length > 0)) {
    throw new RangeError('give exactly one <folder>');
  }
  const params: Partial<PostprocessParams> = {};
  const threshold = numberOption('threshold', values.threshold, 0, 1);
  if (threshold !== undefined) params.threshold = threshold;
  const boxThreshold = numberOption('box-threshold', values['box-threshold'], 0, 1);
  if (boxThreshold !== undefined) params.boxThreshold = boxThreshold;
  const unclipRatio = numberOption('unclip-ratio', values['unclip-ratio'], 0, 10);
  if (unclipRatio !== undefined) params.unclipRatio = unclipRatio;
  const maxCandidates = numberOption('max-candidates', values['max-candidates'], 1, 1e6);
  if (maxCandidates !== undefined) params.maxCandidates = Math.round(maxCandidates);
  const minSize = numberOption('min-size', values['min-size'], 0, 1e4);
  if (minSize !== undefined) params.minSize = minSize;
  const outputMode = choice('mode', values.mode, ['box', 'polygon'] as const);
  if (outputMode) params.outputMode = outputMode;

  const descriptor: DescriptorOverrides = {};
  const channelOrder = choice('channel-order', values['channel-order'], ['RGB', 'BGR'] as const);
  if (channelOrder) descriptor.channelOrder = channelOrder;
  const limitSide = numberOption('limit-side', values['limit-side'], 32, 8192);
  if (limitSide !== undefined) descriptor.limitSide = Math.round(limitSide);

  const minPageShare = numberOption('min-page-share', values['min-page-share'], 0, 1);
  const enhancement = choice('enhance', values.enhance, ENHANCEMENT_MODES);
  const document: DocumentParams | null = values.preprocess
    ? {
        ...DEFAULT_DOCUMENT_PARAMS,
        enabled: true,
        ...(minPageShare !== undefined ? { minPageShare } : {}),
        orientation: !values['no-orientation'],
        ...(enhancement ? { enhancement } : {}),
      }
    : null;

  return {
    folder,
    out: values.out,
    document,
    backend: choice('backend', values.backend, ['wasm', 'webgpu'] as const) ?? 'wasm',
    modelId: values.model ?? null,
    params,
    descriptor,
    build: !values['no-build'],
    timeoutMs: numberOption('timeout-ms', values['timeout-ms'], 1_000, 3_600_000) ?? 120_000,
    recognize: values.recognize || values['gt-boxes'] || values.fields,
    gtBoxes: values['gt-boxes'],
    fields: values.fields,
    fieldsOut: values['fields-out'],
    fieldsFromLines,
  };
}

/**
 * A copy of `descriptor` with the command line's input and normalisation overrides and its
 * post-processing defaults replaced by `params`, so the worker runs exactly what was asked.
 */
export function withOverrides(
  descriptor: ModelDescriptor,
  overrides: DescriptorOverrides,
  params: Partial<PostprocessParams>,
): ModelDescriptor {
  const input =
    overrides.limitSide === undefined
      ? descriptor.input
      : descriptor.input.kind === 'long-side'
        ? { ...descriptor.input, limitSide: overrides.limitSide }
        : { ...descriptor.input, size: overrides.limitSide };
  return {
    ...descriptor,
    input,
    normalization: {
      ...descriptor.normalization,
      ...(overrides.channelOrder ? { channelOrder: overrides.channelOrder } : {}),
    },
    postprocess: { ...descriptor.postprocess, ...params },
  };
}

/** The timings file written beside a predictions file: `out.json` → `out.timings.json`. */
export function timingsPathFor(predictionsPath: string): string {
  return predictionsPath.endsWith('.json')
    ? `${predictionsPath.slice(0, -'.json'.length)}.timings.json`
    : `${predictionsPath}.timings.json`;
}
