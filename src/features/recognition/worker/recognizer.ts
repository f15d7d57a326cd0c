/**
 * The text recognizer inside the detector worker: a second ONNX Runtime session, created on the
 * first job that asks for text (never when recognition is off), on the detector's backend, and
 * released with it. It reads regions from a full-size decode of the image and keeps what it read
 * for the image on screen, by polygon, so re-processing reads only the regions that changed.
 */
import { decodeImage, readPixels } from '../../../core/decode-image.js';
import { ErrorName, errorMessage, namedError } from '../../../core/errors.js';
import type { Homography } from '../../../core/geometry/perspective.js';
import type { RecognizeRequest } from '../../../protocol/detector.js';
import { fetchModelBytes } from '../../../worker/runtime/model-bytes.js';
import type { OrtRuntime } from '../../../worker/runtime/ort.js';
import { type ModelSession, openSession, type RunModel } from '../../../worker/runtime/session.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { BatchingPolicy } from '../pipeline/batching.js';
import { parseRecognizerDescriptor, type RecognizerDescriptor } from '../pipeline/descriptor.js';
import { buildClassCharacters, type ClassCharacters } from '../pipeline/dictionary.js';
import type { ReadingOrientation } from '../pipeline/reading-orientation.js';
import {
  RECOGNITION_BATCHING,
  RECOGNITION_BATCHING_WASM,
  type RecognizedText,
  type RunRecognizer,
} from '../pipeline/recognize.js';
import { type RecognizerRun, readWithKeptTexts } from '../pipeline/reread.js';
import { checkRecognizerSignature } from '../pipeline/signature.js';

interface LoadedRecognizer extends RecognizerRun {
  descriptorUrl: string;
  session: ModelSession;
}

/** What one reading produced. */
export interface ReadOutcome {
  /** The detections in their order, each with `text` and `textScore`. */
  detections: Detection[];
  /** Wall time of the reading (decode, crops, runs), ms. */
  recognitionMs: number;
  /** Regions read now (the rest came from the kept texts). */
  reread: number;
  recognizerId: string;
  /** How the text was turned before it was read; absent when nothing was read or no classifier ran. */
  orientation?: ReadingOrientation;
}

/** Decode quality of the full-size image: no resize happens, so the choice does not matter. */
const FULL_SIZE_QUALITY: ResizeQuality = 'low';

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return response.text();
}

/** The batching of `backend` (fixed widths on both today; see RECOGNITION_BATCHING_WASM), with the request's overrides. */
function batchingFor(backend: string, request: RecognizeRequest): BatchingPolicy {
  const base = backend === 'wasm' ? RECOGNITION_BATCHING_WASM : RECOGNITION_BATCHING;
  return { ...base, ...request.batching };
}

/** The recognizer of one worker; see the module comment. */
export class Recognizer {
  private loaded: LoadedRecognizer | null = null;
  private kept: {
    id: string;
    image: Blob;
    imageToUpright: Homography | undefined;
    texts: Map<string, RecognizedText>;
  } | null = null;
  /** Recognizer sessions created by this worker. */
  sessionsCreated = 0;
  /** Lines read by this worker. */
  linesRead = 0;

  /**
   * Keeps `image` under `id` (the batch item's) for re-reading later, with the frame its text
   * stands upright in (see `read`); texts read for another image go.
   */
  keepImage(id: string, image: Blob, imageToUpright?: Homography): void {
    this.kept = { id, image, imageToUpright, texts: new Map() };
  }

