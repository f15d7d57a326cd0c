import { describe, expect, it } from 'vitest';
import {
  compose3,
  invert3,
  mapPolygon,
  quarterTurn3,
  rotateAboutCentre3,
  scale3,
  translate3,
} from '../../src/core/geometry/matrix3.js';
import {
  applyHomography,
  type Quad,
  solveHomography,
} from '../../src/core/geometry/perspective.js';
import type { Point } from '../../src/core/geometry/types.js';
import type { RgbaImage } from '../../src/core/image.js';
import {
  findPagePlan,
  orientPlan,
  pageToPhotoPolygon,
  regionsRunDown,
  renderPage,
  turnPlanQuarter,
} from '../../src/features/document/pipeline/document-pipeline.js';
import { toGreyDownscaled } from '../../src/features/document/pipeline/grey-image.js';
import { textBounds, voteOrientation } from '../../src/features/document/pipeline/orientation.js';
import {
  DEFAULT_DOCUMENT_PARAMS,
  type DocumentParams,
} from '../../src/features/document/pipeline/params.js';
import { random } from './support/random.js';

const ON: DocumentParams = { ...DEFAULT_DOCUMENT_PARAMS, enabled: true };

/** The worker's planning on a photo: the page found on `small`, then, with orientation on, turned by reading `detail`. */
function planDocument(
  small: RgbaImage,
  photoWidth: number,
  photoHeight: number,
  params: DocumentParams,
  manualQuad?: Quad,
  detail: RgbaImage = small,
) {
  const { plan } = findPagePlan(small, photoWidth, photoHeight, params, manualQuad);
  return params.orientation ? orientPlan(plan, small, detail, photoWidth, photoHeight) : { plan };
}

/**
 * Whether page point (u, v) of a `width` × `height` page is ink: lines of words, each word four
 * letter-sized blocks 2 px apart, so letters sit closer along a line than across lines.
 */
function isInk(u: number, v: number, width: number, height: number): boolean {
  const margin = 0.1;
  if (
    u < width * margin ||
    u > width * (1 - margin) ||
    v < height * margin ||
    v > height * (1 - margin)
  ) {
    return false;
  }
  const lineHeight = 14;
  const inLine = v % lineHeight < 7;
  const letter = 7;
  const wordWidth = 4 * letter + 5;
  const inWord = u % wordWidth < 4 * letter;
  const inLetter = (u % wordWidth) % letter < 5;
  return inLine && inWord && inLetter;
}

/** A page of text lines seen through `pageToPhoto` on a textured brown desk. */
function photoOfPage(
  photoWidth: number,
  photoHeight: number,
  pageWidth: number,
  pageHeight: number,
  pageToPhoto: Float64Array,
): RgbaImage {
  const photoToPage = invert3(pageToPhoto);
  const next = random(7);
  const blocks = new Float32Array(Math.ceil(photoWidth / 6) * Math.ceil(photoHeight / 6)).map(
    () => next() * 50 - 25,
  );
  const blockColumns = Math.ceil(photoWidth / 6);
  const data = new Uint8ClampedArray(photoWidth * photoHeight * 4);
  for (let y = 0; y < photoHeight; y++) {
    for (let x = 0; x < photoWidth; x++) {
      const p = (y * photoWidth + x) * 4;
      const [u, v] = applyHomography(photoToPage, [x, y]);
      const onPage = u >= 0 && v >= 0 && u < pageWidth && v < pageHeight;
      if (onPage) {
        const value = isInk(u, v, pageWidth, pageHeight) ? 30 : 240;
        data.set([value, value, value, 255], p);
      } else {
        const noise = blocks[Math.floor(y / 6) * blockColumns + Math.floor(x / 6)]!;
        data.set([140 + noise, 100 + noise, 70 + noise, 255], p);
      }
    }
  }
  return { data, width: photoWidth, height: photoHeight };
}

