import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ErrorName,
  errorMessage,
  errorName,
  namedError,
  userMessage,
} from '../../../core/errors.js';
import type { DetectorEngine } from '../../../engine/detector-engine.js';
import type { BackendPreference, LoadRequest, LoadResult } from '../../../protocol/detector.js';
import { paramsFor, type Settings } from '../../../shell/settings-store.js';
import { type Catalog, shippedCatalog } from '../pipeline/catalog.js';
import type { ModelDescriptor, PostprocessParams } from '../pipeline/descriptor.js';
import { validateDescriptor } from '../pipeline/descriptor-validate.js';
import { distinctName } from '../pipeline/model-names.js';
import { onnxStructureProblem } from '../pipeline/onnx-structure.js';
import type { ModelStore, StoredModelEntry } from '../store/model-store.js';
import { halfTurnFields, loadRequestFor } from './model-catalog.js';
import { failingModelMessage, ModelHealth } from './model-health.js';

/** What the model controller needs from the page. */
export interface ModelControllerDeps {
  engine: DetectorEngine;
  store: ModelStore;
  /** The backend preference in force (settings, or the `?backend=` override). */
  backend(): BackendPreference;
  settings(): Settings;
  updateSettings(changes: Partial<Settings>): void;
  /** Shows a message to the person (a notice, not tied to the import dialog). */
  report(message: string): void;
  /** Reads the catalog; defaults to the shipped one (`src/features/models/pipeline/catalog.ts`). */
  fetchCatalog?: () => Promise<Catalog>;
}

/** State of the "Add your own model" dialog. */
export interface ImportDialogState {
  open: boolean;
  /** A model is being validated and loaded. */
  busy: boolean;
  /** Why the last attempt was refused, as a person reads it. */
  error: string | null;
  /** Stored models of the same bytes as the submitted file: the person chooses what to do. */
  sameBytes?: readonly { id: string; name: string }[];
}

/** What to do with a model whose bytes are already stored: replace those models, or keep both. */
export type DuplicateChoice = 'replace' | 'keep-both';

/** A model the picker offers: its descriptor and where it lives. */
export interface ModelOption {
  descriptor: ModelDescriptor;
  origin: 'catalog' | 'user';
  /** `false` for a user model IndexedDB refused: gone after a reload. */
  persisted: boolean;
}

/**
 * Owns which model runs: the catalog, the person's own models (IndexedDB), the current model and
 * its post-processing parameters (kept per model in settings). Every switch goes through
 * `engine.setModel`, which releases the old session and worker first and, when the new model is
 * refused, loads the previous one again, so the model in use stays in use.
 */
export class ModelController implements ReactiveController {
  catalog: Catalog | null = null;
  userModels: StoredModelEntry[] = [];
  /** The model whose session is loaded (or being restored); null before the first load. */
  current: ModelDescriptor | null = null;
  /** Post-processing parameters of the current model. */
  params: PostprocessParams | null = null;
  /** What the engine reported for the loaded session; null while a model is loading. */
  loadInfo: LoadResult | null = null;
  /** Why no model is loaded, as a person reads it. */
  loadError: string | null = null;
  /** Id of the model being switched to, or null. */
  pendingId: string | null = null;
  importDialog: ImportDialogState = { open: false, busy: false, error: null };
  /** Whether the current model has failed on every image since it was loaded. */
  readonly health = new ModelHealth();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: ModelControllerDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Every model the picker offers: the catalog first, then the person's own, oldest first. */
  get options(): ModelOption[] {
    const catalog = (this.catalog?.models ?? []).map(
      (descriptor): ModelOption => ({ descriptor, origin: 'catalog', persisted: true }),
    );
    const user = this.userModels.map(
      (entry): ModelOption => ({
        descriptor: entry.descriptor,
        origin: 'user',
        persisted: entry.persisted,
      }),
    );
    return [...catalog, ...user];
  }

  /** The catalog's default model, or its first. */
  get defaultModel(): ModelDescriptor | null {
    const models = this.catalog?.models ?? [];
    return models.find((m) => m.id === this.catalog?.defaultId) ?? models[0] ?? null;
  }

  /** True while a model is loading (start-up, a switch or an import). */
  get busy(): boolean {
    return this.pendingId !== null || this.importDialog.busy;
  }

