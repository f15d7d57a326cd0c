import { css } from 'lit';

/** Layout of <history-view>: the memory-only notice, the list, the opened result and storage. */
export const historyViewStyles = css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 10px;
        min-height: 0;
        padding: 12px 16px 16px;
        box-sizing: border-box;
      }
      .notice {
        margin: 0;
        padding: 8px 12px;
        border-radius: var(--ts-radius);
        background: var(--ts-warn-soft);
        color: var(--ts-warn);
        font-weight: 500;
      }
      .layout {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: minmax(320px, 400px) minmax(0, 1fr) 280px;
        gap: 12px;
      }
      .card {
        background: var(--ts-surface);
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius);
        box-shadow: var(--ts-shadow);
      }
      .list {
        display: flex;
        flex-direction: column;
        min-height: 0;
        overflow: hidden;
      }
      .search {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 8px 6px 12px;
        border-bottom: 1px solid var(--ts-border);
      }
      .no-match {
        margin: 0;
        padding: 32px 16px;
        color: var(--ts-muted);
        text-align: center;
      }
      .search input {
        flex: 1;
        min-width: 0;
      }
      .list-head {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
        padding: 8px 8px 8px 12px;
        border-bottom: 1px solid var(--ts-border);
        background: var(--ts-surface-2);
      }
      h2 {
        font-size: 13px;
        font-weight: 600;
        margin: 0;
      }
      .count {
        color: var(--ts-muted);
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .spacer {
        flex: 1;
      }
      .list-head button {
        min-height: 28px;
        padding: 0 10px;
        font-size: 12px;
      }
      .confirm {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 8px 8px 8px 12px;
        background: var(--ts-danger-soft);
        color: var(--ts-danger);
        border-bottom: 1px solid var(--ts-border);
        font-weight: 500;
      }
      .confirm span {
        flex: 1;
      }
      .confirm button {
        min-height: 28px;
      }
      .undo {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 6px 8px 6px 12px;
        background: var(--ts-surface-2);
        border-bottom: 1px solid var(--ts-border);
      }
      .undo span {
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      button.danger-solid {
        background: var(--ts-danger);
        border-color: var(--ts-danger);
        color: var(--ts-surface);
      }
      history-list {
        flex: 1;
      }
      .detail {
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
      }
      aside {
        display: flex;
        flex-direction: column;
        gap: 10px;
        min-height: 0;
        overflow-y: auto;
      }
      /* One column: the opened result takes its own height (picture, text, facts) below the list. */
      @media (max-width: 1100px) {
        .layout {
          grid-template-columns: 1fr;
          grid-template-rows: 340px auto auto;
        }
        .detail {
          min-height: 60vh;
          scroll-margin-top: 8px;
        }
      }
    `;
