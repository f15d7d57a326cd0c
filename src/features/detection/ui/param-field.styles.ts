import { css } from 'lit';

/** What every field of <params-panel> shares: its head row, the "changed" marker, help and error lines. */
export const fieldStyles = css`
  :host {
    display: block;
  }
  .field {
    display: grid;
    gap: 2px;
  }
  .head {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 28px;
  }
  .head label,
  .head .label {
    font-weight: 500;
  }
  .spacer {
    flex: 1;
  }
  .changed {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--ts-accent-soft);
    color: var(--ts-accent-strong);
    font-size: 11px;
    font-weight: 500;
    line-height: 16px;
  }
  .changed::before {
    content: '';
    width: 5px;
    height: 5px;
    border-radius: 50%;
    background: currentColor;
  }
  .help {
    margin: 0;
    font-size: 12px;
    line-height: 1.4;
    color: var(--ts-muted);
  }
  .error {
    margin: 0;
    font-size: 12px;
    color: var(--ts-danger);
  }
`;

/** The number box and slider of <param-field>. */
export const paramFieldStyles = css`
  input[type='number'] {
    width: 76px;
    height: 28px;
    padding: 0 8px;
    text-align: right;
    font-variant-numeric: tabular-nums;
    appearance: textfield;
    -moz-appearance: textfield;
  }
  input[type='number']::-webkit-inner-spin-button,
  input[type='number']::-webkit-outer-spin-button {
    appearance: none;
    margin: 0;
  }
  input[type='number'][aria-invalid='true'] {
    border-color: var(--ts-danger);
  }
  input[type='range'] {
    width: 100%;
    margin: 0;
    height: 20px;
  }
  input[type='range']:disabled {
    opacity: 0.55;
  }
`;
