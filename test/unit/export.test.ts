import { describe, expect, it } from 'vitest';
import {
  type ExportRow,
  parseCompetitionCsv,
  toCompetitionCsv,
} from '../../src/features/export/pipeline/csv.js';
import {
  RESULTS_FORMAT,
  type ResultsEntry,
  resultsEntry,
  toPredictions,
  toPredictionsJson,
  toPredictionView,
  toResults,
  toResultsJson,
} from '../../src/features/export/pipeline/json.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import type { PostprocessParams } from '../../src/features/models/pipeline/descriptor.js';
import { rect } from './support/shapes.js';

const twoBoxes: ExportRow = {
  fileName: 'receipt.jpg',
  detections: [
    { imagePolygon: rect(10, 50, 100, 150), score: 0.91234 },
    { imagePolygon: rect(110, 150, 200, 250), score: 0.5 },
  ],
};

describe('toCompetitionCsv', () => {
  it('writes polygons as space-separated coordinates joined with |', () => {
    expect(toCompetitionCsv([twoBoxes])).toBe(
      'filename,polygons\nreceipt.jpg,10 50 100 50 100 150 10 150|110 150 200 150 200 250 110 250\n',
    );
  });

  it('rounds coordinates to integers', () => {
    const row: ExportRow = {
      fileName: 'a.jpg',
      detections: [
        {
          imagePolygon: [
            [10.4, 20.5],
            [30.6, 20.49],
            [30.6, -0.2],
          ],
          score: 1,
        },
      ],
    };
    expect(toCompetitionCsv([row])).toBe('filename,polygons\na.jpg,10 21 31 20 31 0\n');
  });

  it('writes a row with empty polygons for a failed image', () => {
    expect(
      toCompetitionCsv([{ fileName: 'broken.png', detections: [] }], { confidence: true }),
    ).toBe('filename,polygons,confidence\nbroken.png,,\n');
  });

  it('adds per-polygon scores to 3 decimals in the confidence column', () => {
    const csv = toCompetitionCsv([twoBoxes], { confidence: true });
    expect(csv.split('\n')[1]).toMatch(/,0\.912\|0\.500$/);
  });

  it('quotes file names holding commas or quotes', () => {
    const csv = toCompetitionCsv([{ fileName: 'a, "b".jpg', detections: [] }]);
    expect(csv).toBe('filename,polygons\n"a, ""b"".jpg",\n');
  });

  it('neutralises file names a spreadsheet would run as formulas, and reads them back', () => {
    const names = ['=1+1.jpg', '+1.jpg', '-1.jpg', '@SUM(A1).jpg', '=HYPERLINK("x","y").png'];
    const csv = toCompetitionCsv(names.map((fileName) => ({ fileName, detections: [] })));
    const cells = csv.trim().split('\n').slice(1);
    expect(cells).toEqual([
      "'=1+1.jpg,",
      "'+1.jpg,",
      "'-1.jpg,",
      "'@SUM(A1).jpg,",
      '"\'=HYPERLINK(""x"",""y"").png",',
    ]);
    expect(parseCompetitionCsv(csv).map((row) => row.fileName)).toEqual(names);
  });
});

