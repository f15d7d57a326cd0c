import { expose } from 'comlink';
import type { ReactiveControllerHost } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import type { Polygon } from '../../src/core/geometry/types.js';
import type { BatchItem, ItemResult } from '../../src/features/batch/ui/batch-item.js';
import { compactMap } from '../../src/features/detection/pipeline/compact-map.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import { MatchClass } from '../../src/features/tuning/pipeline/icdar2015.js';
import { TuningController } from '../../src/features/tuning/ui/tuning-controller.js';
import { Scorer } from '../../src/features/tuning/worker/scorer.js';
import { rect } from './support/shapes.js';

/** The real scorer behind a MessageChannel, as the scoring worker runs it; `override` replaces methods. */
function scoringPort(override: Partial<Record<keyof Scorer, unknown>> = {}): Worker {
  const { port1, port2 } = new MessageChannel();
  expose(Object.assign(new Scorer(), override), port2);
  return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
}

/** Simulates an uncaught error inside a scoring worker made by `scoringPort`. */
function crash(worker: Worker): void {
  worker.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
}

const never = () => new Promise<never>(() => {});

function item(id: string, name: string, polygons: Polygon[]): BatchItem {
  return {
    id,
    file: new File(['x'], name),
    included: true,
    status: 'done',
    error: null,
    errorName: null,
    result: {
      detections: polygons.map((imagePolygon) => ({ imagePolygon, score: 0.9 })),
      imageWidth: 80,
      imageHeight: 40,
      inputWidth: 40,
      inputHeight: 20,
      timings: { decodeMs: 0, preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 },
      backend: 'wasm',
    },
    modelId: PPOCR_V4_DET.id,
    params: PPOCR_V4_DET.postprocess,
    elapsedMs: 1,
  };
}

interface SetUpOptions {
  /** Starts each scoring worker; default the real scorer. */
  createWorker?: () => Worker;
  /** Receives what the person would be told; default: any report fails the test. */
  report?: (message: string) => void;
  scoringTimeoutMs?: number;
}

function setUp(items: BatchItem[], options: SetUpOptions = {}) {
  const host = { addController() {}, requestUpdate: vi.fn() } as unknown as ReactiveControllerHost;
  let params: PostprocessParams = { ...PPOCR_V4_DET.postprocess };
  const addImages = vi.fn();
  const tuning = new TuningController(host, {
    items: () => items,
    createWorker: options.createWorker ?? (() => scoringPort()),
    scoringTimeoutMs: options.scoringTimeoutMs,
    addImages,
    model: () => PPOCR_V4_DET,
    params: () => params,
    updateResult: (id, result: ItemResult, next) => {
      const index = items.findIndex((i) => i.id === id);
      items[index] = { ...items[index]!, result, params: next };
    },
    report:
      options.report ??
      ((message) => {
        throw new Error(message);
      }),
  });
  return { tuning, addImages, setParams: (p: PostprocessParams) => (params = p) };
}

/** Lets the controller's scoring loop run to the end. */
async function scored(tuning: TuningController): Promise<void> {
  tuning.hostUpdated();
  await vi.waitFor(() => expect(tuning.summary.scored).toBe(tuning.summary.labelled));
}

/** A 40 × 20 map, 2 image px per map px, with one block at 0.9 and one at 0.5. */
function twoBlockMap() {
  const data = new Float32Array(40 * 20);
  for (let y = 2; y <= 8; y++) {
    for (let x = 2; x <= 15; x++) data[y * 40 + x] = 0.9;
    for (let x = 22; x <= 35; x++) data[y * 40 + x] = 0.5;
  }
  const mapToImage = {
    scaleX: 2,
    scaleY: 2,
    offsetX: 0,
    offsetY: 0,
    imageWidth: 80,
    imageHeight: 40,
  };
  return compactMap({ data, width: 40, height: 20 }, mapToImage);
}

/** Labels of a.jpg: one box over each block of {@link twoBlockMap}. */
const twoBoxLabels = () =>
  new File(['2,2,32,2,32,18,2,18,A\n44,2,72,2,72,18,44,18,B\n'], 'gt_a.txt');

