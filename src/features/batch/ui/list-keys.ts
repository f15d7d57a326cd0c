/** Rows PageUp / PageDown move the selection of <batch-list> by. */
export const LIST_PAGE_ROWS = 10;

/**
 * The row index a key moves the selection of <batch-list> to, from row `index` of `count`
 * rows, clamped to the list; undefined when the key does not move the selection.
 */
export function listRowForKey(key: string, index: number, count: number): number | undefined {
  const last = count - 1;
  const targets: Record<string, number> = {
    ArrowDown: Math.min(last, index + 1),
    ArrowUp: Math.max(0, index - 1),
    Home: 0,
    End: last,
    PageDown: Math.min(last, index + LIST_PAGE_ROWS),
    PageUp: Math.max(0, index - LIST_PAGE_ROWS),
  };
  return targets[key];
}
