import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { namedError } from '../../src/core/errors.js';
import type { DetectorEngine } from '../../src/engine/detector-engine.js';
import { HALF_TURN_MODEL_FILE } from '../../src/features/models/pipeline/catalog.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import { PresetId, presetSettings } from '../../src/features/models/pipeline/descriptor-presets.js';
import { distinctName } from '../../src/features/models/pipeline/model-names.js';
import { ModelStore } from '../../src/features/models/store/model-store.js';
import type { Catalog } from '../../src/features/models/ui/model-catalog.js';
import { ModelController } from '../../src/features/models/ui/model-controller.js';
import type { LoadRequest, LoadResult } from '../../src/protocol/detector.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shell/settings-store.js';

const DEFAULT: ModelDescriptor = {
  id: 'catalog-default',
  name: 'Default',
  source: 'test',
  license: 'MIT',
  file: 'default.onnx',
  bytes: 10,
  ...presetSettings(PresetId.PpOcrV4),
};

function userModel(id: string): ModelDescriptor {
  return { id, name: id, source: 'test', license: 'MIT', ...presetSettings(PresetId.Competition) };
}

/** Bytes that pass the ONNX structure check: ir_version, then an empty graph field. */
const ONNX_LIKE = new Uint8Array([0x08, 0x07, 0x3a, 0x00]).buffer;

/**
 * An engine that "loads" any model except those in `refused`, and — like the real one — keeps
 * the previous model loaded when a new one is refused.
 */
class FakeEngine {
  loadResult: LoadResult | null = null;
  readonly loads: LoadRequest[] = [];
  readonly refused = new Set<string>();

  async setModel(request: LoadRequest): Promise<LoadResult> {
    this.loads.push(request);
    if (this.refused.has(request.descriptor.id)) {
      throw namedError('ModelMismatchError', 'input has 1 channel, expected 3');
    }
    this.loadResult = { backend: 'wasm', inputName: 'x' } as LoadResult;
    return this.loadResult;
  }
}

/** A controller over a fake engine; pass `store` and `settings` of an earlier one to model a reload. */
function setup(previous: { store?: ModelStore; settings?: Settings } = {}) {
  const engine = new FakeEngine();
  const store = previous.store ?? new ModelStore({ indexedDB: new IDBFactory() });
  let settings: Settings = previous.settings ?? { ...DEFAULT_SETTINGS };
  const reports: string[] = [];
  const catalog: Catalog = { defaultId: DEFAULT.id, models: [DEFAULT] };
  const controller = new ModelController(
    { addController: () => undefined, requestUpdate: () => undefined } as never,
    {
      engine: engine as unknown as DetectorEngine,
      store,
      backend: () => 'wasm',
      settings: () => settings,
      updateSettings: (changes) => {
        settings = { ...settings, ...changes };
      },
      report: (message) => reports.push(message),
      fetchCatalog: async () => catalog,
    },
  );
  return { engine, store, controller, reports, settings: () => settings };
}

