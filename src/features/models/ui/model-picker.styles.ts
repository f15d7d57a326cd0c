import { css } from 'lit';

/** Layout of <model-picker>: the model select, its loading spinner and the model info card. */
export const modelPickerStyles = css`
  :host {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-width: 0;
  }
  select {
    height: 32px;
    max-width: 280px;
    padding: 0 28px 0 10px;
    font-weight: 500;
    text-overflow: ellipsis;
  }
  select:disabled {
    opacity: 0.6;
  }
  .info {
    width: 32px;
    padding: 0;
    color: var(--ts-muted);
  }
  .info[aria-expanded='true'] {
    background: var(--ts-surface-2);
    color: var(--ts-text);
  }
  .spinner {
    width: 12px;
    height: 12px;
    border: 2px solid var(--ts-border);
    border-top-color: var(--ts-accent);
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
      animation: none;
    }
  }
  .card {
    position: absolute;
    top: calc(100% + 6px);
    left: 0;
    z-index: 20;
    width: 380px;
    max-width: calc(100vw - 24px);
    box-sizing: border-box;
    padding: 12px 14px;
    background: var(--ts-surface);
    border: 1px solid var(--ts-border);
    border-radius: var(--ts-radius);
    box-shadow: 0 8px 24px #10182826, var(--ts-shadow);
    font-size: 13px;
  }
  .card h2 {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0 0 8px;
    font-size: 14px;
    font-weight: 600;
  }
  /* A name of thousands of characters wraps inside the card; the select shows it cut. */
  .card h2 .name {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .failing {
    max-width: 280px;
    min-height: 32px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chip {
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 600;
    background: var(--ts-surface-2);
    color: var(--ts-muted);
  }
  .chip.user {
    background: var(--ts-accent-soft);
    color: var(--ts-text);
  }
  .chip.session {
    background: var(--ts-warn-soft);
    color: var(--ts-text);
  }
  dl {
    display: grid;
    grid-template-columns: 88px 1fr;
    gap: 6px 10px;
    margin: 0;
  }
  dt {
    color: var(--ts-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    font-variant-numeric: tabular-nums;
  }
  .card footer {
    display: flex;
    justify-content: flex-end;
    margin-top: 12px;
    padding-top: 10px;
    border-top: 1px solid var(--ts-border);
  }
`;
