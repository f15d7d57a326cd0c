import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '../../src/core/geometry/perspective.js';
import type { Point, Polygon } from '../../src/core/geometry/types.js';
import { HALF_TURN_MODEL_FILE } from '../../src/features/models/pipeline/catalog.js';
import type { CtcCharacter } from '../../src/features/recognition/pipeline/ctc.js';
import { parseRecognizerDescriptor } from '../../src/features/recognition/pipeline/descriptor.js';
import { buildClassCharacters } from '../../src/features/recognition/pipeline/dictionary.js';
import {
  type RecognizedText,
  recognizeRegions,
} from '../../src/features/recognition/pipeline/recognize.js';
import { readWithKeptTexts } from '../../src/features/recognition/pipeline/reread.js';
import { wordBoxes, wordSpans } from '../../src/features/recognition/pipeline/words.js';
import {
  fixturePath,
  modelPath,
  type NodeModel,
  openNodeModel,
  readJpeg,
  turnClockwise,
  turnPolygonClockwise,
} from './support/node-models.js';

/** Characters at the given [char, firstStep, lastStep] with probability 0.9. */
const chars = (...steps: [string, number, number][]): CtcCharacter[] =>
  steps.map(([char, firstStep, lastStep]) => ({ char, firstStep, lastStep, probability: 0.9 }));

/** True when `point` lies inside the convex `polygon` (either winding), within `tolerance` px. */
function inside(point: Point, polygon: Polygon, tolerance: number): boolean {
  let sign = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % polygon.length]!;
    const length = Math.hypot(x1 - x0, y1 - y0) || 1;
    const side = ((x1 - x0) * (point[1] - y0) - (y1 - y0) * (point[0] - x0)) / length;
    if (Math.abs(side) <= tolerance) continue;
    if (sign === 0) sign = Math.sign(side);
    else if (Math.sign(side) !== sign) return false;
  }
  return true;
}

describe('wordSpans', () => {
  it('splits a line of two words at its space step, each word half a pitch beyond its centres', () => {
    // "AB CD": characters 2 steps apart, the space at step 6; 8 input px per step.
    const line = chars(['A', 2, 2], ['B', 4, 4], [' ', 6, 6], ['C', 8, 8], ['D', 10, 10]);
    const spans = wordSpans(line, 8, 200);
    expect(spans.map((s) => s.text)).toEqual(['AB', 'CD']);
    // Centres at 20, 36 | 68, 84 px; pitch 16 px.
    expect(spans[0]).toMatchObject({ startX: 12, endX: 44 });
    expect(spans[1]).toMatchObject({ startX: 60, endX: 92 });
    expect(spans[0]!.endX).toBeLessThanOrEqual(6 * 8 + 8);
    expect(spans[1]!.startX).toBeGreaterThanOrEqual(6 * 8);
  });

  it('splits at a long run of blanks where no space was read, and not at a short one', () => {
    const line = chars(['A', 0, 0], ['B', 3, 3], ['C', 20, 20], ['D', 23, 23]);
    expect(wordSpans(line, 8, 400).map((s) => s.text)).toEqual(['AB', 'CD']);
    const close = chars(['A', 0, 0], ['B', 3, 3], ['C', 6, 6]);
    expect(wordSpans(close, 8, 400).map((s) => s.text)).toEqual(['ABC']);
  });

  it('splits letter-spaced print only at the gaps well over its own letter spacing', () => {
    // "62.00" printed wide: 4 blank steps between every character, none longer.
    const wide = chars(['6', 0, 0], ['2', 5, 5], ['.', 10, 10], ['0', 15, 15], ['0', 20, 20]);
    expect(wordSpans(wide, 8, 400).map((s) => s.text)).toEqual(['62.00']);
    // "HON HWA" spaced out, the space between the words unread: 4 steps in a word, 9 between.
    const spaced = chars(
      ['H', 0, 0],
      ['O', 5, 5],
      ['N', 10, 10],
      ['H', 20, 20],
      ['W', 25, 25],
      ['A', 30, 30],
    );
    expect(wordSpans(spaced, 8, 400).map((s) => s.text)).toEqual(['HON', 'HWA']);
  });

  it('keeps spans inside the content and maps full-width forms to ASCII', () => {
    const spans = wordSpans(chars(['（', 0, 0], ['１', 2, 2]), 8, 20);
    expect(spans).toEqual([{ text: '(1', startX: 0, endX: 20, score: expect.closeTo(0.9, 6) }]);
  });
});