const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('findPagePlan, then orientPlan', () => {
  it('finds the corners of a page warped by a known homography within 2 px', () => {
    const pageQuad: Quad = [
      [92, 61],
      [318, 48],
      [335, 347],
      [70, 330],
    ];
    const pageToPhoto = solveHomography(
      [
        [0, 0],
        [240, 0],
        [240, 300],
        [0, 300],
      ],
      pageQuad,
    );
    const photo = photoOfPage(420, 400, 240, 300, pageToPhoto);
    const { plan } = planDocument(photo, 420, 400, { ...ON, orientation: false });
    expect(plan.pageQuad).not.toBeNull();
    plan.pageQuad!.forEach((corner, i) => {
      expect(distance(corner, pageQuad[i]!)).toBeLessThan(2);
    });
  });

  it('leaves a page-less image alone: no page, no turn, no skew', () => {
    const frame = solveHomography(
      [
        [0, 0],
        [300, 0],
        [300, 240],
        [0, 240],
      ],
      [
        [0, 0],
        [300, 0],
        [300, 240],
        [0, 240],
      ],
    );
    const scan = photoOfPage(300, 240, 300, 240, frame);
    const { plan } = planDocument(scan, 300, 240, ON);
    expect(plan.pageQuad).toBeNull();
    expect(plan.quarterTurnsCCW).toBe(0);
    expect(plan.skewDeg).toBe(0);
    const rendered = renderPage(scan, 300, 240, plan, 1000, 'off').image;
    expect(rendered.width).toBe(300);
    expect(rendered.height).toBe(240);
    expect(Buffer.from(rendered.data).equals(Buffer.from(scan.data))).toBe(true);
  });

  it('maps points through the composed transform and back within 0.5 px', () => {
    const pageQuad: Quad = [
      [120, 80],
      [900, 140],
      [860, 1300],
      [90, 1220],
    ];
    const { photoToPage: straighten } = {
      photoToPage: solveHomography(pageQuad, [
        [0, 0],
        [800, 0],
        [800, 1200],
        [0, 1200],
      ]),
    };
    const turned = compose3(straighten, quarterTurn3(1, 800, 1200));
    const skew = rotateAboutCentre3(3, 1200, 800);
    const plan = {
      pageQuad,
      method: 'manual' as const,
      quarterTurnsCCW: 1,
      skewDeg: 3,
      photoToPage: compose3(turned, skew.transform),
      pageWidth: skew.width,
      pageHeight: skew.height,
    };
    const photoPoints: Point[] = [
      [130, 90],
      [500, 700],
      [850, 1250],
      [400, 200],
    ];
    const pagePoints = mapPolygon(plan.photoToPage, photoPoints);
    const back = pageToPhotoPolygon(plan, pagePoints, 1000, 1400);
    back.forEach((point, i) => {
      expect(distance(point, photoPoints[i]!)).toBeLessThan(0.5);
    });
  });

  it('keeps a hand-placed quad and maps its corners to the page corners', () => {
    const photo = photoOfPage(
      200,
      200,
      200,
      200,
      solveHomography(
        [
          [0, 0],
          [200, 0],
          [200, 200],
          [0, 200],
        ],
        [
          [0, 0],
          [200, 0],
          [200, 200],
          [0, 200],
        ],
      ),
    );
    const manual: Quad = [
      [20, 30],
      [180, 20],
      [170, 190],
      [30, 170],
    ];
    const { plan } = planDocument(photo, 200, 200, { ...ON, orientation: false }, manual);
    expect(plan.method).toBe('manual');
    const corners = mapPolygon(plan.photoToPage, manual);
    expect(distance(corners[0]!, [0, 0])).toBeLessThan(1e-6);
    expect(distance(corners[2]!, [plan.pageWidth, plan.pageHeight])).toBeLessThan(1e-6);
  });
});

/** A grey page of text lines, drawn through `pageToImage` (page → image pixels). */
function textPage(width: number, height: number, imageToPage: Float64Array) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] = applyHomography(imageToPage, [x, y]);
      const value = isInk(u, v, 300, 400) ? 30 : 240;
      data.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return toGreyDownscaled({ data, width, height }, 512).grey;
}

describe('voteOrientation', () => {
  it('keeps an upright page of text lines as it is', () => {
    const vote = voteOrientation(textPage(300, 400, Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1)));
    expect(vote?.quarterTurnsCCW).toBe(0);
    expect(vote?.skewDeg).toBe(0);
  });

  it('asks for a quarter turn when the lines run down the page, letter columns lined up as on a receipt', () => {
    // The page turned a quarter clockwise: 400 wide, 300 tall, lines vertical. Every line is the
    // same, so the letters also stand in columns: a projection profile is as spiky across as down.
    const pageToImage = quarterTurn3(3, 300, 400);
    const vote = voteOrientation(textPage(400, 300, invert3(pageToImage)));
    expect(vote?.quarterTurnsCCW).toBe(1);
    expect(Math.abs(vote?.skewDeg ?? 99)).toBeLessThanOrEqual(0.5);
  });

  it('measures a 3° clockwise tilt of the lines, and the rotation removes it', () => {
    // Rotating by -3° counter-clockwise = 3° clockwise.
    const tilt = rotateAboutCentre3(-3, 300, 400);
    const vote = voteOrientation(textPage(tilt.width, tilt.height, invert3(tilt.transform)));
    expect(vote?.quarterTurnsCCW).toBe(0);
    expect(vote?.skewDeg).toBeCloseTo(3, 0);
  });
});

