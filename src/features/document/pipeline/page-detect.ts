/**
 * Finding a document page in a photo: blur → Canny edges → dilate → largest outer contour → the
 * four-corner polygon of its convex hull, with a local-threshold fallback (the old Streamlit
 * app's method, which it borrowed from docTR). Works on a small grey copy of the photo.
 */
import { traceContours } from '../../../core/geometry/contours.js';
import { convexHull } from '../../../core/geometry/convex-hull.js';
import { orderQuad, type Quad } from '../../../core/geometry/perspective.js';
import { polygonArea } from '../../../core/geometry/polygon.js';
import type { Point, Polygon } from '../../../core/geometry/types.js';
import {
  adaptiveThresholdDark,
  boxBlurPlane,
  cannyEdges,
  dilate3,
  type GreyImage,
  gaussianBlur5,
  type RgbPlanes,
} from './grey-image.js';
import { refineQuad } from './refine-quad.js';

/** Canny's hysteresis thresholds on the L1 Sobel magnitude (the old app's cv2.Canny(75, 200)). */
export const PAGE_CANNY_LOW = 75;
export const PAGE_CANNY_HIGH = 200;
/** Local-threshold fallback: block side, px of the small copy, and offset, grey levels. */
const FALLBACK_BLOCK_PX = 15;
const FALLBACK_OFFSET = 4;
/** Share of each quad side that must run along an edge: page borders are continuous lines, text clusters are not. */
const MIN_BORDER_SUPPORT = 0.6;
/** The flattest and sharpest corner angle a photographed page may show, degrees. */
const MIN_CORNER_DEG = 45;
const MAX_CORNER_DEG = 135;
/** How far an edge-found side may be from the page's brightness step, px of the grey copy. */
const EDGE_REFINE_PX = 3;
/** A quad this close to every image corner (share of the side) is the whole frame: a scan, left alone. */
const WHOLE_FRAME_MARGIN = 0.02;

/** Which method found the page. */
export type PageMethod = 'background' | 'edges' | 'threshold';

/** A page found in a grey image: its corners in that image's pixels and how it was found. */
export interface FoundPage {
  /** Corners, top-left first, clockwise on screen, in the grey image's pixels. */
  greyQuad: Quad;
  method: PageMethod;
  /** Share of the image the page covers (0–1). */
  share: number;
}

/**
 * Reduces a convex polygon to the four of its vertices that keep the most area, dropping the
 * vertex whose triangle with its neighbours is smallest until four remain.
 */
export function largestInscribedQuad(hull: readonly Point[]): Polygon | null {
  if (hull.length < 4) return null;
  const ring = [...hull];
  const triangle = (i: number) => {
    const a = ring[(i - 1 + ring.length) % ring.length]!;
    const b = ring[i]!;
    const c = ring[(i + 1) % ring.length]!;
    return Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  };
  while (ring.length > 4) {
    let smallest = 0;
    let smallestArea = Number.POSITIVE_INFINITY;
    for (let i = 0; i < ring.length; i++) {
      const area = triangle(i);
      if (area < smallestArea) {
        smallestArea = area;
        smallest = i;
      }
    }
    ring.splice(smallest, 1);
  }
  return ring;
}

function cornerAnglesOk(quad: Quad): boolean {
  for (let i = 0; i < 4; i++) {
    const a = quad[(i + 3) % 4]!;
    const b = quad[i]!;
    const c = quad[(i + 1) % 4]!;
    const ux = a[0] - b[0];
    const uy = a[1] - b[1];
    const vx = c[0] - b[0];
    const vy = c[1] - b[1];
    const cosine = (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy));
    const degrees = (Math.acos(Math.min(1, Math.max(-1, cosine))) * 180) / Math.PI;
    if (!(degrees >= MIN_CORNER_DEG && degrees <= MAX_CORNER_DEG)) return false;
  }
  return true;
}

