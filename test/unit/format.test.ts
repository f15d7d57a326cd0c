import { describe, expect, it } from 'vitest';
import type {
  BatchItem,
  ItemResult,
  ItemStatusValue,
} from '../../src/features/batch/ui/batch-item.js';
import { summarize } from '../../src/features/batch/ui/batch-summary.js';
import { isHiddenPath, looksLikeImage } from '../../src/features/batch/ui/image-files.js';
import { totalMs } from '../../src/features/detection/pipeline/detection.js';
import {
  formatBytes,
  formatCount,
  formatEta,
  formatMs,
  formatPercent,
  formatScore,
  formatSeconds,
} from '../../src/shell/design/format.js';

let nextId = 0;

/** A batch item with the given status; `scores` and `stageMs` (each of the four stages) make a result. */
function item(status: ItemStatusValue, result?: { scores: number[]; stageMs: number }): BatchItem {
  const itemResult: ItemResult | null = result
    ? {
        detections: result.scores.map((score) => ({
          imagePolygon: [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 10],
          ],
          score,
        })),
        imageWidth: 100,
        imageHeight: 100,
        inputWidth: 96,
        inputHeight: 96,
        timings: {
          decodeMs: result.stageMs,
          preprocessMs: result.stageMs,
          inferenceMs: result.stageMs,
          postprocessMs: result.stageMs,
        },
        backend: 'wasm',
      }
    : null;
  return {
    id: `item-${++nextId}`,
    file: new File([], `file-${nextId}.png`, { type: 'image/png' }),
    included: true,
    status,
    error: status === 'failed' ? 'Could not decode' : null,
    errorName: status === 'failed' ? 'ImageDecodeError' : null,
    result: itemResult,
    modelId: null,
    params: null,
    elapsedMs: null,
  };
}

describe('summarize', () => {
  it('counts an empty batch as zeros with no means', () => {
    expect(summarize([])).toEqual({
      images: 0,
      succeeded: 0,
      skipped: 0,
      failed: 0,
      timedOut: 0,
      regions: 0,
      meanConfidence: null,
      meanTimeMs: null,
    });
  });

  it('counts done and skipped as succeeded, failed and timed out as failed', () => {
    const summary = summarize([
      item('done', { scores: [], stageMs: 1 }),
      item('skipped', { scores: [], stageMs: 1 }),
      item('failed'),
      item('timed-out'),
      item('timed-out'),
      item('pending'),
      item('cancelled'),
    ]);
    expect(summary).toMatchObject({
      images: 7,
      succeeded: 2,
      skipped: 1,
      failed: 3,
      timedOut: 2,
    });
  });

  it('pools every region score into one mean confidence', () => {
    // Per-image means would be (0.5 + 0.8) / 2 = 0.65; the pooled mean is 2.4 / 4 = 0.6.
    const summary = summarize([
      item('done', { scores: [0.5], stageMs: 1 }),
      item('done', { scores: [0.8, 0.6, 0.5], stageMs: 1 }),
    ]);
    expect(summary.regions).toBe(4);
    expect(summary.meanConfidence).toBeCloseTo(0.6, 12);
  });

  it('averages the four stage times over images with results, including those with no regions', () => {
    // Stage totals 4 × 10 = 40 ms and 4 × 20 = 80 ms → mean 60 ms.
    const summary = summarize([
      item('done', { scores: [0.9], stageMs: 10 }),
      item('skipped', { scores: [], stageMs: 20 }),
      item('failed'),
    ]);
    expect(summary.meanTimeMs).toBe(60);
    expect(summary.meanConfidence).toBeCloseTo(0.9, 12);
  });

  it('ignores stale results of items queued or running for a re-run', () => {
    const summary = summarize([
      item('done', { scores: [0.4], stageMs: 5 }),
      item('queued', { scores: [0.9, 0.9], stageMs: 500 }),
      item('running', { scores: [0.9], stageMs: 500 }),
    ]);
    expect(summary).toMatchObject({ succeeded: 1, regions: 1, meanTimeMs: 20 });
    expect(summary.meanConfidence).toBeCloseTo(0.4, 12);
  });
});

