import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { BYTES_PER_MB } from '../../../core/units.js';
import { formatBytes, formatCount, formatPercent } from '../../../shell/design/format.js';
import { styleProps } from '../../../shell/design/style-props.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { capsProblem, MAX_ENTRIES_RANGE, MAX_MB_RANGE } from '../store/history-caps.js';
import type { PendingLimits } from './history-controller.js';
import { storageMeterStyles } from './storage-meter.styles.js';

/** Fired when "Keep results persistently" is pressed. */
export class PersistenceRequestedEvent extends Event {
  static readonly eventName = 'persistence-requested';
  constructor() {
    super(PersistenceRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a cap is committed: most results kept, and most bytes kept. */
export class HistoryCapsChangedEvent extends Event {
  static readonly eventName = 'history-caps-changed';
  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {
    super(HistoryCapsChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person confirms caps that remove stored results. */
export class HistoryCapsConfirmedEvent extends Event {
  static readonly eventName = 'history-caps-confirmed';
  constructor() {
    super(HistoryCapsConfirmedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person cancels caps that would remove stored results: nothing changes. */
export class HistoryCapsCancelledEvent extends Event {
  static readonly eventName = 'history-caps-cancelled';
  constructor() {
    super(HistoryCapsCancelledEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * How much the history holds and may hold: the origin's storage use against its quota, the
 * history's own size against its caps, the "Keep results persistently" button, and the two cap
 * inputs (count and MB), which emit `history-caps-changed` when committed.
 */
@customElement('storage-meter')
export class StorageMeter extends LitElement {
  static override styles = [controlStyles, storageMeterStyles];

  /** The origin's storage use, bytes, or null where the browser does not say. */
  @property({ type: Number }) usageBytes: number | null = null;
  /** The origin's storage quota, bytes, or null where the browser does not say. */
  @property({ type: Number }) quotaBytes: number | null = null;
  /** Approximate size of the stored results, bytes. */
  @property({ type: Number }) historyBytes = 0;
  /** Of `historyBytes`, the kept probability maps (for live re-scoring against ground truth), bytes. */
  @property({ type: Number }) mapBytes = 0;
  /** Number of stored results. */
  @property({ type: Number }) entryCount = 0;
  /** True when the browser promised to keep this site's storage; null where it cannot say. */
  @property({ attribute: false }) persisted: boolean | null = null;
  /** False when results live in memory only (no IndexedDB): the persistence button then means nothing. */
  @property({ type: Boolean }) durable = true;
  /** Cap on the number of results; the app sets it. */
  @property({ type: Number }) maxEntries = 0;
  /** Cap on the size of the results, bytes (shown and typed in MB); the app sets it. */
  @property({ type: Number }) maxBytes = 0;
  /** Typed caps that would remove stored results, waiting for confirmation; or null. */
  @property({ attribute: false }) pending: PendingLimits | null = null;

  /** Why the last typed cap was refused, or null. */
  @state() private capError: string | null = null;

  override render() {
    const { usageBytes, quotaBytes } = this;
    const known = usageBytes !== null && quotaBytes !== null && quotaBytes > 0;
    const fraction = known ? Math.min(1, usageBytes / quotaBytes) : 0;
    // The cap that binds first decides how full the history is.
    const capFraction = Math.min(
      1,
      Math.max(this.entryCount / this.maxEntries, this.historyBytes / this.maxBytes) || 0,
    );
    return html`
      <h2>Storage</h2>
      <div class="block">
        <div class="figure">
          <span class="label">This site</span>
          ${known ? html`<span class="muted">${formatPercent(fraction)}</span>` : nothing}
        </div>
        <span data-testid="storage-usage" class="value"
          >${
            known
              ? html`<strong>${formatBytes(usageBytes)}</strong> of ${formatBytes(quotaBytes)} used`
              : 'Usage unknown in this browser'
          }</span
        >
        ${known ? this.renderBar(fraction, 'Site storage used', `${formatBytes(usageBytes)} of ${formatBytes(quotaBytes)}`) : nothing}
      </div>
      <div class="block">
        <div class="figure">
          <span class="label">History</span>
          <span class="muted">${formatPercent(capFraction, 0)} of cap</span>
        </div>
        <span class="value"
          ><strong>${formatCount(this.entryCount, 'result')}</strong> ·
          ${formatBytes(this.historyBytes)}${
            this.mapBytes > 0
              ? html`, of which probability maps <span data-testid="storage-map-bytes">${formatBytes(this.mapBytes)}</span>`
              : nothing
          }</span
        >
        ${this.renderBar(capFraction, 'History size against its cap', `${formatPercent(capFraction, 0)} of the cap`)}
      </div>
      ${this.renderPersistence()}
      <div class="caps">
        <label
          >Max results
          <input
            type="number"
            data-testid="history-cap-count"
            min=${MAX_ENTRIES_RANGE.min}
            max=${MAX_ENTRIES_RANGE.max}
            step=${MAX_ENTRIES_RANGE.step}
            inputmode="numeric"
            .value=${live(String(this.pending?.limits.maxEntries ?? this.maxEntries))}
            ?disabled=${this.pending !== null}
            @change=${this.onCapChange}
          />
        </label>
        <label
          >Max size (MB)
          <input
            type="number"
            data-testid="history-cap-mb"
            min=${MAX_MB_RANGE.min}
            max=${MAX_MB_RANGE.max}
            step=${MAX_MB_RANGE.step}
            inputmode="numeric"
            .value=${live(String((this.pending?.limits.maxBytes ?? this.maxBytes) / BYTES_PER_MB))}
            ?disabled=${this.pending !== null}
            @change=${this.onCapChange}
          />
        </label>
      </div>
      ${
        this.capError
          ? html`<p class="cap-error" role="alert" data-testid="history-cap-error">${this.capError}</p>`
          : nothing
      }
      ${this.renderPendingConfirm()}
      <p class="muted">Beyond either cap the oldest results are removed; lowering a cap asks first.</p>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The safe choice takes focus, so a stray Enter does not delete anything.
    if (changed.has('pending') && this.pending) {
      this.renderRoot
        .querySelector<HTMLButtonElement>('[data-testid="history-cap-cancel"]')
        ?.focus();
    }
  }

  private renderPendingConfirm() {
    const { pending } = this;
    if (!pending) return nothing;
    const results = formatCount(pending.evicts, 'stored result');
    return html`<div
      class="confirm"
      role="alertdialog"
      aria-label="Confirm the new caps"
      data-testid="history-cap-confirm-box"
      data-evicts=${pending.evicts}
    >
      <span>The new caps leave no room for the ${results} that are oldest. Delete them? This cannot be undone.</span>
      <button
        type="button"
        class="danger-solid"
        data-testid="history-cap-confirm"
        @click=${() => this.dispatchEvent(new HistoryCapsConfirmedEvent())}
      >
        Delete ${results}
      </button>
      <button
        type="button"
        data-testid="history-cap-cancel"
        @click=${() => this.dispatchEvent(new HistoryCapsCancelledEvent())}
      >
        Cancel
      </button>
    </div>`;
  }

  private renderBar(fraction: number, label: string, valueText: string) {
    return html`<div
      class="bar ${fraction > 0.8 ? 'high' : ''}"
      role="meter"
      aria-label=${label}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${Math.round(fraction * 100)}
      aria-valuetext=${valueText}
    >
      <span style=${styleProps({ width: `${(fraction * 100).toFixed(2)}%` })}></span>
    </div>`;
  }

  private renderPersistence() {
    if (!this.durable) return nothing;
    if (this.persisted) {
      return html`<span class="chip" data-testid="history-persisted">
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="m3 8.5 3 3 7-7"/></svg>
        Kept persistently
      </span>`;
    }
    return html`<div>
      <button
        type="button"
        data-testid="history-persist"
        @click=${() => this.dispatchEvent(new PersistenceRequestedEvent())}
      >
        Keep results persistently
      </button>
      <p class="muted hint">
        Otherwise the browser may clear the history when disk space runs low.
      </p>
    </div>`;
  }

  private onCapChange = (): void => {
    const count = this.renderRoot.querySelector<HTMLInputElement>(
      '[data-testid="history-cap-count"]',
    );
    const mb = this.renderRoot.querySelector<HTMLInputElement>('[data-testid="history-cap-mb"]');
    // An empty or unreadable field reads as NaN, which the range refuses.
    const read = (input: HTMLInputElement | null) =>
      input && input.value.trim() !== '' ? Number(input.value) : Number.NaN;
    const maxEntries = read(count);
    const maxMB = read(mb);
    this.capError = capsProblem(maxEntries, maxMB);
    if (this.capError) {
      // Put the caps in force back rather than keep a value that is not applied.
      if (count) count.value = String(this.maxEntries);
      if (mb) mb.value = String(this.maxBytes / BYTES_PER_MB);
      return;
    }
    const maxBytes = maxMB * BYTES_PER_MB;
    if (maxEntries === this.maxEntries && maxBytes === this.maxBytes) return;
    this.dispatchEvent(new HistoryCapsChangedEvent(maxEntries, maxBytes));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'storage-meter': StorageMeter;
  }
  interface HTMLElementEventMap {
    'persistence-requested': PersistenceRequestedEvent;
    'history-caps-changed': HistoryCapsChangedEvent;
    'history-caps-confirmed': HistoryCapsConfirmedEvent;
    'history-caps-cancelled': HistoryCapsCancelledEvent;
  }
}
