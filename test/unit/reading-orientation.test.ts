import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from '../../src/core/geometry/types.js';
import type { RgbaImage } from '../../src/core/image.js';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import {
  findPagePlan,
  PAGE_FINDING_LONG_SIDE,
} from '../../src/features/document/pipeline/document-pipeline.js';
import { DEFAULT_DOCUMENT_PARAMS } from '../../src/features/document/pipeline/params.js';
import { HALF_TURN_MODEL_FILE } from '../../src/features/models/pipeline/catalog.js';
import { parseRecognizerDescriptor } from '../../src/features/recognition/pipeline/descriptor.js';
import { buildClassCharacters } from '../../src/features/recognition/pipeline/dictionary.js';
import {
  linesRunDown,
  type QuarterTurns,
  turnQuad,
} from '../../src/features/recognition/pipeline/reading-orientation.js';
import type { RecognizedText } from '../../src/features/recognition/pipeline/recognize.js';
import {
  type KeptReadOptions,
  type RecognizerRun,
  readWithKeptTexts,
} from '../../src/features/recognition/pipeline/reread.js';
import {
  fixturePath,
  modelPath,
  type NodeModel,
  openNodeModel,
  readJpeg,
  reduceTo,
  turnClockwise,
  turnPolygonClockwise,
} from './support/node-models.js';

const squash = (text: string) => text.replace(/\s+/g, '').toUpperCase();

/** sroie_019's ground truth: its 46 lines and their text (the desk photo's boxes are the same lines). */
const SCAN_GT = JSON.parse(readFileSync(fixturePath('eval-gt/json/sroie_019.json'), 'utf8')) as {
  polygons: Polygon[];
  texts: string[];
};
const PHOTO_GT = JSON.parse(readFileSync(fixturePath('sroie_019-photo.json'), 'utf8')) as {
  polygons: Polygon[];
};

/** Share of `read` equal to the ground truth's texts (spaces and case ignored). */
function exactShare(read: readonly string[]): number {
  return read.filter((text, i) => squash(text) === squash(SCAN_GT.texts[i]!)).length / read.length;
}

describe('turning quads and the shape vote', () => {
  const quad: Polygon = [
    [0, 0],
    [100, 0],
    [100, 20],
    [0, 20],
  ];

  it('starts a turned quad at the corner where the turned text begins', () => {
    expect(turnQuad(quad, 0)).toEqual(quad);
    expect(turnQuad(quad, 1)[0]).toEqual([100, 0]);
    expect(turnQuad(quad, 2)[0]).toEqual([100, 20]);
    expect(turnQuad(quad, 3)[0]).toEqual([0, 20]);
    expect(turnQuad(quad, 4)).toEqual(quad);
  });

  it('says lines run down only when tall regions outweigh wide ones', () => {
    const tall: Polygon = [
      [0, 0],
      [20, 0],
      [20, 100],
      [0, 100],
    ];
    expect(linesRunDown([quad, quad, quad])).toBe(false);
    expect(linesRunDown([tall, tall, tall])).toBe(true);
    expect(linesRunDown([tall, tall, quad])).toBe(false);
    expect(linesRunDown([tall, tall])).toBe(false);
  });
});

