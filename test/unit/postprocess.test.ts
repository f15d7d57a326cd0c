import { describe, expect, it } from 'vitest';
import { pointInPolygon, polygonSignedArea } from '../../src/core/geometry/polygon.js';
import {
  dbPostprocess,
  type MapToImage,
  type ProbabilityMap,
} from '../../src/features/detection/pipeline/postprocess.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';

const params: PostprocessParams = {
  threshold: 0.3,
  boxThreshold: 0.6,
  maxCandidates: 1000,
  minSize: 1,
  unclipRatio: 1.5,
  outputMode: 'box',
};

function emptyMap(width: number, height: number): ProbabilityMap {
  return { data: new Float32Array(width * height), width, height };
}

/** Sets the pixels with left ≤ x ≤ right and top ≤ y ≤ bottom (map pixel indices) to `value`. */
function paint(
  map: ProbabilityMap,
  left: number,
  top: number,
  right: number,
  bottom: number,
  value = 0.9,
): ProbabilityMap {
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) map.data[y * map.width + x] = value;
  }
  return map;
}

function identity(map: ProbabilityMap): MapToImage {
  return {
    scaleX: 1,
    scaleY: 1,
    offsetX: 0,
    offsetY: 0,
    imageWidth: map.width,
    imageHeight: map.height,
  };
}

/** Unclip distance for a w × h rectangle (pixel-centre contour), area × ratio / perimeter. */
const unclipDistance = (w: number, h: number, ratio: number): number =>
  (w * h * ratio) / (2 * (w + h));

