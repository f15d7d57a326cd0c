import { css, html, LitElement, nothing, type PropertyValues, unsafeCSS } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uPlotStyles from 'uplot/dist/uPlot.min.css?inline';
import { formatMs } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { PARAM_FIELDS } from '../../detection/ui/param-fields.js';
import type { NumericParamKey, PostprocessParams } from '../../models/pipeline/descriptor.js';
import { MAX_SWEEP_VALUES, type SweepResult, sweepValues } from '../pipeline/sweep.js';
import { formatFigure } from './ground-truth-panel.js';

/** Fired when the person asks for a sweep of `key` over `values`. */
export class SweepRequestedEvent extends Event {
  static readonly eventName = 'sweep-requested';
  constructor(
    readonly key: NumericParamKey,
    readonly values: number[],
  ) {
    super(SweepRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a point of the sweep is chosen: set parameter `key` to `value`. */
export class SweepValueChosenEvent extends Event {
  static readonly eventName = 'sweep-value-chosen';
  constructor(
    readonly key: NumericParamKey,
    readonly value: number,
  ) {
    super(SweepValueChosenEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Values a new sweep tries unless the person says otherwise. */
const DEFAULT_SWEEP_VALUES = 10;
/** Chart height, CSS px. */
const CHART_HEIGHT = 260;

/** The three series: told apart by dash and weight as well as colour. */
const SERIES = [
  { label: 'P', stroke: '#2563eb', width: 1.5, dash: [6, 4] },
  { label: 'R', stroke: '#d97706', width: 1.5, dash: [2, 3] },
  { label: 'H', stroke: '#0f766e', width: 2.5, dash: [] },
] as const;

/**
 * A parameter sweep: choose a parameter and a range, run it, and see pooled P, R and H
 * against the value (uPlot); clicking a point (or its button) applies that value.
 */
@customElement('sweep-chart')
export class SweepChart extends LitElement {
  static override styles = [
    controlStyles,
    unsafeCSS(uPlotStyles),
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
      .form {
        display: grid;
        grid-template-columns: 1fr 1fr 1fr;
        gap: 6px;
      }
      .form label {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 12px;
        color: var(--ts-muted);
      }
      .form label.wide {
        grid-column: 1 / -1;
      }
      .form input,
      .form select {
        min-width: 0;
      }
      .chart {
        min-height: ${CHART_HEIGHT}px;
      }
      .points {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      .points button {
        font-variant-numeric: tabular-nums;
        padding: 0 6px;
      }
      .points button[aria-pressed='true'] {
        font-weight: 600;
        border-color: var(--ts-accent);
      }
      .points button.best {
        background: var(--ts-accent-soft);
      }
      .muted {
        color: var(--ts-muted);
      }
      .u-legend {
        font-size: 12px;
      }
    `,
  ];

  /** The parameters in use (the swept one's current value is marked). */
  @property({ attribute: false }) params: PostprocessParams | null = null;
  /** The last sweep's figures; null before any. */
  @property({ attribute: false }) result: SweepResult | null = null;
  /** True while a sweep runs. */
  @property({ type: Boolean }) running = false;
  /** Labelled images a sweep would cover (with kept maps); 0 disables the button. */
  @property({ type: Number }) images = 0;

  @state() private key: NumericParamKey = 'boxThreshold';
  @state() private from = '';
  @state() private to = '';
  @state() private count = String(DEFAULT_SWEEP_VALUES);
  @state() private error: string | null = null;
  @query('.chart') private chartHost!: HTMLElement;
  private plot: uPlot | null = null;
  private readonly resizeObserver = new ResizeObserver(() => this.fitWidth());

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  /** Where point `index` of the chart is, in client px (for tests that click a point). */
  pointClientPosition(index: number): [number, number] | null {
    const plot = this.plot;
    const point = this.result?.points[index];
    if (!plot || !point) return null;
    const box = plot.over.getBoundingClientRect();
    return [
      box.left + plot.valToPos(point.value, 'x'),
      box.top + plot.valToPos(point.score.hmean, 'y'),
    ];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('result')) this.drawChart();
  }

  override render() {
    const field = PARAM_FIELDS.find((f) => f.key === this.key)!;
    const result = this.result;
    return html`
      <h2>Sweep</h2>
      <div class="form">
        <label class="wide"
          >Parameter
          <select
            data-testid="sweep-param"
            @change=${(e: Event) => {
              this.key = (e.target as HTMLSelectElement).value as NumericParamKey;
              this.from = '';
              this.to = '';
            }}
          >
            ${PARAM_FIELDS.map(
              (f) =>
                html`<option value=${f.key} ?selected=${f.key === this.key}>${f.label}</option>`,
            )}
          </select>
        </label>
        <label
          >From
          <input
            type="number"
            data-testid="sweep-from"
            step=${field.step}
            min=${field.min}
            max=${field.max}
            .value=${this.from || String(this.defaultFrom())}
            @input=${(e: Event) => {
              this.from = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
        <label
          >To
          <input
            type="number"
            data-testid="sweep-to"
            step=${field.step}
            min=${field.min}
            max=${field.max}
            .value=${this.to || String(this.defaultTo())}
            @input=${(e: Event) => {
              this.to = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
        <label
          >Values
          <input
            type="number"
            data-testid="sweep-count"
            min="2"
            max=${MAX_SWEEP_VALUES}
            .value=${this.count}
            @input=${(e: Event) => {
              this.count = (e.target as HTMLInputElement).value;
            }}
          />
        </label>
      </div>
      <button
        data-testid="sweep-run"
        ?disabled=${this.running || this.images === 0}
        title=${this.images === 0 ? 'Needs labelled images detected with their labels loaded' : ''}
        @click=${this.run}
      >
        ${this.running ? 'Sweeping…' : 'Sweep'}
      </button>
      ${this.error ? html`<p role="alert" class="muted">${this.error}</p>` : nothing}
      <div class="chart" data-testid="sweep-chart" ?hidden=${!result}></div>
      ${result ? this.renderPoints(result) : nothing}
    `;
  }

  private renderPoints(result: SweepResult) {
    const field = PARAM_FIELDS.find((f) => f.key === result.key)!;
    const current = this.params?.[result.key];
    const best = result.points.reduce((a, b) => (b.score.hmean > a.score.hmean ? b : a));
    return html`<p class="muted" data-testid="sweep-summary">
        ${field.label} over ${result.images} images in ${formatMs(result.ms)}; best H
        ${formatFigure(best.score.hmean)} at ${best.value}. Click a point to apply it.
      </p>
      <div class="points" role="group" aria-label="Apply a swept value">
        ${result.points.map(
          (point) => html`<button
            class=${point === best ? 'best' : ''}
            data-testid="sweep-point"
            data-value=${point.value}
            data-hmean=${point.score.hmean}
            aria-pressed=${point.value === current ? 'true' : 'false'}
            title=${`P ${formatFigure(point.score.precision)} · R ${formatFigure(point.score.recall)} · H ${formatFigure(point.score.hmean)}`}
            @click=${() => this.choose(result.key, point.value)}
          >
            ${point.value}${point === best ? html`<span aria-label=" (best H)"> ★</span>` : nothing}
          </button>`,
        )}
      </div>`;
  }

  private defaultFrom(): number {
    const field = PARAM_FIELDS.find((f) => f.key === this.key)!;
    const current = this.params?.[this.key] ?? field.min;
    return Math.max(field.min, Number((current / 2).toFixed(2)));
  }

  private defaultTo(): number {
    const field = PARAM_FIELDS.find((f) => f.key === this.key)!;
    const current = this.params?.[this.key] ?? field.max;
    return Math.min(field.max, Number((current * 1.5).toFixed(2)));
  }

  private run = (): void => {
    try {
      const values = sweepValues(
        this.key,
        Number(this.from || this.defaultFrom()),
        Number(this.to || this.defaultTo()),
        Number(this.count),
      );
      this.error = null;
      this.dispatchEvent(new SweepRequestedEvent(this.key, values));
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  };

  private choose(key: NumericParamKey, value: number): void {
    this.dispatchEvent(new SweepValueChosenEvent(key, value));
  }

  private drawChart(): void {
    this.plot?.destroy();
    this.plot = null;
    const result = this.result;
    if (!result || !this.chartHost) return;
    const field = PARAM_FIELDS.find((f) => f.key === result.key)!;
    const xs = result.points.map((p) => p.value);
    const best = result.points.reduce((a, b) => (b.score.hmean > a.score.hmean ? b : a));
    const data: uPlot.AlignedData = [
      xs,
      result.points.map((p) => p.score.precision),
      result.points.map((p) => p.score.recall),
      result.points.map((p) => p.score.hmean),
    ];
    this.plot = new uPlot(
      {
        width: Math.max(200, this.chartHost.clientWidth || this.clientWidth),
        height: CHART_HEIGHT,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: field.label }, {}],
        cursor: { points: { size: 8 }, drag: { x: false, y: false } },
        // The best H is ringed, so the eye finds it without reading the figures.
        hooks: { draw: [(u: uPlot) => markBest(u, best.value, best.score.hmean)] },
        series: [
          {
            label: field.label,
            value: (_: uPlot, v: number | null) => (v === null ? '—' : String(v)),
          },
          ...SERIES.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            width: s.width,
            dash: [...s.dash],
            points: { show: true, size: 5 },
            value: (_: uPlot, v: number | null) => (v === null ? '—' : formatFigure(v)),
          })),
        ],
      },
      data,
      this.chartHost,
    );
    const plot = this.plot;
    // A click picks the point under the cursor (uPlot snaps the cursor to the nearest x).
    plot.over.addEventListener('click', () => {
      const index = plot.cursor.idx;
      const point = index === null || index === undefined ? undefined : result.points[index];
      if (point) this.choose(result.key, point.value);
    });
  }

  private fitWidth(): void {
    if (!this.plot || !this.chartHost) return;
    const width = this.chartHost.clientWidth;
    if (width > 0 && width !== this.plot.width) this.plot.setSize({ width, height: CHART_HEIGHT });
  }
}

/** Rings the point (`x`, `hmean`) on a uPlot chart's canvas. */
function markBest(u: uPlot, x: number, hmean: number): void {
  const left = u.valToPos(x, 'x', true);
  const top = u.valToPos(hmean, 'y', true);
  const context = u.ctx;
  context.save();
  context.beginPath();
  context.arc(left, top, 7 * devicePixelRatio, 0, 2 * Math.PI);
  context.lineWidth = 2 * devicePixelRatio;
  context.strokeStyle = '#0f766e';
  context.stroke();
  context.restore();
}

declare global {
  interface HTMLElementTagNameMap {
    'sweep-chart': SweepChart;
  }
  interface HTMLElementEventMap {
    'sweep-requested': SweepRequestedEvent;
    'sweep-value-chosen': SweepValueChosenEvent;
  }
}
