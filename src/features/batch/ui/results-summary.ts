import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatInteger, formatMs, formatScore } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import type { BatchItem } from './batch-item.js';
import { summarize } from './batch-summary.js';

type Tone = '' | 'ok' | 'danger';

/**
 * The results at a glance, as metric tiles: images, succeeded, failed, regions, mean confidence
 * and mean time. The figures come from `summarize()`; this element only lays them out.
 */
@customElement('results-summary')
export class ResultsSummary extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(112px, 1fr));
        gap: 1px;
        margin: 0;
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius);
        background: var(--ts-border);
        overflow: hidden;
      }
      .tile {
        display: flex;
        flex-direction: column;
        gap: 2px;
        min-width: 0;
        padding: 10px 14px 11px;
        background: var(--ts-surface);
      }
      /* A tile's name wraps rather than being cut: "Detection score" at a phone's width. */
      dt {
        font-size: 11.5px;
        font-weight: 500;
        color: var(--ts-muted);
        overflow-wrap: anywhere;
      }
      dd {
        display: flex;
        flex-direction: column;
        margin: 0;
        min-width: 0;
      }
      .value {
        font-size: 20px;
        font-weight: 600;
        line-height: 1.25;
        letter-spacing: -0.01em;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .value.ok {
        color: var(--ts-ok);
      }
      .value.danger {
        color: var(--ts-danger);
      }
      .note {
        font-size: 11.5px;
        color: var(--ts-muted);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
    `,
  ];

  /** The files in the batch, with their statuses and results. */
  @property({ attribute: false }) items: readonly BatchItem[] = [];

  override render() {
    const s = summarize(this.items);
    return html`
      <dl>
        ${this.tile('Images', formatInteger(s.images), 'summary-images')}
        ${this.tile(
          'Succeeded',
          formatInteger(s.succeeded),
          'summary-succeeded',
          s.succeeded > 0 ? 'ok' : '',
          s.skipped > 0 ? `${formatInteger(s.skipped)} stored` : '',
        )}
        ${this.tile(
          'Failed',
          formatInteger(s.failed),
          'summary-failed',
          s.failed > 0 ? 'danger' : '',
          s.timedOut > 0 ? `${formatInteger(s.timedOut)} timed out` : '',
        )}
        ${this.tile('Regions', formatInteger(s.regions), 'summary-regions')}
        ${this.tile(
          'Detection score',
          formatScore(s.meanConfidence),
          'summary-confidence',
          '',
          s.meanConfidence === null ? '' : 'mean',
        )}
        ${this.tile(
          'Mean time',
          s.meanTimeMs === null ? '—' : formatMs(s.meanTimeMs),
          'summary-time',
          '',
          s.meanTimeMs === null ? '' : 'per image',
        )}
      </dl>
    `;
  }

  private tile(label: string, value: string, testId: string, tone: Tone = '', note = '') {
    return html`
      <div class="tile">
        <dt>${label}</dt>
        <dd>
          <span class="value ${tone}" data-testid=${testId}>${value}</span>
          ${note ? html`<span class="note">${note}</span>` : nothing}
        </dd>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'results-summary': ResultsSummary;
  }
}
