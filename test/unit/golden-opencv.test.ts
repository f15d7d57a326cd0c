/**
 * Golden tests of the ported geometry against OpenCV itself (OpenCV.js 4.12 in Node), on real
 * PP-OCRv4 probability maps of the fixture images (test/fixtures/maps, made by
 * scripts/make-golden-maps.ts). Each step of PaddleOCR's DBPostProcess is run the way
 * db_postprocess.py runs it and compared with ours: findContours(RETR_LIST, CHAIN_APPROX_SIMPLE),
 * minAreaRect + boxPoints, approxPolyDP(0.002 × arcLength) and box_score_fast.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceContoursAbove } from '../../src/core/geometry/contours.js';
import { minAreaRect, orderBoxClockwise } from '../../src/core/geometry/min-area-rect.js';
import { polygonPerimeter } from '../../src/core/geometry/polygon.js';
import { simplifyPolygon } from '../../src/core/geometry/simplify.js';
import type { Point, Polygon } from '../../src/core/geometry/types.js';
import {
  meanInsidePolygon,
  type ProbabilityMap,
} from '../../src/features/detection/pipeline/postprocess.js';
import { decodeGrayPng } from '../support/gray-png.js';

type OpenCv = typeof import('@techstark/opencv-js');

// Required, not imported: the module object has a `then` that resolves to itself, so anything
// that awaits it — an ESM namespace, an async function's return — never settles.
const cvModule = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv;

/** OpenCV.js is usable once its WebAssembly is compiled, which it announces through onRuntimeInitialized. */
async function openCvReady(): Promise<void> {
  if (typeof cvModule.Mat === 'function') return;
  await new Promise<void>((resolve) => {
    (cvModule as unknown as { onRuntimeInitialized: () => void }).onRuntimeInitialized = resolve;
  });
}

const MAPS = ['sroie_019', 'sroie_019-tilted', 'sroie_053'] as const;
/** PaddleOCR's DBPostProcess defaults, which the catalog descriptor ships. */
const THRESHOLD = 0.3;

function loadMap(name: string): ProbabilityMap {
  const { pixels, width, height } = decodeGrayPng(
    readFileSync(new URL(`../fixtures/maps/${name}.png`, import.meta.url)),
  );
  const data = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = pixels[i]! / 255;
  return { data, width, height };
}

/** The contour as OpenCV stores it: an n × 1 CV_32SC2 matrix. */
function toMat(cv: OpenCv, points: readonly Point[]) {
  return cv.matFromArray(points.length, 1, cv.CV_32SC2, points.flat());
}

function pointsOf(mat: { data32S: Int32Array; rows: number }): Polygon {
  const points: Polygon = [];
  for (let i = 0; i < mat.rows; i++) points.push([mat.data32S[2 * i]!, mat.data32S[2 * i + 1]!]);
  return points;
}

