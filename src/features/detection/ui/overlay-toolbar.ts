/**
 * The buttons in the overlay's corner: zoom in, zoom out, fit, and while the heatmap shows, its
 * opacity slider. Display only: each control calls back into the overlay.
 */
import { html, nothing } from 'lit';

/** What the toolbar shows and whom it calls. */
export interface OverlayToolbarOptions {
  /** The heatmap's opacity (0.1–1), or null while no heatmap shows (no slider then). */
  heatmapOpacity: number | null;
  setHeatmapOpacity(opacity: number): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
}

/** The toolbar's template; see the module comment. */
export function overlayToolbar(options: OverlayToolbarOptions) {
  const { heatmapOpacity } = options;
  return html`<div class="toolbar">
    ${
      heatmapOpacity === null
        ? nothing
        : html`<input
            type="range"
            class="opacity"
            data-testid="heatmap-opacity"
            min="0.1"
            max="1"
            step="0.05"
            title="Heatmap opacity"
            aria-label="Heatmap opacity"
            .value=${String(heatmapOpacity)}
            @input=${(event: Event) =>
              options.setHeatmapOpacity(Number((event.target as HTMLInputElement).value))}
          />`
    }
    <button type="button" title="Zoom in" aria-label="Zoom in" @click=${options.zoomIn}>+</button>
    <button type="button" title="Zoom out" aria-label="Zoom out" @click=${options.zoomOut}>−</button>
    <button type="button" title="Fit to view" aria-label="Fit to view" @click=${options.fit}>Fit</button>
  </div>`;
}