/** Share of the points along each side that lie on the mask (or on the image's border); the weakest side's. */
function borderSupport(quad: Quad, mask: Uint8Array, width: number, height: number): number {
  let weakest = 1;
  for (let side = 0; side < 4; side++) {
    const [x0, y0] = quad[side]!;
    const [x1, y1] = quad[(side + 1) % 4]!;
    const steps = Math.max(4, Math.round(Math.hypot(x1 - x0, y1 - y0) / 2));
    let supported = 0;
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(x0 + ((x1 - x0) * s) / steps);
      const y = Math.round(y0 + ((y1 - y0) * s) / steps);
      const nearFrame = x <= 1 || y <= 1 || x >= width - 2 || y >= height - 2;
      let hit = nearFrame;
      for (let dy = -1; dy <= 1 && !hit; dy++) {
        for (let dx = -1; dx <= 1 && !hit; dx++) {
          const px = x + dx;
          const py = y + dy;
          if (px >= 0 && py >= 0 && px < width && py < height && mask[py * width + px]) hit = true;
        }
      }
      if (hit) supported++;
    }
    weakest = Math.min(weakest, supported / (steps + 1));
  }
  return weakest;
}

function isWholeFrame(quad: Quad, width: number, height: number): boolean {
  const frame: Quad = [
    [0, 0],
    [width - 1, 0],
    [width - 1, height - 1],
    [0, height - 1],
  ];
  const margin = WHOLE_FRAME_MARGIN * Math.max(width, height);
  return quad.every(
    ([x, y], i) => Math.abs(x - frame[i]![0]) <= margin && Math.abs(y - frame[i]![1]) <= margin,
  );
}

/** Box-blur radius, px of the small colour copy, that averages a desk's texture away. */
const BACKGROUND_BLUR_PX = 2;
/** Width of the frame ring taken as background, share of the long side. */
const BACKGROUND_RING_SHARE = 0.02;
/** How far from the background's colour a pixel must be to count as page, in robust standard deviations. */
const BACKGROUND_DISTANCE = 3;
/** The smallest spread a channel's background is credited with, grey levels (JPEG noise, flat desks). */
const BACKGROUND_MIN_SPREAD = 4;
/** The page region must fill this share of its quad: a page is solid, scattered things are not. */
const MIN_PAGE_SOLIDITY = 0.85;

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[sorted.length >> 1] ?? 0;
}

/**
 * Pixels whose blurred colour lies far from the colour of the frame's outer ring (the desk, which
 * surrounds the page): median and median absolute deviation per channel, then a scaled distance.
 */
export function backgroundContrastMask(rgb: RgbPlanes): Uint8Array {
  const { width, height } = rgb;
  const ring = Math.max(1, Math.round(BACKGROUND_RING_SHARE * Math.max(width, height)));
  const blurred = rgb.planes.map((plane) => boxBlurPlane(plane, width, height, BACKGROUND_BLUR_PX));
  const ringIndices: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x < ring || y < ring || x >= width - ring || y >= height - ring) {
        ringIndices.push(y * width + x);
      }
    }
  }
  const centres: number[] = [];
  const spreads: number[] = [];
  for (const plane of blurred) {
    const values = Float32Array.from(ringIndices, (i) => plane[i]!);
    const centre = median(values);
    const deviation = median(values.map((v) => Math.abs(v - centre)));
    centres.push(centre);
    spreads.push(Math.max(BACKGROUND_MIN_SPREAD, 1.4826 * deviation));
  }
  const mask = new Uint8Array(width * height);
  const limit = BACKGROUND_DISTANCE * BACKGROUND_DISTANCE;
  for (let i = 0; i < mask.length; i++) {
    let distance = 0;
    for (let c = 0; c < 3; c++) {
      const z = (blurred[c]![i]! - centres[c]!) / spreads[c]!;
      distance += z * z;
    }
    mask[i] = distance > limit ? 1 : 0;
  }
  return mask;
}

