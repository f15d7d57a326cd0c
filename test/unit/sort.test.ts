import { describe, expect, it } from 'vitest';
import {
  compareNatural,
  nextSortState,
  SortDirection,
  type SortKey,
  sortByKey,
} from '../../src/shell/design/sort.js';

interface Row {
  name: string;
  key: SortKey;
}

const rows = (...keys: SortKey[]): Row[] => keys.map((key, i) => ({ name: `r${i}`, key }));
const keysOf = (sorted: Row[]) => sorted.map((row) => row.key);
const namesOf = (sorted: Row[]) => sorted.map((row) => row.name);

describe('compareNatural', () => {
  it('orders digit runs by value, so img2 comes before img10', () => {
    expect(['img10.png', 'img2.png', 'img1.png'].sort(compareNatural)).toEqual([
      'img1.png',
      'img2.png',
      'img10.png',
    ]);
  });

  it('ignores case', () => {
    expect(compareNatural('Receipt.jpg', 'receipt.jpg')).toBe(0);
    expect(compareNatural('apple', 'Banana')).toBeLessThan(0);
  });
});

describe('sortByKey', () => {
  it('sorts numbers by value ascending and descending', () => {
    const input = rows(10, 2, 33, 1);
    expect(keysOf(sortByKey(input, (r) => r.key, SortDirection.Ascending))).toEqual([1, 2, 10, 33]);
    expect(keysOf(sortByKey(input, (r) => r.key, SortDirection.Descending))).toEqual([
      33, 10, 2, 1,
    ]);
  });

  it('sorts strings in natural order', () => {
    const input = rows('scan-10', 'scan-9', 'Scan-1');
    expect(keysOf(sortByKey(input, (r) => r.key, SortDirection.Ascending))).toEqual([
      'Scan-1',
      'scan-9',
      'scan-10',
    ]);
  });

  it('puts null and NaN last in both directions, in input order', () => {
    const input = rows(null, 3, Number.NaN, 1, null);
    expect(namesOf(sortByKey(input, (r) => r.key, SortDirection.Ascending))).toEqual([
      'r3',
      'r1',
      'r0',
      'r2',
      'r4',
    ]);
    expect(namesOf(sortByKey(input, (r) => r.key, SortDirection.Descending))).toEqual([
      'r1',
      'r3',
      'r0',
      'r2',
      'r4',
    ]);
  });

  it('keeps equal keys in input order (stable) in both directions', () => {
    const input = rows(5, 1, 5, 1);
    expect(namesOf(sortByKey(input, (r) => r.key, SortDirection.Ascending))).toEqual([
      'r1',
      'r3',
      'r0',
      'r2',
    ]);
    expect(namesOf(sortByKey(input, (r) => r.key, SortDirection.Descending))).toEqual([
      'r0',
      'r2',
      'r1',
      'r3',
    ]);
  });

  it('does not reorder the input array', () => {
    const input = rows(3, 1, 2);
    sortByKey(input, (r) => r.key, SortDirection.Ascending);
    expect(keysOf(input)).toEqual([3, 1, 2]);
  });

  it('puts numbers before strings when a column mixes them', () => {
    const input = rows('b', 2, 'a');
    expect(keysOf(sortByKey(input, (r) => r.key, SortDirection.Ascending))).toEqual([2, 'a', 'b']);
  });
});

describe('nextSortState', () => {
  it('starts a newly clicked column ascending', () => {
    expect(nextSortState({ column: 'name', direction: SortDirection.Descending }, 'time')).toEqual({
      column: 'time',
      direction: SortDirection.Ascending,
    });
    expect(nextSortState({ column: null, direction: SortDirection.Ascending }, 'name')).toEqual({
      column: 'name',
      direction: SortDirection.Ascending,
    });
  });

  it('flips the sorted column between ascending and descending', () => {
    const once = nextSortState({ column: 'name', direction: SortDirection.Ascending }, 'name');
    expect(once.direction).toBe(SortDirection.Descending);
    expect(nextSortState(once, 'name').direction).toBe(SortDirection.Ascending);
  });
});
