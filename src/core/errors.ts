/**
 * The error taxonomy. Comlink carries only `name`, `message` and `stack` across the thread
 * boundary, so errors are told apart by `name`, never by `instanceof`.
 */

/** Every error name the app raises or expects, platform names first. */
export const ErrorName = {
  Abort: 'AbortError',
  Timeout: 'TimeoutError',
  Quota: 'QuotaExceededError',
  WorkerCrashed: 'WorkerCrashedError',
  ModelLoad: 'ModelLoadError',
  ModelMismatch: 'ModelMismatchError',
  Inference: 'InferenceError',
  ImageDecode: 'ImageDecodeError',
  ImageTooLarge: 'ImageTooLargeError',
  Pdf: 'PdfError',
  Storage: 'StorageError',
  WebGpu: 'WebGpuError',
  MapMissing: 'MapMissingError',
  LabelFormat: 'LabelFormatError',
} as const;

/** One of the names in {@link ErrorName}. */
export type ErrorNameValue = (typeof ErrorName)[keyof typeof ErrorName];

/** Creates an `Error` whose `name` is one of ours, with an optional `cause`. */
export function namedError(name: ErrorNameValue, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

/** The `name` of anything thrown: an `Error`, a `DOMException`, or a plain object from another thread. */
export function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return 'Error';
}

/** The message of anything thrown, as a string. */
export function errorMessage(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message;
  }
  return String(error);
}

// Failures that belong to one image or one request: the worker and its session are fine after.
const perRequestNames: ReadonlySet<string> = new Set([
  ErrorName.Abort,
  ErrorName.ImageDecode,
  ErrorName.ImageTooLarge,
  ErrorName.Pdf,
  ErrorName.ModelMismatch,
  ErrorName.MapMissing,
  ErrorName.LabelFormat,
]);

/**
 * True when a job's failure may have left the worker or its session unusable (an ONNX Runtime
 * run failure, a WebGPU error, a crash, running out of memory, anything unknown), so the worker
 * must be replaced; false for failures that belong to the image or the request alone.
 */
export function mayBreakWorker(error: unknown): boolean {
  return !perRequestNames.has(errorName(error));
}

/** True when `error` is a cancellation (the person or a newer job asked for it), not a failure. */
export function isAbort(error: unknown): boolean {
  return errorName(error) === ErrorName.Abort;
}

const headlines: Record<string, string> = {
  [ErrorName.Abort]: 'Cancelled.',
  [ErrorName.Timeout]: 'Detection ran past its time limit and was stopped.',
  [ErrorName.Quota]: 'The browser refused to store more data.',
  [ErrorName.WorkerCrashed]: 'The detector stopped unexpectedly and was restarted.',
  [ErrorName.ModelLoad]: 'The model could not be loaded.',
  [ErrorName.ModelMismatch]: 'This model does not fit the text detector.',
  [ErrorName.Inference]: 'The model failed while running.',
  [ErrorName.ImageDecode]: 'This file is not an image the browser can read.',
  [ErrorName.ImageTooLarge]: 'This image is too large to detect.',
  [ErrorName.Pdf]: 'This PDF could not be read.',
  [ErrorName.Storage]: 'Results could not be saved.',
  [ErrorName.WebGpu]: 'WebGPU failed.',
  [ErrorName.MapMissing]: 'The probability map of this image is no longer kept.',
  [ErrorName.LabelFormat]: 'This label file cannot be read.',
};

/** Which worker a failure came from: a hang or a crash is told by the worker that had it. */
export type FailedWorker = 'detector' | 'scoring' | 'pdf';

/** Headlines that name the worker, for the workers other than the detector. */
const workerHeadlines: Record<Exclude<FailedWorker, 'detector'>, Record<string, string>> = {
  scoring: {
    [ErrorName.Timeout]: 'The scoring worker ran past its time limit and was stopped.',
    [ErrorName.WorkerCrashed]: 'The scoring worker stopped unexpectedly and was restarted.',
  },
  pdf: {
    [ErrorName.Timeout]: 'The PDF writer ran past its time limit and was stopped.',
    [ErrorName.WorkerCrashed]: 'The PDF writer stopped unexpectedly and was restarted.',
  },
};

/** What a person sees for an error: a headline by name plus the specific detail. */
export function userMessage(error: unknown, worker: FailedWorker = 'detector'): string {
  const name = errorName(error);
  const headline =
    (worker === 'detector' ? undefined : workerHeadlines[worker][name]) ??
    headlines[name] ??
    'Something went wrong.';
  const detail = errorMessage(error);
  return detail && detail !== headline ? `${headline} ${detail}` : headline;
}