describe('reading text the right way round, on onnxruntime-node', { timeout: 240_000 }, () => {
  const scan = readJpeg('sroie_019.jpg');
  const photo = readJpeg('sroie_019-photo.jpg');
  let recognizer: NodeModel;
  let classifier: NodeModel;
  let recognizerRun: RecognizerRun;
  let uprightScan: string[];

  beforeAll(async () => {
    const descriptor = parseRecognizerDescriptor(
      JSON.parse(readFileSync(modelPath('ppocr-v4-rec.json'), 'utf8')),
    );
    const classes = buildClassCharacters(
      readFileSync(modelPath(descriptor.dictionaryFile), 'utf8'),
      descriptor.ctc,
    );
    [recognizer, classifier] = await Promise.all([
      openNodeModel(modelPath(descriptor.file)),
      openNodeModel(modelPath(HALF_TURN_MODEL_FILE)),
    ]);
    recognizerRun = { descriptor, classes, run: recognizer.run };
    uprightScan = (await read(scan, SCAN_GT.polygons, {})).texts;
    // Reading the whole receipt: far past the 10 s default on a loaded machine.
  }, 240_000);
  afterAll(async () => {
    await recognizer.release();
    await classifier.release();
  });

  async function read(image: RgbaImage, polygons: readonly Polygon[], options: KeptReadOptions) {
    const detections: Detection[] = polygons.map((imagePolygon) => ({ imagePolygon, score: 1 }));
    const done = await readWithKeptTexts(
      detections,
      new Map<string, RecognizedText>(),
      async () => image,
      recognizerRun,
      options,
    );
    return { texts: done.detections.map((d) => d.text ?? ''), orientation: done.orientation };
  }

  it('reads an upright scan exactly as without the orientation step', async () => {
    const withOrientation = await read(scan, SCAN_GT.polygons, { classify: classifier.run });
    expect(withOrientation.texts).toEqual(uprightScan);
    expect(withOrientation.orientation).toEqual({
      degrees: 0,
      frame: 'image',
      scope: 'whole',
      linesTurned: 0,
    });
    expect(exactShare(uprightScan)).toBeGreaterThan(0.8);
  });

  for (const turns of [1, 2, 3] as const) {
    it(`reads a scan turned ${turns * 90}° clockwise as upright, with no page outline`, async () => {
      const turned = turnClockwise(scan, turns);
      const polygons = SCAN_GT.polygons.map((p) =>
        turnPolygonClockwise(p, scan.width, scan.height, turns),
      );
      const without = await read(turned, polygons, {});
      const withOrientation = await read(turned, polygons, { classify: classifier.run });
      expect(withOrientation.orientation?.degrees).toBe(turns * 90);
      expect(withOrientation.orientation?.frame).toBe('image');
      expect(exactShare(withOrientation.texts)).toBeGreaterThanOrEqual(
        exactShare(uprightScan) - 0.05,
      );
      if (turns === 1) {
        // PaddleOCR's tall-crop rule already reads long lines turned this way; short ones it misses.
        expect(exactShare(withOrientation.texts)).toBeGreaterThan(exactShare(without.texts));
      } else {
        // Without the step the lines are read turned: the test can tell the two apart.
        expect(exactShare(without.texts)).toBeLessThan(exactShare(uprightScan) - 0.3);
      }
    });
  }

  for (const turns of [0, 1, 2, 3] as const) {
    it(`reads a desk photo turned ${turns * 90}° clockwise upright in its found, unturned page`, async () => {
      const turned = turnClockwise(photo, turns as QuarterTurns);
      const small = reduceTo(turned, PAGE_FINDING_LONG_SIDE);
      // Orientation off: the page is found and straightened but left as it lies.
      const { plan } = findPagePlan(small, turned.width, turned.height, {
        ...DEFAULT_DOCUMENT_PARAMS,
        enabled: true,
        orientation: false,
      });
      expect(plan.method).not.toBeNull();
      const polygons = PHOTO_GT.polygons.map((p) =>
        turnPolygonClockwise(p, photo.width, photo.height, turns),
      );
      const done = await read(turned, polygons, {
        classify: classifier.run,
        imageToUpright: plan.photoToPage,
      });
      expect(done.orientation?.degrees).toBe(turns * 90);
      expect(done.orientation?.frame).toBe('page');
      expect(exactShare(done.texts)).toBeGreaterThan(0.6);
    });
  }

  it('reads scene words upside down the right way round, checking each word when there are too few to vote', async () => {
    const scene = readJpeg('ic15_img_2.jpg');
    const { polygons } = JSON.parse(
      readFileSync(fixturePath('eval-gt/json/ic15_img_2.json'), 'utf8'),
    ) as { polygons: Polygon[] };
    // "EXIT" and "I2R", small: the model reads them as 'EXTT' and 'R' upright.
    const upright = await read(scene, polygons, { classify: classifier.run });
    expect(upright.texts[0]).toMatch(/^EX/);
    const upsideDown = {
      image: turnClockwise(scene, 2),
      polygons: polygons.map((p) => turnPolygonClockwise(p, scene.width, scene.height, 2)),
    };
    const without = await read(upsideDown.image, upsideDown.polygons, {});
    expect(without.texts[0]).not.toMatch(/^EX/);
    const turned = await read(upsideDown.image, upsideDown.polygons, { classify: classifier.run });
    expect(turned.orientation?.scope).toBe('lines');
    expect(turned.texts[0]).toMatch(/^EX/);
    expect(turned.texts[1]).toMatch(/R/);
    // Two nearly square words turned a quarter give no shape to vote on: not read upright yet.
  });

  it('turns the one line of a receipt that lies upside down, and no other', async () => {
    const index = SCAN_GT.texts.indexOf('SHELL ISNI PETRO TRADING');
    const flipped = withBoxTurnedHalf(scan, SCAN_GT.polygons[index]!);
    const without = await read(flipped, SCAN_GT.polygons, {});
    expect(squash(without.texts[index]!)).not.toBe(squash(uprightScan[index]!));
    const done = await read(flipped, SCAN_GT.polygons, { classify: classifier.run });
    expect(squash(done.texts[index]!)).toBe(squash(uprightScan[index]!));
    expect(done.orientation?.degrees).toBe(0);
    expect(done.orientation?.linesTurned).toBeGreaterThanOrEqual(1);
    const others = done.texts.filter((text, i) => i !== index && text !== uprightScan[i]);
    expect(others).toEqual([]);
  });
});

/** `image` with the axis-aligned box around `polygon` (grown by 3 px) turned a half turn in place. */
function withBoxTurnedHalf(image: RgbaImage, polygon: Polygon): RgbaImage {
  const x0 = Math.max(0, Math.floor(Math.min(...polygon.map(([x]) => x))) - 3);
  const x1 = Math.min(image.width, Math.ceil(Math.max(...polygon.map(([x]) => x))) + 3);
  const y0 = Math.max(0, Math.floor(Math.min(...polygon.map(([, y]) => y))) - 3);
  const y1 = Math.min(image.height, Math.ceil(Math.max(...polygon.map(([, y]) => y))) + 3);
  const data = new Uint8ClampedArray(image.data);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const from = ((y1 - 1 - (y - y0)) * image.width + (x1 - 1 - (x - x0))) * 4;
      data.set(image.data.subarray(from, from + 4), (y * image.width + x) * 4);
    }
  }
  return { data, width: image.width, height: image.height };
}
