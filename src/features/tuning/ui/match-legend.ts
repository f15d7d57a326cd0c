import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controlStyles } from '../../../shell/design/theme.js';
import type { ImageMatch } from '../pipeline/icdar2015.js';
import { setScoreOf } from '../pipeline/icdar2015.js';
import { MATCH_STYLES } from './draw-matches.js';
import { formatFigure } from './ground-truth-panel.js';

const ENTRIES = [
  { key: 'hit', label: 'Hit' },
  { key: 'falsePositive', label: 'False positive' },
  { key: 'missed', label: 'Missed' },
  { key: 'dontCare', label: 'Don’t care' },
] as const;

/**
 * The image's score against its ground truth (P / R / H and the counts behind them) and a
 * legend of the overlay's four styles, drawn the way the overlay draws them.
 */
@customElement('match-legend')
export class MatchLegend extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 14px;
        padding: 6px 10px;
        font-size: 12.5px;
      }
      .figures {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .counts {
        color: var(--ts-muted);
        font-variant-numeric: tabular-nums;
      }
      .entry {
        display: inline-flex;
        align-items: center;
        gap: 5px;
      }
      svg {
        width: 26px;
        height: 14px;
      }
    `,
  ];

  /** The image's matching; null while it is not scored yet. */
  @property({ attribute: false }) match: ImageMatch | null = null;

  override render() {
    const match = this.match;
    const score = match ? setScoreOf(match) : null;
    return html`
      ${
        score && match
          ? html`<span
              class="figures"
              data-testid="image-score"
              data-precision=${score.precision}
              data-recall=${score.recall}
              data-hmean=${score.hmean}
              >P ${formatFigure(score.precision)} · R ${formatFigure(score.recall)} · H
              ${formatFigure(score.hmean)}</span
            >
            <span class="counts">${match.matched} hits of ${match.gtCounted} boxes, ${match.predCounted} predicted</span>`
          : html`<span class="counts">Not scored yet</span>`
      }
      ${ENTRIES.map(({ key, label }) => {
        const style = MATCH_STYLES[key];
        const width = 1.5 * style.widthFactor;
        return html`<span class="entry">
          <svg viewBox="0 0 26 14" aria-hidden="true">
            ${
              key === 'dontCare'
                ? svg`<path d="M4 12 12 4M9 12 17 4M14 12 22 4" stroke=${style.stroke} stroke-width="1" />`
                : nothing
            }
            <rect
              x="2"
              y="2"
              width="22"
              height="10"
              fill=${style.fill && style.fill !== 'hatch' ? style.fill : 'none'}
              stroke=${style.stroke}
              stroke-width=${width}
              stroke-linecap=${style.dash.length > 0 ? 'round' : 'square'}
              stroke-dasharray=${style.dash.length > 0 ? style.dash.map((d) => d * width * 2).join(' ') : 'none'}
            />
          </svg>
          ${label}
        </span>`;
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'match-legend': MatchLegend;
  }
}
