/**
 * PaddleOCR's 0°/180° line classifier in the worker: its session is opened on the first document
 * job that turns a page upright (WASM: it is small, and runs once per page), and released with
 * the detector's.
 */
import { ErrorName, errorMessage, namedError } from '../../../core/errors.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import { fetchModelBytes } from '../../../worker/runtime/model-bytes.js';
import type { OrtRuntime } from '../../../worker/runtime/ort.js';
import { type ModelSession, openSession, type RunModel } from '../../../worker/runtime/session.js';
import { classifyUpsideDown } from '../pipeline/half-turn.js';

/** Where the classifier's weights are; see `LoadRequest.halfTurnModelUrl`. */
export interface HalfTurnModel {
  url: string;
  /** The worker's Cache Storage key; absent under the page's service worker. */
  cacheKey: string | undefined;
}

/** The line classifier of one worker. */
export class HalfTurnClassifier {
  private session: Promise<ModelSession> | null = null;

  /** `model`: where the weights are; null: pages are never half turned. */
  constructor(readonly model: HalfTurnModel | null) {}

  /**
   * The classifier's vote on the page (`pixels`, lines as polygons in its pixels): upside down?
   * Throws `ModelLoadError` when the model cannot be opened, `InferenceError` when a run fails.
   */
  async upsideDown(
    runtime: OrtRuntime,
    pixels: RgbaImage,
    pagePolygons: Polygon[],
  ): Promise<boolean> {
    return classifyUpsideDown(pixels, pagePolygons, this.run(runtime));
  }

  /**
   * The classifier as a model call (N × 3 × 48 × 192 in, N × 2 out), for reading lines the right
   * way round. Its session opens on the first call: a page with no line to classify opens none.
   */
  run(runtime: OrtRuntime): RunModel {
    return async (input, dims) => (await this.runner(runtime))(input, dims);
  }

  /** Releases the session, if one was opened. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.then((opened) => opened.release()).catch(() => undefined);
  }

  private async runner(runtime: OrtRuntime): Promise<RunModel> {
    const session = await this.open(runtime);
    const [inputName, outputName] = [session.inputs[0]?.name, session.outputs[0]?.name];
    if (inputName === undefined || outputName === undefined) {
      throw namedError(ErrorName.ModelLoad, 'the page-orientation model has no input or output');
    }
    return session.runner(inputName, outputName, () => 'The page-orientation classifier failed');
  }

  private open(runtime: OrtRuntime): Promise<ModelSession> {
    const { model } = this;
    if (!model) throw namedError(ErrorName.ModelLoad, 'no page-orientation model was given');
    this.session ??= fetchModelBytes(model.url, model.cacheKey)
      .then(({ bytes }) =>
        openSession(runtime, bytes, { backend: 'wasm', label: 'page-orientation classifier' }),
      )
      .catch((error: unknown) => {
        this.session = null;
        throw namedError(
          ErrorName.ModelLoad,
          `The page-orientation model could not be loaded: ${errorMessage(error)}`,
          error,
        );
      });
    return this.session;
  }
}