describe('parseCompetitionCsv', () => {
  it('reads back what toCompetitionCsv wrote, scores included', () => {
    const rows: ExportRow[] = [
      twoBoxes,
      { fileName: 'line\nbreak, "quoted".png', detections: [] },
      { fileName: 'one.jpg', detections: [{ imagePolygon: rect(1, 2, 3, 4), score: 0.25 }] },
    ];
    expect(parseCompetitionCsv(toCompetitionCsv(rows, { confidence: true }))).toEqual([
      {
        fileName: 'receipt.jpg',
        imagePolygons: [rect(10, 50, 100, 150), rect(110, 150, 200, 250)],
        scores: [0.912, 0.5],
      },
      { fileName: 'line\nbreak, "quoted".png', imagePolygons: [], scores: [] },
      { fileName: 'one.jpg', imagePolygons: [rect(1, 2, 3, 4)], scores: [0.25] },
    ]);
  });

  it('returns null scores when there is no confidence column', () => {
    expect(parseCompetitionCsv(toCompetitionCsv([twoBoxes]))[0]?.scores).toBeNull();
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const text = '\uFEFFfilename,polygons\r\nx.jpg,0 0 4 0 4 4\r\n';
    expect(parseCompetitionCsv(text)).toEqual([
      {
        fileName: 'x.jpg',
        imagePolygons: [
          [
            [0, 0],
            [4, 0],
            [4, 4],
          ],
        ],
        scores: null,
      },
    ]);
  });

  it('rejects a wrong header', () => {
    expect(() => parseCompetitionCsv('name,boxes\n')).toThrow(SyntaxError);
  });

  it('rejects a polygon with an odd number of coordinates', () => {
    expect(() => parseCompetitionCsv('filename,polygons\na.jpg,0 0 4 0 4\n')).toThrow(SyntaxError);
  });

  it('rejects a score count that differs from the polygon count', () => {
    const text = 'filename,polygons,confidence\na.jpg,0 0 4 0 4 4,0.5|0.7\n';
    expect(() => parseCompetitionCsv(text)).toThrow(/2 scores for 1 polygons/);
  });

  it('rejects an unterminated quoted field', () => {
    expect(() => parseCompetitionCsv('filename,polygons\n"a.jpg,\n')).toThrow(SyntaxError);
  });
});

describe('toPredictionsJson', () => {
  it('maps each file name to its polygons as [x, y] pairs', () => {
    expect(
      JSON.parse(toPredictionsJson([twoBoxes, { fileName: 'none.jpg', detections: [] }])),
    ).toEqual({
      'receipt.jpg': [rect(10, 50, 100, 150), rect(110, 150, 200, 250)],
      'none.jpg': [],
    });
  });

  it('keeps coordinates to 0.01 px', () => {
    const row: ExportRow = {
      fileName: 'a.jpg',
      detections: [{ imagePolygon: rect(1.234, 5.678, 9.999, 10.004), score: 1 }],
    };
    expect(toPredictions([row])['a.jpg']).toEqual([rect(1.23, 5.68, 10, 10)]);
  });

  it('refuses a repeated file name', () => {
    expect(() => toPredictions([twoBoxes, twoBoxes])).toThrow(RangeError);
  });
});

describe('toResultsJson', () => {
  const params: PostprocessParams = { ...PPOCR_V4_DET.postprocess };

  it("writes each read line's words with their quads to 0.01 px and scores to 4 decimals", () => {
    const entry: ResultsEntry = {
      fileName: 'receipt.jpg',
      width: 640,
      height: 480,
      modelId: 'ppocr-v4-det',
      params,
      detections: [
        {
          imagePolygon: rect(10, 50, 100, 70),
          score: 0.9,
          text: 'TOTAL 12',
          textScore: 0.95,
          words: [
            { text: 'TOTAL', points: rect(10.123, 50, 60.456, 70), score: 0.98765 },
            { text: '12', points: rect(70, 50, 95, 70), score: 0.9 },
          ],
        },
      ],
    };
    const [detection] = toResults([entry]).images[0]!.detections;
    expect(detection!.words).toEqual([
      { text: 'TOTAL', points: rect(10.12, 50, 60.46, 70), score: 0.9877 },
      { text: '12', points: rect(70, 50, 95, 70), score: 0.9 },
    ]);
  });

  it('records scores, size, model, parameters, timings and the reading orientation per image', () => {
    const entries: ResultsEntry[] = [
      {
        fileName: 'receipt.jpg',
        width: 640,
        height: 480,
        modelId: 'ppocr-v4-det',
        backend: 'wasm',
        params,
        detections: twoBoxes.detections,
        timings: { decodeMs: 1, preprocessMs: 2, inferenceMs: 30, postprocessMs: 4 },
        readingOrientation: { degrees: 90, frame: 'image', scope: 'whole', linesTurned: 0 },
      },
      {
        fileName: 'broken.png',
        width: 0,
        height: 0,
        modelId: 'ppocr-v4-det',
        params,
        detections: [],
        error: { name: 'ImageDecodeError', message: 'not an image' },
      },
    ];
    const parsed: unknown = JSON.parse(toResultsJson(entries));
    expect(parsed).toEqual({
      format: RESULTS_FORMAT.name,
      version: RESULTS_FORMAT.version,
      images: [
        {
          fileName: 'receipt.jpg',
          width: 640,
          height: 480,
          modelId: 'ppocr-v4-det',
          backend: 'wasm',
          params,
          timings: { decodeMs: 1, preprocessMs: 2, inferenceMs: 30, postprocessMs: 4 },
          error: null,
          readingOrientation: { degrees: 90, frame: 'image', scope: 'whole', linesTurned: 0 },
          detections: [
            { imagePolygon: rect(10, 50, 100, 150), score: 0.9123 },
            { imagePolygon: rect(110, 150, 200, 250), score: 0.5 },
          ],
        },
        {
          fileName: 'broken.png',
          width: 0,
          height: 0,
          modelId: 'ppocr-v4-det',
          backend: null,
          params,
          timings: null,
          error: { name: 'ImageDecodeError', message: 'not an image' },
          readingOrientation: null,
          detections: [],
        },
      ],
    });
  });
});

