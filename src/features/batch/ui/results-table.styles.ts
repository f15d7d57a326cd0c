import { css } from 'lit';

/** Layout of <results-table>: its column widths, sort buttons, status chips and empty cells. */
export const resultsTableStyles = css`
  :host {
    --table-columns: minmax(120px, 1fr) 92px 64px 80px 76px 64px;
  }
  :host([scored]) {
    --table-columns: minmax(120px, 1fr) 92px 64px 80px 76px 64px 52px 52px 52px;
  }
  [role='columnheader'].num {
    display: flex;
  }
  .sort {
    all: unset;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    max-width: 100%;
    height: 24px;
    padding: 0 4px;
    margin: 0 -4px;
    border-radius: 4px;
    cursor: pointer;
    color: inherit;
    font: inherit;
  }
  .sort:hover {
    color: var(--ts-text);
    background: var(--ts-surface-2);
  }
  .sort:focus-visible {
    box-shadow: var(--ts-focus);
  }
  .arrow {
    width: 10px;
    height: 10px;
    flex: none;
    opacity: 0;
  }
  .sort:hover .arrow,
  [aria-sort] .arrow {
    opacity: 1;
  }
  [aria-sort='descending'] .arrow {
    transform: rotate(180deg);
  }
  .sort:hover:not([data-sorted]) .arrow {
    opacity: 0.45;
  }
  .file {
    font-weight: 500;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 5px;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 500;
    line-height: 18px;
    background: var(--ts-surface-2);
    color: var(--ts-muted);
  }
  .chip::before {
    content: '';
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: currentColor;
  }
  .chip.ok {
    background: var(--ts-ok-soft);
    color: var(--ts-ok);
  }
  .chip.accent {
    background: var(--ts-accent-soft);
    color: var(--ts-accent-strong);
  }
  .chip.warn {
    background: var(--ts-warn-soft);
    color: var(--ts-warn);
  }
  .chip.danger {
    background: var(--ts-danger-soft);
    color: var(--ts-danger);
  }
  .chip.running::before {
    animation: pulse 1s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.25;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .chip.running::before {
      animation: none;
    }
  }
  .missing {
    color: var(--ts-muted);
  }
  .backend {
    font-size: 12px;
    color: var(--ts-muted);
  }
`;
