import { css } from 'lit';

/** Layout of <batch-list>: the "select all" header, the two-line rows, status chips and icon buttons. */
export const batchListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    font-size: 13px;
    border: 1px solid var(--ts-border);
    border-radius: var(--ts-radius);
    background: var(--ts-surface);
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 10px;
    flex: none;
    height: 36px;
    padding: 0 12px;
    border-bottom: 1px solid var(--ts-border);
    background: var(--ts-surface-2);
    color: var(--ts-muted);
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }
  .header strong {
    color: var(--ts-text);
    font-weight: 600;
  }
  input[type='checkbox'] {
    width: 15px;
    height: 15px;
    margin: 0;
    cursor: pointer;
  }
  lit-virtualizer {
    flex: 1 1 auto;
    min-height: 96px;
  }
  .empty {
    padding: 20px 12px;
    color: var(--ts-muted);
    text-align: center;
  }
  .row {
    display: grid;
    grid-template-columns: 15px minmax(0, 1fr) auto 28px;
    grid-template-rows: 20px 18px;
    column-gap: 10px;
    align-items: center;
    box-sizing: border-box;
    width: 100%;
    height: 52px;
    padding: 7px 8px 7px 9px;
    border-bottom: 1px solid var(--ts-border);
    border-left: 3px solid transparent;
    cursor: pointer;
    outline: none;
  }
  .row:hover {
    background: var(--ts-surface-2);
  }
  .row[aria-selected='true'] {
    background: color-mix(in srgb, var(--ts-accent-soft) 65%, var(--ts-surface));
    border-left-color: var(--ts-accent);
  }
  .row:focus-visible {
    box-shadow: inset var(--ts-focus);
  }
  .row.excluded .name {
    color: var(--ts-muted);
    font-weight: 400;
  }
  .cell-check {
    grid-row: 1 / 3;
    display: flex;
  }
  .name {
    grid-column: 2;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 500;
  }
  .meta {
    grid-column: 2;
    grid-row: 2;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 12px;
    color: var(--ts-muted);
    font-variant-numeric: tabular-nums;
  }
  .meta .error {
    color: var(--ts-danger);
  }
  .meta .warn {
    color: var(--ts-warn);
  }
  .meta .sep {
    margin: 0 5px;
    opacity: 0.6;
  }
  .cell-status {
    grid-column: 3;
    grid-row: 1 / 3;
  }
  .cell-action {
    grid-column: 4;
    grid-row: 1 / 3;
    display: flex;
    justify-content: center;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 5px;
    height: 20px;
    padding: 0 8px;
    border-radius: 999px;
    font-size: 11.5px;
    font-weight: 600;
    white-space: nowrap;
  }
  .chip.muted {
    background: var(--ts-surface-2);
    color: var(--ts-muted);
    box-shadow: inset 0 0 0 1px var(--ts-border);
  }
  .chip.accent {
    background: var(--ts-accent-soft);
    color: var(--ts-accent-strong);
    box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--ts-accent) 35%, transparent);
  }
  .chip.ok {
    background: var(--ts-ok-soft);
    color: var(--ts-ok);
  }
  .chip.danger {
    background: var(--ts-danger-soft);
    color: var(--ts-danger);
  }
  .chip.warn {
    background: var(--ts-warn-soft);
    color: var(--ts-warn);
  }
  .spinner {
    width: 9px;
    height: 9px;
    border: 1.5px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
  button.icon {
    min-height: 26px;
    width: 26px;
    padding: 0;
    border-color: transparent;
    background: transparent;
    color: var(--ts-muted);
  }
  button.icon:hover:not(:disabled) {
    background: var(--ts-surface);
    border-color: var(--ts-border);
    color: var(--ts-text);
  }
`;
