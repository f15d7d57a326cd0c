import { describe, expect, it, vi } from 'vitest';
import { boundsOf, containsPoint, hitTest } from '../../src/features/detection/ui/hit-test.js';
import {
  KEY_PAN_PX,
  MAX_ZOOM,
  MIN_ZOOM,
  ZoomPanController,
} from '../../src/features/detection/ui/zoom-pan-controller.js';

function controller() {
  const changed = vi.fn();
  return { view: new ZoomPanController(changed), changed };
}

describe('ZoomPanController', () => {
  it('fits an image centred along its tighter side, with a 2% margin', () => {
    const { view } = controller();
    // 1000 × 500 in 500 × 500: width is tighter, zoom 0.5 × 0.98.
    view.fit(500, 500, 1000, 500);
    expect(view.zoom).toBeCloseTo(0.49, 12);
    expect(view.panX).toBeCloseTo(5, 12);
    expect(view.panY).toBeCloseTo(127.5, 12);
    expect(view.fitted).toBe(true);
  });

  it('fits a tall receipt to the view width, top first, instead of shrinking it whole', () => {
    const { view } = controller();
    // 400 × 1600 in 800 × 400: whole it would be 98 px wide, an eighth of the view.
    view.fit(800, 400, 400, 1600);
    expect(view.zoom).toBeCloseTo(2 * 0.98, 12);
    expect(view.panX).toBeCloseTo(8, 12);
    expect(view.panY).toBeCloseTo(8, 12);
    // A portrait page that fills most of the width whole is still fitted whole.
    view.fit(500, 600, 800, 1000);
    expect(view.zoom).toBeCloseTo(0.588, 12);
  });

  it('maps view and image points both ways', () => {
    const { view } = controller();
    view.zoom = 2;
    view.panX = 10;
    view.panY = -20;
    expect(view.toView([5, 15])).toEqual([20, 10]);
    expect(view.toImage(20, 10)).toEqual([5, 15]);
  });

  it('zooms about a point, which stays where it was, and clamps the zoom', () => {
    const { view, changed } = controller();
    view.zoom = 1;
    view.panX = 30;
    view.panY = 40;
    const before = view.toImage(100, 60);
    view.zoomBy(2, 100, 60);
    expect(view.zoom).toBe(2);
    expect(view.toImage(100, 60)).toEqual(before);
    expect(changed).toHaveBeenCalledTimes(1);
    view.zoomBy(1000, 0, 0);
    expect(view.zoom).toBe(MAX_ZOOM);
    view.zoomBy(1e-9, 0, 0);
    expect(view.zoom).toBe(MIN_ZOOM);
  });

  it('zooms in on a wheel turned towards the user, out away from them', () => {
    expect(ZoomPanController.wheelFactor(-100)).toBeGreaterThan(1);
    expect(ZoomPanController.wheelFactor(100)).toBeCloseTo(Math.exp(-0.15), 12);
    expect(ZoomPanController.wheelFactor(0)).toBe(1);
  });

  it('tells a click from a drag by 3 px of movement, and pans by the drag', () => {
    const { view } = controller();
    view.startPan(100, 100);
    view.movePan(102, 101);
    expect(view.dragged).toBe(false);
    expect(view.endPan()).toBe(true);
    // A click's wiggle pans too, as the pointer moves.
    expect([view.panX, view.panY]).toEqual([2, 1]);

    view.startPan(100, 100);
    view.movePan(103, 101);
    expect(view.dragged).toBe(true);
    expect([view.panX, view.panY]).toEqual([5, 2]);
    expect(view.endPan()).toBe(false);
    expect(view.movePan(200, 200)).toBe(false);
    expect(view.endPan()).toBe(false);
  });

  it('pans with the arrows, zooms with + and -, refits with 0, and ignores other keys', () => {
    const { view, changed } = controller();
    view.fitted = true;
    expect(view.keyDown('ArrowLeft', 200, 100)).toBe(true);
    expect(view.keyDown('ArrowUp', 200, 100)).toBe(true);
    expect([view.panX, view.panY]).toEqual([KEY_PAN_PX, KEY_PAN_PX]);
    view.keyDown('+', 200, 100);
    expect(view.zoom).toBe(1.25);
    view.keyDown('-', 200, 100);
    expect(view.zoom).toBe(1);
    view.keyDown('0', 200, 100);
    expect(view.fitted).toBe(false);
    changed.mockClear();
    expect(view.keyDown('x', 200, 100)).toBe(false);
    expect(changed).not.toHaveBeenCalled();
  });
});

describe('hitTest', () => {
  const square = (x: number, y: number, size: number) => ({
    imagePolygon: [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
    ] as [number, number][],
    score: 1,
  });
  const triangle = {
    imagePolygon: [
      [0, 0],
      [10, 0],
      [0, 10],
    ] as [number, number][],
    score: 1,
  };

  it('finds the region under a point, the last drawn where two overlap', () => {
    const detections = [square(0, 0, 10), square(5, 5, 10)];
    const bounds = detections.map((d) => boundsOf(d.imagePolygon));
    expect(hitTest(detections, bounds, 2, 2)).toBe(0);
    expect(hitTest(detections, bounds, 7, 7)).toBe(1);
    expect(hitTest(detections, bounds, 14, 14)).toBe(1);
    expect(hitTest(detections, bounds, 20, 20)).toBeNull();
  });

  it('tells inside from outside a slanted edge within the bounding box', () => {
    expect(boundsOf(triangle.imagePolygon)).toEqual({ minX: 0, minY: 0, maxX: 10, maxY: 10 });
    expect(containsPoint(triangle.imagePolygon, 2, 2)).toBe(true);
    expect(containsPoint(triangle.imagePolygon, 8, 8)).toBe(false);
    expect(hitTest([triangle], [boundsOf(triangle.imagePolygon)], 8, 8)).toBeNull();
  });
});
