import { css } from 'lit';

/** Layout of <history-list>: the virtualised rows with thumbnail, name, meta line and actions. */
export const historyListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    font-size: 13px;
  }
  lit-virtualizer {
    flex: 1 1 auto;
    min-height: 96px;
  }
  .empty {
    padding: 32px 16px;
    color: var(--ts-muted);
    text-align: center;
  }
  .row {
    display: flex;
    align-items: center;
    box-sizing: border-box;
    width: 100%;
    height: 66px;
    border-bottom: 1px solid var(--ts-border);
    border-left: 3px solid transparent;
  }
  /* A search hit's row has a third line: the matched text. */
  .row.matched {
    height: 86px;
  }
  .snippet {
    grid-column: 2 / 4;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 12px;
  }
  .snippet mark {
    background: var(--ts-accent-soft);
    color: var(--ts-text);
    font-weight: 600;
    border-radius: 2px;
    box-shadow: 0 0 0 1px var(--ts-accent);
  }
  .row:hover {
    background: var(--ts-surface-2);
  }
  .row[aria-current='true'] {
    background: var(--ts-accent-soft);
    border-left-color: var(--ts-accent);
  }
  /* Muted grey is too faint on the dark theme's accent tint. */
  .row[aria-current='true'] .meta,
  .row[aria-current='true'] .when,
  .row[aria-current='true'] button.icon {
    color: var(--ts-text);
  }
  button.open {
    flex: 1;
    min-width: 0;
    height: 100%;
    display: grid;
    grid-template-columns: 52px minmax(0, 1fr) auto;
    grid-template-rows: 20px 18px;
    grid-auto-rows: 18px;
    align-content: center;
    column-gap: 10px;
    padding: 0 4px 0 9px;
    border: none;
    border-radius: 0;
    background: transparent;
    text-align: left;
    font-weight: 400;
  }
  button.open:hover:not(:disabled) {
    background: transparent;
  }
  button.open:focus-visible {
    box-shadow: inset var(--ts-focus);
  }
  .thumb {
    grid-row: 1 / 3;
    width: 52px;
    height: 52px;
    display: grid;
    place-items: center;
    border-radius: 4px;
    background: var(--ts-surface-2);
    box-shadow: inset 0 0 0 1px var(--ts-border);
    overflow: hidden;
  }
  .thumb canvas {
    max-width: 100%;
    max-height: 100%;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .meta {
    grid-column: 2;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 12px;
    color: var(--ts-muted);
    font-variant-numeric: tabular-nums;
  }
  .meta .sep {
    margin: 0 5px;
    opacity: 0.6;
  }
  .when {
    grid-column: 3;
    text-align: right;
    white-space: nowrap;
    font-size: 12px;
    color: var(--ts-muted);
    font-variant-numeric: tabular-nums;
  }
  .when.time {
    grid-row: 1;
    color: var(--ts-text);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    height: 16px;
    padding: 0 6px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 600;
    background: var(--ts-warn-soft);
    color: var(--ts-warn);
    margin-left: 6px;
    vertical-align: 1px;
  }
  button.icon {
    flex: none;
    min-height: 28px;
    width: 28px;
    margin: 0 8px 0 2px;
    padding: 0;
    border-color: transparent;
    background: transparent;
    color: var(--ts-muted);
  }
  button.icon:hover:not(:disabled) {
    background: var(--ts-surface);
    border-color: var(--ts-border);
    color: var(--ts-danger);
  }
  /* The later pages of a PDF sit under its first, indented: one PDF, one group. */
  .row[data-continues] {
    padding-left: 24px;
  }
`;