describe('resultsEntry', () => {
  const params: PostprocessParams = { ...PPOCR_V4_DET.postprocess };
  const timings = { decodeMs: 1, preprocessMs: 2, inferenceMs: 30, postprocessMs: 4 };
  const result = {
    imageWidth: 640,
    imageHeight: 480,
    backend: 'wasm' as const,
    timings,
    detections: twoBoxes.detections,
  };

  it('takes size, backend, timings and regions from the result', () => {
    expect(resultsEntry({ fileName: 'receipt.jpg', modelId: 'm', params, result })).toEqual({
      fileName: 'receipt.jpg',
      width: 640,
      height: 480,
      modelId: 'm',
      params,
      detections: twoBoxes.detections,
      backend: 'wasm',
      timings,
    });
  });

  it('writes a failed image as 0 × 0 with no regions, no backend and its error', () => {
    const entry = resultsEntry({
      fileName: 'broken.png',
      modelId: 'm',
      params,
      result: null,
      error: { name: 'ImageDecodeError', message: 'not an image' },
    });
    expect(entry).toEqual({
      fileName: 'broken.png',
      width: 0,
      height: 0,
      modelId: 'm',
      params,
      detections: [],
      error: { name: 'ImageDecodeError', message: 'not an image' },
    });
    expect(JSON.parse(toResultsJson([entry])).images[0]).toMatchObject({
      backend: null,
      timings: null,
    });
  });

  it('keeps a result and the error it was re-run for, as the workbench does', () => {
    const entry = resultsEntry({
      fileName: 'a.jpg',
      modelId: 'm',
      params,
      result,
      error: { name: 'TimeoutError', message: 'too slow' },
    });
    expect(entry).toMatchObject({ backend: 'wasm', error: { name: 'TimeoutError' } });
  });

  it('is what the predictions writer reads: same polygons, to 0.01 px', () => {
    const entry = resultsEntry({ fileName: 'receipt.jpg', modelId: 'm', params, result });
    expect(toPredictions([entry])).toEqual(toPredictions([twoBoxes]));
  });
});

describe('toPredictionView', () => {
  const params: PostprocessParams = { ...PPOCR_V4_DET.postprocess };

  it('shows polygons as detected and scores to 4 decimals, with text when it was read', () => {
    const polygon = rect(1.234, 5.678, 10, 10);
    const entry = resultsEntry({
      fileName: 'a.jpg',
      modelId: 'm',
      params,
      result: {
        imageWidth: 20,
        imageHeight: 10,
        backend: 'webgpu',
        timings: { decodeMs: 1, preprocessMs: 1, inferenceMs: 1, postprocessMs: 1 },
        detections: [
          { imagePolygon: polygon, score: 0.123456 },
          { imagePolygon: polygon, score: 0.5, text: 'TOTAL', textScore: 0.987654 },
        ],
      },
    });
    expect(toPredictionView(entry)).toEqual({
      file: 'a.jpg',
      width: 20,
      height: 10,
      model: 'm',
      backend: 'webgpu',
      params,
      timingsMs: { decodeMs: 1, preprocessMs: 1, inferenceMs: 1, postprocessMs: 1 },
      regions: [
        { polygon, score: 0.1235 },
        { polygon, score: 0.5, text: 'TOTAL', textScore: 0.9877 },
      ],
    });
  });
});
