/**
 * Many small boxes drawn into pixels instead of a path: at tens of thousands of boxes in view a
 * box is a few screen pixels, and tracing, filling and stroking one path of them costs the
 * main thread hundreds of milliseconds where writing their outlines into a buffer costs a few.
 * Each box is drawn as its bounding rectangle on screen, which at that size is what the eye sees.
 */
import type { Polygon } from '../../../core/geometry/types.js';
import { polygonBounds } from '../../detection/ui/visible-polygons.js';

/** A colour as 0–255 red, green, blue and alpha. */
export type Rgba = readonly [number, number, number, number];

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * One reusable layer per canvas size: its pixels are cleared and written on each draw, unless
 * the draw is the last one again (`drawn`: same boxes, sets and transform), when the layer is
 * put on the canvas as it is. A slider move redraws the overlay, but most label boxes keep
 * their class: writing 100,000 boxes again would cost more than the rest of the redraw.
 */
let layer: {
  canvas: OffscreenCanvas;
  image: ImageData;
  pixels: Uint32Array;
  drawn: { polygons: readonly Polygon[]; sets: readonly DenseSet[]; transform: string } | null;
} | null = null;

function layerOf(width: number, height: number) {
  if (layer?.canvas.width !== width || layer.canvas.height !== height) {
    const canvas = new OffscreenCanvas(width, height);
    const image = new ImageData(width, height);
    layer = { canvas, image, pixels: new Uint32Array(image.data.buffer), drawn: null };
  }
  return layer;
}

function sameSets(a: readonly DenseSet[], b: readonly DenseSet[]): boolean {
  return (
    a.length === b.length &&
    a.every((set, i) => {
      const other = b[i]!;
      return (
        String(set.stroke) === String(other.stroke) &&
        String(set.fill) === String(other.fill) &&
        (set.indices === other.indices ||
          (set.indices.length === other.indices.length &&
            set.indices.every((index, j) => index === other.indices[j])))
      );
    })
  );
}

/** `rgba` as one pixel of an ImageData's Uint32 view (bytes R, G, B, A in memory order). */
function packed([r, g, b, a]: Rgba): number {
  const bytes = new Uint8Array([r, g, b, a]);
  return new Uint32Array(bytes.buffer)[0]!;
}

/**
 * One set of boxes for {@link drawDenseBoxes}: which polygons, and how they look. The layer keeps
 * the sets it drew to know a repeat: their index lists must not change afterwards.
 */
export interface DenseSet {
  indices: readonly number[];
  stroke: Rgba;
  /** Fill inside the outline, or null for an outline only. */
  fill: Rgba | null;
}

/**
 * Draws each set's polygons of `polygons` (original-image px), later sets over earlier ones, as
 * the 1 device px outlines of their screen rectangles, all in one layer put on the canvas at
 * once. Returns false, drawing nothing, when the context's transform rotates or skews (the
 * caller traces paths then).
 */
export function drawDenseBoxes(
  context: Context2D,
  polygons: readonly Polygon[],
  sets: readonly DenseSet[],
): boolean {
  const m = context.getTransform();
  if (m.b !== 0 || m.c !== 0) return false;
  const { width, height } = context.canvas;
  const current = layerOf(width, height);
  const { canvas, image, pixels } = current;
  const transform = `${m.a} ${m.d} ${m.e} ${m.f}`;
  const last = current.drawn;
  if (
    last &&
    last.polygons === polygons &&
    last.transform === transform &&
    sameSets(last.sets, sets)
  ) {
    putLayer(context, canvas);
    return true;
  }
  current.drawn = null;
  pixels.fill(0);
  const bounds = polygonBounds(polygons);
  for (const set of sets) {
    const line = packed(set.stroke);
    const inside = set.fill ? packed(set.fill) : 0;
    for (const index of set.indices) {
      const at = index * 4;
      const x0 = Math.max(0, Math.floor(bounds[at]! * m.a + m.e));
      const y0 = Math.max(0, Math.floor(bounds[at + 1]! * m.d + m.f));
      const x1 = Math.min(width - 1, Math.ceil(bounds[at + 2]! * m.a + m.e));
      const y1 = Math.min(height - 1, Math.ceil(bounds[at + 3]! * m.d + m.f));
      if (x0 > x1 || y0 > y1) continue;
      // Plain loops: at a few pixels per box, a TypedArray.fill call costs more than its writes.
      for (let y = y0; y <= y1; y++) {
        const row = y * width;
        if (y === y0 || y === y1) {
          for (let x = x0; x <= x1; x++) pixels[row + x] = line;
        } else {
          pixels[row + x0] = line;
          pixels[row + x1] = line;
          if (inside) for (let x = x0 + 1; x < x1; x++) pixels[row + x] = inside;
        }
      }
    }
  }
  const layerContext = canvas.getContext('2d');
  if (!layerContext) return false;
  layerContext.putImageData(image, 0, 0);
  current.drawn = { polygons, sets, transform };
  putLayer(context, canvas);
  return true;
}

/** The layer over `context`'s canvas, pixel for pixel. */
function putLayer(context: Context2D, canvas: OffscreenCanvas): void {
  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.drawImage(canvas, 0, 0);
  context.restore();
}