function solidPageFromMask(
  mask: Uint8Array,
  width: number,
  height: number,
  minPageShare: number,
): { quad: Quad; share: number } | null {
  const imageArea = width * height;
  const contours = traceContours(mask, width, height)
    .filter((contour) => contour.length >= 4)
    .map((contour) => ({ contour, area: polygonArea(contour) }))
    .sort((a, b) => b.area - a.area);
  const largest = contours[0];
  if (!largest || largest.area < minPageShare * imageArea) return null;
  const corners = largestInscribedQuad(convexHull(largest.contour));
  if (!corners) return null;
  const quad = orderQuad(corners);
  const quadArea = polygonArea(quad);
  const share = quadArea / imageArea;
  if (share < minPageShare || !cornerAnglesOk(quad)) return null;
  if (largest.area < MIN_PAGE_SOLIDITY * quadArea) return null;
  return { quad, share };
}

function pageFromMask(
  mask: Uint8Array,
  width: number,
  height: number,
  minPageShare: number,
): { quad: Quad; share: number } | null {
  const contours = traceContours(mask, width, height);
  const imageArea = width * height;
  const candidates = contours
    .filter((contour) => contour.length >= 4)
    .map((contour) => convexHull(contour))
    .map((hull) => ({ hull, area: polygonArea(hull) }))
    .filter(({ area }) => area >= minPageShare * imageArea)
    .sort((a, b) => b.area - a.area);
  for (const { hull } of candidates.slice(0, 3)) {
    const corners = largestInscribedQuad(hull);
    if (!corners) continue;
    const quad = orderQuad(corners);
    const share = polygonArea(quad) / imageArea;
    if (share < minPageShare) continue;
    if (!cornerAnglesOk(quad)) continue;
    if (borderSupport(quad, mask, width, height) < MIN_BORDER_SUPPORT) continue;
    return { quad, share };
  }
  return null;
}

/**
 * Finds the page in a small copy of the photo (`grey`, and `rgb` smaller still): first the solid
 * region whose colour stands out from the frame's ring (the desk), its corners sharpened on
 * `grey`; failing that, the largest convex four-cornered outline whose sides run along Canny
 * edges, then along local-threshold edges. The page must cover `minPageShare` of the image. Null
 * when there is none, or when the page fills the whole frame (a scan: nothing to straighten).
 */
export function findPage(grey: GreyImage, rgb: RgbPlanes, minPageShare: number): FoundPage | null {
  const { width, height } = grey;
  const blurredGrey = gaussianBlur5(grey);
  const background = solidPageFromMask(
    backgroundContrastMask(rgb),
    rgb.width,
    rgb.height,
    minPageShare,
  );
  if (background) {
    const sx = width / rgb.width;
    const sy = height / rgb.height;
    const coarse = background.quad.map(([x, y]) => [
      (x + 0.5) * sx - 0.5,
      (y + 0.5) * sy - 0.5,
    ]) as Quad;
    const greyQuad = refineQuad(blurredGrey, coarse, Math.max(3, (BACKGROUND_BLUR_PX + 3) * sx));
    if (greyQuad) {
      if (isWholeFrame(greyQuad, width, height)) return null;
      return { greyQuad, method: 'background', share: background.share };
    }
  }
  const blurred = blurredGrey;

  const attempts: [PageMethod, () => Uint8Array][] = [
    ['edges', () => dilate3(cannyEdges(blurred, PAGE_CANNY_LOW, PAGE_CANNY_HIGH), width, height)],
    [
      'threshold',
      () =>
        dilate3(adaptiveThresholdDark(blurred, FALLBACK_BLOCK_PX, FALLBACK_OFFSET), width, height),
    ],
  ];
  for (const [method, makeMask] of attempts) {
    const found = pageFromMask(makeMask(), width, height, minPageShare);
    if (!found) continue;
    if (isWholeFrame(found.quad, width, height)) return null;
    // The outline must also be one straight brightness step along each side.
    const greyQuad = refineQuad(blurred, found.quad, EDGE_REFINE_PX);
    if (!greyQuad) continue;
    return { greyQuad, method, share: found.share };
  }
  return null;
}
