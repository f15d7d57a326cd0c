import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyUpsideDown } from '../../src/features/document/pipeline/half-turn.js';
import { HALF_TURN_MODEL_FILE } from '../../src/features/models/pipeline/catalog.js';
import {
  groundTruth,
  modelPath,
  type NodeModel,
  openNodeModel,
  readJpeg,
  turnClockwise,
  turnPolygonClockwise,
} from './support/node-models.js';

describe('the half-turn vote with PaddleOCR’s line classifier on onnxruntime-node', {
  timeout: 60_000,
}, () => {
  let classifier: NodeModel;
  const receipt = readJpeg('sroie_019.jpg');
  const lines = groundTruth('sroie_019');
  beforeAll(async () => {
    classifier = await openNodeModel(modelPath(HALF_TURN_MODEL_FILE));
  });
  afterAll(() => classifier.release());

  it('leaves an upright receipt alone, settled by its first three lines in one run', async () => {
    const runsBefore = classifier.runs;
    expect(await classifyUpsideDown(receipt, lines, classifier.run)).toBe(false);
    expect(classifier.runs - runsBefore).toBe(1);
  });

  it('finds the same receipt upside down, classifying the rest of its largest lines too', async () => {
    const turned = turnClockwise(receipt, 2);
    const turnedLines = lines.map((line) =>
      turnPolygonClockwise(line, receipt.width, receipt.height, 2),
    );
    const runsBefore = classifier.runs;
    const itemsBefore = classifier.items;
    expect(await classifyUpsideDown(turned, turnedLines, classifier.run)).toBe(true);
    // Three confident "180°" answers could still be tied by three "0°": all six lines are read.
    expect(classifier.runs - runsBefore).toBe(2);
    expect(classifier.items - itemsBefore).toBe(6);
  });

  it('asks nothing of the classifier when the page has no line to classify', async () => {
    const runsBefore = classifier.runs;
    expect(await classifyUpsideDown(receipt, [], classifier.run)).toBe(false);
    expect(classifier.runs).toBe(runsBefore);
  });
});
