import { describe, expect, it } from 'vitest';
import { asPageQuad, startingCorners } from '../../src/features/document/ui/page-corners.js';

describe('startingCorners', () => {
  it('places the corners a tenth of the photo in from its edges, clockwise from the top left', () => {
    expect(startingCorners(1000, 500)).toEqual([
      [100, 50],
      [900, 50],
      [900, 450],
      [100, 450],
    ]);
  });

  it('rounds to whole image pixels', () => {
    expect(startingCorners(15, 25)[2]).toEqual([14, 23]);
  });
});

describe('asPageQuad', () => {
  it('takes four corners and refuses any other count', () => {
    const quad: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(asPageQuad(quad)).toBe(quad);
    expect(asPageQuad(quad.slice(0, 3))).toBeNull();
  });
});
