import { css } from 'lit';

/** Layout of <app-root>: header, notices and the view below them. */
export const appRootStyles = css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--ts-bg);
        font-size: 13px;
      }
      header {
        display: flex;
        align-items: center;
        gap: 16px;
        padding: 0 16px;
        height: 52px;
        flex: none;
        border-bottom: 1px solid var(--ts-border);
        background: var(--ts-surface);
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 8px;
        font-size: 16px;
        font-weight: 700;
        letter-spacing: -0.01em;
        margin: 0;
      }
      .brand svg {
        color: var(--ts-accent);
      }
      .engine-status {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        padding: 3px 10px;
        border-radius: 999px;
        background: var(--ts-surface-2);
        color: var(--ts-muted);
        font-size: 12px;
      }
      .engine-status .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--ts-warn);
      }
      .engine-status[data-state='ready'] .dot {
        background: var(--ts-ok);
      }
      .engine-status[data-state='error'] .dot {
        background: var(--ts-danger);
      }
      .spacer {
        flex: 1;
      }
      [hidden] {
        display: none !important;
      }
      .views {
        display: flex;
        gap: 2px;
        padding: 3px;
        border-radius: var(--ts-radius);
        background: var(--ts-surface-2);
      }
      .views button {
        min-height: 28px;
        border-color: transparent;
        background: transparent;
        color: var(--ts-muted);
      }
      .views button[aria-selected='true'] {
        background: var(--ts-surface);
        border-color: var(--ts-border);
        color: var(--ts-text);
        box-shadow: var(--ts-shadow);
      }
      .views .badge {
        min-width: 18px;
        padding: 0 5px;
        border-radius: 999px;
        background: var(--ts-border);
        color: var(--ts-text);
        font-size: 11px;
        font-variant-numeric: tabular-nums;
        line-height: 18px;
        box-sizing: border-box;
      }
      history-view {
        flex: 1;
        min-height: 0;
      }
      .privacy {
        color: var(--ts-muted);
        font-size: 12px;
      }
      .notice {
        display: flex;
        align-items: center;
        gap: 12px;
        margin: 8px 16px 0;
        padding: 8px 12px;
        border-radius: var(--ts-radius);
        background: var(--ts-danger-soft);
        color: var(--ts-danger);
      }
      .notice p {
        margin: 0;
        flex: 1;
        /* A name of thousands of characters (a model's, a file's) wraps here, and scrolls past a few lines. */
        min-width: 0;
        max-height: 7.5em;
        overflow-y: auto;
        overflow-wrap: anywhere;
      }
      /* A phone: the header wraps instead of running off the edge. */
      @media (max-width: 600px) {
        header {
          flex-wrap: wrap;
          height: auto;
          padding: 8px 12px;
          gap: 8px 12px;
        }
        header .spacer {
          display: none;
        }
        model-picker {
          order: 1;
          flex: 1 1 100%;
        }
        .privacy {
          order: 2;
          flex: 1 1 auto;
        }
      }
      @media (max-width: 1100px) {
        :host {
          height: auto;
        }
      }
      @media (pointer: coarse) {
        .views button {
          min-height: 44px;
        }
      }
              .skip {
        position: absolute;
        left: 8px;
        top: -48px;
        z-index: 1000;
        padding: 8px 12px;
        border-radius: var(--ts-radius-small);
        background: var(--ts-surface);
        color: var(--ts-text);
        font-weight: 600;
      }
      .skip:focus {
        top: 8px;
        outline: 3px solid var(--ts-focus-ring);
      }
      #results:focus-visible {
        outline: 3px solid var(--ts-focus-ring);
        outline-offset: 2px;
      }
    `;
