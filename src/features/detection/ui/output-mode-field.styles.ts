import { css } from 'lit';

/** The two-segment Box / Polygon switch of <output-mode-field>: real radios, drawn as segments. */
export const outputModeFieldStyles = css`
  .segmented {
    display: grid;
    grid-template-columns: 1fr 1fr;
    padding: 2px;
    gap: 2px;
    border: 1px solid var(--ts-border);
    border-radius: var(--ts-radius-small);
    background: var(--ts-surface-2);
  }
  .segment {
    position: relative;
    display: flex;
  }
  /* The real radio covers its segment, invisible, so clicks and tests hit the input itself. */
  .segment input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .segment span {
    flex: 1;
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    height: 26px;
    border-radius: 4px;
    color: var(--ts-muted);
    font-weight: 500;
  }
  .segment input:checked + span {
    background: var(--ts-surface);
    color: var(--ts-text);
    box-shadow: var(--ts-shadow);
  }
  .segment input:focus-visible + span {
    box-shadow: var(--ts-focus);
  }
  .segment input:disabled {
    cursor: default;
  }
  .segment svg {
    width: 14px;
    height: 14px;
  }
  :host([disabled]) .segment span {
    opacity: 0.55;
  }
`;
