import { css } from 'lit';

/**
 * Layout of <history-opened-result>: its host steps aside (`display: contents`) so the head,
 * overlay and facts lay out in the history view's "Opened result" card as they always did.
 */
export const historyOpenedResultStyles = css`
      :host {
        display: contents;
      }
      .spacer {
        flex: 1;
      }
      .detail-head {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 8px 6px 12px;
        min-height: 44px;
        box-sizing: border-box;
        border-bottom: 1px solid var(--ts-border);
      }
      .detail-head .title {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .detail-head .meta {
        color: var(--ts-muted);
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      polygon-overlay {
        flex: 1;
        min-height: 240px;
        margin: 8px;
      }
      .views {
        flex: none;
        display: inline-flex;
        border: 1px solid var(--ts-border);
        border-radius: 6px;
        overflow: hidden;
      }
      .views label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 2px 8px;
        white-space: nowrap;
        cursor: pointer;
      }
      .views label:has(input:checked) {
        background: var(--ts-accent-soft);
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 8px;
        padding: 8px 12px;
        border-top: 1px solid var(--ts-border);
      }
      .actions .note {
        flex-basis: 100%;
        color: var(--ts-muted);
        font-size: 12px;
      }
      .text {
        max-height: 22vh;
        overflow: auto;
        margin: 0 12px 10px;
        padding: 8px 10px;
        border: 1px solid var(--ts-border);
        border-radius: 6px;
        background: var(--ts-surface-2);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-size: 13px;
        line-height: 1.45;
      }
      .no-text {
        margin: 0 12px 10px;
        color: var(--ts-muted);
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        padding: 8px 12px 10px;
        border-top: 1px solid var(--ts-border);
        color: var(--ts-muted);
        font-size: 12px;
        font-variant-numeric: tabular-nums;
      }
      .facts b {
        color: var(--ts-text);
        font-weight: 500;
      }
      /* One column: the picture gets a height of its own, and the head wraps rather than cutting
         the file name. */
      @media (max-width: 1100px) {
        polygon-overlay {
          flex: none;
          height: 55vh;
        }
        .detail-head {
          flex-wrap: wrap;
        }
        .detail-head .title,
        .detail-head .meta {
          white-space: normal;
          overflow-wrap: anywhere;
        }
      }
      .placeholder {
        flex: 1;
        display: grid;
        place-items: center;
        text-align: center;
        color: var(--ts-muted);
        padding: 24px;
      }
      .placeholder h3 {
        color: var(--ts-text);
        font-size: 16px;
        margin: 0 0 6px;
      }
      .placeholder p {
        margin: 0;
      }
    `;
