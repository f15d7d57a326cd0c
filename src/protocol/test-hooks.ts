/**
 * Test builds only (`__TEST_HOOKS__`): the fields and methods the e2e specs, the benchmarks and
 * the unit tests add to the detector worker's protocol. A production worker ignores the fields
 * and has no such methods; what crosses the wire is the same objects with a few more keys.
 */
import type { ProbabilityMap } from '../features/detection/pipeline/output.js';
import type { DetectorApi, DetectRequest, LoadRequest } from './detector.js';

/** Switches that make loading take a path a healthy machine never takes. */
export interface LoadTestFaults {
  /** Let `auto` pick WebGPU on a software (fallback) adapter, as if it were a GPU. */
  gpuOnFallbackAdapter?: boolean;
  /** Make creating a WebGPU session fail. */
  failWebgpuSession?: boolean;
}

/** A fault provoked inside one detection. */
export type DetectTestFault = 'run-error' | 'crash' | 'lose-device';

/** A load request with faults to provoke while loading. */
export interface TestLoadRequest extends LoadRequest {
  testFaults?: LoadTestFaults;
}

/** A detect request with faults to provoke inside it. */
export interface TestDetectRequest extends DetectRequest {
  /** Busy-wait this long inside inference, to exercise the timeout, ms. */
  testHangMs?: number;
  /** Fail inside inference this way. */
  testFault?: DetectTestFault;
  /** Decode at full size, as before decoding to need (for the benchmark). */
  testFullDecode?: boolean;
}

/** The input tensor the worker made for one image and the raw probability map it got back. */
export interface DebugTensors {
  /** NCHW input, as the model saw it. */
  input: Float32Array;
  dims: number[];
  map: ProbabilityMap;
}

/** The detector worker's API in test builds. */
export interface DetectorTestApi extends DetectorApi {
  /** The input tensor and raw probability map for one image (parity with onnxruntime-node). */
  debugTensors(image: Blob): Promise<DebugTensors>;
}
