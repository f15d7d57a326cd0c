import { describe, expect, it } from 'vitest';
import { boundsMeet, polygonBounds } from '../../src/features/detection/ui/visible-polygons.js';
import { rect } from './support/shapes.js';

describe('visible polygons', () => {
  const polygons = [rect(0, 0, 10, 10), rect(100, 100, 120, 110), rect(-50, 5, -40, 8)];

  it("packs each polygon's bounds once per list", () => {
    const bounds = polygonBounds(polygons);
    expect([...bounds]).toEqual([0, 0, 10, 10, 100, 100, 120, 110, -50, 5, -40, 8]);
    expect(polygonBounds(polygons)).toBe(bounds);
  });

  it('keeps the polygons that touch the view and culls the rest', () => {
    const view = { minX: 5, minY: 5, maxX: 100, maxY: 100 };
    const bounds = polygonBounds(polygons);
    expect(polygons.map((_, i) => boundsMeet(bounds, i, view))).toEqual([true, true, false]);
  });
});
