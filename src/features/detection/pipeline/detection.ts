import type { Polygon } from '../../../core/geometry/types.js';

/** One detected text region: its polygon in original-image pixels and its DB score (0–1). */
export interface Detection {
  /** Vertices in original-image pixel coordinates, clamped to the image. */
  imagePolygon: Polygon;
  /** Mean probability inside the region on the probability map (0–1). */
  score: number;
  /** The text read in the region, when recognition ran (full-width punctuation mapped to ASCII). */
  text?: string;
  /** Recognition confidence of `text`: mean top probability of its characters (0–1). */
  textScore?: number;
  /** The words of `text` and where each lies, in reading order, when recognition ran. */
  words?: RecognizedWord[];
}

/** One word of a read line: its text, its quad in original-image pixels (top-left of the word first, clockwise), its score (0–1). */
export interface RecognizedWord {
  text: string;
  points: Polygon;
  /** Mean top probability of the word's characters (0–1). */
  score: number;
}

/** Milliseconds spent in each stage of one detection. */
export interface StageTimings {
  decodeMs: number;
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
  /** Reading the regions' text (full-size decode, crops, recognizer runs), when recognition ran. */
  recognitionMs?: number;
  /** Document photos only: finding the page, voting on its orientation, straightening, enhancing. */
  pageMs?: number;
  orientationMs?: number;
  warpMs?: number;
  enhanceMs?: number;
}

/** The backend that actually ran a session. */
export type Backend = 'webgpu' | 'wasm';

/** Milliseconds of the document-photo steps (page, orientation, warp, enhance); 0 when they did not run. */
export function documentStepsMs(timings: StageTimings): number {
  return (
    (timings.pageMs ?? 0) +
    (timings.orientationMs ?? 0) +
    (timings.warpMs ?? 0) +
    (timings.enhanceMs ?? 0)
  );
}

/**
 * Time the whole job took in the worker: {@link totalMs} plus reading the text, when it was read,
 * ms. What a person waited for, and what the workbench shows as an image's time.
 */
export function jobMs(timings: StageTimings): number {
  return totalMs(timings) + (timings.recognitionMs ?? 0);
}

/** Time one detection spent in the worker: decode + document steps + preprocess + inference + postprocess, ms. */
export function totalMs(timings: StageTimings): number {
  return (
    timings.decodeMs +
    documentStepsMs(timings) +
    timings.preprocessMs +
    timings.inferenceMs +
    timings.postprocessMs
  );
}
