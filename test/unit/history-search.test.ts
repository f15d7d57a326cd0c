import { describe, expect, it } from 'vitest';
import { matchSnippet } from '../../src/features/history/store/history-search.js';
import {
  RESULT_SCHEMA_VERSION,
  type StoredResult,
  summarizeResult,
} from '../../src/features/history/store/stored-result.js';
import type { DocumentResult } from '../../src/protocol/detector.js';
import { rect } from './support/shapes.js';

describe('matchSnippet', () => {
  it('marks the first match with the text around it, in the text’s own case', () => {
    expect(matchSnippet('SHOP\nTOTAL  RM 9.00\nTHANK YOU', 'total rm')).toEqual({
      before: 'SHOP ',
      match: 'TOTAL RM',
      after: ' 9.00 THANK YOU',
    });
  });

  it('cuts long text to the context around the match, with ellipses where it goes on', () => {
    const text = `${'a'.repeat(50)} NEEDLE ${'b'.repeat(50)}`;
    const snippet = matchSnippet(text, 'needle')!;
    expect(snippet.match).toBe('NEEDLE');
    expect(snippet.before).toBe(`…${'a'.repeat(31)} `);
    expect(snippet.after).toBe(` ${'b'.repeat(31)}…`);
  });

  it('has nothing for a miss, a blank query, no text, or a total comparison', () => {
    expect(matchSnippet('SHOP', 'cafe')).toBeNull();
    expect(matchSnippet('SHOP', '  ')).toBeNull();
    expect(matchSnippet(undefined, 'shop')).toBeNull();
    expect(matchSnippet('TOTAL 9.00', 'total > 5')).toBeNull();
  });
});

describe('summary flags', () => {
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
    detections: [{ imagePolygon: rect(0, 0, 40, 10), score: 0.9, text: 'SHOP' }],
    thumbnail: { bytes: new ArrayBuffer(4), mimeType: 'image/jpeg', width: 10, height: 10 },
    ...extra,
  });

  it('says Document photo was used only when the run kept a document result', () => {
    const document = { method: null } as unknown as DocumentResult;
    expect(summarizeResult(stored({ document })).document).toBe(true);
    expect(summarizeResult(stored({})).document).toBeUndefined();
  });
});
