import { describe, expect, it } from 'vitest';
import { compactMap, expandMap } from '../../src/features/detection/pipeline/compact-map.js';
import type { ProbabilityMap } from '../../src/features/detection/pipeline/output.js';
import { dbPostprocess } from '../../src/features/detection/pipeline/postprocess.js';
import type { MapToImage } from '../../src/features/detection/pipeline/preprocess.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import { MatchClass } from '../../src/features/tuning/pipeline/icdar2015.js';
import { Scorer } from '../../src/features/tuning/worker/scorer.js';
import { rect } from './support/shapes.js';

const params: PostprocessParams = {
  threshold: 0.3,
  boxThreshold: 0.6,
  maxCandidates: 1000,
  minSize: 3,
  unclipRatio: 1.5,
  outputMode: 'box',
};

/** A 40 × 20 map holding two text blocks of probability `value` (and a faint one at 0.5). */
function twoBlocks(value = 0.9): ProbabilityMap {
  const width = 40;
  const height = 20;
  const data = new Float32Array(width * height);
  const paint = (left: number, top: number, right: number, bottom: number, p: number) => {
    for (let y = top; y <= bottom; y++) for (let x = left; x <= right; x++) data[y * width + x] = p;
  };
  paint(2, 2, 15, 8, value);
  paint(22, 2, 35, 8, 0.5);
  return { data, width, height };
}

const identity: MapToImage = {
  scaleX: 2,
  scaleY: 2,
  offsetX: 0,
  offsetY: 0,
  imageWidth: 80,
  imageHeight: 40,
};

describe('compactMap', () => {
  it('keeps each probability within half a level (1/510) in a quarter of the bytes', () => {
    const map: ProbabilityMap = {
      data: Float32Array.from([0, 0.1, 0.3, 0.30196, 0.5, 0.999, 1, -0.00001, 1.00001]),
      width: 9,
      height: 1,
    };
    const compact = compactMap(map, identity);
    expect(compact.levels.byteLength * 4).toBe(map.data.byteLength);
    const back = expandMap(compact).data;
    map.data.forEach((p, i) => {
      expect(Math.abs(back[i]! - Math.min(1, Math.max(0, p)))).toBeLessThanOrEqual(1 / 510 + 1e-7);
    });
  });

  it('post-processes to the same regions as the float map on clearly separated levels', () => {
    const map = twoBlocks();
    const fromFloat = dbPostprocess(map, params, identity).map((d) => d.imagePolygon);
    const fromLevels = dbPostprocess(expandMap(compactMap(map, identity)), params, identity);
    expect(fromLevels.map((d) => d.imagePolygon)).toEqual(fromFloat);
  });
});

describe('Scorer.rescore', () => {
  const labels = {
    image: 'a.jpg',
    polygons: [rect(2, 2, 32, 18), rect(44, 2, 72, 18)],
    ignore: [false, false],
  };

  it('re-processes a kept map with new parameters and scores the regions against the labels', () => {
    const scorer = new Scorer();
    scorer.keepMap('item-1', compactMap(twoBlocks(), identity));
    // The faint block (0.5) is dropped by a box threshold of 0.6 and kept by 0.4.
    const strict = scorer.rescore(params, [{ id: 'item-1', labels }]);
    expect(strict).toHaveLength(1);
    expect([...strict[0]!.match.gtClasses]).toEqual([MatchClass.Hit, MatchClass.Missed]);
    const lenient = scorer.rescore({ ...params, boxThreshold: 0.4 }, [{ id: 'item-1', labels }]);
    expect(lenient[0]!.detections).toHaveLength(2);
    expect([...lenient[0]!.match.gtClasses]).toEqual([MatchClass.Hit, MatchClass.Hit]);
  });

  it('maps the regions of a straightened document page back to the photo before scoring', () => {
    const scorer = new Scorer();
    // The page (80 × 40 px) sits in a 200 × 100 photo at (100, 50): page → photo is a shift.
    const pageToPhoto = Float64Array.of(1, 0, 100, 0, 1, 50, 0, 0, 1);
    scorer.keepMap('page', {
      ...compactMap(twoBlocks(), identity),
      pageToImage: { homography: pageToPhoto, imageWidth: 200, imageHeight: 100 },
    });
    const onPhoto = {
      image: 'photo.jpg',
      polygons: labels.polygons.map((polygon) =>
        polygon.map(([x, y]) => [x + 100, y + 50] as [number, number]),
      ),
      ignore: [false, false],
    };
    const [result] = scorer.rescore(params, [{ id: 'page', labels: onPhoto }]);
    expect([...result!.match.gtClasses]).toEqual([MatchClass.Hit, MatchClass.Missed]);
    for (const [x, y] of result!.detections[0]!.imagePolygon) {
      expect(x).toBeGreaterThanOrEqual(100);
      expect(y).toBeGreaterThanOrEqual(50);
    }
  });

  it('leaves out images whose map is not kept, or was dropped', () => {
    const scorer = new Scorer();
    scorer.keepMap('kept', compactMap(twoBlocks(), identity));
    scorer.keepMap('dropped', compactMap(twoBlocks(), identity));
    scorer.dropMaps(['dropped']);
    const jobs = ['kept', 'dropped', 'never'].map((id) => ({ id, labels }));
    expect(scorer.rescore(params, jobs).map((r) => r.id)).toEqual(['kept']);
    expect(scorer.keptBytes()).toBe(40 * 20);
  });
});

describe('Scorer.sweep', () => {
  const labels = {
    image: 'a.jpg',
    polygons: [rect(2, 2, 32, 18), rect(44, 2, 72, 18)],
    ignore: [false, false],
  };

  it('pools counts per value, equal to re-scoring at each value alone', () => {
    const scorer = new Scorer();
    scorer.keepMap('a', compactMap(twoBlocks(), identity));
    scorer.keepMap('b', compactMap(twoBlocks(0.8), identity));
    const jobs = [
      { id: 'a', labels },
      { id: 'b', labels },
    ];
    const swept = scorer.sweep(params, 'boxThreshold', [0.4, 0.6], jobs);
    expect(swept.map((s) => [s.value, s.matched, s.gtCounted, s.predCounted])).toEqual([
      [0.4, 4, 4, 4],
      [0.6, 2, 4, 2],
    ]);
    const alone = scorer.rescore({ ...params, boxThreshold: 0.6 }, jobs);
    expect(alone.reduce((sum, r) => sum + r.match.matched, 0)).toBe(swept[1]!.matched);
  });
});
