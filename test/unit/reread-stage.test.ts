import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DetectedRegions,
  detectRegions,
} from '../../src/features/detection/pipeline/detect.js';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import { dbPostprocess } from '../../src/features/detection/pipeline/postprocess.js';
import { PPOCR_V4_DET } from '../../src/features/models/pipeline/catalog.js';
import { parseRecognizerDescriptor } from '../../src/features/recognition/pipeline/descriptor.js';
import { buildClassCharacters } from '../../src/features/recognition/pipeline/dictionary.js';
import type { RecognizedText } from '../../src/features/recognition/pipeline/recognize.js';
import {
  type RecognizerRun,
  readWithKeptTexts,
} from '../../src/features/recognition/pipeline/reread.js';
import { modelPath, type NodeModel, openNodeModel, readJpeg } from './support/node-models.js';

const squash = (text: string) => text.replace(/\s+/g, '').toUpperCase();

describe('re-reading only the regions whose polygon changed, on onnxruntime-node', {
  timeout: 60_000,
}, () => {
  const receipt = readJpeg('sroie_019.jpg');
  let detector: NodeModel;
  let recognizer: NodeModel;
  let recognizerRun: RecognizerRun;
  let found: DetectedRegions;
  /** The receipt's header: the lines above a sixth of its height, few enough to read quickly. */
  const header = (detections: readonly Detection[]) =>
    detections.filter((d) => d.imagePolygon.every(([, y]) => y < receipt.height / 6));

  beforeAll(async () => {
    const descriptor = parseRecognizerDescriptor(
      JSON.parse(readFileSync(modelPath('ppocr-v4-rec.json'), 'utf8')),
    );
    const classes = buildClassCharacters(
      readFileSync(modelPath(descriptor.dictionaryFile), 'utf8'),
      descriptor.ctc,
    );
    [detector, recognizer] = await Promise.all([
      openNodeModel(modelPath(PPOCR_V4_DET.file!)),
      openNodeModel(modelPath(descriptor.file)),
    ]);
    recognizerRun = { descriptor, classes, run: recognizer.run };
    found = await detectRegions(
      receipt,
      receipt,
      PPOCR_V4_DET,
      PPOCR_V4_DET.postprocess,
      detector.run,
    );
  });
  afterAll(async () => {
    await detector.release();
    await recognizer.release();
  });

  it('reads every region once, then none again while re-processing keeps their polygons', async () => {
    const texts = new Map<string, RecognizedText>();
    const lines = header(found.detections);
    expect(lines.length).toBeGreaterThan(3);
    const first = await readWithKeptTexts(lines, texts, async () => receipt, recognizerRun);
    expect(first.reread).toBe(lines.length);
    // The header's lines, as this model reads them (one letter of each is soft on the scan).
    const read = first.detections.map((d) => squash(d.text ?? ''));
    expect(read.some((text) => /^SHELLISNIPE.ROTRADING$/.test(text))).toBe(true);
    expect(read.some((text) => text.endsWith('NO:002643278-A'))).toBe(true);

    // A higher box threshold only drops low-scoring regions: the others keep their polygons.
    const stricter = dbPostprocess(
      found.map,
      { ...PPOCR_V4_DET.postprocess, boxThreshold: 0.7 },
      found.mapToImage,
    );
    const linesRead = recognizer.items;
    const again = await readWithKeptTexts(
      header(stricter),
      texts,
      async () => {
        throw new Error('no region to read: the image is not needed');
      },
      recognizerRun,
    );
    expect(again.reread).toBe(0);
    expect(recognizer.items).toBe(linesRead);
    expect(again.detections.every((d) => typeof d.text === 'string')).toBe(true);
  });

  it('reads again only the region whose polygon moved', async () => {
    const texts = new Map<string, RecognizedText>();
    const lines = header(found.detections);
    const first = await readWithKeptTexts(lines, texts, async () => receipt, recognizerRun);
    const moved = lines.map((d, index) =>
      index === 1
        ? { ...d, imagePolygon: d.imagePolygon.map(([x, y]) => [x + 1, y] as [number, number]) }
        : d,
    );
    const linesRead = recognizer.items;
    const progress: number[] = [];
    const again = await readWithKeptTexts(moved, texts, async () => receipt, recognizerRun, {
      onProgress: (_detections, readCount) => progress.push(readCount),
    });
    expect(again.reread).toBe(1);
    expect(recognizer.items - linesRead).toBe(1);
    expect(progress).toEqual([lines.length]);
    // Moved by a pixel, the line reads the same.
    expect(again.detections.map((d) => d.text)).toEqual(first.detections.map((d) => d.text));
  });
});
