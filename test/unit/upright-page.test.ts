import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonIoU } from '../../src/core/geometry/polygon-ops.js';
import type { Polygon } from '../../src/core/geometry/types.js';
import type { RgbaImage } from '../../src/core/image.js';
import {
  type DetectedRegions,
  detectRegions,
} from '../../src/features/detection/pipeline/detect.js';
import {
  type DocumentPlan,
  findPagePlan,
  orientPlan,
  PAGE_FINDING_LONG_SIDE,
  pageToPhotoPolygon,
  renderPage,
} from '../../src/features/document/pipeline/document-pipeline.js';
import { classifyUpsideDown } from '../../src/features/document/pipeline/half-turn.js';
import {
  DEFAULT_DOCUMENT_PARAMS,
  type DocumentParams,
} from '../../src/features/document/pipeline/params.js';
import { detectUprightPage } from '../../src/features/document/pipeline/upright-page.js';
import { HALF_TURN_MODEL_FILE, PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import {
  fixturePath,
  modelPath,
  type NodeModel,
  openNodeModel,
  readJpeg,
  reduceTo,
  turnClockwise,
  turnPolygonClockwise,
} from './support/node-models.js';

const ON: DocumentParams = { ...DEFAULT_DOCUMENT_PARAMS, enabled: true };
const MODEL_LONG_SIDE =
  PPOCR_V4_DET.input.kind === 'long-side' ? PPOCR_V4_DET.input.limitSide : PPOCR_V4_DET.input.size;
/** The desk photo's known boxes (photo pixels), from the eval set's script. */
const PHOTO_GT = JSON.parse(readFileSync(fixturePath('sroie_019-photo.json'), 'utf8')) as {
  width: number;
  height: number;
  polygons: Polygon[];
};

function recall(truth: readonly Polygon[], found: readonly Polygon[]): number {
  return truth.filter((gt) => found.some((d) => polygonIoU(gt, d) > 0.5)).length / truth.length;
}

describe('a document page turned upright around detection, on onnxruntime-node', {
  timeout: 60_000,
}, () => {
  let detector: NodeModel;
  let classifier: NodeModel;
  const photo = readJpeg('sroie_019-photo.jpg');
  beforeAll(async () => {
    [detector, classifier] = await Promise.all([
      openNodeModel(modelPath(PPOCR_V4_DET.file!)),
      openNodeModel(modelPath(HALF_TURN_MODEL_FILE)),
    ]);
  });
  afterAll(async () => {
    await detector.release();
    await classifier.release();
  });

  /** The worker's document path on a photo held `quarterTurnsCW` turns clockwise (params: planning). */
  async function uprightOf(quarterTurnsCW: 0 | 1 | 2 | 3, params: DocumentParams) {
    const turned = turnClockwise(photo, quarterTurnsCW);
    const { width, height } = turned;
    const small = reduceTo(turned, PAGE_FINDING_LONG_SIDE);
    let { plan } = findPagePlan(small, width, height, params, undefined);
    if (params.orientation) plan = orientPlan(plan, small, turned, width, height).plan;
    expect(plan.method).not.toBeNull();
    const render = (next: DocumentPlan): RgbaImage =>
      renderPage(turned, width, height, next, MODEL_LONG_SIDE, 'off').image;
    const upright = await detectUprightPage<DetectedRegions>(
      {
        pixels: render(plan),
        page: { width: plan.pageWidth, height: plan.pageHeight },
        plan,
        rerender: render,
      },
      (pixels, page) =>
        detectRegions(pixels, page, PPOCR_V4_DET, PPOCR_V4_DET.postprocess, detector.run),
      (_first, again) => again,
      (pixels, pagePolygons) => classifyUpsideDown(pixels, pagePolygons, classifier.run),
    );
    const photoPolygons = upright.found.detections.map((d) =>
      pageToPhotoPolygon(upright.detectPlan, d.imagePolygon, width, height),
    );
    const truth = PHOTO_GT.polygons.map((p) =>
      turnPolygonClockwise(p, PHOTO_GT.width, PHOTO_GT.height, quarterTurnsCW),
    );
    return { upright, recall: recall(truth, photoPolygons) };
  }

  it('turns a photo on its side upright before detection, its regions on the photo’s boxes', async () => {
    const { upright, recall } = await uprightOf(1, ON);
    expect(upright.plan.quarterTurnsCCW).toBe(1);
    expect(recall).toBeGreaterThan(0.8);
  });

  it('turns a page on its side the orientation vote missed, by the way its regions run', async () => {
    const runsBefore = detector.runs;
    const { upright, recall } = await uprightOf(1, { ...ON, orientation: false });
    expect(upright.detectPlan.quarterTurnsCCW).toBe(1);
    expect(detector.runs - runsBefore).toBe(2);
    expect(recall).toBeGreaterThan(0.8);
  });

  it('turns an upside-down photo by the line classifier, the regions detected as they were', async () => {
    const { upright, recall } = await uprightOf(2, ON);
    expect(upright.plan.quarterTurnsCCW).toBe(2);
    // Detection ran on the page as planned: only what the person sees turns.
    expect(upright.detectPlan.quarterTurnsCCW).toBe(0);
    expect(recall).toBeGreaterThan(0.8);
  });
});
