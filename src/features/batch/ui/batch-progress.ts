import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatCount, formatEta, formatInteger } from '../../../shell/design/format.js';
import { styleProps } from '../../../shell/design/style-props.js';
import { controlStyles } from '../../../shell/design/theme.js';

/**
 * The run's progress: a slim bar, "12 / 40 · about 35 s left", and a polite live region that
 * announces when a run ends. Renders nothing visible while `total` is 0.
 */
@customElement('batch-progress')
export class BatchProgress extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        font-size: 12px;
        color: var(--ts-muted);
      }
      .wrap {
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      .line {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
        font-variant-numeric: tabular-nums;
      }
      .figures {
        color: var(--ts-text);
        font-weight: 600;
      }
      .track {
        position: relative;
        height: 6px;
        border-radius: 999px;
        background: var(--ts-surface-2);
        box-shadow: inset 0 0 0 1px var(--ts-border);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        border-radius: inherit;
        background: var(--ts-accent);
        transition: width 240ms ease-out;
      }
      .running .track::after {
        content: '';
        position: absolute;
        inset: 0;
        background: linear-gradient(90deg, transparent, color-mix(in srgb, var(--ts-surface) 55%, transparent), transparent);
        transform: translateX(-100%);
        animation: sweep 1.4s ease-in-out infinite;
      }
      @keyframes sweep {
        to {
          transform: translateX(100%);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .fill {
          transition: none;
        }
        .running .track::after {
          animation: none;
        }
      }
    `,
  ];

  /** Items finished in this run (done, skipped, failed, timed out or cancelled). */
  @property({ type: Number }) done = 0;
  /** Items in this run; 0 hides the element. */
  @property({ type: Number }) total = 0;
  /** Estimated time left, ms, or null before there is an estimate. */
  @property({ attribute: false }) etaMs: number | null = null;
  /** True while the run goes on. */
  @property({ type: Boolean }) running = false;

  /** What the live region says; set only when a run ends, so it is read once. */
  @state() private announcement = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('running') && changed.get('running') === true && !this.running) {
      const processed = `${formatInteger(this.done)} of ${formatCount(this.total, 'image')} processed.`;
      this.announcement =
        this.done >= this.total
          ? `Detection finished: ${processed}`
          : `Detection stopped: ${processed}`;
    } else if (changed.has('running') && this.running) {
      this.announcement = '';
    }
  }

  override render() {
    const live = html`<div class="visually-hidden" aria-live="polite" data-testid="progress-announcement">
      ${this.announcement}
    </div>`;
    if (this.total <= 0) return live;
    const done = Math.min(this.done, this.total);
    return html`
      <div class="wrap ${this.running ? 'running' : ''}">
        <div class="line">
          <span data-testid="progress-text"
            ><span class="figures">${formatInteger(done)} / ${formatInteger(this.total)}</span>${this.renderTail(done)}</span
          >
        </div>
        <div
          class="track"
          role="progressbar"
          aria-label="Detection progress"
          aria-valuemin="0"
          aria-valuemax=${this.total}
          aria-valuenow=${done}
          aria-valuetext=${`${formatInteger(done)} of ${formatCount(this.total, 'image')}`}
        >
          <div class="fill" style=${styleProps({ width: `${(done / this.total) * 100}%` })}></div>
        </div>
      </div>
      ${live}
    `;
  }

  private renderTail(done: number) {
    let tail: string;
    if (this.running) tail = this.etaMs === null ? 'estimating time left…' : formatEta(this.etaMs);
    else tail = done >= this.total ? 'finished' : 'stopped';
    return tail ? html` · ${tail}` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'batch-progress': BatchProgress;
  }
}