describe('totalMs', () => {
  it('adds the four stages', () => {
    expect(totalMs({ decodeMs: 1, preprocessMs: 2, inferenceMs: 30, postprocessMs: 4 })).toBe(37);
  });
});

describe('formatBytes', () => {
  it('shows bytes below one kilobyte as whole bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('uses SI units with one decimal below ten', () => {
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(45_600)).toBe('46 kB');
  });

  it('steps up a unit instead of showing 1000 of the smaller one', () => {
    expect(formatBytes(999_999)).toBe('1.0 MB');
  });

  it('shows a dash for sizes that are not sizes', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatMs', () => {
  it('keeps whole milliseconds below one second', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(412.4)).toBe('412 ms');
  });

  it('switches to seconds with fewer decimals as the value grows', () => {
    expect(formatMs(999.7)).toBe('1.00 s');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(12_345)).toBe('12.3 s');
  });

  it('uses minutes past a minute', () => {
    expect(formatMs(75_000)).toBe('1 min 15 s');
    expect(formatMs(120_000)).toBe('2 min');
  });
});

describe('formatSeconds', () => {
  it('shows seconds, minutes and hours, dropping a zero remainder', () => {
    expect(formatSeconds(35)).toBe('35 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(3600)).toBe('1 h');
    expect(formatSeconds(3660)).toBe('1 h 1 min');
  });
});

describe('formatEta', () => {
  it('says almost done under a second and a half', () => {
    expect(formatEta(1200)).toBe('almost done');
  });

  it('rounds short estimates up to whole seconds', () => {
    expect(formatEta(3100)).toBe('about 4 s left');
  });

  it('rounds estimates over ten seconds up to five seconds', () => {
    expect(formatEta(31_000)).toBe('about 35 s left');
    expect(formatEta(61_000)).toBe('about 1 min 5 s left');
  });

  it('rounds estimates of two minutes and more up to whole minutes', () => {
    expect(formatEta(121_000)).toBe('about 3 min left');
  });

  it('gives nothing for an estimate that is not a time', () => {
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('');
  });
});

describe('formatPercent, formatScore and formatCount', () => {
  it('formats a fraction as a percentage', () => {
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatPercent(1, 0)).toBe('100%');
  });

  it('formats a score with three decimals and a dash for none', () => {
    expect(formatScore(0.91256)).toBe('0.913');
    expect(formatScore(null)).toBe('—');
  });

  it('puts the noun in the plural unless the count is one', () => {
    expect(formatCount(1, 'image')).toBe('1 image');
    expect(formatCount(0, 'image')).toBe('0 images');
    expect(formatCount(12_345, 'region')).toBe('12,345 regions');
  });
});

describe('looksLikeImage', () => {
  it('accepts any image MIME type whatever the name', () => {
    expect(looksLikeImage('scan', 'image/png')).toBe(true);
  });

  it('accepts image extensions in any case when the type is unknown', () => {
    expect(looksLikeImage('receipt.JPG', '')).toBe(true);
    expect(looksLikeImage('page.tiff', '')).toBe(true);
    expect(looksLikeImage('photo.heic', '')).toBe(true);
  });

  it('takes PDFs, by type or extension: each becomes one item per page', () => {
    expect(looksLikeImage('scan.pdf', 'application/pdf')).toBe(true);
    expect(looksLikeImage('Scan.PDF', '')).toBe(true);
  });

  it('rejects other files', () => {
    expect(looksLikeImage('notes.txt', 'text/plain')).toBe(false);
    expect(looksLikeImage('letter.docx', 'application/vnd.openxmlformats')).toBe(false);
    expect(looksLikeImage('README', '')).toBe(false);
    expect(looksLikeImage('jpg', '')).toBe(false);
  });
});

describe('isHiddenPath', () => {
  it('flags hidden files and files inside hidden folders', () => {
    expect(isHiddenPath('.DS_Store')).toBe(true);
    expect(isHiddenPath('receipts/.thumbs/a.jpg')).toBe(true);
  });

  it('passes ordinary paths, dots inside names included', () => {
    expect(isHiddenPath('receipts/2024/a.b.jpg')).toBe(false);
  });
});
