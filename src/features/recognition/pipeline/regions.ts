/**
 * Which regions need reading: each region's crop quad and a key that names its polygon, so text
 * read once is reused while re-processing leaves that polygon as it was.
 */
import { invert3, mapPolygon } from '../../../core/geometry/matrix3.js';
import { minAreaRect } from '../../../core/geometry/min-area-rect.js';
import { type Homography, orderQuad, type Quad } from '../../../core/geometry/perspective.js';
import { polygonArea } from '../../../core/geometry/polygon.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { RecognizedText } from './recognize.js';

/** A region's polygon as a string key; equal polygons (same vertices, same order) give equal keys. */
export function polygonKey(imagePolygon: Polygon): string {
  return imagePolygon.map(([x, y]) => `${x},${y}`).join(' ');
}

/**
 * The 4-point quad a region is cropped by (image pixels): the polygon itself when it has 4
 * points (box mode), else its minimum-area rectangle (polygon mode), as PaddleOCR crops curved text.
 */
export function recognitionQuad(imagePolygon: Polygon): Polygon {
  return imagePolygon.length === 4 ? imagePolygon : minAreaRect(imagePolygon).corners;
}

/**
 * The quad a region is read by, starting at the top-left of its text and running clockwise, in
 * image pixels. `imageToUpright` maps image pixels to a frame in which the text stands upright
 * (a document photo's straightened page); the quad is ordered there and mapped back, so a page
 * photographed on its side or upside down is still cut the right way round. Without it the image
 * itself is taken as upright.
 */
export function readingQuad(imagePolygon: Polygon, imageToUpright?: Homography): Polygon {
  if (!imageToUpright) return levelQuad(orderQuad(recognitionQuad(imagePolygon)));
  const upright = levelQuad(orderQuad(recognitionQuad(mapPolygon(imageToUpright, imagePolygon))));
  return mapPolygon(invert3(imageToUpright), upright);
}

/**
 * `quad` (clockwise) started at the corner whose next edge runs most nearly rightwards. `orderQuad`
 * starts at the upper of the two leftmost corners, which on a tilted tall box can be a bottom
 * corner: its top edge would then run up the box, and the box would read as wide and turned.
 */
function levelQuad(quad: Quad): Quad {
  let start = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < 4; i++) {
    const [x0, y0] = quad[i]!;
    const [x1, y1] = quad[(i + 1) % 4]!;
    const rightwards = (x1 - x0) / (Math.hypot(x1 - x0, y1 - y0) || 1);
    if (rightwards > best) {
      best = rightwards;
      start = i;
    }
  }
  return [0, 1, 2, 3].map((i) => quad[(start + i) % 4]!) as Quad;
}

/** Regions smaller than this (image px²) are not cropped: a line of text is never under 1 px². */
const MIN_READABLE_AREA_PX = 1;

/** Regions split into those whose text `cache` already holds and those still to read. */
export interface CachePlan {
  /** Indices into the detections of regions to read. */
  unread: number[];
  /** The detections with text filled in from the cache where it was known. */
  detections: Detection[];
}

/**
 * Fills in each detection's `text` and `textScore` from `cache` (by polygon key) and lists the
 * rest as unread. Regions with no area are given empty text with score 0:
 * there is nothing to crop.
 */
export function planFromCache(
  detections: readonly Detection[],
  cache: ReadonlyMap<string, RecognizedText>,
): CachePlan {
  const unread: number[] = [];
  const filled = detections.map((detection, index) => {
    const known = cache.get(polygonKey(detection.imagePolygon));
    if (known) {
      return { ...detection, text: known.text, textScore: known.confidence, words: known.words };
    }
    const quad = recognitionQuad(detection.imagePolygon);
    if (quad.length !== 4 || !(polygonArea(quad) >= MIN_READABLE_AREA_PX)) {
      return { ...detection, text: '', textScore: 0, words: [] };
    }
    unread.push(index);
    return { ...detection };
  });
  return { unread, detections: filled };
}
