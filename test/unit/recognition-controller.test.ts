import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../src/features/batch/ui/batch-item.js';
import type { Detection } from '../../src/features/detection/pipeline/detection.js';
import { RecognitionController } from '../../src/features/recognition/ui/recognition-controller.js';
import { rect } from './support/shapes.js';

const host = {
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
};

function controller(enabled = true) {
  return new RecognitionController(host, {
    enabled: () => enabled,
    setEnabled: () => undefined,
    report: () => undefined,
  });
}

function item(name: string, detections: Detection[], recognizerId?: string): BatchItem {
  return {
    id: name,
    file: new File([], name),
    included: true,
    status: 'done',
    error: null,
    errorName: null,
    result: {
      detections,
      imageWidth: 100,
      imageHeight: 100,
      inputWidth: 0,
      inputHeight: 0,
      timings: { decodeMs: 0, preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 },
      backend: 'wasm',
      ...(recognizerId ? { recognizerId } : {}),
    },
    modelId: 'm',
    params: null,
    elapsedMs: 0,
  };
}

describe('RecognitionController', () => {
  it('writes the text CSV in reading order, only for items whose text was read', () => {
    const read = item(
      'receipt.jpg',
      [
        { imagePolygon: rect(0, 40, 30, 50), score: 0.9, text: 'TOTAL', textScore: 0.91 },
        { imagePolygon: rect(40, 0, 90, 10), score: 0.9, text: 'SHOP', textScore: 0.5 },
        { imagePolygon: rect(0, 0, 30, 10), score: 0.9, text: '=SUM(A1)', textScore: 0.8 },
      ],
      'ppocr-v4-rec',
    );
    const unread = item('other.jpg', [{ imagePolygon: rect(0, 0, 10, 10), score: 0.9 }]);
    expect(controller().textCsv([read, unread]).split('\n')).toEqual([
      'filename,polygon,text,reading_score',
      "receipt.jpg,0 0 30 0 30 10 0 10,'=SUM(A1),0.800",
      'receipt.jpg,40 0 90 0 90 10 40 10,SHOP,0.500',
      'receipt.jpg,0 40 30 40 30 50 0 50,TOTAL,0.910',
      '',
    ]);
  });

  it('shows a running item’s regions and how far its reading has got, then lets go', () => {
    const recognition = controller();
    const detections: Detection[] = [
      { imagePolygon: rect(0, 0, 10, 10), score: 0.9, text: 'A', textScore: 1 },
      { imagePolygon: rect(0, 20, 10, 30), score: 0.9 },
    ];
    recognition.progress('a', { detections, imageWidth: 10, imageHeight: 30, readCount: 1 });
    expect(recognition.liveDetections('a')).toBe(detections);
    expect(recognition.liveDetections('b')).toBeNull();
    expect(recognition.reading('a')).toEqual({ read: 1, total: 2 });
    recognition.settle('a');
    expect(recognition.reading('a')).toBeNull();
    expect(recognition.liveDetections('a')).toBeNull();
  });

  it('asks the worker for text only while Read text is on', () => {
    expect(controller(false).request()).toBeNull();
  });
});
