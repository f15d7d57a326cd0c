/**
 * Which polygons are on screen: each list's bounds computed once (cached by the list), then a
 * box test per polygon per redraw. With 100,000 label boxes, tracing only those in view keeps a
 * zoomed-in redraw to the few in it.
 */
import type { Polygon } from '../../../core/geometry/types.js';

/** A rectangle in original-image pixels. */
export interface ImageRect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const boundsCache = new WeakMap<readonly Polygon[], Float64Array>();

/** Bounds of every polygon of `polygons`, packed as minX, minY, maxX, maxY; computed once per list. */
export function polygonBounds(polygons: readonly Polygon[]): Float64Array {
  let bounds = boundsCache.get(polygons);
  if (bounds) return bounds;
  bounds = new Float64Array(polygons.length * 4);
  polygons.forEach((polygon, index) => {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of polygon) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    bounds.set([minX, minY, maxX, maxY], index * 4);
  });
  boundsCache.set(polygons, bounds);
  return bounds;
}

/** True when polygon `index`, by its packed `bounds` ({@link polygonBounds}), touches `view`. */
export function boundsMeet(bounds: Float64Array, index: number, view: ImageRect): boolean {
  const at = index * 4;
  return (
    bounds[at]! <= view.maxX &&
    bounds[at + 2]! >= view.minX &&
    bounds[at + 1]! <= view.maxY &&
    bounds[at + 3]! >= view.minY
  );
}

/**
 * The part of the image a `width` × `height` view shows (CSS px; `view` maps view to image px),
 * original-image px, widened by a few outline widths so edges cut by the border still draw.
 */
export function imageInView(
  view: { zoom: number; toImage(x: number, y: number): [number, number] },
  width: number,
  height: number,
): ImageRect {
  const reach = 8 / view.zoom;
  const [minX, minY] = view.toImage(0, 0);
  const [maxX, maxY] = view.toImage(width, height);
  return { minX: minX - reach, minY: minY - reach, maxX: maxX + reach, maxY: maxY + reach };
}
