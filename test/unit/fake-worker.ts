import { expose } from 'comlink';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import type { DetectRequest, LoadRequest } from '../../src/protocol/detector.js';

/** How a fake detector answers each call. */
export interface FakeBehaviour {
  load?: (request: LoadRequest) => Promise<unknown>;
  detect?: (request: DetectRequest) => Promise<unknown>;
  repostprocess?: (mapId: string, params: PostprocessParams) => unknown;
  heatmap?: (mapId: string) => unknown;
}

/**
 * A stand-in for the detector worker: a real Comlink endpoint over a MessageChannel, so the
 * engine's Comlink calls go through the same machinery as in the browser.
 */
export class FakeWorker extends EventTarget {
  terminated = false;
  private readonly port: MessagePort;

  constructor(behaviour: FakeBehaviour) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    expose(
      {
        load: behaviour.load ?? (async () => ({ backend: 'wasm', threads: 1 })),
        detect: behaviour.detect ?? (async () => ({ detections: [] })),
        release: async () => undefined,
        repostprocess: behaviour.repostprocess ?? (() => undefined),
        heatmap: behaviour.heatmap ?? (() => null),
      },
      port2,
    );
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