describe('TuningController', () => {
  it('loads good label files, names the bad one with its line and passes images to the batch', async () => {
    const items = [item('1', 'a.jpg', [])];
    const { tuning, addImages } = setUp(items);
    const image = new File(['x'], 'b.jpg');
    await tuning.addFiles([
      new File(['0,0,10,0,10,10,0,10,A\n'], 'gt_a.txt'),
      new File(['0,0,10\n'], 'gt_bad.txt'),
      image,
    ]);
    expect(addImages).toHaveBeenCalledWith([image]);
    expect(tuning.labelFiles.map((f) => f.fileName)).toEqual(['gt_a.txt']);
    expect(tuning.fileErrors).toEqual([
      { fileName: 'gt_bad.txt', message: expect.stringContaining('gt_bad.txt, line 1:') },
    ]);
    expect(tuning.labelsFor(items[0]!)?.labelFile).toBe('gt_a.txt');
  });

  it('scores each labelled result off the main thread and pools the counts', async () => {
    const items = [
      item('1', 'a.jpg', [rect(0, 0, 10, 10)]),
      item('2', 'b.jpg', [rect(50, 50, 60, 60), rect(0, 0, 10, 10)]),
      item('3', 'unlabelled.jpg', [rect(0, 0, 10, 10)]),
    ];
    const { tuning } = setUp(items);
    await tuning.addFiles([
      new File(['0,0,10,0,10,10,0,10,A\n'], 'gt_a.txt'),
      new File(['0,0,10,0,10,10,0,10,B\n20,0,30,0,30,10,20,10,###\n'], 'gt_b.txt'),
    ]);
    await scored(tuning);
    expect(tuning.summary.pooled).toMatchObject({ matched: 2, gt: 2, pred: 3 });
    expect([...(tuning.matchFor(items[1]!)?.predictionClasses ?? [])]).toEqual([
      MatchClass.FalsePositive,
      MatchClass.Hit,
    ]);
    expect(tuning.matchFor(items[2]!)).toBeNull();
    expect([...tuning.scores.keys()]).toEqual(['1', '2']);
  });

  it('leaves label boxes outside the image out of scoring and lists each by file and line', async () => {
    const items = [item('1', 'a.jpg', [rect(0, 0, 10, 10)])];
    const { tuning } = setUp(items);
    await tuning.addFiles([
      new File(
        ['0,0,10,0,10,10,0,10,IN\n1e308,0,1e308,5,0,5,0,0,FAR\n0,-1e9,9,-1e9,9,9,0,9,UP\n'],
        'gt_a.txt',
      ),
    ]);
    expect(tuning.labelsFor(items[0]!)?.labels.texts).toEqual(['IN']);
    await scored(tuning);
    expect(tuning.summary.pooled).toMatchObject({ matched: 1, gt: 1, pred: 1 });
    expect(tuning.outsideLabels).toEqual([
      'gt_a.txt, line 2: x = 1e+308 is outside the 80 × 40 image; left out of scoring.',
      'gt_a.txt, line 3: y = -1000000000 is outside the 80 × 40 image; left out of scoring.',
    ]);
  });

  it('re-processes every labelled image from its kept map when the parameters change', async () => {
    const items = [item('1', 'a.jpg', [])];
    const { tuning, setParams } = setUp(items);
    await tuning.addFiles([twoBoxLabels()]);
    tuning.keepMap(items[0]!, twoBlockMap());
    const lenient = { ...PPOCR_V4_DET.postprocess, boxThreshold: 0.4, unclipRatio: 1.5 };
    setParams(lenient);
    expect([...tuning.rescore(lenient)]).toEqual(['1']);
    await tuning.settled();
    expect(items[0]!.params).toEqual(lenient);
    expect(items[0]!.result!.detections).toHaveLength(2);
    expect(tuning.matchFor(items[0]!)).toMatchObject({ matched: 2, gtCounted: 2, predCounted: 2 });
  });

  it('reports a scoring worker that hangs as a failure, and scores on a fresh one once labels change', async () => {
    const items = [item('1', 'a.jpg', [rect(0, 0, 10, 10)])];
    const reports: string[] = [];
    let workers = 0;
    const { tuning } = setUp(items, {
      createWorker: () => scoringPort(workers++ === 0 ? { score: never } : {}),
      report: (message) => reports.push(message),
      scoringTimeoutMs: 20,
    });
    await tuning.addFiles([new File(['0,0,10,0,10,10,0,10,A\n'], 'gt_a.txt')]);
    tuning.hostUpdated();
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    expect(reports[0]).toMatch(/^Scoring failed: The scoring worker ran past its time limit/);
    expect(tuning.summary.scored).toBe(0);
    // No retry loop on the failure; labels added again are scored, on a fresh worker.
    tuning.hostUpdated();
    expect(workers).toBe(1);
    await tuning.addFiles([new File(['0,0,10,0,10,10,0,10,A\n'], 'gt_a.txt')]);
    await scored(tuning);
    expect(workers).toBe(2);
    expect(tuning.summary.pooled).toMatchObject({ matched: 1, gt: 1, pred: 1 });
  });

  it('stops re-scoring live from maps that died with the scoring worker', async () => {
    const items = [item('1', 'a.jpg', [])];
    const created: Worker[] = [];
    const { tuning } = setUp(items, {
      createWorker: () => {
        created.push(scoringPort());
        return created.at(-1)!;
      },
    });
    await tuning.addFiles([twoBoxLabels()]);
    tuning.keepMap(items[0]!, twoBlockMap());
    expect(tuning.keptMaps.images).toBe(1);
    tuning.rescore({ ...PPOCR_V4_DET.postprocess });
    await tuning.settled();
    crash(created[0]!);
    expect(tuning.keptMaps).toEqual({ images: 0, bytes: 0 });
    // The viewer re-processes the image through the detector instead.
    expect(tuning.rescore({ ...PPOCR_V4_DET.postprocess, boxThreshold: 0.4 }).size).toBe(0);
  });

  it('reports a sweep that overruns, and runs the next one', async () => {
    const items = [item('1', 'a.jpg', [])];
    const reports: string[] = [];
    let sweeps = 0;
    const sweep = () =>
      sweeps++ === 0 ? never() : [{ value: 0.5, matched: 1, gtCounted: 2, predCounted: 1 }];
    const { tuning } = setUp(items, {
      createWorker: () => scoringPort({ sweep }),
      report: (message) => reports.push(message),
      scoringTimeoutMs: 20,
    });
    await tuning.addFiles([twoBoxLabels()]);
    tuning.keepMap(items[0]!, twoBlockMap());
    // One map, one value: the limit is 20 ms + 500 ms for the map.
    await tuning.sweep('boxThreshold', [0.5]);
    expect(reports).toEqual([
      expect.stringMatching(/^The sweep failed: The scoring worker ran past its time limit/),
    ]);
    expect(tuning.sweeps.running).toBe(false);
    expect(tuning.sweepResult).toBeNull();
    // The kept map died with the worker; kept again (the image detected again), it sweeps.
    expect(tuning.keptMaps.images).toBe(0);
    tuning.keepMap(items[0]!, twoBlockMap());
    await tuning.sweep('boxThreshold', [0.5]);
    expect(tuning.sweepResult).toMatchObject({ key: 'boxThreshold', images: 1 });
    expect(reports).toHaveLength(1);
  });
});
