/** The WebGPU device ONNX Runtime runs on, watched for loss (driver reset, GPU removed). */
import { ErrorName, namedError } from '../../core/errors.js';
import { type OrtRuntime, ortOf } from './ort.js';

// The little of WebGPU's device the worker needs (WebGPU types are not in TypeScript's lib).
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** Remembers why the device was lost, once it is: every session on it is unusable from then on. */
export class DeviceWatch {
  private device: GpuDeviceLike | null = null;
  private lostReason: string | null = null;

  /** Starts watching the device of `runtime`'s WebGPU sessions (call once a session exists). */
  async watch(runtime: OrtRuntime): Promise<void> {
    const ort = ortOf(runtime);
    this.lostReason = null;
    // ORT's typings say a Promise; 1.30 hands back the device itself once a session exists.
    const device = (await Promise.resolve(ort.env.webgpu.device as unknown).catch(() => null)) as
      | GpuDeviceLike
      | null
      | undefined;
    this.device = device?.lost ? device : null;
    const watched = this.device;
    void watched?.lost.then((info) => {
      if (this.device !== watched) return;
      this.lostReason = info.message || info.reason || 'no reason given';
    });
  }

  /** Throws `WebGpuError` once the watched device is lost. */
  check(): void {
    if (this.lostReason !== null) {
      throw namedError(ErrorName.WebGpu, `The GPU device was lost: ${this.lostReason}`);
    }
  }

  /** Stops watching (the sessions were released). */
  reset(): void {
    this.device = null;
    this.lostReason = null;
  }

  /** Test builds only: destroys the device and waits (at most 2 s) until it is reported lost. */
  async loseForTest(): Promise<void> {
    const device = this.device;
    if (!__TEST_HOOKS__ || !device) return;
    device.destroy();
    await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
}
