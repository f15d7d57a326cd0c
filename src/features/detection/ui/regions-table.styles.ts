import { css } from 'lit';

/** Layout of <regions-table>: confidence bars, the text and polygon cells, and the highlighted row. */
export const regionsTableStyles = css`
  :host {
    --table-columns: 44px 112px minmax(0, 1.3fr) minmax(0, 1fr);
  }
  .index {
    color: var(--ts-muted);
  }
  .confidence {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .bar {
    flex: none;
    width: 56px;
    height: 6px;
    border-radius: 3px;
    background: var(--ts-surface-2);
    box-shadow: inset 0 0 0 1px var(--ts-border);
    overflow: hidden;
  }
  .bar span {
    display: block;
    height: 100%;
    background: var(--ts-accent);
  }
  .text {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .text.unread {
    color: var(--ts-muted);
  }
  .text[data-low] {
    text-decoration: underline dotted;
    text-underline-offset: 3px;
  }
  .low {
    display: inline-block;
    margin-inline-start: 4px;
    padding: 0 4px;
    border: 1px solid currentColor;
    border-radius: 3px;
    font-size: 11px;
    font-weight: 600;
    color: var(--ts-warn);
  }
  .polygon {
    font-family: var(--ts-mono);
    font-size: 12px;
    color: var(--ts-muted);
  }
  .body .row[data-highlighted] {
    background: color-mix(in srgb, var(--ts-highlight) 14%, var(--ts-surface));
    box-shadow: inset 3px 0 0 var(--ts-highlight);
  }
  .body .row[data-highlighted]:focus-visible {
    box-shadow:
      inset 3px 0 0 var(--ts-highlight),
      inset 0 0 0 2px var(--ts-accent);
  }
  .body .row[aria-selected='true'] .polygon,
  .body .row[data-highlighted] .polygon {
    color: var(--ts-text);
  }
  /* One column (a phone, a narrow window): the table flows in the page rather than scrolling
     inside it, its header sticks to the top of the screen and wraps instead of being cut. */
  @media (max-width: 1100px) {
    .scroller {
      overflow: visible;
      flex: none;
    }
    .head {
      position: sticky;
      top: 0;
      z-index: 1;
    }
    .head .row {
      height: auto;
      min-height: 32px;
      padding-block: 4px;
    }
    [role='columnheader'] {
      white-space: normal;
      line-height: 1.25;
    }
  }
  @media (max-width: 600px) {
    :host {
      --table-columns: 24px 66px minmax(0, 1.6fr) minmax(0, 1fr);
    }
    .row {
      column-gap: 8px;
      padding: 0 8px;
    }
    .bar {
      display: none;
    }
  }
`;
