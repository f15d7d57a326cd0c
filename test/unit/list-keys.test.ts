import { describe, expect, it } from 'vitest';
import { LIST_PAGE_ROWS, listRowForKey } from '../../src/features/batch/ui/list-keys.js';

describe('listRowForKey', () => {
  it('moves one row with the arrows and stops at either end', () => {
    expect(listRowForKey('ArrowDown', 3, 20)).toBe(4);
    expect(listRowForKey('ArrowUp', 3, 20)).toBe(2);
    expect(listRowForKey('ArrowDown', 19, 20)).toBe(19);
    expect(listRowForKey('ArrowUp', 0, 20)).toBe(0);
  });

  it('jumps a page of rows, clamped, and to the first and last row', () => {
    expect(LIST_PAGE_ROWS).toBe(10);
    expect(listRowForKey('PageDown', 3, 20)).toBe(13);
    expect(listRowForKey('PageDown', 15, 20)).toBe(19);
    expect(listRowForKey('PageUp', 15, 20)).toBe(5);
    expect(listRowForKey('PageUp', 4, 20)).toBe(0);
    expect(listRowForKey('Home', 7, 20)).toBe(0);
    expect(listRowForKey('End', 7, 20)).toBe(19);
  });

  it('leaves other keys to the page', () => {
    expect(listRowForKey('ArrowLeft', 3, 20)).toBeUndefined();
    expect(listRowForKey('a', 3, 20)).toBeUndefined();
  });
});
