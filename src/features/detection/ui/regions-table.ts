import '@lit-labs/virtualizer';
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Polygon } from '../../../core/geometry/types.js';
import { revealRow, rowForKey, tableStyles } from '../../../shell/design/data-grid.js';
import { formatScore } from '../../../shell/design/format.js';
import { styleProps } from '../../../shell/design/style-props.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { isLowConfidenceText } from '../../recognition/pipeline/recognize.js';
import type { Detection } from '../pipeline/detection.js';
import { regionsTableStyles } from './regions-table.styles.js';

/** Fired when the pointer or keyboard focus moves onto a row (`index`) or off the table (null). */
export class RegionHoveredEvent extends Event {
  static readonly eventName = 'region-hovered';
  constructor(readonly index: number | null) {
    super(RegionHoveredEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a row is clicked or activated; `index` is null when the selected row is clicked again. */
export class RegionSelectedEvent extends Event {
  static readonly eventName = 'region-selected';
  constructor(readonly index: number | null) {
    super(RegionSelectedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** A polygon as compact text, `x,y x,y …`, rounded to whole original-image pixels. */
function polygonText(imagePolygon: Polygon): string {
  return imagePolygon.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(' ');
}

/**
 * The detected regions of one image in a virtualised grid: index, confidence with a bar, the text
 * read (a low-confidence reading marked "?", not by colour alone), and the polygon in
 * original-image pixels. Hover and selection are mirrored with the overlay.
 */
@customElement('regions-table')
export class RegionsTable extends LitElement {
  static override styles = [controlStyles, tableStyles, regionsTableStyles];

  /** The regions to list, polygons in original-image pixels, in the overlay's order. */
  @property({ attribute: false }) detections: readonly Detection[] = [];
  /** What the empty table says: why there are no regions yet (no image, running, failed…). */
  @property() emptyText = 'No regions detected in this image.';
  /** Row highlighted from outside (polygon hovered on the canvas); it is scrolled into view. */
  @property({ type: Number }) highlightedIndex: number | null = null;
  /** Row of the selected region, or null. */
  @property({ type: Number }) selectedIndex: number | null = null;

  /** Row that takes Tab focus (roving tabindex). */
  @state() private focusIndex = 0;
  @query('.scroller') private scroller?: HTMLElement;

  /** The index this table last reported as hovered: echoes of it need no scrolling. */
  private emittedHover: number | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('detections')) {
      this.emittedHover = null;
      if (this.focusIndex >= this.detections.length) this.focusIndex = 0;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const external =
      (changed.has('highlightedIndex') && this.highlightedIndex !== this.emittedHover
        ? this.highlightedIndex
        : null) ??
      (changed.has('selectedIndex') && this.selectedIndex !== this.emittedHover
        ? this.selectedIndex
        : null);
    if (external !== null && external < this.detections.length && this.scroller)
      void revealRow(this.scroller, external);
  }

  override render() {
    const count = this.detections.length;
    return html`
      <div
        class="grid"
        role="grid"
        aria-label="Detected text regions"
        aria-readonly="true"
        aria-rowcount=${count + 1}
        aria-colcount="4"
      >
        <div class="head" role="rowgroup">
          <div class="row" role="row" aria-rowindex="1">
            <span role="columnheader" class="num">#</span>
            <span role="columnheader" title="How sure the detector is that the region is text (0–1)">Detection score</span>
            <span role="columnheader">Text</span>
            <span role="columnheader">Polygon (image px)</span>
          </div>
        </div>
        <div
          class="scroller body"
          role="rowgroup"
          @keydown=${this.onKeyDown}
          @pointerleave=${() => this.hover(null)}
          @focusout=${this.onFocusOut}
        >
          ${
            count === 0
              ? html`<div class="empty" role="row">
                  <span role="gridcell">${this.emptyText}</span>
                </div>`
              : html`<lit-virtualizer
                  .items=${this.detections}
                  .renderItem=${(detection: Detection, index: number) =>
                    this.renderRow(detection, index)}
                ></lit-virtualizer>`
          }
        </div>
      </div>
    `;
  }

  private renderRow(detection: Detection, index: number) {
    const text = polygonText(detection.imagePolygon);
    const percent = Math.max(0, Math.min(100, detection.score * 100));
    return html`<div
      class="row"
      role="row"
      data-testid="region-row"
      data-index=${index}
      aria-rowindex=${index + 2}
      aria-selected=${index === this.selectedIndex ? 'true' : 'false'}
      ?data-highlighted=${index === this.highlightedIndex}
      tabindex=${index === this.focusIndex ? 0 : -1}
      @pointerenter=${() => this.hover(index)}
      @focus=${() => {
        this.focusIndex = index;
        this.hover(index);
      }}
      @click=${() => this.select(index)}
    >
      <span role="gridcell" class="num index">${index + 1}</span>
      <span role="gridcell" class="confidence num">
        <span class="bar" aria-hidden="true"><span style=${styleProps({ width: `${percent}%` })}></span></span>
        ${formatScore(detection.score)}
      </span>
      ${this.renderText(detection)}
      <span role="gridcell" class="polygon" title=${text}>${text}</span>
    </div>`;
  }

  private renderText(detection: Detection) {
    if (detection.text === undefined) {
      return html`<span role="gridcell" class="text unread" data-testid="region-text">—</span>`;
    }
    const low = isLowConfidenceText(detection);
    const score = formatScore(detection.textScore ?? 0);
    return html`<span
      role="gridcell"
      class="text"
      data-testid="region-text"
      ?data-low=${low}
      title=${`${detection.text} (reading score ${score}${low ? ', low' : ''})`}
      >${detection.text}${
        low ? html`<span class="low" aria-label=${`low reading score, ${score}`}>?</span>` : ''
      }</span
    >`;
  }

  private hover(index: number | null): void {
    if (index === this.emittedHover) return;
    this.emittedHover = index;
    this.dispatchEvent(new RegionHoveredEvent(index));
  }

  private select(index: number): void {
    this.focusIndex = index;
    this.dispatchEvent(new RegionSelectedEvent(index === this.selectedIndex ? null : index));
  }

  private onFocusOut(event: FocusEvent): void {
    const to = event.relatedTarget as Node | null;
    if (!to || !this.scroller?.contains(to)) this.hover(null);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const target = rowForKey(event.key, this.focusIndex, this.detections.length, this.scroller);
    if (target !== null) {
      event.preventDefault();
      void this.focusRow(target);
    } else if ((event.key === 'Enter' || event.key === ' ') && this.detections.length > 0) {
      event.preventDefault();
      this.select(this.focusIndex);
    } else if (event.key === 'Escape' && this.selectedIndex !== null) {
      event.preventDefault();
      this.dispatchEvent(new RegionSelectedEvent(null));
    }
  }

  private async focusRow(index: number): Promise<void> {
    this.focusIndex = index;
    this.hover(index);
    await this.updateComplete;
    const row = this.scroller ? await revealRow(this.scroller, index) : null;
    row?.focus({ preventScroll: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'regions-table': RegionsTable;
  }
  interface HTMLElementEventMap {
    'region-hovered': RegionHoveredEvent;
    'region-selected': RegionSelectedEvent;
  }
}
