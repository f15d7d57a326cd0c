import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controlStyles } from '../../../shell/design/theme.js';
import type { ItemResult } from '../../batch/ui/batch-item.js';
import { readingOrientationText } from '../../recognition/pipeline/reading-orientation.js';
import { jobMs } from '../pipeline/detection.js';
import { documentStepsText } from './document-steps-text.js';

/** Fired when the labels checkbox changes. */
export class LabelsToggledEvent extends Event {
  static readonly eventName = 'labels-toggled';
  constructor(readonly shown: boolean) {
    super(LabelsToggledEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the heatmap checkbox changes. */
export class HeatmapToggledEvent extends Event {
  static readonly eventName = 'heatmap-toggled';
  constructor(readonly shown: boolean) {
    super(HeatmapToggledEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person flips between the photo and its straightened page. */
export class PageViewToggledEvent extends Event {
  static readonly eventName = 'page-view-toggled';
  constructor(readonly showPage: boolean) {
    super(PageViewToggledEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Fired for the page's corners: `placeByHand` asks for corners to drag where no page was found;
 * otherwise the corners placed by hand are dropped and the page is found again.
 */
export class PageCornersRequestedEvent extends Event {
  static readonly eventName = 'page-corners-requested';
  constructor(readonly placeByHand: boolean) {
    super(PageCornersRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when Copy is pressed: the app copies the shown image's polygons. */
export class PolygonsCopyRequestedEvent extends Event {
  static readonly eventName = 'polygons-copy-requested';
  constructor() {
    super(PolygonsCopyRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when PNG is pressed: the app saves the overlay at original size. */
export class PngExportRequestedEvent extends Event {
  static readonly eventName = 'png-export-requested';
  constructor() {
    super(PngExportRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** The bar above the viewer: file name, region count and stage timings, view toggles, image exports. */
@customElement('viewer-toolbar')
export class ViewerToolbar extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        padding: 6px 8px 6px 12px;
        min-height: 44px;
        box-sizing: border-box;
      }
      .title {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        max-width: 40%;
      }
      /* The timings wrap rather than being cut: every figure stays readable. */
      .meta {
        flex: 1 1 160px;
        min-width: 0;
        color: var(--ts-muted);
        font-variant-numeric: tabular-nums;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        white-space: nowrap;
      }
    `,
  ];

  /** Name of the image shown, or null when none is. */
  @property() fileName: string | null = null;
  /** Status word shown while the image has no result (pending, failed, …). */
  @property() status = '';
  /** The shown image's result, or null. */
  @property({ attribute: false }) result: ItemResult | null = null;
  /** Whether labels are drawn. */
  @property({ type: Boolean }) showLabels = false;
  /** Whether the heatmap is drawn. */
  @property({ type: Boolean }) showHeatmap = false;
  /** The straightened page is on screen instead of the photo (document photos only). */
  @property({ type: Boolean }) showPage = false;
  /** The page's corners may be placed or found again now (not while a batch runs). */
  @property({ type: Boolean }) pageEditable = false;

  override render() {
    const result = this.result;
    return html`
      ${
        this.fileName === null
          ? html`<span class="meta">No image selected</span>`
          : html`<span class="title" title=${this.fileName}>${this.fileName}</span>
            <span class="meta" data-testid="summary" title=${this.timingText()}>
              ${
                result
                  ? html`<span data-testid="region-count">${result.detections.length}</span>
                    regions · ${this.timingText()} · ${result.backend.toUpperCase()}${
                      result.readingOrientation
                        ? html` ·
                            <span
                              data-testid="reading-orientation"
                              title="How the text lay, turned upright before it was read"
                              >${readingOrientationText(result.readingOrientation)}</span
                            >`
                        : nothing
                    }`
                  : this.status
              }
            </span>`
      }
      <label>
        <input
          type="checkbox"
          data-testid="toggle-labels"
          .checked=${this.showLabels}
          @change=${(e: Event) =>
            this.dispatchEvent(new LabelsToggledEvent((e.target as HTMLInputElement).checked))}
        />Labels
      </label>
      ${
        result?.document && result.document.method !== null
          ? html`<div class="flip" role="radiogroup" aria-label="View">
              ${([false, true] as const).map(
                (page) => html`<label>
                  <input
                    type="radio"
                    name="page-view"
                    data-testid=${page ? 'view-page' : 'view-photo'}
                    .checked=${this.showPage === page}
                    @change=${() => this.dispatchEvent(new PageViewToggledEvent(page))}
                  />${page ? 'Page' : 'Photo'}
                </label>`,
              )}
            </div>`
          : nothing
      }
      ${this.pageCornersButton()}
      <label title="The model's text probability for every pixel, over the image">
        <input
          type="checkbox"
          data-testid="toggle-heatmap"
          .checked=${this.showHeatmap}
          ?disabled=${!result}
          @change=${(e: Event) =>
            this.dispatchEvent(new HeatmapToggledEvent((e.target as HTMLInputElement).checked))}
        />Heatmap
      </label>
      <button
        ?disabled=${!result}
        data-testid="copy-polygons"
        title="Copy this image's polygons (original pixels) as JSON"
        @click=${() => this.dispatchEvent(new PolygonsCopyRequestedEvent())}
      >
        Copy
      </button>
      <button
        ?disabled=${!result}
        data-testid="export-png"
        title="Save the image with its regions as PNG"
        @click=${() => this.dispatchEvent(new PngExportRequestedEvent())}
      >
        PNG
      </button>
    `;
  }

  /** With the document step on: "Find page" after corners were placed by hand, "Place page" when none was found. */
  private pageCornersButton() {
    const document = this.result?.document;
    if (!document || (document.method !== 'manual' && document.method !== null)) return nothing;
    const placeByHand = document.method === null;
    return html`<button
      data-testid=${placeByHand ? 'place-page' : 'find-page'}
      ?disabled=${!this.pageEditable}
      title=${
        placeByHand
          ? 'No page was found: put corners on the photo, then drag them onto the page'
          : 'Drop the corners placed by hand and find the page again'
      }
      @click=${() => this.dispatchEvent(new PageCornersRequestedEvent(placeByHand))}
    >
      ${placeByHand ? 'Place page' : 'Find page'}
    </button>`;
  }

  private timingText(): string {
    const timings = this.result?.timings;
    if (!timings) return '';
    const ms = (value: number) => value.toFixed(0);
    const steps = documentStepsText(timings);
    const reading =
      timings.recognitionMs === undefined ? '' : `, reading ${ms(timings.recognitionMs)}`;
    return `${ms(jobMs(timings))} ms (decode ${ms(timings.decodeMs)}, ${steps ? `${steps}, ` : ''}pre ${ms(timings.preprocessMs)}, inference ${ms(timings.inferenceMs)}, post ${ms(timings.postprocessMs)}${reading})`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'viewer-toolbar': ViewerToolbar;
  }
  interface HTMLElementEventMap {
    'labels-toggled': LabelsToggledEvent;
    'heatmap-toggled': HeatmapToggledEvent;
    'page-view-toggled': PageViewToggledEvent;
    'page-corners-requested': PageCornersRequestedEvent;
    'polygons-copy-requested': PolygonsCopyRequestedEvent;
    'png-export-requested': PngExportRequestedEvent;
  }
}
