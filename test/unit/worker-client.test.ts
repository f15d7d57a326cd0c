import { describe, expect, it, vi } from 'vitest';
import { WorkerClient, type WorkerTerminatedEvent } from '../../src/engine/worker-client.js';
import { FakeComlinkWorker, failWith, never } from './fake-worker.js';

/** What the fake workers of these tests expose. */
interface EchoApi {
  echo(value: number): Promise<number>;
  hang(): Promise<never>;
  fail(name: string): Promise<never>;
}

function echoApi(log: string[] = []): EchoApi {
  return {
    echo: async (value) => {
      log.push(`start ${value}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${value}`);
      return value;
    },
    hang: never,
    fail: (name) => failWith(name)(),
  };
}

function clientWith(timeoutMs = 1_000, log: string[] = []) {
  const workers: FakeComlinkWorker[] = [];
  const client = new WorkerClient<EchoApi>({
    createWorker: () => {
      const worker = new FakeComlinkWorker(echoApi(log));
      workers.push(worker);
      return worker as unknown as Worker;
    },
    timeoutMs,
  });
  return { client, workers, log };
}

/** Lets a call reach the worker before the test breaks it. */
const reachWorker = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('WorkerClient', () => {
  it('starts its worker on the first call, and keeps it for the next', async () => {
    const { client, workers } = clientWith();
    expect(workers).toHaveLength(0);
    expect(client.session).toBeNull();
    await expect(client.call((api) => api.echo(1))).resolves.toBe(1);
    await expect(client.call((api) => api.echo(2))).resolves.toBe(2);
    expect(workers).toHaveLength(1);
    expect(client.workersAlive).toBe(1);
  });

  it('rejects with TimeoutError when the worker hangs, terminates it, and starts a fresh one', async () => {
    const { client, workers } = clientWith(50);
    const terminated: unknown[] = [];
    client.addEventListener('worker-terminated', (event) => {
      terminated.push((event as WorkerTerminatedEvent).reason);
    });
    await expect(client.call((api) => api.hang())).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'No answer within 0.1 s.',
    });
    expect(workers[0]!.terminated).toBe(true);
    expect(client.workersAlive).toBe(0);
    expect(terminated).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);

    await expect(client.call((api) => api.echo(3))).resolves.toBe(3);
    expect(workers).toHaveLength(2);
    expect(client.workersSpawned).toBe(2);
    expect(client.workersAlive).toBe(1);
  });

  it('gives a call its own time limit when it sets one', async () => {
    const { client } = clientWith(60_000);
    await expect(client.call((api) => api.hang(), { timeoutMs: 20 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('rejects pending calls and respawns after a crash', async () => {
    const { client, workers } = clientWith();
    // Two calls in flight on the worker within one job, and one more job queued behind it.
    const inFlight = client.call((api) => Promise.all([api.hang(), api.hang()]));
    const queued = client.call((api) => api.echo(4));
    await reachWorker();
    workers[0]!.crash('out of memory');
    await expect(inFlight).rejects.toMatchObject({
      name: 'WorkerCrashedError',
      message: 'out of memory',
    });
    expect(workers[0]!.terminated).toBe(true);
    await expect(queued).resolves.toBe(4);
    expect(workers).toHaveLength(2);
    expect(client.workersAlive).toBe(1);
  });

  it('ends the worker for a call cancelled while running, and never starts one cancelled while queued', async () => {
    const { client, workers, log } = clientWith();
    const running = new AbortController();
    const waiting = new AbortController();
    const first = client.call((api) => api.hang(), { signal: running.signal });
    const second = client.call((api) => api.echo(5), { signal: waiting.signal });
    waiting.abort(new DOMException('no longer wanted', 'AbortError'));
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await reachWorker();
    running.abort(new DOMException('no longer wanted', 'AbortError'));
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
    expect(log).toEqual([]);
    await expect(client.call((api) => api.echo(6))).resolves.toBe(6);
  });

  it('rejects at once, reaching no worker, when the signal is already aborted', async () => {
    const { client, workers } = clientWith();
    const task = vi.fn((api: { echo(v: number): Promise<number> }) => api.echo(7));
    await expect(client.call(task, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(task).not.toHaveBeenCalled();
    expect(workers).toHaveLength(0);
  });

  it('runs one call at a time, in the order they were made', async () => {
    const { client, log } = clientWith();
    const answers = await Promise.all([1, 2, 3].map((v) => client.call((api) => api.echo(v))));
    expect(answers).toEqual([1, 2, 3]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('keeps the worker after a per-request error, and replaces it after one that may break it', async () => {
    const { client, workers } = clientWith();
    await expect(client.call((api) => api.fail('ImageDecodeError'))).rejects.toMatchObject({
      name: 'ImageDecodeError',
    });
    expect(workers[0]!.terminated).toBe(false);
    await expect(client.call((api) => api.fail('RangeError'))).rejects.toMatchObject({
      name: 'RangeError',
    });
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.call((api) => api.echo(8))).resolves.toBe(8);
    expect(workers).toHaveLength(2);
  });

  it('rejects the call in flight with AbortError on dispose, and can be used after', async () => {
    const { client, workers } = clientWith();
    const job = client.call((api) => api.hang());
    await reachWorker();
    client.dispose();
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.call((api) => api.echo(9))).resolves.toBe(9);
  });

  it('runs the several calls of one job on the same worker, each within its time limit', async () => {
    const { client, workers } = clientWith(1_000);
    const answers = await client.enqueue(async (signal) => {
      const a = await client.run((api) => api.echo(1), { signal });
      const b = await client.run((api) => api.echo(2), { signal, timeoutMs: 500 });
      return [a, b];
    });
    expect(answers).toEqual([1, 2]);
    expect(workers).toHaveLength(1);
  });

  it('rejects with the overrun error the caller names', async () => {
    const { client } = clientWith();
    const stalled = (ms: number) =>
      Object.assign(new Error(`over ${ms} ms`), { name: 'StallError' });
    await expect(
      client.enqueue((signal) =>
        client.run((api) => api.hang(), { signal, timeoutMs: 20, timeoutError: stalled }),
      ),
    ).rejects.toMatchObject({ name: 'StallError', message: 'over 20 ms' });
    expect(client.workersAlive).toBe(0);
  });
});
