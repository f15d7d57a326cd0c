import { describe, expect, it, vi } from 'vitest';
import { type BackendFallbackEvent, DetectorEngine } from '../../src/engine/detector-engine.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import type { DetectRequest, LoadRequest } from '../../src/protocol/detector.js';
import { type FakeBehaviour, FakeWorker, failWith, never } from './fake-worker.js';

const descriptor = { id: 'm', name: 'Model' } as ModelDescriptor;
const load: LoadRequest = { descriptor, modelUrl: 'http://x/m.onnx', backend: 'wasm' };
const request = { params: {} } as DetectRequest;

function engineWith(behaviours: FakeBehaviour[], timeoutMs = 50, loadTimeoutMs = 1_000) {
  const workers: FakeWorker[] = [];
  const engine = new DetectorEngine({
    createWorker: () => {
      const worker = new FakeWorker(behaviours[workers.length] ?? behaviours.at(-1)!);
      workers.push(worker);
      return worker as unknown as Worker;
    },
    timeoutMs,
    loadTimeoutMs,
  });
  return { engine, workers };
}

describe('DetectorEngine', () => {
  it('rejects with TimeoutError when the worker hangs, terminates it, and starts a new one', async () => {
    const { engine, workers } = engineWith([{ detect: never }, {}]);
    await engine.setModel(load);
    await expect(engine.detect(request)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(workers[0]!.terminated).toBe(true);
    expect(engine.workersAlive).toBe(0);

    await expect(engine.detect(request)).resolves.toEqual({ detections: [] });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.terminated).toBe(false);
    expect(engine.workersAlive).toBe(1);
  });

  it('reloads the model in the fresh worker after a timeout', async () => {
    const loads = vi.fn(async () => ({ backend: 'wasm' }));
    const { engine } = engineWith([{ load: loads, detect: never }, { load: loads }]);
    await engine.setModel(load);
    await expect(engine.detect(request)).rejects.toMatchObject({ name: 'TimeoutError' });
    await engine.detect(request);
    expect(loads).toHaveBeenCalledTimes(2);
  });

  it('runs one job at a time', async () => {
    let running = 0;
    let overlap = false;
    const detect = async () => {
      running++;
      if (running > 1) overlap = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return { detections: [] };
    };
    const { engine } = engineWith([{ detect }], 1_000);
    await engine.setModel(load);
    await Promise.all([engine.detect(request), engine.detect(request), engine.detect(request)]);
    expect(overlap).toBe(false);
  });

  it('rejects the job in flight with WorkerCrashedError when the worker dies', async () => {
    const { engine, workers } = engineWith([{ detect: never }, {}], 1_000);
    await engine.setModel(load);
    const job = engine.detect(request);
    await new Promise((resolve) => setTimeout(resolve, 10));
    workers[0]!.crash('out of memory');
    await expect(job).rejects.toMatchObject({ name: 'WorkerCrashedError' });
    expect(workers[0]!.terminated).toBe(true);
    await expect(engine.detect(request)).resolves.toEqual({ detections: [] });
  });

  it('never starts a job cancelled while queued, and kills the worker for a running one', async () => {
    const detect = vi.fn(never);
    const { engine, workers } = engineWith([{ detect }, {}], 5_000);
    await engine.setModel(load);
    const running = new AbortController();
    const queued = new AbortController();
    const first = engine.detect(request, { signal: running.signal });
    const second = engine.detect(request, { signal: queued.signal });
    queued.abort(new DOMException('no', 'AbortError'));
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    running.abort(new DOMException('no', 'AbortError'));
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(detect).toHaveBeenCalledTimes(1);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('keeps the previous model when a new one fails to load', async () => {
    const good = vi.fn(async () => ({ backend: 'wasm' }));
    const bad = async () => {
      throw Object.assign(new Error('input has 1 channel, expected 3'), {
        name: 'ModelMismatchError',
      });
    };
    const { engine, workers } = engineWith([{ load: good }, { load: bad }, { load: good }]);
    await engine.setModel(load);
    const other: LoadRequest = { ...load, descriptor: { ...descriptor, id: 'other' } };
    await expect(engine.setModel(other)).rejects.toMatchObject({ name: 'ModelMismatchError' });
    expect(good).toHaveBeenCalledTimes(2);
    expect(good.mock.calls.at(-1)).toEqual([expect.objectContaining({ descriptor })]);
    expect(workers.filter((w) => !w.terminated)).toHaveLength(1);
  });

  it('gives a stalled load one fresh worker on one WASM thread, and loads there', async () => {
    const retry = vi.fn(async () => ({ backend: 'wasm' }));
    const { engine, workers } = engineWith([{ load: never }, { load: retry }], 1_000, 50);
    await expect(engine.setModel(load)).resolves.toMatchObject({ backend: 'wasm' });
    expect(retry).toHaveBeenCalledWith(expect.objectContaining({ maxWasmThreads: 1 }));
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(engine.workersAlive).toBe(1);
  });

  it('gives up with ModelLoadError after a second stall, leaving no worker', async () => {
    const { engine, workers } = engineWith([{ load: never }], 1_000, 50);
    await expect(engine.setModel(load)).rejects.toMatchObject({ name: 'ModelLoadError' });
    expect(workers).toHaveLength(2);
    expect(engine.workersAlive).toBe(0);
  });

  it('does not retry a load that fails outright', async () => {
    const bad = async () => {
      throw Object.assign(new Error('not a valid ONNX model'), { name: 'ModelLoadError' });
    };
    // A generous stall limit: under load a 50 ms one was overrun by the fake worker's own
    // messaging, and the stall retry (a second worker) made this test flaky.
    const { engine, workers } = engineWith([{ load: bad }], 1_000, 10_000);
    await expect(engine.setModel(load)).rejects.toMatchObject({
      message: 'not a valid ONNX model',
    });
    expect(workers).toHaveLength(1);
  });

  it('replaces the worker after an inference error, and the next image is detected', async () => {
    const { engine, workers } = engineWith([{ detect: failWith('InferenceError') }, {}], 1_000);
    await engine.setModel(load);
    await expect(engine.detect(request)).rejects.toMatchObject({ name: 'InferenceError' });
    expect(workers[0]!.terminated).toBe(true);
    expect(engine.workersAlive).toBe(0);
    await expect(engine.detect(request)).resolves.toEqual({ detections: [] });
    expect(workers).toHaveLength(2);
    expect(engine.workersAlive).toBe(1);
  });

  it('replaces the worker after an unknown error such as running out of memory', async () => {
    const { engine, workers } = engineWith(
      [{ detect: failWith('RangeError', 'Array buffer allocation failed') }, {}],
      1_000,
    );
    await engine.setModel(load);
    await expect(engine.detect(request)).rejects.toMatchObject({ name: 'RangeError' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('keeps the worker after a per-image error (an image that does not decode)', async () => {
    const detect = vi
      .fn()
      .mockImplementationOnce(failWith('ImageDecodeError'))
      .mockImplementation(async () => ({ detections: [] }));
    const { engine, workers } = engineWith([{ detect }], 1_000);
    await engine.setModel(load);
    await expect(engine.detect(request)).rejects.toMatchObject({ name: 'ImageDecodeError' });
    await expect(engine.detect(request)).resolves.toEqual({ detections: [] });
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  describe('under auto', () => {
    const auto: LoadRequest = { ...load, backend: 'auto' };

    it('finishes the image on WASM after a WebGPU run failure, and says why once', async () => {
      const loads: string[] = [];
      const recordLoad = async (r: LoadRequest) => {
        loads.push(r.backend);
        return { backend: r.backend === 'auto' ? 'webgpu' : 'wasm' };
      };
      const { engine, workers } = engineWith(
        [
          { load: recordLoad, detect: failWith('WebGpuError', 'device lost') },
          { load: recordLoad, detect: async () => ({ detections: [], backend: 'wasm' }) },
        ],
        1_000,
      );
      const reasons: string[] = [];
      engine.addEventListener('backend-fallback', (event) => {
        reasons.push((event as BackendFallbackEvent).reason);
      });
      await engine.setModel(auto);
      await expect(engine.detect(request)).resolves.toEqual({ detections: [], backend: 'wasm' });
      await expect(engine.detect(request)).resolves.toMatchObject({ backend: 'wasm' });
      expect(loads).toEqual(['auto', 'wasm']);
      expect(reasons).toEqual(['device lost']);
      expect(engine.backendFallback).toBe('device lost');
      expect(workers[0]!.terminated).toBe(true);
      expect(engine.workersAlive).toBe(1);
    });

    it('loads on WASM when the WebGPU session cannot be created', async () => {
      const loads: string[] = [];
      const { engine } = engineWith([
        {
          load: async (r) => {
            loads.push(r.backend);
            if (r.backend === 'auto') await failWith('WebGpuError', 'no session')();
            return { backend: 'wasm' };
          },
        },
      ]);
      await expect(engine.setModel(auto)).resolves.toMatchObject({ backend: 'wasm' });
      expect(loads).toEqual(['auto', 'wasm']);
      expect(engine.backendFallback).toBe('no session');
      expect(engine.workersAlive).toBe(1);
    });
  });

  it('does not blame WebGPU for a model WASM cannot open either', async () => {
    const { engine } = engineWith([
      {
        load: async (r) =>
          r.backend === 'auto'
            ? failWith('WebGpuError', 'could not open on webgpu')()
            : failWith('ModelLoadError', 'could not open on wasm')(),
      },
    ]);
    const fallbacks: string[] = [];
    engine.addEventListener('backend-fallback', () => fallbacks.push('fell back'));
    await expect(engine.setModel({ ...load, backend: 'auto' })).rejects.toMatchObject({
      name: 'ModelLoadError',
    });
    expect(fallbacks).toEqual([]);
    expect(engine.backendFallback).toBeNull();
  });

  it('fails loudly when WebGPU is forced and fails', async () => {
    const { engine, workers } = engineWith(
      [{ detect: failWith('WebGpuError', 'device lost') }, {}],
      1_000,
    );
    await engine.setModel({ ...load, backend: 'webgpu' });
    await expect(engine.detect(request)).rejects.toMatchObject({ name: 'WebGpuError' });
    expect(engine.backendFallback).toBeNull();
    expect(workers[0]!.terminated).toBe(true);
  });
});
