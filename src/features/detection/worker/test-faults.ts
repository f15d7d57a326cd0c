/**
 * Test builds only: the faults a test asks the detector worker to provoke (see
 * protocol/test-hooks.ts). Every entry point returns at once unless `__TEST_HOOKS__`, so the
 * production build drops it all.
 */
import { ErrorName, namedError } from '../../../core/errors.js';
import type { DetectRequest, LoadRequest } from '../../../protocol/detector.js';
import type {
  LoadTestFaults,
  TestDetectRequest,
  TestLoadRequest,
} from '../../../protocol/test-hooks.js';
import type { DeviceWatch } from '../../../worker/runtime/device.js';
import type { Backend } from '../../detection/pipeline/detection.js';
import type { RunModel } from '../../models/pipeline/run-model.js';

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spinning, not awaiting: a hung WASM kernel does not yield either.
  }
}

/** The load faults of `request`; none outside test builds. */
export function loadFaultsOf(request: LoadRequest): LoadTestFaults | undefined {
  return __TEST_HOOKS__ ? (request as TestLoadRequest).testFaults : undefined;
}

/** Whether `request` asks for a full-size decode; never outside test builds. */
export function wantsFullDecode(request: DetectRequest): boolean {
  return __TEST_HOOKS__ && (request as TestDetectRequest).testFullDecode === true;
}

/** The faults of one detector worker: some are armed by one request and fire in a later run. */
export class TestFaults {
  /** The next detector run fails as ONNX Runtime's would. */
  private failNextRun = false;

  constructor(private readonly device: DeviceWatch) {}

  /**
   * `run` with the faults `request` asks for provoked inside it, before the model call: a hang,
   * a failed run, a crashed worker, a lost device. `run` itself outside test builds.
   */
  wrapRun(run: RunModel, request: DetectRequest, backend: Backend): RunModel {
    if (!__TEST_HOOKS__) return run;
    const { testHangMs, testFault } = request as TestDetectRequest;
    if (!testHangMs && !testFault) return run;
    return async (input, dims) => {
      if (testHangMs) {
        performance.mark('textspot:test-hang');
        busyWait(testHangMs);
      }
      if (testFault) await this.provoke(testFault);
      if (this.failNextRun) {
        this.failNextRun = false;
        // Named as the runtime names a failed run: on WebGPU the GPU's failure.
        throw namedError(
          backend === 'webgpu' ? ErrorName.WebGpu : ErrorName.Inference,
          `${dims[3]}×${dims[2]} input: simulated ONNX Runtime run failure (test switch)`,
        );
      }
      return run(input, dims);
    };
  }

  /** Makes this job fail the way a broken run, worker or GPU would. */
  private async provoke(fault: NonNullable<TestDetectRequest['testFault']>): Promise<void> {
    if (!__TEST_HOOKS__) return;
    performance.mark('textspot:test-fault');
    if (fault === 'run-error') this.failNextRun = true;
    if (fault === 'crash') {
      // Thrown outside any call, like a fault in ONNX Runtime's own code: the worker's error event.
      setTimeout(() => {
        throw new Error('simulated worker crash (test switch)');
      });
      await new Promise<never>(() => {});
    }
    if (fault === 'lose-device') await this.device.loseForTest();
  }
}
