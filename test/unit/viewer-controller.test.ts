import type { ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Quad } from '../../src/core/geometry/perspective.js';
import { DetectorEngine } from '../../src/engine/detector-engine.js';
import type { BatchItem, ItemResult } from '../../src/features/batch/ui/batch-item.js';
import { KeptMap } from '../../src/features/detection/pipeline/kept-map.js';
import {
  heatmapAlpha,
  ViewerController,
} from '../../src/features/detection/ui/viewer-controller.js';
import type {
  ModelDescriptor,
  PostprocessParams,
} from '../../src/features/models/pipeline/descriptor.js';
import type { DetectRequest, LoadRequest } from '../../src/protocol/detector.js';
import { FakeWorker } from './fake-worker.js';

const params: PostprocessParams = {
  threshold: 0.5,
  boxThreshold: 0.5,
  maxCandidates: 10,
  minSize: 1,
  unclipRatio: 1.5,
  outputMode: 'box',
};
const identity = { scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0, imageWidth: 4, imageHeight: 4 };

/**
 * Each image's map is flat at its own level, so a heatmap tells whose map it came from, and so do
 * its regions: none in A's (below the threshold), one in B's.
 */
const LEVEL: Record<string, number> = { A: 0.2, B: 0.8 };

/** An engine over a fake worker that keeps and re-processes maps as the real one does (the same KeptMap). */
function engineKeepingMaps() {
  const kept = new KeptMap();
  const detect = async (request: DetectRequest) => {
    const id = request.keepMapFor!;
    kept.keep(id, { data: new Float32Array(16).fill(LEVEL[id]!), width: 4, height: 4 }, identity);
    const { detections } = kept.repostprocess(id, params);
    return { detections, imageWidth: 4, imageHeight: 4, timings: {} };
  };
  const engine = new DetectorEngine({
    createWorker: () =>
      new FakeWorker({
        detect,
        repostprocess: (mapId, p) => kept.repostprocess(mapId, p),
        heatmap: (mapId) => kept.heatmap(mapId),
      }) as unknown as Worker,
    timeoutMs: 1_000,
  });
  return engine;
}

function item(id: string): BatchItem {
  return {
    id,
    file: new File([], `${id}.png`),
    included: true,
    status: 'done',
    error: null,
    errorName: null,
    result: { detections: [], timings: {} } as unknown as ItemResult,
    modelId: 'm',
    params,
    elapsedMs: 0,
  };
}

const host = { addController() {}, requestUpdate() {} } as unknown as ReactiveControllerHost;

describe('ViewerController with a batch job in between', () => {
  beforeEach(() => {
    // The heatmap is coloured into ImageData and drawn from a bitmap: Node has neither.
    vi.stubGlobal(
      'ImageData',
      class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      },
    );
    vi.stubGlobal('createImageBitmap', async (source: unknown) => source);
    vi.stubGlobal('ImageBitmap', class {});
  });
  afterEach(() => vi.unstubAllGlobals());

  async function setUp() {
    const engine = engineKeepingMaps();
    await engine.setModel({
      descriptor: { id: 'm' } as ModelDescriptor,
      backend: 'wasm',
    } as LoadRequest);
    const applied: { id: string; regions: number }[] = [];
    const viewer = new ViewerController(host, {
      engine,
      applyResult: (id, result) => applied.push({ id, regions: result.detections.length }),
      redetect: async (target, p) => {
        const { thumbnail: _t, ...result } = await engine.detect({
          image: target.file,
          params: p,
          keepMapFor: target.id,
          thumbnailLongSide: 64,
        });
        return result;
      },
      report: (message) => {
        throw new Error(message);
      },
    });
    // A is detected and shown; B's batch job is queued before the viewer's next call.
    await engine.detect({ image: new Blob(), params, keepMapFor: 'A', thumbnailLongSide: 64 });
    viewer.selectedId = 'A';
    return { engine, viewer, applied };
  }

  it("shows A's heatmap, never B's, when B was detected in between", async () => {
    const { engine, viewer } = await setUp();
    const batchJob = engine.detect({
      image: new Blob(),
      params,
      keepMapFor: 'B',
      thumbnailLongSide: 64,
    });
    const shown = viewer.setShowHeatmap(true, item('A'));
    await Promise.all([batchJob, shown]);
    const bitmap = viewer.heatmap?.bitmap as unknown as { data: Uint8ClampedArray };
    // Alpha rises with the level: A's 0.2 → 139, B's 0.8 → 226.
    expect(bitmap.data[3]).toBe(heatmapAlpha(Math.round(0.2 * 255)));
    expect(heatmapAlpha(Math.round(0.2 * 255))).not.toBe(heatmapAlpha(Math.round(0.8 * 255)));
  });

  it('re-processes A by detecting it again, not from the map of B detected in between', async () => {
    const { engine, viewer, applied } = await setUp();
    const batchJob = engine.detect({
      image: new Blob(),
      params,
      keepMapFor: 'B',
      thumbnailLongSide: 64,
    });
    viewer.reprocess(item('A'), params);
    await batchJob;
    await vi.waitFor(() => expect(applied).toHaveLength(1));
    expect(applied).toEqual([{ id: 'A', regions: 0 }]);
  });
});

describe('ViewerController re-running an image with its page corners', () => {
  it('keeps a waiting re-run full, with the corners it was asked for, when a slider moves meanwhile', async () => {
    const calls: { threshold: number; pageQuad: unknown }[] = [];
    let release: () => void = () => {};
    const firstRunning = new Promise<void>((resolve) => {
      release = resolve;
    });
    const viewer = new ViewerController(host, {
      engine: {} as DetectorEngine,
      applyResult: () => {},
      redetect: async (_target, p, pageQuad) => {
        calls.push({ threshold: p.threshold, pageQuad });
        if (calls.length === 1) await firstRunning;
        return { detections: [], timings: {} } as unknown as ItemResult;
      },
      report: (message) => {
        throw new Error(message);
      },
    });
    const placed = [
      [1, 1],
      [9, 1],
      [9, 9],
      [1, 9],
    ] as Quad;
    viewer.redetect(item('A'), params);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    viewer.redetect(item('A'), params, placed);
    viewer.reprocess(item('A'), { ...params, threshold: 0.4 });
    release();
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({ threshold: 0.4, pageQuad: placed });
  });
});
