/** Test builds only: the detector with the methods of `DetectorTestApi` (protocol/test-hooks.ts). */
import { decodeImage, readPixels } from '../../../core/decode-image.js';
import type { DebugTensors, DetectorTestApi } from '../../../protocol/test-hooks.js';
import { inputDims, prepareInput, runDetector } from '../pipeline/detect.js';
import { DECODE_RESIZE_QUALITY, Detector, modelDecodeSize } from './detector.js';

/** The detector a test build's worker exposes. */
export class TestDetector extends Detector implements DetectorTestApi {
  /**
   * The input tensor and the raw probability map for one image, so a test can run the same
   * tensor through onnxruntime-node and compare the maps. Not counted as an inference.
   */
  async debugTensors(image: Blob): Promise<DebugTensors> {
    if (!__TEST_HOOKS__) throw new Error('Not in this build.');
    performance.mark('textspot:test-debug-tensors');
    const model = this.requireModel();
    const decoded = await decodeImage(
      image,
      (width, height) => modelDecodeSize(width, height, model.descriptor),
      DECODE_RESIZE_QUALITY,
    );
    try {
      const input = prepareInput(readPixels(decoded.bitmap), decoded, model.descriptor);
      // A copy goes to the model: the test gets the tensor as it was built.
      const map = await runDetector(
        { tensor: input.tensor.slice(), geometry: input.geometry },
        model.descriptor,
        this.runFor(null),
      );
      return { input: input.tensor, dims: inputDims(input.geometry), map };
    } finally {
      decoded.bitmap.close();
    }
  }
}