  /**
   * Reads the catalog and the stored user models, then loads the model last chosen (or the
   * default). A stored model that no longer loads gives way to the default, with a notice.
   */
  async start(): Promise<void> {
    try {
      const catalog = this.deps.fetchCatalog ? await this.deps.fetchCatalog() : shippedCatalog();
      const valid = catalog.models.filter((model) => {
        const result = validateDescriptor(model);
        if (!result.ok) {
          const detail = result.errors.map((e) => e.message).join('; ');
          this.deps.report(`The catalog entry "${model.id}" was skipped: ${detail}.`);
        }
        return result.ok;
      });
      this.catalog = { ...catalog, models: valid };
      this.userModels = await this.deps.store.list();
      this.host.requestUpdate();
      const fallback = this.defaultModel;
      if (!fallback) throw namedError(ErrorName.ModelLoad, 'The model catalog lists no models.');
      const saved = this.deps.settings().modelId;
      const wanted = this.options.find((o) => o.descriptor.id === saved)?.descriptor ?? fallback;
      try {
        await this.switchTo(wanted);
      } catch (error) {
        if (wanted.id === fallback.id) throw error;
        this.deps.report(
          `"${wanted.name}" could not be loaded (${userMessage(error)}); using "${fallback.name}".`,
        );
        await this.switchTo(fallback);
      }
    } catch (error) {
      this.loadError = userMessage(error);
      this.host.requestUpdate();
    }
  }

  /** Switches to model `id`. Rejects when it is refused; the model in use then stays in use. */
  async select(id: string): Promise<void> {
    if (id === this.current?.id && this.loadInfo) return;
    const option = this.options.find((o) => o.descriptor.id === id);
    if (!option) throw namedError(ErrorName.ModelLoad, `No model with id "${id}".`);
    await this.switchTo(option.descriptor);
  }

  /**
   * The picker's choice: switches to `id`; a refusal becomes a notice and the model in use stays.
   * Resolves `true` when `id` is now in use.
   */
  async pick(id: string): Promise<boolean> {
    try {
      await this.select(id);
      return true;
    } catch (error) {
      const name = this.options.find((o) => o.descriptor.id === id)?.descriptor.name ?? id;
      this.deps.report(`"${name}" was not loaded: ${userMessage(error)}`);
      return false;
    }
  }

  /** Removes a user model from the picker's button; a failure becomes a notice. */
  async removeFromPicker(id: string): Promise<void> {
    try {
      await this.remove(id);
    } catch (error) {
      this.deps.report(`The model was not removed: ${userMessage(error)}`);
    }
  }

  /**
   * Loads the current model again (a new backend preference); a failure becomes a notice and
   * the engine keeps the model it had.
   */
  async reload(): Promise<void> {
    const model = this.current;
    if (!model) return;
    try {
      await this.switchTo(model);
    } catch (error) {
      this.deps.report(`"${model.name}" was not loaded again: ${userMessage(error)}`);
    }
  }

  /**
   * The batch's verdict on one image detected with model `modelId` (`error` null when it was
   * detected): a model failing on every image is said once, with the model to go back to.
   */
  noteDetection(modelId: string | null, error: unknown): void {
    const failing = this.health.note(modelId, error);
    if (failing) this.deps.report(failingModelMessage(failing));
    this.host.requestUpdate();
  }

  /** Sets the current model's parameters and remembers them for that model. */
  setParams(params: PostprocessParams): void {
    const model = this.current;
    if (!model) return;
    this.params = params;
    const settings = this.deps.settings();
    this.deps.updateSettings({ paramsByModel: { ...settings.paramsByModel, [model.id]: params } });
    this.host.requestUpdate();
  }

  /** Opens the import dialog, clearing the last attempt's error. */
  openImport(): void {
    this.importDialog = { open: true, busy: false, error: null };
    this.host.requestUpdate();
  }

  /** Closes the import dialog (not while a model is loading: the load would still switch). */
  closeImport(): void {
    if (this.importDialog.busy) return;
    this.importDialog = { open: false, busy: false, error: null };
    this.host.requestUpdate();
  }

  /**
   * The import dialog's submit: validates and loads the model, stores it and switches to it.
   * A refusal stays in the dialog as its error; the model in use stays in use.
   */
  async submitImport(
    file: File,
    descriptor: ModelDescriptor,
    duplicate?: DuplicateChoice,
  ): Promise<void> {
    this.importDialog = { open: true, busy: true, error: null };
    this.host.requestUpdate();
    try {
      const bytes = await file.arrayBuffer();
      const same = (await this.deps.store.withBytes(bytes)).map((e) => e.descriptor);
      if (same.length > 0 && !duplicate) {
        // Ask before storing the same weights under a second entry the picker cannot tell apart.
        const sameBytes = same.map(({ id, name }) => ({ id, name }));
        this.importDialog = { open: true, busy: false, error: null, sameBytes };
        this.host.requestUpdate();
        return;
      }
      const taken = this.options.map((o) => o.descriptor.name);
      const named =
        duplicate === 'keep-both'
          ? { ...descriptor, name: distinctName(descriptor.name, taken) }
          : descriptor;
      await this.importModel(file.name, bytes, named);
      // Replacing: the new entry is current; the old ones of the same bytes go.
      if (duplicate === 'replace') for (const old of same) await this.remove(old.id);
      this.importDialog = { open: false, busy: false, error: null };
    } catch (error) {
      this.importDialog = { open: true, busy: false, error: userMessage(error) };
    }
    this.host.requestUpdate();
  }

