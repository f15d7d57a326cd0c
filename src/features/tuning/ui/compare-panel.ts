import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { PARAM_FIELDS } from '../../detection/ui/param-fields.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { Comparison } from '../pipeline/compare.js';
import type { SetScore } from '../pipeline/icdar2015.js';
import { formatFigure } from './ground-truth-panel.js';

/** Fired when the person pins the current settings as A. */
export class ComparePinnedEvent extends Event {
  static readonly eventName = 'compare-pinned';
  constructor() {
    super(ComparePinnedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person forgets A. */
export class CompareClearedEvent extends Event {
  static readonly eventName = 'compare-cleared';
  constructor() {
    super(CompareClearedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the split between A and B on the overlay moves; `split` is 0–1 of the width. */
export class CompareSplitChangedEvent extends Event {
  static readonly eventName = 'compare-split-changed';
  constructor(readonly split: number) {
    super(CompareSplitChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when "Save as model defaults" is pressed. */
export class DefaultsSaveRequestedEvent extends Event {
  static readonly eventName = 'defaults-save-requested';
  constructor() {
    super(DefaultsSaveRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

function signed(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${formatFigure(Math.abs(value))}`;
}

/** The parameters that differ between A and B, as "Box threshold 0.60 → 0.72". */
export function paramsDiff(a: PostprocessParams, b: PostprocessParams): string[] {
  const changes = PARAM_FIELDS.filter((f) => a[f.key] !== b[f.key]).map(
    (f) => `${f.label} ${a[f.key]} → ${b[f.key]}`,
  );
  if (a.outputMode !== b.outputMode) changes.push(`Output ${a.outputMode} → ${b.outputMode}`);
  return changes;
}

/**
 * Compare two settings: pin the current ones as A, change the sliders (B), and see A and B
 * pooled and per image, most changed first; a swipe slider moves the split between A and B
 * on the overlay. Also "Save as model defaults" for the current settings.
 */
@customElement('compare-panel')
export class ComparePanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
        padding: 12px;
        font-size: 13px;
      }
      h2 {
        margin: 0;
        font-size: 13px;
        font-weight: 600;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 3px 5px;
        text-align: right;
        border-bottom: 1px solid var(--ts-border);
      }
      th:first-child,
      td:first-child {
        text-align: left;
        max-width: 120px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .up {
        color: var(--ts-ok);
      }
      .down {
        color: var(--ts-danger);
      }
      .muted {
        color: var(--ts-muted);
      }
      .rows {
        max-height: 180px;
        overflow: auto;
      }
      label {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      label input {
        flex: 1;
      }
    `,
  ];

  /** A against B; null while nothing is pinned. */
  @property({ attribute: false }) comparison: Comparison | null = null;
  /** The parameters pinned as A; null while nothing is pinned. */
  @property({ attribute: false }) paramsA: PostprocessParams | null = null;
  /** The current parameters (B). */
  @property({ attribute: false }) paramsB: PostprocessParams | null = null;
  /** True when there are scored images to pin. */
  @property({ type: Boolean }) canPin = false;
  /** The split between A and B on the overlay, 0–1 of the width. */
  @property({ type: Number }) split = 0.5;

  override render() {
    const comparison = this.comparison;
    return html`
      <h2>Compare</h2>
      <div class="buttons">
        <button data-testid="compare-pin" ?disabled=${!this.canPin} @click=${() => this.dispatchEvent(new ComparePinnedEvent())}>
          ${this.paramsA ? 'Pin current as A again' : 'Pin current as A'}
        </button>
        ${
          this.paramsA
            ? html`<button class="quiet" data-testid="compare-clear" @click=${() => this.dispatchEvent(new CompareClearedEvent())}>Clear A</button>`
            : nothing
        }
        <button data-testid="save-defaults" ?disabled=${!this.paramsB} @click=${() => this.dispatchEvent(new DefaultsSaveRequestedEvent())}>
          Save as model defaults
        </button>
      </div>
      ${
        this.paramsA && this.paramsB
          ? html`<p class="muted" data-testid="compare-diff">
              ${paramsDiff(this.paramsA, this.paramsB).join('; ') || 'B has the same settings as A: change a slider.'}
            </p>`
          : html`<p class="muted">Pin the current settings, change them, and see what moved.</p>`
      }
      ${comparison ? this.renderComparison(comparison) : nothing}
    `;
  }

  private renderComparison(comparison: Comparison) {
    const figures = (name: string, score: SetScore, testId: string) =>
      html`<tr data-testid=${testId} data-hmean=${score.hmean}>
        <td>${name}</td>
        <td>${formatFigure(score.precision)}</td>
        <td>${formatFigure(score.recall)}</td>
        <td>${formatFigure(score.hmean)}</td>
      </tr>`;
    const delta = comparison.pooledB.hmean - comparison.pooledA.hmean;
    return html`
      <table aria-label="Pooled figures under A and B">
        <thead><tr><th>Pooled</th><th>P</th><th>R</th><th>H</th></tr></thead>
        <tbody>
          ${figures('A (pinned)', comparison.pooledA, 'compare-a')}
          ${figures('B (now)', comparison.pooledB, 'compare-b')}
          <tr data-testid="compare-delta" data-delta=${delta}>
            <td>B − A</td>
            <td>${signed(comparison.pooledB.precision - comparison.pooledA.precision)}</td>
            <td>${signed(comparison.pooledB.recall - comparison.pooledA.recall)}</td>
            <td class=${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}>${signed(delta)}</td>
          </tr>
        </tbody>
      </table>
      <label>
        A
        <input
          type="range"
          min="0"
          max="1"
          step="0.01"
          aria-label="Split between A and B on the image"
          data-testid="compare-split"
          .value=${String(this.split)}
          @input=${(e: Event) =>
            this.dispatchEvent(
              new CompareSplitChangedEvent(Number((e.target as HTMLInputElement).value)),
            )}
        />
        B
      </label>
      <div class="rows">
        <table aria-label="H-mean per image under A and B, most changed first">
          <thead><tr><th>Image</th><th>H (A)</th><th>H (B)</th><th>Δ</th></tr></thead>
          <tbody>
            ${comparison.rows.map(
              (
                row,
              ) => html`<tr data-testid="compare-row" data-name=${row.name} data-delta=${row.deltaHmean}>
                <td title=${row.name}>${row.name}</td>
                <td>${formatFigure(row.a.hmean)}</td>
                <td>${formatFigure(row.b.hmean)}</td>
                <td class=${row.deltaHmean > 0 ? 'up' : row.deltaHmean < 0 ? 'down' : ''}>${signed(row.deltaHmean)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-panel': ComparePanel;
  }
  interface HTMLElementEventMap {
    'compare-pinned': ComparePinnedEvent;
    'compare-cleared': CompareClearedEvent;
    'compare-split-changed': CompareSplitChangedEvent;
    'defaults-save-requested': DefaultsSaveRequestedEvent;
  }
}
