import { css } from 'lit';

/**
 * Layout of <workbench-view>'s three columns. The view renders into <app-root>'s shadow root,
 * so <app-root> adopts these styles; the view's own box steps aside (`display: contents`) and
 * its <main> is the flex child of <app-root>, as before the split.
 */
export const workbenchViewStyles = css`
      workbench-view {
        display: contents;
      }
      main {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: 280px minmax(0, 1fr) 290px;
        gap: 12px;
        padding: 12px 16px 16px;
      }
      .panel {
        display: flex;
        flex-direction: column;
        gap: 10px;
        min-height: 0;
      }
      .card {
        background: var(--ts-surface);
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius);
        box-shadow: var(--ts-shadow);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .actions .primary {
        flex: 1;
      }
      batch-list {
        flex: 1;
        min-height: 120px;
      }
      .center {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto minmax(240px, 1fr) auto minmax(140px, 28%);
        gap: 10px;
        min-height: 0;
      }
      /* A labelled image adds its score and legend above the overlay. */
      .center.tuned {
        grid-template-rows: auto auto minmax(240px, 1fr) auto minmax(140px, 28%);
      }
      .center > * {
        min-width: 0;
      }
      polygon-overlay {
        min-height: 0;
        border: 1px solid var(--ts-border);
      }
      .empty {
        display: grid;
        place-items: center;
        text-align: center;
        color: var(--ts-muted);
        border: 1px dashed var(--ts-border);
        border-radius: var(--ts-radius);
        padding: 24px;
      }
      .empty h2 {
        color: var(--ts-text);
        font-size: 18px;
        margin: 0 0 6px;
      }
      .bottom {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .tabs {
        display: flex;
        gap: 2px;
        padding: 6px 6px 0;
        border-bottom: 1px solid var(--ts-border);
      }
      .tabs button {
        border: none;
        border-radius: var(--ts-radius-small) var(--ts-radius-small) 0 0;
        background: transparent;
        color: var(--ts-muted);
      }
      .tabs button[aria-selected='true'] {
        color: var(--ts-text);
        box-shadow: inset 0 -2px 0 var(--ts-accent);
      }
      .tab-body {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
      }
      .tab-body > * {
        flex: 1;
        min-height: 0;
      }
      .right {
        overflow-y: auto;
      }
      params-panel,
      document-panel {
        padding: 12px;
        flex: none;
      }
      .adjust {
        flex: none;
      }
      .adjust > summary {
        padding: 12px;
        font-weight: 600;
        cursor: pointer;
        min-height: 44px;
        box-sizing: border-box;
      }
      .adjust-help {
        margin: 0;
        padding: 0 12px;
        color: var(--ts-muted);
        font-size: 12px;
        line-height: 1.45;
      }
      results-summary {
        flex: none;
      }
      @media (max-width: 1100px) {
        main {
          grid-template-columns: minmax(0, 1fr);
        }
        /* One column: the right column's cards join the grid, so Read text and Document photo
           come straight after the images, before the result, and the rest after it. */
        .right {
          display: contents;
        }
        .right > * {
          order: 3;
        }
        .right > recognition-panel,
        .right > document-panel {
          order: 1;
        }
        .center {
          order: 2;
          grid-template-rows: auto auto auto auto;
        }
        .center.tuned {
          grid-template-rows: auto auto auto auto auto;
        }
        /* The viewer takes the image's shape (up to most of the screen), not a fixed tall box. */
        polygon-overlay {
          width: 100%;
          aspect-ratio: var(--image-aspect, 4 / 3);
          max-height: 65vh;
        }
        .empty {
          min-height: 140px;
        }
        .bottom {
          height: 60vh;
        }
        /* The regions table flows in the page here: no scroll inside a scroll. */
        .bottom.flow {
          height: auto;
        }
        batch-list {
          flex: none;
          min-height: 0;
          max-height: 40vh;
        }
      }
    `;
