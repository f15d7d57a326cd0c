import { describe, expect, it } from 'vitest';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import { regionLabel } from '../../src/features/detection/ui/draw-detections.js';
import { toResults } from '../../src/features/export/pipeline/json.js';
import {
  normalizeForSearch,
  searchSummaries,
} from '../../src/features/history/store/history-search.js';
import {
  RESULT_SCHEMA_VERSION,
  type StoredResult,
  summarizeResult,
} from '../../src/features/history/store/stored-result.js';
import {
  isLowConfidenceText,
  LOW_TEXT_CONFIDENCE,
} from '../../src/features/recognition/pipeline/recognize.js';
import {
  planFromCache,
  polygonKey,
  recognitionQuad,
} from '../../src/features/recognition/pipeline/regions.js';
import { rect } from './support/shapes.js';

const region = (polygon = rect(0, 0, 40, 10), extra: Partial<Detection> = {}): Detection => ({
  imagePolygon: polygon,
  score: 0.9,
  ...extra,
});

describe('planFromCache', () => {
  it('fills in known polygons and lists only the unknown ones as unread', () => {
    const known = rect(0, 0, 40, 10);
    const moved = rect(0, 0, 41, 10);
    const cache = new Map([[polygonKey(known), { text: 'TOTAL', confidence: 0.97, words: [] }]]);
    const plan = planFromCache([region(known), region(moved)], cache);
    expect(plan.unread).toEqual([1]);
    expect(plan.detections[0]).toMatchObject({ text: 'TOTAL', textScore: 0.97 });
    expect(plan.detections[1]!.text).toBeUndefined();
  });

  it('gives a region without area empty text instead of cropping it', () => {
    const line: Detection = region([
      [0, 0],
      [10, 0],
      [20, 0],
      [30, 0],
    ]);
    const plan = planFromCache([line], new Map());
    expect(plan.unread).toEqual([]);
    expect(plan.detections[0]).toMatchObject({ text: '', textScore: 0 });
  });

  it('does not change the detections it was given', () => {
    const input = [region()];
    planFromCache(
      input,
      new Map([[polygonKey(input[0]!.imagePolygon), { text: 'A', confidence: 1, words: [] }]]),
    );
    expect(input[0]!.text).toBeUndefined();
  });
});

describe('recognitionQuad', () => {
  it('keeps a 4-point box and turns a polygon into its minimum-area rectangle', () => {
    expect(recognitionQuad(rect(1, 2, 30, 12))).toEqual(rect(1, 2, 30, 12));
    const hexagon: Detection['imagePolygon'] = [
      [0, 0],
      [20, 0],
      [30, 5],
      [20, 10],
      [0, 10],
      [-5, 5],
    ];
    const quad = recognitionQuad(hexagon);
    expect(quad).toHaveLength(4);
    const xs = quad.map(([x]) => x);
    const ys = quad.map(([, y]) => y);
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([
      -5, 30, 0, 10,
    ]);
  });
});

describe('low-confidence text', () => {
  it('is marked only when text was read with a confidence under the threshold', () => {
    expect(isLowConfidenceText({ text: 'A', textScore: LOW_TEXT_CONFIDENCE - 0.01 })).toBe(true);
    expect(isLowConfidenceText({ text: 'A', textScore: LOW_TEXT_CONFIDENCE })).toBe(false);
    expect(isLowConfidenceText({})).toBe(false);
  });

  it('labels a region by its text, with "(?)" when uncertain, and by its score before reading', () => {
    expect(regionLabel(region(), 0)).toBe('1 · 0.90');
    expect(regionLabel(region(undefined, { text: 'TOTAL', textScore: 0.99 }), 2)).toBe('3 · TOTAL');
    expect(regionLabel(region(undefined, { text: 'T0TAL', textScore: 0.4 }), 2)).toBe(
      '3 · T0TAL (?)',
    );
  });
});

describe('history search', () => {
  const summaries = [
    { id: 'a', fileName: 'shell.jpg', text: 'SHELL\nTOTAL  RM 86.00' },
    { id: 'b', fileName: 'cafe.jpg', text: 'Bar Wang Rice\nNETT TOTAL: $9.20' },
    { id: 'c', fileName: 'old.jpg' },
  ];

  it('finds results by their text, ignoring case and runs of whitespace', () => {
    expect(searchSummaries(summaries, 'total rm 86').map((s) => s.id)).toEqual(['a']);
    expect(searchSummaries(summaries, 'nett total: $9.20').map((s) => s.id)).toEqual(['b']);
    expect(searchSummaries(summaries, 'TOTAL').map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('matches file names too, and returns everything for a blank query', () => {
    expect(searchSummaries(summaries, 'OLD.jpg').map((s) => s.id)).toEqual(['c']);
    expect(searchSummaries(summaries, '  ')).toHaveLength(3);
    expect(normalizeForSearch(' A \n b\t')).toBe('a b');
  });
});

describe('stored text', () => {
  const stored = (extra: Partial<StoredResult>): StoredResult => ({
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: '1',
    createdAt: 1,
    fileName: 'r.jpg',
    contentHash: 'h',
    modelId: 'm',
    params: {
      threshold: 0.3,
      boxThreshold: 0.6,
      maxCandidates: 10,
      minSize: 3,
      unclipRatio: 1.5,
      outputMode: 'box',
    },
    backend: 'wasm',
    timings: { decodeMs: 1, preprocessMs: 1, inferenceMs: 1, postprocessMs: 1 },
    imageWidth: 100,
    imageHeight: 100,
    detections: [
      region(rect(0, 40, 30, 50), { text: 'TOTAL', textScore: 0.9 }),
      region(rect(0, 0, 30, 10), { text: 'SHOP', textScore: 0.9 }),
    ],
    thumbnail: { bytes: new ArrayBuffer(4), mimeType: 'image/jpeg', width: 1, height: 1 },
    ...extra,
  });

  it('puts the text in reading order into the summary, so search needs no full result', () => {
    expect(summarizeResult(stored({ recognizerId: 'ppocr-v4-rec' })).text).toBe('SHOP\nTOTAL');
    expect(summarizeResult(stored({})).text).toBeUndefined();
  });

  it('writes text and its confidence into the results JSON only where it was read', () => {
    const { detections } = stored({});
    const file = toResults([
      {
        fileName: 'r.jpg',
        width: 100,
        height: 100,
        modelId: 'm',
        params: stored({}).params,
        detections: [...detections, region(rect(0, 60, 30, 70))],
      },
    ]);
    expect(file.images[0]!.detections.map((d) => [d.text, d.textScore])).toEqual([
      ['TOTAL', 0.9],
      ['SHOP', 0.9],
      [undefined, undefined],
    ]);
  });
});
