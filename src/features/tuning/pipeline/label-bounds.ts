/**
 * Label boxes outside their image: a coordinate beyond the image by more than a small margin
 * (1e308, −1e9, a box for another image size) cannot match any detection and would only lower
 * recall. Such boxes are left out of scoring and each is reported by file and line.
 */
import type { ImageLabels } from './labels.js';

/** Slack around the image a label point may use: this share of the longer side … */
export const LABEL_MARGIN_FRACTION = 0.02;
/** … and at least this many pixels (annotation tools round and overshoot by a pixel or two). */
export const LABEL_MARGIN_MIN_PX = 4;

/** One box left out of scoring because it lies outside its image. */
export interface OutsideLabel {
  labelFile: string;
  /** The image the box is for, as the label file names it. */
  image: string;
  /** Line of the box in the label file, or 0 where the format does not say (then `box` does). */
  line: number;
  /** 1-based index of the box among its image's boxes. */
  box: number;
  /** The first coordinate out of bounds, as "x = 1e+308" or "y = -1000000000". */
  coordinate: string;
}

/** The margin a label may overshoot an image of `width` × `height` px by, px. */
export function labelMarginPx(width: number, height: number): number {
  return Math.max(LABEL_MARGIN_MIN_PX, LABEL_MARGIN_FRACTION * Math.max(width, height));
}

/**
 * `labels` without the boxes that lie outside a `width` × `height` px image by more than the
 * margin, and those boxes listed; the same `labels` object when none does.
 */
export function withinImage(
  labels: ImageLabels,
  width: number,
  height: number,
  labelFile: string,
): { labels: ImageLabels; outside: OutsideLabel[] } {
  const margin = labelMarginPx(width, height);
  const outside: OutsideLabel[] = [];
  const keep: number[] = [];
  labels.polygons.forEach((polygon, index) => {
    let coordinate: string | null = null;
    for (const [x, y] of polygon) {
      if (!(x >= -margin && x <= width + margin)) coordinate = `x = ${x}`;
      else if (!(y >= -margin && y <= height + margin)) coordinate = `y = ${y}`;
      if (coordinate) break;
    }
    if (coordinate === null) keep.push(index);
    else {
      const line = labels.lines?.[index] ?? 0;
      outside.push({ labelFile, image: labels.image, line, box: index + 1, coordinate });
    }
  });
  if (outside.length === 0) return { labels, outside };
  const pick = <T>(values: readonly T[]) => keep.map((index) => values[index]!);
  return {
    labels: {
      ...labels,
      polygons: pick(labels.polygons),
      ignore: pick(labels.ignore),
      texts: pick(labels.texts),
      ...(labels.lines ? { lines: pick(labels.lines) } : {}),
    },
    outside,
  };
}

/** "gt_img_1.txt, line 3: x = 1e+308 is outside the 1280 × 720 image" — one line of the report. */
export function outsideLabelMessage(entry: OutsideLabel, width: number, height: number): string {
  const where = entry.line > 0 ? `line ${entry.line}` : `box ${entry.box} of "${entry.image}"`;
  return `${entry.labelFile}, ${where}: ${entry.coordinate} is outside the ${width} × ${height} image; left out of scoring.`;
}