  /**
   * Reads the text of every detection of `image` (polygons in original-image pixels), creating
   * the session first if needed. When `image` is the kept one, texts already read for the same
   * polygons are reused and new ones are kept. `imageToUpright` maps image pixels to a frame in
   * which the text stands upright (a document photo's straightened page); absent, the image is.
   * `classify`, the 0°/180° line classifier, turns the text the right way round before reading.
   */
  async read(
    runtime: OrtRuntime,
    request: RecognizeRequest,
    image: Blob,
    detections: readonly Detection[],
    onProgress?: (detections: Detection[], readCount: number) => void,
    imageToUpright?: Homography,
    classify?: RunModel,
  ): Promise<ReadOutcome> {
    const start = performance.now();
    const loaded = await this.ensure(runtime, request);
    const model = { ...loaded, batching: batchingFor(runtime.backend, request) };
    const texts = this.kept?.image === image ? this.kept.texts : new Map<string, RecognizedText>();
    const read = await readWithKeptTexts(
      detections,
      texts,
      // Recognition needs lines at least 48 px tall; on receipts they are 20–40 px in the
      // original, so the crops come from a full-size decode (the detector's is reduced).
      async () => {
        const decoded = await decodeImage(image, () => null, FULL_SIZE_QUALITY);
        try {
          return readPixels(decoded.bitmap);
        } finally {
          decoded.bitmap.close();
        }
      },
      model,
      {
        ...(imageToUpright ? { imageToUpright } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(classify ? { classify } : {}),
      },
    );
    return {
      detections: read.detections,
      recognitionMs: performance.now() - start,
      reread: read.reread,
      recognizerId: model.descriptor.id,
      ...(read.orientation ? { orientation: read.orientation } : {}),
    };
  }

  /** Reads the regions of the image kept under `id`, reusing the text of unchanged polygons. */
  reread(
    runtime: OrtRuntime,
    request: RecognizeRequest,
    id: string,
    detections: readonly Detection[],
    classify?: RunModel,
  ): Promise<ReadOutcome> {
    if (this.kept?.id !== id) {
      throw namedError(ErrorName.MapMissing, 'The image of these regions is no longer kept.');
    }
    const { image, imageToUpright } = this.kept;
    return this.read(runtime, request, image, detections, undefined, imageToUpright, classify);
  }

  /** Drops the kept image and texts. */
  forget(): void {
    this.kept = null;
  }

  /** Releases the session and the kept image. */
  async release(): Promise<void> {
    this.kept = null;
    await this.releaseSession();
  }

  private async releaseSession(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = null;
    await loaded?.session.release();
  }

  /** The session for `request`, created on first use; a different descriptor replaces it. */
  private async ensure(runtime: OrtRuntime, request: RecognizeRequest): Promise<LoadedRecognizer> {
    if (this.loaded?.descriptorUrl === request.descriptorUrl) return this.loaded;
    await this.releaseSession();
    let descriptor: RecognizerDescriptor;
    let classes: ClassCharacters;
    let bytes: ArrayBuffer;
    try {
      descriptor = parseRecognizerDescriptor(JSON.parse(await fetchText(request.descriptorUrl)));
      const modelUrl = new URL(descriptor.file, request.descriptorUrl).href;
      const dictionaryUrl = new URL(descriptor.dictionaryFile, request.descriptorUrl).href;
      const [dictionary, fetched] = await Promise.all([
        fetchText(dictionaryUrl),
        fetchModelBytes(modelUrl, request.cacheWeights ? modelUrl : undefined),
      ]);
      classes = buildClassCharacters(dictionary, descriptor.ctc);
      bytes = fetched.bytes;
    } catch (error) {
      throw namedError(
        ErrorName.ModelLoad,
        `The text recognizer could not be loaded: ${errorMessage(error)}`,
        error,
      );
    }
    const session = await openSession(runtime, bytes, {
      backend: runtime.backend,
      label: descriptor.name,
      optimize: true,
    });
    this.sessionsCreated++;
    let run: RunRecognizer;
    try {
      const { inputName, outputName } = checkRecognizerSignature(
        session.inputs,
        session.outputs,
        descriptor,
        classes.length,
      );
      run = this.counted(
        session.runner(
          inputName,
          outputName,
          (dims) => `recognizer, ${dims[0]} × ${dims[3]} px lines`,
        ),
        classes.length,
      );
    } catch (error) {
      await session.release();
      throw error;
    }
    this.loaded = { descriptorUrl: request.descriptorUrl, session, descriptor, classes, run };
    return this.loaded;
  }

  /** `run` checking its output's classes and counting the lines it read. */
  private counted(run: RunModel, classCount: number): RunRecognizer {
    return async (tensor, dims) => {
      const output = await run(tensor, dims);
      if (output.dims.at(-1) !== classCount) {
        throw namedError(
          ErrorName.ModelMismatch,
          `recognizer output is [${output.dims.join(', ')}], expected N × T × ${classCount} classes`,
        );
      }
      this.linesRead += dims[0];
      return output;
    };
  }
}
