import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonIoU } from '../../src/core/geometry/polygon-ops.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import { detectRegions } from '../../src/features/detection/pipeline/detect.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { ModelDescriptor } from '../../src/features/models/pipeline/descriptor.js';
import { PresetId, presetSettings } from '../../src/features/models/pipeline/descriptor-presets.js';
import {
  fixturePath,
  groundTruth,
  modelPath,
  type NodeModel,
  openNodeModel,
  readJpeg,
  reduceTo,
} from './support/node-models.js';

/** Share of `truth` that some polygon of `found` covers at IoU > 0.5. */
function recall(truth: readonly Polygon[], found: readonly Polygon[]): number {
  return truth.filter((gt) => found.some((d) => polygonIoU(gt, d) > 0.5)).length / truth.length;
}

function inside(polygon: Polygon, width: number, height: number): boolean {
  return polygon.every(([x, y]) => x >= 0 && y >= 0 && x <= width && y <= height);
}

describe('the detection stage on onnxruntime-node', { timeout: 60_000 }, () => {
  let detector: NodeModel;
  beforeAll(async () => {
    detector = await openNodeModel(modelPath(PPOCR_V4_DET.file!));
  });
  afterAll(() => detector.release());

  it('finds the receipt’s known boxes, in original-image pixels', async () => {
    const receipt = readJpeg('sroie_019.jpg');
    const found = await detectRegions(
      receipt,
      receipt,
      PPOCR_V4_DET,
      PPOCR_V4_DET.postprocess,
      detector.run,
    );
    const polygons = found.detections.map((d) => d.imagePolygon);
    expect(polygons.every((p) => inside(p, receipt.width, receipt.height))).toBe(true);
    expect(recall(groundTruth('sroie_019'), polygons)).toBeGreaterThan(0.8);
  });

  it('maps regions back from a reduced decode to the original’s pixels', async () => {
    // The worker decodes large images straight to the model's scale: half size here.
    const receipt = readJpeg('sroie_019.jpg');
    const half = reduceTo(receipt, Math.round(Math.max(receipt.width, receipt.height) / 2));
    const found = await detectRegions(
      half,
      receipt,
      PPOCR_V4_DET,
      PPOCR_V4_DET.postprocess,
      detector.run,
    );
    const polygons = found.detections.map((d) => d.imagePolygon);
    expect(recall(groundTruth('sroie_019'), polygons)).toBeGreaterThan(0.6);
  });

  it('runs the competition preset as a 640 × 640 letterbox, regions inside the image', async () => {
    // The default model's weights stand in for a competition export, as in the e2e models spec.
    const descriptor: ModelDescriptor = {
      ...PPOCR_V4_DET,
      ...presetSettings(PresetId.Competition),
    };
    expect(descriptor.input).toMatchObject({ kind: 'letterbox', size: 640 });
    const receipt = readJpeg('sroie_019.jpg');
    const found = await detectRegions(
      receipt,
      receipt,
      descriptor,
      descriptor.postprocess,
      detector.run,
    );
    expect([found.geometry.inputWidth, found.geometry.inputHeight]).toEqual([640, 640]);
    // Long side scaled to 640, padded at the right: the content keeps the receipt's aspect ratio.
    expect(found.geometry.contentHeight).toBe(640);
    expect(found.geometry.contentWidth).toBe(Math.round((640 * receipt.width) / receipt.height));
    expect(found.detections.length).toBeGreaterThan(10);
    const polygons = found.detections.map((d) => d.imagePolygon);
    expect(polygons.every((p) => inside(p, receipt.width, receipt.height))).toBe(true);
    expect(recall(groundTruth('sroie_019'), polygons)).toBeGreaterThan(0.3);
  });

  it('rejects a model whose output is NaN or outside 0–1 with ModelMismatchError', async () => {
    const nan = await openNodeModel(fixturePath('nan-detector.onnx'));
    try {
      const receipt = readJpeg('sroie_019.jpg');
      const failure = await detectRegions(
        receipt,
        receipt,
        PPOCR_V4_DET,
        PPOCR_V4_DET.postprocess,
        nan.run,
      ).catch((error: unknown) => error as Error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).name).toBe('ModelMismatchError');
      expect((failure as Error).message).toMatch(/NaN|outside 0–1/);
    } finally {
      await nan.release();
    }
  });

  it('stops before the model runs when its signal is already aborted', async () => {
    const receipt = readJpeg('sroie_019.jpg');
    const runsBefore = detector.runs;
    const failure = await detectRegions(
      receipt,
      receipt,
      PPOCR_V4_DET,
      PPOCR_V4_DET.postprocess,
      detector.run,
      AbortSignal.abort(),
    ).catch((error: unknown) => error as Error);
    expect((failure as Error).name).toBe('AbortError');
    expect(detector.runs).toBe(runsBefore);
  });
});
