/** Pure sorting helpers for the workbench tables: stable, natural string order, missing values last. */

/** Direction of a sorted column, spelled as `aria-sort` spells it. */
export const SortDirection = {
  Ascending: 'ascending',
  Descending: 'descending',
} as const;

/** One of {@link SortDirection}. */
export type SortDirectionValue = (typeof SortDirection)[keyof typeof SortDirection];

/** A value a column sorts by; `null` (missing: not run yet, failed) always sorts last. */
export type SortKey = number | string | null;

/** Which column is sorted and which way; `null` column means insertion order. */
export interface SortState<Column extends string = string> {
  column: Column | null;
  direction: SortDirectionValue;
}

// `numeric` makes "img2" sort before "img10"; `base` sensitivity ignores case and accents.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two strings in natural order: digit runs by value, case and accents ignored. */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b);
}

/**
 * Compares two sort keys ascending: numbers by value (NaN counts as missing), strings naturally,
 * a number before a string. Missing values are not handled here: see {@link sortByKey}.
 */
export function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareNatural(a, b);
  return typeof a === 'number' ? -1 : 1;
}

function isMissing(key: SortKey): key is null {
  return key === null || (typeof key === 'number' && Number.isNaN(key));
}

/**
 * Returns a new array of `items` ordered by `keyOf`, in `direction`. Stable: equal keys keep their
 * input order. Missing keys (`null`, NaN) go last in both directions, so flipping a column never
 * buries the rows that have values under the ones that do not.
 */
export function sortByKey<T>(
  items: readonly T[],
  keyOf: (item: T) => SortKey,
  direction: SortDirectionValue,
): T[] {
  const sign = direction === SortDirection.Descending ? -1 : 1;
  const keyed = items.map((item, index) => ({ item, index, key: keyOf(item) }));
  keyed.sort((a, b) => {
    const aMissing = isMissing(a.key);
    const bMissing = isMissing(b.key);
    if (aMissing || bMissing) {
      if (aMissing && bMissing) return a.index - b.index;
      return aMissing ? 1 : -1;
    }
    return (
      sign * compareKeys(a.key as number | string, b.key as number | string) || a.index - b.index
    );
  });
  return keyed.map(({ item }) => item);
}

/**
 * The sort state after a click on `column`'s header: a new column starts ascending, the sorted
 * column flips between ascending and descending.
 */
export function nextSortState<Column extends string>(
  current: SortState<Column>,
  column: Column,
): SortState<Column> {
  if (current.column !== column) return { column, direction: SortDirection.Ascending };
  return {
    column,
    direction:
      current.direction === SortDirection.Ascending
        ? SortDirection.Descending
        : SortDirection.Ascending,
  };
}