describe('dbPostprocess', () => {
  it('turns an axis-aligned rectangle in an 8×8 map into one unclipped 4-point box', () => {
    const map = paint(emptyMap(8, 8), 2, 2, 5, 5);
    // Contour 3 × 3 from (2,2) to (5,5); distance = 9 × 1.5 / 12 = 1.125 → (0.875, 6.125), rounded (1, 6).
    expect(dbPostprocess(map, params, identity(map))).toEqual([
      {
        imagePolygon: [
          [1, 1],
          [6, 1],
          [6, 6],
          [1, 6],
        ],
        score: expect.closeTo(0.9, 5),
      },
    ]);
  });

  it('turns a wide rectangle in a 32×32 map into its unclipped box', () => {
    const map = paint(emptyMap(32, 32), 6, 12, 25, 17);
    const d = unclipDistance(19, 5, 2);
    const detections = dbPostprocess(map, { ...params, unclipRatio: 2 }, identity(map));
    expect(detections).toHaveLength(1);
    expect(detections[0]!.imagePolygon).toEqual([
      [Math.round(6 - d), Math.round(12 - d)],
      [Math.round(25 + d), Math.round(12 - d)],
      [Math.round(25 + d), Math.round(17 + d)],
      [Math.round(6 - d), Math.round(17 + d)],
    ]);
  });

  it('turns a rotated rectangle into one quad at roughly the same angle', () => {
    const map = emptyMap(64, 64);
    const angle = (25 * Math.PI) / 180;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        const along = (x - 32) * cos + (y - 32) * sin;
        const across = -(x - 32) * sin + (y - 32) * cos;
        if (Math.abs(along) <= 18 && Math.abs(across) <= 4) map.data[y * 64 + x] = 0.9;
      }
    }
    const detections = dbPostprocess(map, params, identity(map));
    expect(detections).toHaveLength(1);
    const quad = detections[0]!.imagePolygon;
    expect(quad).toHaveLength(4);
    const [topLeft, topRight] = quad as [[number, number], [number, number]];
    const edgeAngle =
      (Math.atan2(topRight[1] - topLeft[1], topRight[0] - topLeft[0]) * 180) / Math.PI;
    expect(edgeAngle).toBeGreaterThan(20);
    expect(edgeAngle).toBeLessThan(30);
    expect(polygonSignedArea(quad)).toBeGreaterThan(0);
  });

  it('merges diagonally touching regions (8-connected) into one', () => {
    const map = paint(paint(emptyMap(16, 16), 2, 2, 6, 6), 7, 7, 11, 11);
    // Half of the joint box is empty, so lower the box threshold to keep the merged region.
    const detections = dbPostprocess(map, { ...params, boxThreshold: 0.3 }, identity(map));
    expect(detections).toHaveLength(1);
    const xs = detections[0]!.imagePolygon.map(([x]) => x);
    expect(Math.min(...xs)).toBeLessThan(2);
    expect(Math.max(...xs)).toBeGreaterThan(11);
  });

  it('keeps regions separated by one empty row apart', () => {
    const map = paint(paint(emptyMap(16, 16), 2, 2, 12, 5), 2, 7, 12, 10);
    expect(dbPostprocess(map, params, identity(map))).toHaveLength(2);
  });

  it('treats a pixel exactly at the threshold as background', () => {
    const map = paint(emptyMap(8, 8), 2, 2, 5, 5, 0.3);
    expect(dbPostprocess(map, { ...params, boxThreshold: 0 }, identity(map))).toEqual([]);
    const above = paint(emptyMap(8, 8), 2, 2, 5, 5, 0.31);
    expect(dbPostprocess(above, { ...params, boxThreshold: 0 }, identity(above))).toHaveLength(1);
  });

  it('returns no regions for an empty map', () => {
    const map = emptyMap(8, 8);
    expect(dbPostprocess(map, params, identity(map))).toEqual([]);
  });

  it('returns the image clipped to its last pixel for a full map', () => {
    const map = paint(emptyMap(8, 8), 0, 0, 7, 7);
    expect(dbPostprocess(map, params, identity(map))).toEqual([
      {
        imagePolygon: [
          [0, 0],
          [7, 0],
          [7, 7],
          [0, 7],
        ],
        score: expect.closeTo(0.9, 5),
      },
    ]);
  });

  it('clamps a region at the map border inside the image', () => {
    const map = paint(emptyMap(8, 8), 4, 0, 7, 3);
    const detections = dbPostprocess(map, params, identity(map));
    expect(detections).toHaveLength(1);
    // Unclipped, the box would reach x = 8.125 and y = -1.125; the last pixel column is x = 7.
    expect(detections[0]!.imagePolygon).toEqual([
      [3, 0],
      [7, 0],
      [7, 4],
      [3, 4],
    ]);
  });

  it('scales x and y separately and subtracts the offset for a non-square image', () => {
    const map = paint(emptyMap(8, 8), 2, 2, 5, 5);
    const mapToImage: MapToImage = {
      scaleX: 2,
      scaleY: 0.75,
      offsetX: 0.5,
      offsetY: 0,
      imageWidth: 16,
      imageHeight: 6,
    };
    // Map box (0.875, 0.875)–(6.125, 6.125): x → (x − 0.5) × 2, y → y × 0.75.
    expect(dbPostprocess(map, params, mapToImage)[0]!.imagePolygon).toEqual([
      [1, 1],
      [11, 1],
      [11, 5],
      [1, 5],
    ]);
  });

  it("drops a box with a side of 3 image pixels or less, as PaddleOCR's final filter does", () => {
    const map = paint(emptyMap(8, 8), 2, 2, 5, 5);
    const at = (scaleY: number): MapToImage => ({
      scaleX: 2,
      scaleY,
      offsetX: 0,
      offsetY: 0,
      imageWidth: 16,
      imageHeight: 16,
    });
    // The unclipped box spans 5.25 map pixels: 4 image pixels tall at 0.75, 3 at 0.55.
    expect(dbPostprocess(map, params, at(0.75))).toHaveLength(1);
    expect(dbPostprocess(map, params, at(0.55))).toEqual([]);
  });

  it('drops a region whose mean probability is below the box threshold', () => {
    const map = paint(paint(emptyMap(16, 16), 2, 2, 12, 5, 0.5), 2, 8, 12, 11, 0.9);
    const detections = dbPostprocess(map, params, identity(map));
    expect(detections).toHaveLength(1);
    expect(detections[0]!.score).toBeCloseTo(0.9, 5);
    expect(detections[0]!.imagePolygon[0]![1]).toBeGreaterThan(5);
  });

  it('drops a region whose shorter side is below minSize', () => {
    // The small region's contour is 2 × 2 map pixels, the large one's 7 × 7.
    const map = paint(paint(emptyMap(16, 16), 1, 1, 3, 3), 7, 7, 14, 14);
    expect(dbPostprocess(map, { ...params, minSize: 1 }, identity(map))).toHaveLength(2);
    const detections = dbPostprocess(map, { ...params, minSize: 3 }, identity(map));
    expect(detections).toHaveLength(1);
    expect(detections[0]!.imagePolygon[0]).toEqual([4, 4]); // 7 − 49 × 1.5 / 28 = 4.375
  });

  it('considers at most maxCandidates regions, the last found, as OpenCV lists them first', () => {
    const map = emptyMap(40, 8);
    for (let i = 0; i < 5; i++) paint(map, 1 + i * 8, 2, 5 + i * 8, 5);
    const detections = dbPostprocess(map, { ...params, maxCandidates: 3 }, identity(map));
    expect(detections).toHaveLength(3);
    expect(detections.map((d) => d.imagePolygon[0]![0])).toEqual([16, 24, 32]);
  });

  it('counts a hole border among the candidates, as findContours(RETR_LIST) does', () => {
    // A ring (its outer border and its hole) to the left, a solid square to the right: with room
    // for two borders, the ring's outer border is the one left out.
    const map = paint(emptyMap(40, 16), 2, 2, 13, 13);
    for (let y = 5; y <= 10; y++) map.data.fill(0, y * 40 + 5, y * 40 + 11);
    paint(map, 24, 2, 35, 13);
    const all = dbPostprocess(map, { ...params, boxThreshold: 0 }, identity(map));
    const capped = dbPostprocess(
      map,
      { ...params, boxThreshold: 0, maxCandidates: 2 },
      identity(map),
    );
    expect(capped).toHaveLength(all.length - 1);
    expect(capped.at(-1)).toEqual(all.at(-1));
  });

  it('yields a polygon of at least 4 points that follows an L-shaped region', () => {
    const map = paint(paint(emptyMap(32, 32), 4, 4, 9, 25), 4, 20, 25, 25);
    const detections = dbPostprocess(map, { ...params, outputMode: 'polygon' }, identity(map));
    expect(detections).toHaveLength(1);
    const polygon = detections[0]!.imagePolygon;
    expect(polygon.length).toBeGreaterThanOrEqual(4);
    expect(pointInPolygon([6, 22], polygon)).toBe(true);
    expect(pointInPolygon([6, 6], polygon)).toBe(true);
    expect(pointInPolygon([22, 22], polygon)).toBe(true);
    // The empty corner of the L's bounding box stays outside, unlike with a box.
    expect(pointInPolygon([20, 8], polygon)).toBe(false);
    expect(polygonSignedArea(polygon)).toBeGreaterThan(0);
  });

  it('throws the abort reason when the signal is already aborted', () => {
    const map = paint(emptyMap(8, 8), 2, 2, 5, 5);
    const controller = new AbortController();
    const reason = new DOMException('stop', 'AbortError');
    controller.abort(reason);
    expect(() => dbPostprocess(map, params, identity(map), controller.signal)).toThrow(reason);
  });

  it('rejects a map whose data does not match its size', () => {
    const map = { data: new Float32Array(10), width: 4, height: 4 };
    expect(() => dbPostprocess(map, params, identity(map))).toThrow(RangeError);
  });
});