describe('textBounds', () => {
  it('frames the text and leaves stray specks out', () => {
    const width = 200;
    const height = 160;
    const data = new Uint8Array(width * height).fill(230);
    const text = { x0: width, y0: height, x1: 0, y1: 0 };
    for (let y = 40; y < 120; y++) {
      for (let x = 30; x < 150; x++) {
        if (!isInk(x - 30, y - 40, 120, 80)) continue;
        data[y * width + x] = 30;
        text.x0 = Math.min(text.x0, x);
        text.y0 = Math.min(text.y0, y);
        text.x1 = Math.max(text.x1, x + 1);
        text.y1 = Math.max(text.y1, y + 1);
      }
    }
    for (const [x, y] of [
      [3, 3],
      [190, 150],
      [180, 10],
    ] as const) {
      data[y * width + x] = 20;
    }
    const box = textBounds({ data, width, height });
    expect(box).not.toBeNull();
    expect(Math.abs(box!.x0 - text.x0)).toBeLessThanOrEqual(2);
    expect(Math.abs(box!.y0 - text.y0)).toBeLessThanOrEqual(2);
    expect(Math.abs(box!.x1 - text.x1)).toBeLessThanOrEqual(2);
    expect(Math.abs(box!.y1 - text.y1)).toBeLessThanOrEqual(2);
  });

  it('finds nothing on a blank page', () => {
    expect(
      textBounds({ data: new Uint8Array(100 * 80).fill(230), width: 100, height: 80 }),
    ).toBeNull();
  });
});

/** `image` shrunk `factor` times by averaging `factor` × `factor` blocks. */
function shrink(image: RgbaImage, factor: number): RgbaImage {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let j = 0; j < factor; j++) {
          for (let i = 0; i < factor; i++) {
            sum += image.data[((y * factor + j) * image.width + x * factor + i) * 4 + c]!;
          }
        }
        data[(y * width + x) * 4 + c] = sum / (factor * factor);
      }
    }
  }
  return { data, width, height };
}

describe('orientPlan', () => {
  it('reads the letters of a page on its side from the finer copy when the small one blurs them', () => {
    // A 300 × 400 page, turned a quarter clockwise and drawn twice its size on an 900 × 900 desk.
    const pageToPhoto = compose3(quarterTurn3(3, 300, 400), scale3(2), translate3(50, 150));
    const photo = photoOfPage(900, 900, 300, 400, pageToPhoto);
    const small = shrink(photo, 4);
    const { plan } = planDocument(small, 900, 900, ON, undefined, photo);
    expect(plan.method).toBe('background');
    expect(plan.quarterTurnsCCW).toBe(1);
    expect(Math.abs(plan.skewDeg)).toBeLessThanOrEqual(0.5);
    // Upright again: as tall as the page was, within the blur of finding it on the small copy.
    expect(plan.pageHeight).toBeGreaterThan(plan.pageWidth);
  });
});

describe('regionsRunDown and turnPlanQuarter', () => {
  const box = (x: number, y: number, width: number, height: number): Point[] => [
    [x, y],
    [x + width, y],
    [x + width, y + height],
    [x, y + height],
  ];

  it('calls a page on its side when tall regions outweigh wide ones, not otherwise', () => {
    const lines = [box(10, 10, 200, 20), box(10, 40, 180, 20), box(10, 70, 150, 20)];
    const turned = lines.map((polygon) => polygon.map(([x, y]) => [y, x] as Point));
    expect(regionsRunDown(lines)).toBe(false);
    expect(regionsRunDown(turned)).toBe(true);
    expect(regionsRunDown(turned.slice(0, 2))).toBe(false);
  });

  it('turns a plan a quarter counter-clockwise and still maps back to the same photo points', () => {
    const pageQuad: Quad = [
      [10, 20],
      [410, 30],
      [400, 620],
      [20, 600],
    ];
    const photoToPage = solveHomography(pageQuad, [
      [0, 0],
      [400, 0],
      [400, 600],
      [0, 600],
    ]);
    const plan = {
      pageQuad,
      method: 'background' as const,
      quarterTurnsCCW: 0,
      skewDeg: 0,
      photoToPage,
      pageWidth: 400,
      pageHeight: 600,
    };
    const turned = turnPlanQuarter(plan);
    expect([turned.pageWidth, turned.pageHeight, turned.quarterTurnsCCW]).toEqual([600, 400, 1]);
    // The page's top-left corner lands at the bottom-left after a counter-clockwise turn.
    const corner = mapPolygon(turned.photoToPage, [pageQuad[0]])[0]!;
    expect(distance(corner, [0, 399])).toBeLessThan(1e-6);
    const photoPoint: Point = [200, 300];
    const back = pageToPhotoPolygon(turned, mapPolygon(turned.photoToPage, [photoPoint]), 500, 700);
    expect(distance(back[0]!, photoPoint)).toBeLessThan(0.5);
  });
});
