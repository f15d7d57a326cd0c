import '@lit-labs/virtualizer';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { formatBytes, formatCount, formatInteger, formatMs } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { jobMs } from '../../detection/pipeline/detection.js';
import { pageLabel } from '../../pdf/pipeline/pdf-pages.js';
import { type BatchItem, CANCELLABLE_STATUSES, canRetry } from './batch-item.js';
import { batchListStyles } from './batch-list.styles.js';
import { listRowForKey } from './list-keys.js';
import { STATUS_CHIPS } from './status-chip.js';

/** Fired when a row is clicked or reached with the keyboard. */
export class ItemSelectedEvent extends Event {
  static readonly eventName = 'item-selected';
  constructor(readonly id: string) {
    super(ItemSelectedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a row's checkbox changes: include it in the next run or not. */
export class ItemIncludedChangedEvent extends Event {
  static readonly eventName = 'item-included-changed';
  constructor(
    readonly id: string,
    readonly included: boolean,
  ) {
    super(ItemIncludedChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the "select all" checkbox changes. */
export class AllIncludedChangedEvent extends Event {
  static readonly eventName = 'all-included-changed';
  constructor(readonly included: boolean) {
    super(AllIncludedChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a queued or running row's Cancel is pressed. */
export class ItemCancelledEvent extends Event {
  static readonly eventName = 'item-cancelled';
  constructor(readonly id: string) {
    super(ItemCancelledEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a failed, timed-out or cancelled row's Retry is pressed. */
export class ItemRetriedEvent extends Event {
  static readonly eventName = 'item-retried';
  constructor(readonly id: string) {
    super(ItemRetriedEvent.eventName, { bubbles: true, composed: true });
  }
}

const cancelIcon = html`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"><path d="m4 4 8 8M12 4l-8 8"/></svg>`;
const retryIcon = html`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"><path d="M13 8a5 5 0 1 1-1.6-3.7"/><path d="M13 2.5v3h-3"/></svg>`;

/**
 * The batch's file list: a "select all" header and one virtualised row per file with its
 * checkbox, name, size, status chip, result figures or error, and Cancel / Retry. Rows form an
 * ARIA grid; one row at a time is selected (click, Enter or Space) and the arrow keys move it.
 * Give the element a height (or a flex slot): the rows scroll inside it.
 */
@customElement('batch-list')
export class BatchList extends LitElement {
  static override styles = [controlStyles, batchListStyles];

  /** The files in the batch, in display order. */
  @property({ attribute: false }) items: readonly BatchItem[] = [];
  /** Id of the selected row (the image on screen), or null. */
  @property({ attribute: false }) selectedId: string | null = null;

  @query('lit-virtualizer') private virtualizer?: LitVirtualizer<BatchItem>;

  // Set when the keyboard moved the selection, so the new row takes focus once it is rendered.
  private focusAfterUpdate = false;

  override render() {
    const total = this.items.length;
    const included = this.items.reduce((n, item) => n + (item.included ? 1 : 0), 0);
    // renderItem is a new function on every render so the virtualizer redraws its rows when only
    // the selection changed (it re-renders on new items or a new renderItem, nothing else).
    return html`
      <div class="header">
        <input
          type="checkbox"
          aria-label="Include all images"
          title="Include all images"
          .checked=${live(total > 0 && included === total)}
          .indeterminate=${live(included > 0 && included < total)}
          ?disabled=${total === 0}
          @change=${this.onAllChanged}
        />
        <span data-testid="list-count">
          <strong>${formatCount(total, 'image')}</strong> · ${formatInteger(included)} selected
        </span>
      </div>
      ${
        total === 0
          ? html`<div class="empty">No images yet.</div>`
          : html`
            <lit-virtualizer
              scroller
              role="grid"
              aria-label="Images"
              aria-rowcount=${total}
              .items=${this.items as BatchItem[]}
              .keyFunction=${(item: BatchItem) => item.id}
              .renderItem=${(item: BatchItem, index: number) => this.renderRow(item, index)}
              @keydown=${this.onKeyDown}
              @click=${this.onClick}
            ></lit-virtualizer>
          `
      }
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('selectedId') || this.selectedId === null) return;
    const index = this.items.findIndex((item) => item.id === this.selectedId);
    const virtualizer = this.virtualizer;
    if (index < 0 || !virtualizer) return;
    virtualizer.element(index)?.scrollIntoView({ block: 'nearest' });
    if (!this.focusAfterUpdate) return;
    this.focusAfterUpdate = false;
    this.focusRowSoon(this.selectedId);
  }

  /** Focuses a row once the virtualizer has rendered it (a far jump renders a few frames later). */
  private focusRowSoon(id: string, framesLeft = 10): void {
    const row = this.rowElement(id);
    if (row) row.focus({ preventScroll: true });
    else if (framesLeft > 0) requestAnimationFrame(() => this.focusRowSoon(id, framesLeft - 1));
  }

  /** The row that takes Tab focus: the selected one, or the first. */
  private get activeId(): string | null {
    const selected = this.items.some((item) => item.id === this.selectedId);
    return selected ? this.selectedId : (this.items[0]?.id ?? null);
  }

  private renderRow(item: BatchItem, index: number) {
    const name = pageLabel(item.file.name, item.page);
    const chip = STATUS_CHIPS[item.status];
    const selected = item.id === this.selectedId;
    // One row is in the Tab order (roving tabindex); its controls too, the others' only by mouse.
    const tabIndex = item.id === this.activeId ? 0 : -1;
    return html`
      <div
        class="row ${item.included ? '' : 'excluded'}"
        role="row"
        aria-rowindex=${index + 1}
        aria-selected=${selected ? 'true' : 'false'}
        tabindex=${tabIndex}
        data-id=${item.id}
        data-testid="item"
        data-status=${item.status}
        data-name=${name}
      >
        <div class="cell-check" role="gridcell">
          <input
            type="checkbox"
            tabindex=${tabIndex}
            aria-label=${`Include ${name}`}
            .checked=${live(item.included)}
            @change=${(event: Event) =>
              this.dispatchEvent(
                new ItemIncludedChangedEvent(item.id, (event.target as HTMLInputElement).checked),
              )}
          />
        </div>
        <div class="name" role="gridcell" title=${name}>${name}</div>
        <div class="meta" role="gridcell">${this.renderMeta(item)}</div>
        <div class="cell-status" role="gridcell">
          <span class="chip ${chip.tone}" title=${chip.title}>
            ${item.status === 'running' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
            ${chip.label}
          </span>
        </div>
        <div class="cell-action" role="gridcell">${this.renderAction(item, tabIndex)}</div>
      </div>
    `;
  }

  private renderMeta(item: BatchItem) {
    const sep = html`<span class="sep" aria-hidden="true">·</span>`;
    const size = formatBytes(item.file.size);
    if ((item.status === 'failed' || item.status === 'timed-out') && item.error) {
      const tone = item.status === 'failed' ? 'error' : 'warn';
      return html`<span class=${tone} title=${item.error} data-testid="error">${item.error}</span>`;
    }
    const result = item.result;
    if ((item.status === 'done' || item.status === 'skipped') && result) {
      const regions = result.detections.length;
      return html`${item.status === 'skipped' ? html`already done${sep}` : nothing}<span
          data-testid="count"
          >${formatInteger(regions)}</span
        >
        ${regions === 1 ? 'region' : 'regions'}${
          result.textSource === 'pdf'
            ? html`${sep}<span data-testid="text-source">text from the PDF</span>`
            : nothing
        }${sep}${formatMs(jobMs(result.timings))}${sep}${size}`;
    }
    return size;
  }

  private renderAction(item: BatchItem, tabIndex: number) {
    const name = pageLabel(item.file.name, item.page);
    if (CANCELLABLE_STATUSES.has(item.status))
      return html`<button
        type="button"
        class="icon"
        tabindex=${tabIndex}
        title="Cancel"
        aria-label=${`Cancel ${name}`}
        data-action="cancel"
        @click=${() => this.dispatchEvent(new ItemCancelledEvent(item.id))}
      >
        ${cancelIcon}
      </button>`;
    if (canRetry(item))
      return html`<button
        type="button"
        class="icon"
        tabindex=${tabIndex}
        title="Retry"
        aria-label=${`Retry ${name}`}
        data-action="retry"
        @click=${() => this.dispatchEvent(new ItemRetriedEvent(item.id))}
      >
        ${retryIcon}
      </button>`;
    return nothing;
  }

  private rowElement(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`.row[data-id="${CSS.escape(id)}"]`);
  }

  private select(id: string, focus: boolean): void {
    this.focusAfterUpdate = focus;
    if (id !== this.selectedId) {
      this.selectedId = id;
      this.dispatchEvent(new ItemSelectedEvent(id));
    } else if (focus) {
      this.rowElement(id)?.focus();
    }
  }

  private onAllChanged = (event: Event): void => {
    this.dispatchEvent(new AllIncludedChangedEvent((event.target as HTMLInputElement).checked));
  };

  /** The row an event happened in, unless it happened on one of the row's own controls. */
  private rowOf(event: Event): HTMLElement | null {
    for (const node of event.composedPath()) {
      if (!(node instanceof HTMLElement)) continue;
      if (node.matches('input, button')) return null;
      if (node.classList.contains('row')) return node;
      if (node === this) break;
    }
    return null;
  }

  private onClick = (event: MouseEvent): void => {
    const id = this.rowOf(event)?.dataset['id'];
    if (id) this.select(id, false);
  };

  private onKeyDown = (event: KeyboardEvent): void => {
    const row = event
      .composedPath()
      .find(
        (node): node is HTMLElement =>
          node instanceof HTMLElement && node.classList.contains('row'),
      );
    const id = row?.dataset['id'];
    if (!row || !id) return;
    const onRow = event.composedPath()[0] === row;
    if ((event.key === 'Enter' || event.key === ' ') && onRow) {
      event.preventDefault();
      this.select(id, true);
      return;
    }
    const index = this.items.findIndex((item) => item.id === id);
    const target = listRowForKey(event.key, index, this.items.length);
    const next = target === undefined ? undefined : this.items[target];
    if (!next) return;
    event.preventDefault();
    this.select(next.id, true);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'batch-list': BatchList;
  }
  interface HTMLElementEventMap {
    'item-selected': ItemSelectedEvent;
    'item-included-changed': ItemIncludedChangedEvent;
    'all-included-changed': AllIncludedChangedEvent;
    'item-cancelled': ItemCancelledEvent;
    'item-retried': ItemRetriedEvent;
  }
}
