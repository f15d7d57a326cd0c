import '@lit-labs/virtualizer';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { revealRow, rowForKey, tableStyles } from '../../../shell/design/data-grid.js';
import { formatInteger, formatScore } from '../../../shell/design/format.js';
import { nextSortState, type SortState, sortByKey } from '../../../shell/design/sort.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { pageLabel } from '../../pdf/pipeline/pdf-pages.js';
import type { SetScore } from '../../tuning/pipeline/icdar2015.js';
import type { BatchItem } from './batch-item.js';
import { ItemSelectedEvent } from './batch-list.js';
import {
  BACKEND_LABEL,
  COLUMNS,
  type ColumnSpec,
  meanScore,
  type ResultColumnValue,
  scoreColumns,
  standingResult,
  timeMs,
} from './result-columns.js';
import { resultsTableStyles } from './results-table.styles.js';
import { STATUS_CHIPS } from './status-chip.js';

/**
 * Every image of the batch in one sortable, virtualised grid: file, status, regions, mean
 * confidence, time and backend. Click or Enter selects an image (`item-selected`, the same
 * {@link ItemSelectedEvent} <batch-list> fires); header buttons sort.
 */
@customElement('results-table')
export class ResultsTable extends LitElement {
  static override styles = [controlStyles, tableStyles, resultsTableStyles];

  /** The batch, in insertion order (the order shown until a column is sorted). */
  @property({ attribute: false }) items: readonly BatchItem[] = [];
  /** Id of the item shown in the viewer, marked as the selected row; null for none. */
  @property() selectedId: string | null = null;
  /** P / R / H per item id when ground truth is loaded; null hides the score columns. */
  @property({ attribute: false }) scores: ReadonlyMap<string, SetScore> | null = null;
  /** Reflects whether the score columns are shown (for the column layout). */
  @property({ type: Boolean, reflect: true }) scored = false;

  @state() private sort: SortState<ResultColumnValue> = { column: null, direction: 'ascending' };
  /** Row that takes Tab focus (roving tabindex), as an index into the sorted rows. */
  @state() private focusIndex = 0;
  @query('.scroller') private scroller?: HTMLElement;

  private rows: BatchItem[] = [];
  private columns: readonly ColumnSpec[] = COLUMNS;
  private selectedByClick = false;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('scores')) {
      this.columns = this.scores ? [...COLUMNS, ...scoreColumns(this.scores)] : COLUMNS;
      this.scored = this.scores !== null;
    }
    if (changed.has('items') || changed.has('sort') || changed.has('scores')) {
      const column = this.columns.find((c) => c.id === this.sort.column);
      this.rows = column
        ? sortByKey(this.items, column.sortKey, this.sort.direction)
        : [...this.items];
      if (this.focusIndex >= this.rows.length) this.focusIndex = Math.max(0, this.rows.length - 1);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('selectedId') && this.selectedId !== null && !this.selectedByClick) {
      const index = this.rows.findIndex((item) => item.id === this.selectedId);
      if (index >= 0 && this.scroller) void revealRow(this.scroller, index);
    }
    this.selectedByClick = false;
  }

  override render() {
    return html`
      <div
        class="grid"
        role="grid"
        aria-label="Results of every image"
        aria-readonly="true"
        aria-rowcount=${this.rows.length + 1}
        aria-colcount=${this.columns.length}
      >
        <div class="head" role="rowgroup">
          <div class="row" role="row" aria-rowindex="1">
            ${this.columns.map((column) => this.renderHeader(column))}
          </div>
        </div>
        <div class="scroller body" role="rowgroup" @keydown=${this.onKeyDown}>
          ${
            this.rows.length === 0
              ? html`<div class="empty" role="row">
                  <span role="gridcell">No images yet. Add some and run detection.</span>
                </div>`
              : html`<lit-virtualizer
                  .items=${this.rows}
                  .keyFunction=${(item: BatchItem) => item.id}
                  .renderItem=${(item: BatchItem, index: number) => this.renderRow(item, index)}
                ></lit-virtualizer>`
          }
        </div>
      </div>
    `;
  }

  private renderHeader(column: ColumnSpec) {
    const sorted = this.sort.column === column.id;
    return html`<div
      role="columnheader"
      class=${column.numeric ? 'num' : ''}
      aria-sort=${sorted ? this.sort.direction : nothing}
    >
      <button
        type="button"
        class="sort"
        title=${column.title ?? `Sort by ${column.label.toLowerCase()}`}
        ?data-sorted=${sorted}
        data-testid="results-sort-${column.id}"
        @click=${() => {
          this.sort = nextSortState(this.sort, column.id);
        }}
      >
        ${column.label}
        <svg class="arrow" viewBox="0 0 10 10" aria-hidden="true">
          <path d="M5 2 8.5 7h-7z" fill="currentColor" />
        </svg>
      </button>
    </div>`;
  }

  private renderRow(item: BatchItem, index: number) {
    const look = STATUS_CHIPS[item.status];
    const result = standingResult(item);
    const mean = meanScore(item);
    const time = timeMs(item);
    const missing = html`<span class="missing" aria-label="none">—</span>`;
    return html`<div
      class="row"
      role="row"
      data-testid="results-row"
      data-name=${pageLabel(item.file.name, item.page)}
      data-status=${item.status}
      data-index=${index}
      aria-rowindex=${index + 2}
      aria-selected=${item.id === this.selectedId ? 'true' : 'false'}
      tabindex=${index === this.focusIndex ? 0 : -1}
      @click=${() => this.select(item, index)}
      @focus=${() => {
        this.focusIndex = index;
      }}
    >
      <span role="gridcell" class="file" title=${pageLabel(item.file.name, item.page)}
        >${pageLabel(item.file.name, item.page)}</span
      >
      <span role="gridcell" title=${item.error ?? look.title}>
        <span class="chip ${look.tone} ${item.status}">${look.label}</span>
      </span>
      <span role="gridcell" class="num">
        ${result ? formatInteger(result.detections.length) : missing}
      </span>
      <span role="gridcell" class="num">${mean === null ? missing : formatScore(mean)}</span>
      <span role="gridcell" class="num">${time === null ? missing : formatInteger(time)}</span>
      <span role="gridcell" class="backend">
        ${result ? BACKEND_LABEL[result.backend] : missing}
      </span>
      ${this.scores ? this.renderScoreCells(item, missing) : nothing}
    </div>`;
  }

  private renderScoreCells(item: BatchItem, missing: unknown) {
    const score = this.scores?.get(item.id);
    return (['precision', 'recall', 'hmean'] as const).map(
      (key) =>
        html`<span role="gridcell" class="num" data-score=${key}>
          ${score ? score[key].toFixed(3) : missing}
        </span>`,
    );
  }

  private select(item: BatchItem, index: number): void {
    this.focusIndex = index;
    this.selectedByClick = true;
    this.dispatchEvent(new ItemSelectedEvent(item.id));
  }

  private onKeyDown(event: KeyboardEvent): void {
    const target = rowForKey(event.key, this.focusIndex, this.rows.length, this.scroller);
    if (target !== null) {
      event.preventDefault();
      void this.focusRow(target);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const item = this.rows[this.focusIndex];
      if (!item) return;
      event.preventDefault();
      this.select(item, this.focusIndex);
    }
  }

  private async focusRow(index: number): Promise<void> {
    this.focusIndex = index;
    await this.updateComplete;
    const row = this.scroller ? await revealRow(this.scroller, index) : null;
    row?.focus({ preventScroll: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'results-table': ResultsTable;
  }
}
