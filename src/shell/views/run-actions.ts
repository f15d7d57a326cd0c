/**
 * The Detect button and the buttons beside it (Cancel all, Retry, Clear): a piece of
 * `<workbench-view>`, which renders into `<app-root>`'s shadow root.
 */
import { html, nothing } from 'lit';
import type { BatchItem } from '../../features/batch/ui/batch-item.js';
import { runLabel, runTitle } from './workbench-focus.js';

/** What the run buttons show, and what they do. */
export interface RunActionsContext {
  items: readonly BatchItem[];
  /** Ticked images that a run would detect. */
  toRun: number;
  /** Failed images a retry can help. */
  retryable: number;
  running: boolean;
  /** A model is loaded and the settings are complete. */
  ready: boolean;
  run(): void;
  cancelAll(): void;
  retryFailed(): void;
  clear(): void;
}

/** Detect (counting what it would run), then Cancel all while running, Retry N and Clear. */
export function renderRunActions(ctx: RunActionsContext) {
  const { items, toRun, running } = ctx;
  return html`<div class="actions">
    <button
      class="primary"
      data-testid="run"
      ?disabled=${!ctx.ready || toRun === 0 || running}
      @click=${ctx.run}
      title=${runTitle(items, toRun)}
    >
      ${runLabel(items, toRun, running)}
    </button>
    ${running ? html`<button data-testid="cancel-all" @click=${ctx.cancelAll}>Cancel all</button>` : nothing}
    ${
      ctx.retryable > 0 && !running
        ? html`<button data-testid="retry-failed" @click=${ctx.retryFailed}>Retry ${ctx.retryable}</button>`
        : nothing
    }
    ${items.length > 0 ? html`<button class="quiet" data-testid="clear" @click=${ctx.clear}>Clear</button>` : nothing}
  </div>`;
}