  /**
   * Adds a person's own model: checks the bytes are ONNX, loads them (ONNX Runtime and the
   * signature check have the final say), stores model and descriptor, and switches to it.
   * Rejects with `ModelLoadError` or `ModelMismatchError` naming the problem.
   */
  async importModel(
    fileName: string,
    bytes: ArrayBuffer,
    descriptor: ModelDescriptor,
  ): Promise<void> {
    const problem = onnxStructureProblem(new Uint8Array(bytes));
    if (problem) {
      throw namedError(ErrorName.ModelLoad, `"${fileName}" is not a valid ONNX model: ${problem}.`);
    }
    const request: LoadRequest = {
      descriptor,
      modelBytes: bytes,
      ...halfTurnFields(),
      backend: this.deps.backend(),
    };
    try {
      await this.load(descriptor, request);
    } catch (error) {
      // ONNX Runtime's own refusal reads like an internal error; say what it means first.
      if (errorName(error) === ErrorName.ModelLoad && /could not open/.test(errorMessage(error))) {
        throw namedError(
          ErrorName.ModelLoad,
          `"${fileName}" is not a valid ONNX model, or uses operators ONNX Runtime Web cannot run. ${errorMessage(error)}`,
          error,
        );
      }
      throw error;
    }
    const stored = await this.deps.store.put(descriptor, bytes);
    if (!stored.persisted) {
      this.deps.report(
        `"${descriptor.name}" is loaded for this session only: the browser refused to store it${stored.errorName ? ` (${stored.errorName})` : ''}.`,
      );
    }
    this.userModels = await this.deps.store.list();
    this.host.requestUpdate();
  }

  /**
   * Removes a user model from storage and from its saved parameters. When it is the model in
   * use, the default model is loaded first.
   */
  async remove(id: string): Promise<void> {
    if (!this.userModels.some((e) => e.descriptor.id === id)) return;
    const fallback = this.defaultModel;
    if (this.current?.id === id && fallback) await this.switchTo(fallback);
    await this.deps.store.delete(id);
    const { [id]: _removed, ...paramsByModel } = this.deps.settings().paramsByModel;
    this.deps.updateSettings({ paramsByModel });
    this.userModels = await this.deps.store.list();
    this.host.requestUpdate();
  }

  private async switchTo(descriptor: ModelDescriptor): Promise<void> {
    const request =
      this.catalog?.models.some((m) => m.id === descriptor.id) === true
        ? loadRequestFor(descriptor, this.deps.backend())
        : await this.userLoadRequest(descriptor);
    await this.load(descriptor, request);
  }

  private async userLoadRequest(descriptor: ModelDescriptor): Promise<LoadRequest> {
    const bytes = await this.deps.store.getBytes(descriptor.id);
    if (!bytes) {
      throw namedError(
        ErrorName.ModelLoad,
        `The weights of "${descriptor.name}" are no longer stored.`,
      );
    }
    return { descriptor, modelBytes: bytes, ...halfTurnFields(), backend: this.deps.backend() };
  }

  /** Loads through the engine; on success the model becomes current, on failure nothing changes. */
  private async load(descriptor: ModelDescriptor, request: LoadRequest): Promise<void> {
    this.pendingId = descriptor.id;
    this.loadInfo = null;
    this.host.requestUpdate();
    const previous = this.current;
    try {
      this.loadInfo = await this.deps.engine.setModel(request);
      this.current = descriptor;
      this.health.reset(descriptor, previous, this.defaultModel);
      this.params = paramsFor(this.deps.settings(), descriptor.id, descriptor.postprocess);
      this.loadError = null;
      this.deps.updateSettings({ modelId: descriptor.id });
    } catch (error) {
      // The engine has loaded the previous model again (or has none, when that failed too).
      this.loadInfo = this.deps.engine.loadResult;
      if (!this.loadInfo) this.loadError = userMessage(error);
      throw error;
    } finally {
      this.pendingId = null;
      this.host.requestUpdate();
    }
  }
}
