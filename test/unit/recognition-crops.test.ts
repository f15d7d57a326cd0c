import { describe, expect, it } from 'vitest';
import {
  applyHomography,
  cropQuad,
  orderQuad,
  type Quad,
  rotateQuarterCounterClockwise,
  solveHomography,
} from '../../src/core/geometry/perspective.js';
import type { Point, Polygon } from '../../src/core/geometry/types.js';
import type { RgbaImage } from '../../src/core/image.js';
import { cropRegions } from '../../src/features/recognition/pipeline/crops.js';
import { readingQuad } from '../../src/features/recognition/pipeline/regions.js';

const RED = [255, 0, 0] as const;
const BLUE = [0, 0, 255] as const;
const GREEN = [0, 255, 0] as const;
const YELLOW = [255, 255, 0] as const;
const WHITE = [255, 255, 255] as const;

/**
 * A 120 × 100 white image holding a `width` × `height` label turned by `angleDeg` about
 * (60, 50): its quadrants are red (top-left), blue (top-right), green (bottom-left) and yellow
 * (bottom-right) in the label's own frame. Returns the image and the label's corners.
 */
function rotatedLabel(width: number, height: number, angleDeg: number) {
  const angle = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const toImage = ([u, v]: Point): Point => {
    const x = u - width / 2;
    const y = v - height / 2;
    return [60 + x * cos - y * sin, 50 + x * sin + y * cos];
  };
  const image: RgbaImage = { data: new Uint8ClampedArray(120 * 100 * 4), width: 120, height: 100 };
  for (let py = 0; py < 100; py++) {
    for (let px = 0; px < 120; px++) {
      // Inverse rotation of the pixel centre into the label's frame.
      const x = px + 0.5 - 60;
      const y = py + 0.5 - 50;
      const u = x * cos + y * sin + width / 2;
      const v = -x * sin + y * cos + height / 2;
      const inside = u >= 0 && u < width && v >= 0 && v < height;
      const left = u < width / 2;
      const top = v < height / 2;
      const colour = !inside ? WHITE : top ? (left ? RED : BLUE) : left ? GREEN : YELLOW;
      image.data.set([...colour, 255], (py * 120 + px) * 4);
    }
  }
  const corners: Point[] = [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ].map((corner) => toImage(corner as Point));
  return { image, corners };
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const at = (Math.floor(y) * image.width + Math.floor(x)) * 4;
  return [...image.data.subarray(at, at + 3)];
}

describe('solveHomography', () => {
  it('maps each source corner onto its target corner', () => {
    const from: Quad = [
      [10, 12],
      [90, 5],
      [95, 40],
      [8, 44],
    ];
    const to: Quad = [
      [0, 0],
      [80, 0],
      [80, 32],
      [0, 32],
    ];
    const h = solveHomography(from, to);
    from.forEach((point, i) => {
      const [x, y] = applyHomography(h, point);
      expect(x).toBeCloseTo(to[i]![0], 9);
      expect(y).toBeCloseTo(to[i]![1], 9);
    });
  });

  it('rejects a quad collapsed onto a line', () => {
    const line: Quad = [
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
    ];
    expect(() => solveHomography(line, line)).toThrow(RangeError);
  });
});

describe('orderQuad', () => {
  it('starts at the top-left and goes clockwise whatever order the corners come in', () => {
    const { corners } = rotatedLabel(60, 16, 20);
    const expected = orderQuad(corners);
    expect(expected[0]).toEqual(corners[0]);
    expect(expected[1]).toEqual(corners[1]);
    for (const order of [
      [2, 0, 3, 1],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
    ]) {
      expect(orderQuad(order.map((i) => corners[i]!))).toEqual(expected);
    }
  });
});

