import { describe, expect, it } from 'vitest';
import { placeLabels, shortenTo } from '../../src/features/detection/ui/label-layout.js';

/** Every character is 10 units wide. */
const measure = (text: string) => text.length * 10;

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('placeLabels', () => {
  it('keeps labels whole where they do not meet', () => {
    const placed = placeLabels(
      [
        { index: 0, text: 'TOTAL', anchorX: 0, anchorY: 20, regionWidth: 50 },
        { index: 1, text: '12.00', anchorX: 100, anchorY: 20, regionWidth: 50 },
      ],
      measure,
      10,
    );
    expect(placed.map((p) => p.text)).toEqual(['TOTAL', '12.00']);
  });

  it('shortens a label that would overlap to its region width, and drops one that still would', () => {
    const placed = placeLabels(
      [
        { index: 0, text: 'A LONG FIRST LINE', anchorX: 200, anchorY: 20, regionWidth: 170 },
        // Whole, it would run into the first label; shortened to its region's 60 it ends before.
        { index: 1, text: 'SECOND LINE', anchorX: 100, anchorY: 20, regionWidth: 60 },
        // Starts inside the first label: no shortening helps.
        { index: 2, text: 'HIDDEN', anchorX: 250, anchorY: 25, regionWidth: 60 },
      ],
      measure,
      10,
    );
    expect(placed.map((p) => [p.index, p.text])).toEqual([
      [0, 'A LONG FIRST LINE'],
      [1, 'SECON…'],
    ]);
    for (const a of placed)
      for (const b of placed) if (a !== b) expect(overlap(a.box, b.box)).toBe(false);
  });

  it('never lets two of many crowded labels intersect', () => {
    const requests = Array.from({ length: 200 }, (_, index) => ({
      index,
      text: `${index + 1} · LINE ${index}`,
      anchorX: (index * 37) % 300,
      anchorY: (index * 13) % 400,
      regionWidth: 40 + (index % 5) * 20,
    }));
    const placed = placeLabels(requests, measure, 12, 1);
    expect(placed.length).toBeGreaterThan(5);
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(overlap(placed[i]!.box, placed[j]!.box)).toBe(false);
  });
});

describe('shortenTo', () => {
  it('cuts to the longest prefix that fits with an ellipsis', () => {
    expect(shortenTo('ABCDEFGH', 80, measure)).toBe('ABCDEFGH');
    expect(shortenTo('ABCDEFGH', 50, measure)).toBe('ABCD…');
    expect(shortenTo('ABCDEFGH', 5, measure)).toBe('');
  });
});
