/**
 * Upright or upside down: PaddleOCR's text-line direction classifier
 * (`ch_ppocr_mobile_v2.0_cls_infer.onnx`, classes 0° and 180°) run on crops of the largest
 * detected lines, and a vote over its confident answers. Pure: the tensor and the vote.
 */
import { cropQuad, orderQuad } from '../../../core/geometry/perspective.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { RgbaImage } from '../../../core/image.js';
import type { RunModel } from '../../models/pipeline/run-model.js';

/** The classifier's input: 3 × 48 × 192, BGR, (v / 255 − 0.5) / 0.5 (PaddleOCR's ClsResizeImg). */
export const CLS_INPUT = { height: 48, width: 192 } as const;
/** Lines classified per page, the largest wide ones: six cost half of twelve and agreed with them on every dev-photo page. */
export const CLS_MAX_LINES = 6;
/** A line's answer counts only at this confidence (PaddleOCR's cls_thresh). */
export const CLS_MIN_SCORE = 0.9;
/** Confident "180°" answers needed, and they must outnumber confident "0°" ones. */
const MIN_UPSIDE_DOWN_VOTES = 3;
/** A crop taller than this share of its width is not a horizontal line. */
const MAX_LINE_HEIGHT_RATIO = 1;

/** The largest wide regions (pixels of `page`), as upright crops for the classifier. */
export function lineCrops(page: RgbaImage, pagePolygons: readonly Polygon[]): RgbaImage[] {
  const quads = pagePolygons
    .filter((polygon) => polygon.length === 4)
    .map((polygon) => orderQuad(polygon))
    .map((quad) => {
      const width = Math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]);
      const height = Math.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]);
      return { quad, width, height };
    })
    .filter(({ width, height }) => height >= 4 && height <= MAX_LINE_HEIGHT_RATIO * width)
    .sort((a, b) => b.width * b.height - a.width * a.height)
    .slice(0, CLS_MAX_LINES);
  return quads.map(({ quad }) => cropQuad(page, quad));
}

/** The classifier's batch tensor (N × 3 × 48 × 192) from line crops, each resized to height 48 and padded right with 0. */
export function clsInputTensor(crops: readonly RgbaImage[]): Float32Array {
  const { height, width } = CLS_INPUT;
  const plane = height * width;
  const tensor = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    const resizedWidth = Math.min(
      width,
      Math.max(1, Math.ceil((height * crop.width) / crop.height)),
    );
    const base = n * 3 * plane;
    for (let y = 0; y < height; y++) {
      const sy = Math.min(crop.height - 1, Math.max(0, ((y + 0.5) * crop.height) / height - 0.5));
      const y0 = Math.floor(sy);
      const y1 = Math.min(crop.height - 1, y0 + 1);
      const fy = sy - y0;
      for (let x = 0; x < resizedWidth; x++) {
        const sx = Math.min(
          crop.width - 1,
          Math.max(0, ((x + 0.5) * crop.width) / resizedWidth - 0.5),
        );
        const x0 = Math.floor(sx);
        const x1 = Math.min(crop.width - 1, x0 + 1);
        const fx = sx - x0;
        // BGR: channel 0 of the tensor is blue.
        for (let c = 0; c < 3; c++) {
          const source = 2 - c;
          const at = (px: number, py: number) => crop.data[(py * crop.width + px) * 4 + source]!;
          const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * fx;
          const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * fx;
          const value = top + (bottom - top) * fy;
          tensor[base + c * plane + y * width + x] = (value / 255 - 0.5) / 0.5;
        }
      }
    }
  });
  return tensor;
}

/** Lines classified first: when their answers settle the vote, the rest are not classified. */
export const CLS_FIRST_LINES = 3;

function decides(upright: number, upsideDown: number): boolean {
  return upsideDown >= MIN_UPSIDE_DOWN_VOTES && upsideDown > upright;
}

/**
 * The vote over the classifier's softmax output (`[p0°, p180°]` per line, flattened) once
 * `unread` more lines cannot change it, else null: upside down when confident "180°" answers
 * outnumber confident "0°" ones and there are enough of them.
 */
export function settledUpsideDown(
  probabilities: ArrayLike<number>,
  unread: number,
): boolean | null {
  let upright = 0;
  let upsideDown = 0;
  for (let i = 0; i + 1 < probabilities.length; i += 2) {
    const p0 = probabilities[i]!;
    const p180 = probabilities[i + 1]!;
    if (p180 >= CLS_MIN_SCORE) upsideDown++;
    else if (p0 >= CLS_MIN_SCORE) upright++;
  }
  // The unread lines can at most all say "180°", or all say "0°".
  const atMost = decides(upright, upsideDown + unread);
  const atLeast = decides(upright + unread, upsideDown);
  return atMost === atLeast ? atMost : null;
}

/** The vote over every line's answer (see {@link settledUpsideDown}). */
export function voteUpsideDown(probabilities: ArrayLike<number>): boolean {
  return settledUpsideDown(probabilities, 0)!;
}

/** The line classifier's `[p0°, p180°]` for each crop, flattened, from one batch run. */
async function classifyLines(crops: readonly RgbaImage[], run: RunModel): Promise<Float32Array> {
  const { height, width } = CLS_INPUT;
  const output = await run(clsInputTensor(crops), [crops.length, 3, height, width]);
  return output.data;
}

/**
 * The classifier's vote on the page's largest lines (polygons in `page` pixels): upside down?
 * The first {@link CLS_FIRST_LINES} lines are classified alone; the rest only when their answers
 * leave it open. `run` is the classifier (N × 3 × 48 × 192 in, N × 2 out). Checks `signal` between runs.
 */
export async function classifyUpsideDown(
  page: RgbaImage,
  pagePolygons: readonly Polygon[],
  run: RunModel,
  signal?: AbortSignal,
): Promise<boolean> {
  const crops = lineCrops(page, pagePolygons);
  if (crops.length === 0) return false;
  const first = await classifyLines(crops.slice(0, CLS_FIRST_LINES), run);
  const settled = settledUpsideDown(first, crops.length - CLS_FIRST_LINES);
  if (settled !== null) return settled;
  signal?.throwIfAborted();
  const rest = await classifyLines(crops.slice(CLS_FIRST_LINES), run);
  return voteUpsideDown([...first, ...rest]);
}