/** OpenCV's findContours(bitmap, RETR_LIST, CHAIN_APPROX_SIMPLE), as db_postprocess.py calls it. */
function openCvContours(cv: OpenCv, map: ProbabilityMap, threshold: number): Polygon[] {
  const bitmap = new Uint8Array(map.data.length);
  const limit = Math.fround(threshold);
  for (let i = 0; i < bitmap.length; i++) bitmap[i] = map.data[i]! > limit ? 255 : 0;
  const image = cv.matFromArray(map.height, map.width, cv.CV_8UC1, Array.from(bitmap));
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  cv.findContours(image, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
  const result: Polygon[] = [];
  for (let i = 0; i < contours.size(); i++) {
    const contour = contours.get(i);
    result.push(pointsOf(contour));
    contour.delete();
  }
  image.delete();
  contours.delete();
  hierarchy.delete();
  return result;
}

/** cv2.minAreaRect + cv2.boxPoints, ordered the way get_mini_boxes orders them. */
function openCvMiniBox(cv: OpenCv, points: readonly Point[]): { box: Polygon; shortSide: number } {
  const mat = toMat(cv, points);
  const rect = cv.minAreaRect(mat);
  mat.delete();
  const corners = cv.RotatedRect.points(rect).map(
    ({ x, y }: { x: number; y: number }): Point => [x, y],
  );
  return {
    box: orderBoxClockwise(corners),
    shortSide: Math.min(rect.size.width, rect.size.height),
  };
}

/** PaddleOCR's box_score_fast with OpenCV: fillPoly of the box, truncated to int32, then cv2.mean. */
function openCvBoxScore(
  cv: OpenCv,
  map: ProbabilityMap,
  pred: InstanceType<OpenCv['Mat']>,
  box: readonly Point[],
): number {
  const { width, height } = map;
  const clip = (value: number, high: number) => Math.min(Math.max(value, 0), high);
  const xs = box.map((p) => p[0]);
  const ys = box.map((p) => p[1]);
  const xmin = clip(Math.floor(Math.min(...xs)), width - 1);
  const xmax = clip(Math.ceil(Math.max(...xs)), width - 1);
  const ymin = clip(Math.floor(Math.min(...ys)), height - 1);
  const ymax = clip(Math.ceil(Math.max(...ys)), height - 1);
  const mask = cv.Mat.zeros(ymax - ymin + 1, xmax - xmin + 1, cv.CV_8UC1);
  // numpy's astype(np.int32) truncates toward zero.
  const shifted = box.map(([x, y]): Point => [Math.trunc(x - xmin), Math.trunc(y - ymin)]);
  const polygon = toMat(cv, shifted);
  const polygons = new cv.MatVector();
  polygons.push_back(polygon);
  cv.fillPoly(mask, polygons, new cv.Scalar(1));
  const crop = pred.roi(new cv.Rect(xmin, ymin, xmax - xmin + 1, ymax - ymin + 1));
  const score = cv.mean(crop, mask)[0]!;
  for (const mat of [mask, polygon, crop]) mat.delete();
  polygons.delete();
  return score;
}

const cv: OpenCv = cvModule;
const maps = new Map<string, ProbabilityMap>();

beforeAll(async () => {
  await openCvReady();
  for (const name of MAPS) maps.set(name, loadMap(name));
}, 60_000);

describe.each(MAPS)('post-processing geometry against OpenCV on the %s map', (name) => {
  const map = () => maps.get(name)!;

  it('traces the borders findContours(RETR_LIST, CHAIN_APPROX_SIMPLE) finds, holes included, vertex for vertex', () => {
    const { data, width, height } = map();
    const ours = traceContoursAbove(
      data,
      width,
      height,
      Math.fround(THRESHOLD),
      Number.POSITIVE_INFINITY,
      'list',
    );
    const theirs = openCvContours(cv, map(), THRESHOLD);
    expect(theirs.length).toBeGreaterThan(20);
    // OpenCV lists the borders in the reverse of the order its raster scan finds them.
    expect(ours.reverse()).toEqual(theirs);
  });

  it('finds minimum-area rectangles within 1 px of minAreaRect + boxPoints', () => {
    let worst = 0;
    for (const contour of openCvContours(cv, map(), THRESHOLD)) {
      const expected = openCvMiniBox(cv, contour);
      const rect = minAreaRect(contour);
      expect(Math.min(rect.width, rect.height)).toBeCloseTo(expected.shortSide, 3);
      // A square hull has several minimal rectangles; compare corners only where the answer is unique.
      if (Math.abs(rect.width - rect.height) < 1e-6) continue;
      rect.corners.forEach(([x, y], i) => {
        const [ex, ey] = expected.box[i]!;
        worst = Math.max(worst, Math.abs(x - ex), Math.abs(y - ey));
      });
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('simplifies contours to the vertices approxPolyDP(0.002 × arcLength, closed) keeps', () => {
    for (const contour of openCvContours(cv, map(), THRESHOLD)) {
      const mat = toMat(cv, contour);
      const approx = new cv.Mat();
      const epsilon = 0.002 * cv.arcLength(mat, true);
      cv.approxPolyDP(mat, approx, epsilon, true);
      const expected = pointsOf(approx);
      mat.delete();
      approx.delete();
      // OpenCV sums the perimeter in single precision.
      if (epsilon > 0) expect(epsilon / (0.002 * polygonPerimeter(contour))).toBeCloseTo(1, 6);
      expect(simplifyPolygon(contour, epsilon)).toEqual(expected);
    }
  });

  it('scores every mini box exactly as box_score_fast does', () => {
    const { data, width, height } = map();
    const pred = cv.matFromArray(height, width, cv.CV_32FC1, Array.from(data));
    let scored = 0;
    for (const contour of openCvContours(cv, map(), THRESHOLD)) {
      const { box } = openCvMiniBox(cv, contour);
      expect(meanInsidePolygon(map(), box)).toBeCloseTo(openCvBoxScore(cv, map(), pred, box), 5);
      scored++;
    }
    pred.delete();
    expect(scored).toBeGreaterThan(20);
  });
});
