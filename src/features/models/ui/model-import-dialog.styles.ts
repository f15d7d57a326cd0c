import { css } from 'lit';

/** Layout of <model-import-dialog>: the modal, its file drop, the descriptor form and its errors. */
export const modelImportDialogStyles = css`
      dialog {
        width: min(680px, calc(100vw - 32px));
        max-height: calc(100vh - 48px);
        padding: 0;
        border: 1px solid var(--ts-border);
        border-radius: 12px;
        background: var(--ts-surface);
        color: var(--ts-text);
        box-shadow: 0 24px 48px #1018283d;
        font-size: 13px;
        overflow: hidden;
      }
      dialog[open] {
        display: flex;
        flex-direction: column;
      }
      dialog::backdrop {
        background: #0e111699;
      }
      .head {
        display: flex;
        align-items: flex-start;
        gap: 12px;
        padding: 16px 20px 12px;
        border-bottom: 1px solid var(--ts-border);
      }
      .head div {
        flex: 1;
      }
      h2 {
        margin: 0 0 2px;
        font-size: 16px;
      }
      .head p {
        margin: 0;
        color: var(--ts-muted);
      }
      .body {
        flex: 1;
        overflow-y: auto;
        padding: 14px 20px 4px;
        display: grid;
        gap: 14px;
      }
      .drop {
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 14px;
        border: 1.5px dashed var(--ts-border);
        border-radius: var(--ts-radius);
        background: var(--ts-surface-2);
      }
      .drop.over {
        border-color: var(--ts-accent);
        background: var(--ts-accent-soft);
      }
      .drop .what {
        flex: 1;
        min-width: 0;
      }
      .drop strong {
        display: block;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .file-icon {
        flex: none;
        color: var(--ts-muted);
      }
      .source {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 10px;
      }
      .source .preset {
        flex: 1;
        min-width: 240px;
      }
      .source .button {
        flex: none;
      }
      .note {
        margin: 4px 0 0;
        color: var(--ts-muted);
        font-size: 12px;
      }
      fieldset {
        margin: 0;
        padding: 10px 12px 12px;
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius);
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 10px 12px;
      }
      legend {
        padding: 0 6px;
        font-size: 12px;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--ts-muted);
      }
      label,
      .group {
        display: grid;
        gap: 4px;
        align-content: start;
        font-weight: 500;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .span2 {
        grid-column: span 2;
      }
      input:not([type='checkbox']):not([type='radio']):not([type='file']),
      select {
        height: 30px;
        padding: 0 8px;
        min-width: 0;
        font-variant-numeric: tabular-nums;
      }
      input[aria-invalid='true'],
      .triple[aria-invalid='true'] input {
        border-color: var(--ts-danger);
      }
      .triple {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 4px;
      }
      .radios {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
      }
      .radios label,
      .check {
        display: inline-flex;
        grid-auto-flow: column;
        align-items: center;
        gap: 6px;
        font-weight: 400;
      }
      .field-error {
        color: var(--ts-danger);
        font-size: 12px;
        font-weight: 400;
      }
      .hint {
        color: var(--ts-muted);
        font-size: 12px;
        font-weight: 400;
      }
      .alert {
        margin: 0;
        padding: 10px 12px;
        border-radius: var(--ts-radius-small);
        background: var(--ts-danger-soft);
        color: var(--ts-text);
        border-left: 3px solid var(--ts-danger);
        overflow-wrap: anywhere;
      }
      .alert .choices {
        display: flex;
        gap: 8px;
        margin-top: 8px;
      }
      .alert ul {
        margin: 4px 0 0;
        padding-left: 18px;
      }
      .foot {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 20px;
        border-top: 1px solid var(--ts-border);
      }
      .foot .status {
        flex: 1;
        color: var(--ts-muted);
      }
      .picker:focus-within {
        box-shadow: var(--ts-focus);
      }
      .picker[aria-disabled='true'] {
        opacity: 0.5;
        pointer-events: none;
      }
      input[type='file'] {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
        pointer-events: none;
      }
      @media (max-width: 560px) {
        fieldset {
          grid-template-columns: minmax(0, 1fr);
        }
        .span2 {
          grid-column: auto;
        }
      }
    `;