describe('ModelController', () => {
  beforeEach(() => {
    vi.stubGlobal('document', { baseURI: 'http://localhost/app/' });
  });

  it('starts with the catalog default and its parameters', async () => {
    const { controller, engine } = setup();
    await controller.start();
    expect(controller.current?.id).toBe(DEFAULT.id);
    expect(controller.params).toEqual(DEFAULT.postprocess);
    expect(engine.loads[0]?.modelUrl).toBe('http://localhost/models/default.onnx');
  });

  it('keeps the model in use, its parameters and its load info when an import is refused', async () => {
    const { controller, engine, store } = setup();
    await controller.start();
    engine.refused.add('user-bad');
    await expect(
      controller.importModel('bad.onnx', ONNX_LIKE, userModel('user-bad')),
    ).rejects.toThrow('input has 1 channel, expected 3');
    expect(controller.current?.id).toBe(DEFAULT.id);
    expect(controller.params).toEqual(DEFAULT.postprocess);
    expect(controller.loadInfo).not.toBeNull();
    expect(await store.list()).toEqual([]);
  });

  it('refuses bytes that are not ONNX without touching the engine', async () => {
    const { controller, engine } = setup();
    await controller.start();
    const text = new TextEncoder().encode('not a model').buffer;
    await expect(controller.importModel('notes.onnx', text, userModel('user-x'))).rejects.toThrow(
      '"notes.onnx" is not a valid ONNX model',
    );
    expect(engine.loads).toHaveLength(1);
  });

  it('stores an accepted import, switches to it and remembers it across a restart', async () => {
    const first = setup();
    await first.controller.start();
    await first.controller.importModel('mine.onnx', ONNX_LIKE, userModel('user-mine'));
    expect(first.controller.current?.id).toBe('user-mine');
    expect(first.controller.params?.threshold).toBe(0.2);
    expect(first.settings().modelId).toBe('user-mine');
    expect(first.engine.loads.at(-1)?.modelBytes).toBe(ONNX_LIKE);
    // Document photos turn pages upright with the shipped line classifier, whatever the detector;
    // with no service worker the worker caches it itself.
    const classifierUrl = `http://localhost/models/${HALF_TURN_MODEL_FILE}`;
    expect(first.engine.loads.at(-1)?.halfTurnModelUrl).toBe(classifierUrl);
    expect(first.engine.loads.at(-1)?.halfTurnCacheKey).toBe(classifierUrl);

    const second = setup({ store: first.store, settings: first.settings() });
    await second.controller.start();
    expect(second.controller.current?.id).toBe('user-mine');
    expect(second.engine.loads).toHaveLength(1);
    expect(second.engine.loads[0]?.halfTurnModelUrl).toBe(classifierUrl);
    expect([...new Uint8Array(second.engine.loads[0]!.modelBytes!)]).toEqual([
      0x08, 0x07, 0x3a, 0x00,
    ]);
  });

  it('keeps parameters per model across switches', async () => {
    const { controller } = setup();
    await controller.start();
    await controller.importModel('mine.onnx', ONNX_LIKE, userModel('user-mine'));
    controller.setParams({ ...controller.params!, threshold: 0.42 });
    await controller.select(DEFAULT.id);
    expect(controller.params?.threshold).toBe(DEFAULT.postprocess.threshold);
    await controller.select('user-mine');
    expect(controller.params?.threshold).toBe(0.42);
  });

  it('removing the model in use goes back to the default and forgets its parameters', async () => {
    const { controller, settings } = setup();
    await controller.start();
    await controller.importModel('mine.onnx', ONNX_LIKE, userModel('user-mine'));
    controller.setParams({ ...controller.params!, threshold: 0.42 });
    await controller.remove('user-mine');
    expect(controller.current?.id).toBe(DEFAULT.id);
    expect(controller.userModels).toEqual([]);
    expect(settings().paramsByModel).toEqual({});
  });

  it('a picker choice that is refused becomes a notice and changes nothing', async () => {
    const { controller, engine, reports } = setup();
    await controller.start();
    await controller.importModel('mine.onnx', ONNX_LIKE, userModel('user-mine'));
    await controller.select(DEFAULT.id);
    engine.refused.add('user-mine');
    expect(await controller.pick('user-mine')).toBe(false);
    expect(controller.current?.id).toBe(DEFAULT.id);
    expect(reports).toEqual([expect.stringContaining('"user-mine" was not loaded')]);
  });

  it('says once when the model in use fails on every image, and offers the model before it', async () => {
    const { controller, reports } = setup();
    await controller.start();
    await controller.importModel('mine.onnx', ONNX_LIKE, userModel('user-mine'));
    const notAMap = namedError(
      'ModelMismatchError',
      'The output is not a probability map: 8 NaN of 8 values.',
    );

    controller.noteDetection('user-mine', namedError('TimeoutError', 'ran past 30 s'));
    controller.noteDetection('user-mine', notAMap);
    expect(controller.health.failing).toBeNull();
    controller.noteDetection('user-mine', notAMap);
    expect(controller.health.failing).toMatchObject({
      modelId: 'user-mine',
      failures: 2,
      fallbackId: DEFAULT.id,
      fallbackName: 'Default',
    });
    controller.noteDetection('user-mine', notAMap);
    expect(reports).toEqual([
      '"user-mine" has failed on every image since it was loaded (2 of 2): This model does not fit the text detector. The output is not a probability map: 8 NaN of 8 values. Go back to "Default" with the button beside the model picker.',
    ]);
    expect(controller.current?.id).toBe('user-mine');

    // Going back clears the warning; a result from another model is not counted.
    expect(await controller.pick(DEFAULT.id)).toBe(true);
    expect(controller.health.failing).toBeNull();
    controller.noteDetection('user-mine', notAMap);
    controller.noteDetection('user-mine', notAMap);
    expect(controller.health.failing).toBeNull();
  });

  it('does not call a model failing once it has detected an image', async () => {
    const { controller, reports } = setup();
    await controller.start();
    await controller.importModel('mine.onnx', ONNX_LIKE, userModel('user-mine'));
    const notAMap = namedError('ModelMismatchError', 'The output is not a probability map.');
    controller.noteDetection('user-mine', null);
    for (let i = 0; i < 3; i++) controller.noteDetection('user-mine', notAMap);
    expect(controller.health.failing).toBeNull();
    expect(reports).toEqual([]);
  });

  it('offers to replace or keep both when the bytes are already stored, and stores them once', async () => {
    const { controller, store } = setup();
    await controller.start();
    const file = () => new File([new Uint8Array(ONNX_LIKE)], 'mine.onnx');
    // Named as the dialog names a file's model: after the file, so all three are "mine".
    const mine = (id: string) => ({ ...userModel(id), name: 'mine' });
    await controller.submitImport(file(), mine('user-1'));
    expect(controller.importDialog.open).toBe(false);

    // The same bytes again: nothing is loaded or stored until the person chooses.
    await controller.submitImport(file(), mine('user-2'));
    expect(controller.importDialog).toMatchObject({
      open: true,
      busy: false,
      sameBytes: [{ id: 'user-1', name: 'mine' }],
    });
    expect((await store.list()).map((e) => e.descriptor.id)).toEqual(['user-1']);

    await controller.submitImport(file(), mine('user-2'), 'keep-both');
    expect((await store.list()).map((e) => [e.descriptor.id, e.descriptor.name])).toEqual([
      ['user-1', 'mine'],
      ['user-2', 'mine (2)'],
    ]);
    expect(controller.current?.id).toBe('user-2');

    await controller.submitImport(file(), mine('user-3'), 'replace');
    const listed = await store.list();
    expect(listed.map((e) => e.descriptor.id)).toEqual(['user-3']);
    expect(controller.current?.id).toBe('user-3');
    expect([...new Uint8Array((await store.getBytes('user-3'))!)]).toEqual([
      ...new Uint8Array(ONNX_LIKE),
    ]);
  });
});

describe('distinctName', () => {
  it('keeps a free name and numbers a taken one', () => {
    expect(distinctName('det', ['other'])).toBe('det');
    expect(distinctName('det', ['det'])).toBe('det (2)');
    expect(distinctName('det', ['det', 'det (2)'])).toBe('det (3)');
  });
});
