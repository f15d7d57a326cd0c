import { describe, expect, it } from 'vitest';
import { type MapsLostEvent, ScoringClient } from '../../src/engine/scoring-client.js';
import { compactMap } from '../../src/features/detection/pipeline/compact-map.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { Scorer } from '../../src/features/tuning/worker/scorer.js';
import { FakeComlinkWorker, never } from './fake-worker.js';
import { rect } from './support/shapes.js';

const params = { ...PPOCR_V4_DET.postprocess, boxThreshold: 0.6 };
const labels = { image: 'a.jpg', polygons: [rect(2, 2, 32, 18)], ignore: [false] };

/** A 40 × 20 map, 2 image px per map px, with one text block at 0.9 (image px 4–30 × 4–16). */
function oneBlock() {
  const data = new Float32Array(40 * 20);
  for (let y = 2; y <= 8; y++) for (let x = 2; x <= 15; x++) data[y * 40 + x] = 0.9;
  return compactMap(
    { data, width: 40, height: 20 },
    { scaleX: 2, scaleY: 2, offsetX: 0, offsetY: 0, imageWidth: 80, imageHeight: 40 },
  );
}

/** A scoring client whose workers run the real scorer, with `override` replacing its methods. */
function clientWith(override: Partial<Record<keyof Scorer, unknown>> = {}, timeoutMs = 1_000) {
  const workers: FakeComlinkWorker[] = [];
  const client = new ScoringClient({
    createWorker: () => {
      const worker = new FakeComlinkWorker(Object.assign(new Scorer(), override));
      workers.push(worker);
      return worker as unknown as Worker;
    },
    timeoutMs,
    timeoutMsPerMap: 1_000,
  });
  const lost: unknown[] = [];
  client.addEventListener('maps-lost', (event) => lost.push((event as MapsLostEvent).reason));
  return { client, workers, lost };
}

describe('ScoringClient', () => {
  it('keeps a map in the worker and re-scores it with new parameters', async () => {
    const { client, workers } = clientWith();
    await client.keepMap('1', oneBlock());
    const [answer] = await client.rescore(params, [{ id: '1', labels }]);
    expect(answer).toMatchObject({ id: '1', match: { matched: 1, gtCounted: 1, predCounted: 1 } });
    await expect(client.keptBytes()).resolves.toBe(40 * 20);
    expect(workers).toHaveLength(1);
  });

  it("sends an image's labels once, and again to a fresh worker or when they change", async () => {
    const sent: boolean[] = [];
    const scorer = new Scorer();
    const rescore = (p: typeof params, jobs: { id: string; labels?: unknown }[]) => {
      sent.push(...jobs.map((job) => job.labels !== undefined));
      return Scorer.prototype.rescore.call(scorer, p, jobs as never);
    };
    const { client, workers } = clientWith({
      rescore,
      keepMap: scorer.keepMap.bind(scorer),
    });
    await client.keepMap('1', oneBlock());
    const first = await client.rescore(params, [{ id: '1', labels }]);
    const second = await client.rescore({ ...params, boxThreshold: 0.5 }, [{ id: '1', labels }]);
    expect(second[0]?.match).toEqual(first[0]?.match);
    await client.rescore(params, [{ id: '1', labels: { ...labels } }]);
    expect(sent).toEqual([true, false, true]);

    workers[0]!.terminate();
    workers[0]!.dispatchEvent(new Event('error'));
    await expect(client.keptBytes()).resolves.toBe(0);
    await client.keepMap('1', oneBlock());
    await client.rescore(params, [{ id: '1', labels }]);
    expect(sent).toEqual([true, false, true, true]);
  });

  it('rejects with TimeoutError when the scorer hangs, and scores on a fresh worker next', async () => {
    let calls = 0;
    const score = (jobs: { id: string }[]) =>
      calls++ === 0 ? never() : jobs.map(({ id }) => ({ id, match: null }));
    const { client, workers, lost } = clientWith({ score }, 20);
    await expect(client.score([])).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(workers[0]!.terminated).toBe(true);
    expect(lost).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
    await expect(client.score([{ id: 'x', labels, predictions: [] }])).resolves.toEqual([
      { id: 'x', match: null },
    ]);
    expect(client.workersSpawned).toBe(2);
    expect(client.workersAlive).toBe(1);
  });

  it('rejects a re-scoring asked for before the worker died with MapMissingError, not an empty answer', async () => {
    let sweeps = 0;
    const sweep = () => (sweeps++ === 0 ? never() : []);
    const { client, workers, lost } = clientWith({ sweep }, 20);
    await client.keepMap('1', oneBlock());
    // The sweep hangs (its limit, 20 + 1 × 1,000 ms, is not reached) until the worker crashes.
    const hanging = client.sweep(params, 'boxThreshold', [0.5], [{ id: '1', labels }]);
    const queued = client.rescore(params, [{ id: '1', labels }]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    workers[0]!.crash('out of memory');
    const [swept, rescored] = await Promise.allSettled([hanging, queued]);
    expect(swept).toMatchObject({ status: 'rejected', reason: { name: 'WorkerCrashedError' } });
    expect(rescored).toMatchObject({ status: 'rejected', reason: { name: 'MapMissingError' } });
    expect(lost).toHaveLength(1);
    // Asked for after the loss, a re-scoring runs on a fresh worker, which keeps no map.
    await expect(client.rescore(params, [{ id: '1', labels }])).resolves.toEqual([]);
    expect(workers).toHaveLength(2);
  });

  it('gives a call more time for each map it re-processes', async () => {
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return [];
    };
    const { client } = clientWith({ sweep: slow, dropMaps: slow }, 20);
    await expect(client.dropMaps([])).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(
      client.sweep(params, 'boxThreshold', [0.5], [{ id: '1', labels }]),
    ).resolves.toEqual([]);
  });
});