describe('wordBoxes', () => {
  const quad: Quad = [
    [100, 50],
    [300, 50],
    [300, 90],
    [100, 90],
  ];

  it('maps spans through the resize and the margin to quads on the line, split where the spans split', () => {
    // A 200 × 40 quad with 2 px margin is a 204 × 44 crop, resized to 48 px high: 222.5 px wide.
    const contentWidth = (204 * 48) / 44;
    const scale = contentWidth / 204;
    const words = wordBoxes(
      [
        { text: 'AB', startX: (2 + 40) * scale, endX: (2 + 90) * scale, score: 0.9 },
        { text: 'CD', startX: (2 + 110) * scale, endX: (2 + 190) * scale, score: 0.8 },
      ],
      { quad, paddingPx: 2, contentWidth },
    );
    const round = (points: Polygon) => points.map(([x, y]) => [Math.round(x), Math.round(y)]);
    expect(round(words[0]!.points)).toEqual([
      [140, 50],
      [190, 50],
      [190, 90],
      [140, 90],
    ]);
    expect(round(words[1]!.points)).toEqual([
      [210, 50],
      [290, 50],
      [290, 90],
      [210, 90],
    ]);
  });

  it('maps a tall crop read turned a quarter back to a word running down the quad', () => {
    // A 20 × 200 quad is read turned counter-clockwise: reading left to right runs down the image.
    const tallQuad: Quad = [
      [10, 0],
      [30, 0],
      [30, 200],
      [10, 200],
    ];
    const contentWidth = 200 * (48 / 20);
    const [word] = wordBoxes([{ text: 'A', startX: 0, endX: contentWidth / 2, score: 1 }], {
      quad: tallQuad,
      paddingPx: 0,
      contentWidth,
    });
    const round = (points: Polygon) => points.map(([x, y]) => [Math.round(x), Math.round(y)]);
    expect(round(word!.points)).toEqual([
      [30, 0],
      [30, 100],
      [10, 100],
      [10, 0],
    ]);
  });
});

describe('word boxes of a read receipt, on onnxruntime-node', { timeout: 120_000 }, () => {
  let recognizer: NodeModel;
  beforeAll(async () => {
    recognizer = await openNodeModel(modelPath('ppocr-v4-rec.onnx'));
  });
  afterAll(() => recognizer.release());

  it('puts every word of the ground-truth lines inside its line polygon, its words in reading order and holding its text', async () => {
    const descriptor = parseRecognizerDescriptor(
      JSON.parse(readFileSync(modelPath('ppocr-v4-rec.json'), 'utf8')),
    );
    const classes = buildClassCharacters(
      readFileSync(modelPath(descriptor.dictionaryFile), 'utf8'),
      descriptor.ctc,
    );
    const gt = JSON.parse(
      readFileSync(new URL('../fixtures/labels/sroie_614.json', import.meta.url), 'utf8'),
    ) as { polygons: Polygon[] };
    const lines = gt.polygons.slice(0, 12);
    const read = await recognizeRegions(
      readJpeg('sroie_614.jpg'),
      lines,
      descriptor,
      classes,
      recognizer.run,
    );
    let words = 0;
    read.forEach((line, i) => {
      // Words split at spaces and at long gaps: together they hold the line's text, spaces aside.
      expect(line.words.map((w) => w.text).join('')).toBe(line.text.replace(/\s/g, ''));
      let previousLeft = Number.NEGATIVE_INFINITY;
      for (const word of line.words) {
        for (const point of word.points) expect(inside(point, lines[i]!, 0.5)).toBe(true);
        expect(word.points[0]![0]).toBeGreaterThan(previousLeft);
        previousLeft = word.points[0]![0];
        words++;
      }
    });
    expect(words).toBeGreaterThan(20);
  });
});

describe('word boxes of a receipt read turned, on onnxruntime-node', { timeout: 180_000 }, () => {
  it('puts each word of a scan turned 90° where the same word lies when read upright, turned with it', async () => {
    const descriptor = parseRecognizerDescriptor(
      JSON.parse(readFileSync(modelPath('ppocr-v4-rec.json'), 'utf8')),
    );
    const classes = buildClassCharacters(
      readFileSync(modelPath(descriptor.dictionaryFile), 'utf8'),
      descriptor.ctc,
    );
    const [recognizer, classifier] = await Promise.all([
      openNodeModel(modelPath(descriptor.file)),
      openNodeModel(modelPath(HALF_TURN_MODEL_FILE)),
    ]);
    try {
      const gt = JSON.parse(readFileSync(fixturePath('eval-gt/json/sroie_019.json'), 'utf8')) as {
        polygons: Polygon[];
      };
      const scan = readJpeg('sroie_019.jpg');
      const polygons = gt.polygons.slice(0, 16);
      const run = { descriptor, classes, run: recognizer.run };
      const readAll = async (image: typeof scan, quads: Polygon[]) =>
        (
          await readWithKeptTexts(
            quads.map((imagePolygon) => ({ imagePolygon, score: 1 })),
            new Map<string, RecognizedText>(),
            async () => image,
            run,
            { classify: classifier.run },
          )
        ).detections;
      const upright = await readAll(scan, polygons);
      const turned = await readAll(
        turnClockwise(scan, 1),
        polygons.map((p) => turnPolygonClockwise(p, scan.width, scan.height, 1)),
      );
      let compared = 0;
      upright.forEach((line, i) => {
        const words = line.words ?? [];
        const turnedWords = turned[i]!.words ?? [];
        if (turnedWords.map((w) => w.text).join(' ') !== words.map((w) => w.text).join(' ')) return;
        words.forEach((word, n) => {
          const expected = turnPolygonClockwise(word.points, scan.width, scan.height, 1);
          // Same corners in the same order (the word's top-left first): within 8 px, a third of a
          // line's height (the turned crop is resampled, so its time steps fall slightly apart);
          // a corner out of order would be a line's height or a word's width away.
          turnedWords[n]!.points.forEach(([x, y], k) => {
            expect(Math.hypot(x - expected[k]![0], y - expected[k]![1])).toBeLessThan(8);
          });
          compared++;
        });
      });
      expect(compared).toBeGreaterThan(20);
    } finally {
      await recognizer.release();
      await classifier.release();
    }
  });
});
