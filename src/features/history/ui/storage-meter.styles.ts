import { css } from 'lit';

/** Layout of <storage-meter>: the usage figures and bars, the persistence chip and the cap inputs. */
export const storageMeterStyles = css`
  :host {
    display: grid;
    gap: 12px;
    padding: 12px;
    font-size: 13px;
  }
  h2 {
    font-size: 12px;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--ts-muted);
    margin: 0;
  }
  .figure {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    font-variant-numeric: tabular-nums;
  }
  .block {
    display: grid;
    gap: 4px;
  }
  .label {
    font-weight: 600;
  }
  .value {
    font-variant-numeric: tabular-nums;
  }
  .value strong {
    font-weight: 600;
  }
  .bar {
    height: 6px;
    border-radius: 999px;
    background: var(--ts-surface-2);
    box-shadow: inset 0 0 0 1px var(--ts-border);
    overflow: hidden;
  }
  .bar span {
    display: block;
    height: 100%;
    min-width: 2px;
    background: var(--ts-accent);
  }
  .bar.high span {
    background: var(--ts-warn);
  }
  .muted {
    font-size: 12px;
  }
  .cap-error {
    margin: 0;
    color: var(--ts-danger);
  }
  .confirm {
    display: grid;
    gap: 6px;
    padding: 8px;
    border-radius: 6px;
    background: var(--ts-danger-soft);
    color: var(--ts-danger);
    font-weight: 500;
  }
  .confirm button.danger-solid {
    background: var(--ts-danger);
    border-color: var(--ts-danger);
    color: var(--ts-surface);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 24px;
    padding: 0 10px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
    background: var(--ts-ok-soft);
    color: var(--ts-ok);
    justify-self: start;
  }
  .caps {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 8px;
  }
  label {
    display: grid;
    gap: 4px;
    font-size: 12px;
    color: var(--ts-muted);
  }
  input[type='number'] {
    height: 30px;
    padding: 0 8px;
    font-variant-numeric: tabular-nums;
    min-width: 0;
  }
  p {
    margin: 0;
  }
  .hint {
    margin-top: 6px;
  }
`;
