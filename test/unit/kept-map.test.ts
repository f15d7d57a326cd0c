import { describe, expect, it } from 'vitest';
import { KeptMap } from '../../src/features/detection/pipeline/kept-map.js';
import {
  mapToImageTransform,
  planInput,
} from '../../src/features/detection/pipeline/preprocess.js';

const map = { data: new Float32Array(64).fill(0.5), width: 8, height: 8 };

describe('KeptMap', () => {
  it("gives the heatmap of a centred letterbox with the image's offset inside the map", () => {
    // A 4 × 2 image in an 8 × 8 centred letterbox: content 8 × 4, two padding rows above.
    const geometry = planInput(4, 2, { kind: 'letterbox', size: 8, anchor: 'center', padValue: 0 });
    const kept = new KeptMap();
    kept.keep('A', map, mapToImageTransform(geometry, 4, 2, 8, 8));
    expect(kept.heatmap('A')).toMatchObject({
      mapId: 'A',
      contentX: 0,
      contentY: 2,
      contentWidth: 8,
      contentHeight: 4,
    });
  });

  it("refuses another image's id: no heatmap, and MapMissingError on re-processing", () => {
    const kept = new KeptMap();
    kept.keep(
      'B',
      map,
      mapToImageTransform(
        planInput(8, 8, { kind: 'letterbox', size: 8, anchor: 'top-left', padValue: 0 }),
        8,
        8,
        8,
        8,
      ),
    );
    expect(kept.heatmap('A')).toBeNull();
    expect(() =>
      kept.repostprocess('A', {
        threshold: 0.3,
        boxThreshold: 0.6,
        maxCandidates: 10,
        minSize: 1,
        unclipRatio: 1.5,
        outputMode: 'box',
      }),
    ).toThrow(expect.objectContaining({ name: 'MapMissingError' }));
  });
});
