/** A label's box, in the units it was laid out in (original-image pixels on the overlay). */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One label as placed: which region it names, the text drawn (maybe shortened) and its box. */
export interface PlacedLabel {
  index: number;
  text: string;
  box: LabelBox;
}

/** What a label needs to be placed: its full text and the top-left corner of its region. */
export interface LabelRequest {
  index: number;
  text: string;
  anchorX: number;
  anchorY: number;
  /** The region's width: a label that collides is shortened to at most this. */
  regionWidth: number;
}

/** Ellipsis appended to a shortened label. */
const ELLIPSIS = '…';
/** Labels shorter than this many characters (ellipsis included) are dropped rather than kept. */
const MIN_SHORTENED_CHARS = 4;

function intersects(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Places labels so that no two overlap, in request order (earlier labels win). Each goes above its
 * region's top-left corner; one that would overlap a placed label is shortened to its region's
 * width, and dropped when even that collides. `measure` gives a text's width and `height` the line
 * height, both in the layout's units; `pad` is the space kept around each label.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  measure: (text: string) => number,
  height: number,
  pad = 0,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const fits = (box: LabelBox) => placed.every((other) => !intersects(box, other.box));
  const boxFor = (request: LabelRequest, text: string): LabelBox => ({
    x: request.anchorX - pad,
    y: request.anchorY - height - pad,
    width: measure(text) + 2 * pad,
    height: height + 2 * pad,
  });
  for (const request of requests) {
    let text = request.text;
    let box = boxFor(request, text);
    if (!fits(box)) {
      text = shortenTo(request.text, request.regionWidth, measure);
      if (text.length < MIN_SHORTENED_CHARS) continue;
      box = boxFor(request, text);
      if (!fits(box)) continue;
    }
    placed.push({ index: request.index, text, box });
  }
  return placed;
}

/** The longest prefix of `text` plus an ellipsis that measures at most `width` (or "" if none). */
export function shortenTo(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid).trimEnd() + ELLIPSIS) <= width) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? '' : text.slice(0, low).trimEnd() + ELLIPSIS;
}