describe('cropQuad', () => {
  it('turns a label rotated by 20° upright and the right way round', () => {
    const { image, corners } = rotatedLabel(60, 16, 20);
    const crop = cropQuad(image, orderQuad([corners[2]!, corners[0]!, corners[3]!, corners[1]!]));
    expect([crop.width, crop.height]).toEqual([60, 16]);
    expect(pixel(crop, 10, 3)).toEqual([...RED]);
    expect(pixel(crop, 50, 3)).toEqual([...BLUE]);
    expect(pixel(crop, 10, 12)).toEqual([...GREEN]);
    expect(pixel(crop, 50, 12)).toEqual([...YELLOW]);
  });

  it('adds the padding around the quad from the surrounding image', () => {
    const { image, corners } = rotatedLabel(60, 16, 0);
    const crop = cropQuad(image, orderQuad(corners), { paddingPx: 3 });
    expect([crop.width, crop.height]).toEqual([66, 22]);
    expect(pixel(crop, 1, 1)).toEqual([...WHITE]);
    expect(pixel(crop, 13, 6)).toEqual([...RED]);
  });
});

describe('cropRegions', () => {
  it('turns a region 1.5 times taller than wide a quarter turn counter-clockwise', () => {
    // Upright 16 × 60 label: red/blue on top, green/yellow below.
    const { image, corners } = rotatedLabel(16, 60, 0);
    const [crop] = cropRegions(image, [corners], 0);
    expect([crop!.width, crop!.height]).toEqual([60, 16]);
    // Its top ends up on the left, its left side at the bottom.
    expect(pixel(crop!, 5, 12)).toEqual([...RED]);
    expect(pixel(crop!, 5, 3)).toEqual([...BLUE]);
    expect(pixel(crop!, 55, 12)).toEqual([...GREEN]);
  });

  it('leaves a region less than 1.5 times taller than wide as it is', () => {
    const { image, corners } = rotatedLabel(20, 28, 0);
    const [crop] = cropRegions(image, [corners], 0);
    expect([crop!.width, crop!.height]).toEqual([20, 28]);
  });
});

describe('readingQuad', () => {
  /** Image pixels → the frame of a label turned by `angleDeg` about (60, 50), in which it stands upright. */
  function uprightFrame(angleDeg: number): Float64Array {
    const angle = (angleDeg * Math.PI) / 180;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    return Float64Array.of(cos, sin, -60 * cos - 50 * sin, -sin, cos, 60 * sin - 50 * cos, 0, 0, 1);
  }

  for (const angleDeg of [90, 180, 270]) {
    it(`cuts a label turned ${angleDeg}° the right way round when given its upright frame`, () => {
      const { image, corners } = rotatedLabel(60, 16, angleDeg);
      const shuffled = [corners[2]!, corners[0]!, corners[3]!, corners[1]!];
      const [crop] = cropRegions(image, [readingQuad(shuffled, uprightFrame(angleDeg))], 0, true);
      expect([crop!.width, crop!.height]).toEqual([60, 16]);
      expect(pixel(crop!, 10, 3)).toEqual([...RED]);
      expect(pixel(crop!, 50, 3)).toEqual([...BLUE]);
      expect(pixel(crop!, 10, 12)).toEqual([...GREEN]);
      expect(pixel(crop!, 50, 12)).toEqual([...YELLOW]);
    });
  }

  it('without a frame takes the image as upright, so an upside-down label stays upside down', () => {
    const { image, corners } = rotatedLabel(60, 16, 180);
    const [crop] = cropRegions(image, [readingQuad(corners)], 0, true);
    expect(pixel(crop!, 10, 3)).toEqual([...YELLOW]);
  });
});

describe('rotateQuarterCounterClockwise', () => {
  it('moves the top-right pixel to the top-left', () => {
    // 2 × 1: left red, right blue.
    const image: RgbaImage = {
      data: new Uint8ClampedArray([...RED, 255, ...BLUE, 255]),
      width: 2,
      height: 1,
    };
    const turned = rotateQuarterCounterClockwise(image);
    expect([turned.width, turned.height]).toEqual([1, 2]);
    expect(pixel(turned, 0, 0)).toEqual([...BLUE]);
    expect(pixel(turned, 0, 1)).toEqual([...RED]);
  });

  it('starts a tilted tall box at its top-left corner, not at a bottom corner that lies further left', () => {
    // A tall box tilted about 9°: its two leftmost corners are both at the bottom.
    const tall: Polygon = [
      [1364, 670],
      [1427, 268],
      [1479, 276],
      [1417, 678],
    ];
    expect(readingQuad(tall)[0]).toEqual([1427, 268]);
    expect(readingQuad([...tall].reverse())[0]).toEqual([1427, 268]);
  });
});
