import { expose } from 'comlink';
import type { DetectRequest, LoadRequest, PostprocessParams } from '../../src/protocol/detector.js';

/** How a fake detector answers each call. */
export interface FakeBehaviour {
  load?: (request: LoadRequest) => Promise<unknown>;
  detect?: (request: DetectRequest) => Promise<unknown>;
  repostprocess?: (mapId: string, params: PostprocessParams) => unknown;
  heatmap?: (mapId: string) => unknown;
}

/** A fake detector worker's API: `behaviour` where given, a quick healthy answer elsewhere. */
function fakeDetector(behaviour: FakeBehaviour): object {
  return {
    load: behaviour.load ?? (async () => ({ backend: 'wasm', threads: 1 })),
    detect: behaviour.detect ?? (async () => ({ detections: [] })),
    release: async () => undefined,
    repostprocess: behaviour.repostprocess ?? (() => undefined),
    heatmap: behaviour.heatmap ?? (() => null),
  };
}

/**
 * A stand-in for a worker exposing `api`: a real Comlink endpoint over a MessageChannel, so the
 * client's Comlink calls go through the same machinery as in the browser.
 */
export class FakeComlinkWorker extends EventTarget {
  terminated = false;
  private readonly port: MessagePort;

  constructor(api: object) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    expose(api, port2);
    port1.addEventListener('message', (event) => {
      this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data }));
    });
    port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.port.postMessage(message, transfer as never);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }

  /** Simulates an uncaught error inside the worker. */
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}

/** A stand-in for the detector worker, answering as `behaviour` says. */
export class FakeWorker extends FakeComlinkWorker {
  constructor(behaviour: FakeBehaviour = {}) {
    super(fakeDetector(behaviour));
  }
}

/** A promise that never settles: a call into a worker that hangs. */
export const never = (): Promise<never> => new Promise<never>(() => {});

/** A rejection as Comlink delivers one from the worker: name and message only. */
export function failWith(name: string, message = `${name} in the worker`) {
  return async (): Promise<never> => {
    throw Object.assign(new Error(message), { name });
  };
}
