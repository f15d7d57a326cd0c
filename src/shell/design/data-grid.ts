import { css, unsafeCSS } from 'lit';

/** Height of every body row, px: fixed, so a row's offset is `index × ROW_HEIGHT_PX` exactly. */
export const ROW_HEIGHT_PX = 34;

/**
 * Shared look of the virtualised data grids (<results-table>, <regions-table>): a fixed header
 * outside the scroller, rows laid out by one `grid-template-columns` set in `--table-columns`.
 */
export const tableStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    font-size: 13px;
    color: var(--ts-text);
  }
  .grid {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
  }
  .row {
    display: grid;
    grid-template-columns: var(--table-columns);
    align-items: center;
    column-gap: 12px;
    width: 100%;
    box-sizing: border-box;
    height: ${unsafeCSS(ROW_HEIGHT_PX)}px;
    padding: 0 12px;
  }
  /* Same gutter as the scroller below, so header and cells line up with classic scrollbars too. */
  .head {
    overflow: hidden;
    scrollbar-gutter: stable;
    border-bottom: 1px solid var(--ts-border);
    background: var(--ts-surface);
    flex: none;
  }
  .head .row {
    height: 32px;
  }
  [role='columnheader'] {
    font-size: 12px;
    font-weight: 600;
    color: var(--ts-muted);
    white-space: nowrap;
    min-width: 0;
  }
  .scroller {
    flex: 1;
    min-height: 96px;
    overflow-y: auto;
    overflow-x: hidden;
    scrollbar-gutter: stable;
    outline: none;
  }
  .body .row {
    border-bottom: 1px solid color-mix(in srgb, var(--ts-border) 60%, transparent);
    cursor: pointer;
  }
  .body .row:hover {
    background: var(--ts-surface-2);
  }
  .body .row:focus-visible {
    outline: none;
    box-shadow: inset var(--ts-focus);
  }
  .body .row[aria-selected='true'] {
    background: color-mix(in srgb, var(--ts-accent-soft) 70%, var(--ts-surface));
    box-shadow: inset 3px 0 0 var(--ts-accent);
  }
  [role='gridcell'] {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .num {
    text-align: right;
    justify-content: flex-end;
    font-variant-numeric: tabular-nums;
  }
  .empty {
    padding: 28px 16px;
    text-align: center;
    color: var(--ts-muted);
  }
  lit-virtualizer {
    width: 100%;
  }
`;

function scrollSpanIntoView(scroller: HTMLElement, top: number, bottom: number): void {
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  else if (bottom > scroller.scrollTop + scroller.clientHeight)
    scroller.scrollTop = bottom - scroller.clientHeight;
}

/**
 * Scrolls `scroller` the least amount that shows body row `index` (its `data-index`) whole, like
 * `scrollIntoView({ block: 'nearest' })`, and resolves with the row element once it is rendered.
 * The virtualizer's own `element(i).scrollIntoView()` leaves far rows blank when the scroller is an
 * ancestor (lit/lit#3963, #4767), and after a long jump it places rows one row off their
 * `index × height` estimate, so the first scroll is corrected from the rendered row's real position.
 */
export async function revealRow(scroller: HTMLElement, index: number): Promise<HTMLElement | null> {
  const selector = `.row[data-index="${index}"]`;
  let row = scroller.querySelector<HTMLElement>(selector);
  if (!row) {
    scrollSpanIntoView(scroller, index * ROW_HEIGHT_PX, (index + 1) * ROW_HEIGHT_PX);
    for (let frame = 0; frame < 4 && !row; frame++) {
      await nextFrame();
      row = scroller.querySelector<HTMLElement>(selector);
    }
  }
  if (!row) return null;
  const offset = row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  const top = scroller.scrollTop + offset;
  scrollSpanIntoView(scroller, top, top + row.offsetHeight);
  return row;
}

/**
 * The row a navigation key moves focus to from row `current` of `count` rows (PageUp/PageDown
 * move by one screen of `scroller`), or null when the key is not a navigation key.
 */
export function rowForKey(
  key: string,
  current: number,
  count: number,
  scroller: HTMLElement | undefined,
): number | null {
  if (count === 0) return null;
  const page = Math.max(1, Math.floor((scroller?.clientHeight ?? 0) / ROW_HEIGHT_PX) - 1);
  const targets: Record<string, number> = {
    ArrowDown: current + 1,
    ArrowUp: current - 1,
    PageDown: current + page,
    PageUp: current - page,
    Home: 0,
    End: count - 1,
  };
  const target = targets[key];
  return target === undefined ? null : Math.min(count - 1, Math.max(0, target));
}

/** Resolves after the next animation frame: when the virtualizer has rendered a new range. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
