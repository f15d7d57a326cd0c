import { css } from 'lit';

/** Layout of <json-view>: the collapsible summary, its toolbar and feedback, and the JSON itself. */
export const jsonViewStyles = css`
  :host {
    display: block;
    position: relative;
    font-size: 13px;
    color: var(--ts-text);
  }
  details {
    background: var(--ts-surface);
    border: 1px solid var(--ts-border);
    border-radius: var(--ts-radius);
  }
  summary {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 40px;
    padding: 0 180px 0 12px;
    cursor: pointer;
    list-style: none;
    font-weight: 500;
    border-radius: var(--ts-radius);
    user-select: none;
  }
  summary::-webkit-details-marker {
    display: none;
  }
  summary:hover {
    background: var(--ts-surface-2);
  }
  .chevron {
    width: 12px;
    height: 12px;
    flex: none;
    color: var(--ts-muted);
    transition: transform 120ms ease;
  }
  details[open] .chevron {
    transform: rotate(90deg);
  }
  details[open] summary {
    border-bottom: 1px solid var(--ts-border);
    border-radius: var(--ts-radius) var(--ts-radius) 0 0;
  }
  .size {
    font-weight: 400;
    color: var(--ts-muted);
    font-variant-numeric: tabular-nums;
  }
  .toolbar {
    position: absolute;
    top: 4px;
    right: 6px;
    display: flex;
    align-items: center;
    gap: 4px;
    height: 34px;
  }
  .toolbar button {
    min-height: 28px;
    padding: 0 8px;
  }
  @media (pointer: coarse) {
    .toolbar {
      height: 44px;
    }
    .toolbar button {
      min-height: 44px;
    }
    summary {
      min-height: 48px;
    }
  }
  .toolbar svg {
    width: 14px;
    height: 14px;
  }
  .feedback {
    font-size: 12px;
    color: var(--ts-muted);
    margin-right: 4px;
  }
  .feedback.error {
    color: var(--ts-danger);
  }
  pre {
    margin: 0;
    padding: 10px 12px;
    max-height: var(--json-view-max-height, 360px);
    overflow: auto;
    font-family: var(--ts-mono);
    font-size: 12px;
    line-height: 1.5;
    tab-size: 2;
    background: var(--ts-surface-2);
    border-radius: 0 0 var(--ts-radius) var(--ts-radius);
  }
  .empty {
    margin: 0;
    padding: 12px;
    color: var(--ts-muted);
  }
  .label,
  .size {
    white-space: nowrap;
  }
  .size {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* A phone: the buttons keep their icons (their names stay in aria-label), so the summary has
     the width to stay on one line. */
  @media (max-width: 600px) {
    summary {
      padding-right: 104px;
    }
    .toolbar .word {
      display: none;
    }
    .toolbar button {
      min-width: 44px;
      justify-content: center;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .chevron {
      transition: none;
    }
  }
`;
