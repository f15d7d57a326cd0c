import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Polygon } from '../../../core/geometry/types.js';
import { drawMatches, type MatchOverlay } from '../../tuning/ui/draw-matches.js';
import type { Detection } from '../pipeline/detection.js';
import { drawDetections, drawLabels, REGION_STYLE, tracePolygon } from './draw-detections.js';
import { cornerNear, drawPageOutline, drawPinnedSplit, type PinnedLayer } from './draw-layers.js';
import { type Bounds, boundsOf, hitTest } from './hit-test.js';
import type { PlacedLabel } from './label-layout.js';
import {
  DEFAULT_HEATMAP_OPACITY,
  type HeatmapImage,
  PictureLayer,
  type Transform,
} from './overlay-picture.js';
import { overlayToolbar } from './overlay-toolbar.js';
import { polygonOverlayStyles } from './polygon-overlay.styles.js';
import { imageInView } from './visible-polygons.js';
import { ZOOM_IN_STEP, ZOOM_OUT_STEP, ZoomPanController } from './zoom-pan-controller.js';

/** Fired when the pointer moves onto or off a polygon; `index` is null off every polygon. */
export class PolygonHoveredEvent extends Event {
  static readonly eventName = 'polygon-hovered';
  constructor(readonly index: number | null) {
    super(PolygonHoveredEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when a polygon is clicked; `index` is null when the click hits no polygon. */
export class PolygonSelectedEvent extends Event {
  static readonly eventName = 'polygon-selected';
  constructor(readonly index: number | null) {
    super(PolygonSelectedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person has dragged a corner of the page outline; `quad` in original-image pixels. */
export class PageCornersChangedEvent extends Event {
  static readonly eventName = 'page-corners-changed';
  constructor(readonly quad: Polygon) {
    super(PageCornersChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** How close to a page corner a press grabs it, CSS px. */
const CORNER_GRAB_PX = 18;

/**
 * An image with its detected polygons drawn over it: outline plus translucent fill, optional
 * labels, a highlighted polygon, an optional probability heatmap, zoom and pan. Two canvases:
 * the picture (image and heatmap, overlay-picture.ts) below, redrawn only when it or the view
 * changes, and the marks above. All polygons go into one path, so thousands draw in a few
 * milliseconds.
 */
@customElement('polygon-overlay')
export class PolygonOverlay extends LitElement {
  static override styles = polygonOverlayStyles;

  /** The image to draw under the polygons (any resolution; it is stretched to the image size). */
  @property({ attribute: false }) image: CanvasImageSource | null = null;
  /** Original image width, px: the coordinate space of the polygons. */
  @property({ type: Number }) imageWidth = 0;
  /** Original image height, px. */
  @property({ type: Number }) imageHeight = 0;
  /** Regions to draw, polygons in original-image pixels. */
  @property({ attribute: false }) detections: readonly Detection[] = [];
  /** Index of the polygon highlighted from outside (table hover or selection), or null. */
  @property({ type: Number }) highlightedIndex: number | null = null;
  /** Indices of further polygons highlighted together (a receipt field's regions). */
  @property({ attribute: false }) highlightedIndices: readonly number[] = [];
  /** Draw each polygon's index and confidence. */
  @property({ type: Boolean }) showLabels = false;
  /** Tint the probability map over the image. */
  @property({ attribute: false }) heatmap: HeatmapImage | null = null;
  /** Opacity of the heatmap (0.1–1), set with the slider shown beside the zoom buttons with it. */
  @state() private heatmapOpacity = DEFAULT_HEATMAP_OPACITY;
  /** Ground truth and match classes: when set, regions are drawn by verdict (hit, false positive, missed, don't care). */
  @property({ attribute: false }) verdicts: MatchOverlay | null = null;
  /** Settings A's regions and verdicts: drawn left of `split`, the current ones (B) right of it. */
  @property({ attribute: false }) pinned: PinnedLayer | null = null;
  /** Where A gives way to B, as a share (0–1) of the image's width. */
  @property({ type: Number }) split = 0.5;
  /** Accessible description of the picture. */
  @property() label = 'Image with detected text regions';
  /** The found page's outline (4 corners, original-image pixels), drawn with handles; null: none. */
  @property({ attribute: false }) pageQuad: Polygon | null = null;
  /** The page's corners can be dragged; a drop fires `page-corners-changed`. */
  @property({ type: Boolean }) pageEditable = false;

  @query('canvas.marks') private canvas!: HTMLCanvasElement;
  @query('canvas.picture') private pictureCanvas!: HTMLCanvasElement;

  private readonly view = new ZoomPanController(() => this.scheduleDraw());
  private hoveredIndex: number | null = null;
  private bounds: Bounds[] = [];
  /** The page corner being dragged and the outline as it is being edited. */
  private cornerDrag: { index: number; quad: Polygon } | null = null;
  /** The outline as last dropped, shown until the re-processed result brings its own. */
  private droppedQuad: Polygon | null = null;
  /** The element's size, CSS px, as the resize observer last reported it; null before. */
  private size: { width: number; height: number } | null = null;
  private readonly resizeObserver = new ResizeObserver(([entry]) => {
    if (entry) this.size = { width: entry.contentRect.width, height: entry.contentRect.height };
    this.resizeCanvas();
  });
  private readonly picture = new PictureLayer();
  private frame = 0;

  /** The labels drawn last, boxes in original-image pixels (read by the e2e specs). */
  labels: PlacedLabel[] = [];

  /** Milliseconds the last full redraw took (read by the benchmark). */
  lastDrawMs = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
  }

  override render() {
    return html`
      <canvas class="picture" aria-hidden="true"></canvas>
      <canvas
        class="marks"
        role="img"
        aria-label=${this.label}
        tabindex="0"
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointerleave=${this.onPointerLeave}
        @wheel=${this.onWheel}
        @dblclick=${this.resetView}
        @keydown=${this.onKeyDown}
      ></canvas>
      ${overlayToolbar({
        heatmapOpacity: this.heatmap ? this.heatmapOpacity : null,
        setHeatmapOpacity: (opacity) => {
          this.heatmapOpacity = opacity;
        },
        zoomIn: () => this.zoomBy(ZOOM_IN_STEP),
        zoomOut: () => this.zoomBy(ZOOM_OUT_STEP),
        fit: this.resetView,
      })}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('detections'))
      this.bounds = this.detections.map((d) => boundsOf(d.imagePolygon));
    if (changed.has('imageWidth') || changed.has('imageHeight')) {
      this.view.fitted = false;
      // For layouts that size the viewer to the image (a phone). Set through the CSSOM: the CSP
      // refuses inline style attributes.
      const { imageWidth: width, imageHeight: height } = this;
      this.style.setProperty('--image-aspect', width && height ? `${width} / ${height}` : '4 / 3');
    }
    if (changed.has('pageQuad')) this.droppedQuad = null;
    this.resizeCanvas();
  }

  /**
   * Draws the marks now, synchronously, and the picture under them when it or the view changed;
   * returns the time it took, ms.
   */
  draw(): number {
    const start = performance.now();
    const canvas = this.canvas;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return 0;
    const dpr = window.devicePixelRatio || 1;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (!this.imageWidth || !this.imageHeight) {
      this.drawPicture(null);
      return 0;
    }
    const view = this.view;
    if (!view.fitted) {
      view.fit(this.box.width || 1, this.box.height || 1, this.imageWidth, this.imageHeight);
    }
    const scale = view.zoom * dpr;
    const transform: Transform = [scale, 0, 0, scale, view.panX * dpr, view.panY * dpr];
    this.drawPicture(transform);
    context.setTransform(...transform);

    const lineWidth = Math.max(1, REGION_STYLE.lineWidth / view.zoom);
    const shown = imageInView(view, this.box.width, this.box.height);
    if (this.verdicts)
      drawMatches(context, this.detections, this.verdicts, lineWidth, view.zoom, shown);
    else drawDetections(context, this.detections, { ...REGION_STYLE, lineWidth });
    if (this.pinned) {
      const { imageWidth, imageHeight, split } = this;
      drawPinnedSplit(context, this.pinned, imageWidth, imageHeight, split, lineWidth, view.zoom);
    }

    for (const index of new Set([
      this.highlightedIndex,
      this.hoveredIndex,
      ...this.highlightedIndices,
    ])) {
      const detection = index === null ? undefined : this.detections[index];
      if (!detection) continue;
      const path = new Path2D();
      tracePolygon(path, detection.imagePolygon);
      context.fillStyle = 'rgba(249, 115, 22, 0.35)';
      context.fill(path);
      context.strokeStyle = '#ea580c';
      context.lineWidth = lineWidth * 2;
      context.stroke(path);
      // The words of the line picked from outside (the table), each outlined where it was read.
      if (index === this.highlightedIndex && detection.words) {
        const words = new Path2D();
        for (const word of detection.words) tracePolygon(words, word.points);
        context.strokeStyle = '#1d4ed8';
        context.lineWidth = lineWidth;
        context.stroke(words);
      }
    }

    const focus = this.hoveredIndex ?? this.highlightedIndex;
    this.labels = this.showLabels
      ? drawLabels(context, this.detections, 12 / view.zoom, focus)
      : [];
    const quad = this.cornerDrag?.quad ?? this.droppedQuad ?? this.pageQuad;
    if (quad?.length === 4) drawPageOutline(context, quad, lineWidth, view.zoom, this.pageEditable);
    this.lastDrawMs = performance.now() - start;
    return this.lastDrawMs;
  }

  /** Draws the image and heatmap with `transform`, unless they are drawn so already; null clears. */
  private drawPicture(transform: Transform | null): void {
    const { image, heatmap, heatmapOpacity, imageWidth: width, imageHeight: height } = this;
    if (this.pictureCanvas) {
      const picture = { image, heatmap, heatmapOpacity, width, height };
      this.picture.draw(this.pictureCanvas, picture, transform);
    }
  }

  private cornerAt(event: PointerEvent): number | null {
    if (!this.pageEditable || this.pageQuad?.length !== 4) return null;
    return cornerNear(this.pageQuad, this.toImage(event), CORNER_GRAB_PX / this.view.zoom);
  }

  /** Where a point in original-image pixels currently is on screen, in client (CSS) pixels. */
  toClient([x, y]: readonly [number, number]): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    const [viewX, viewY] = this.view.toView([x, y]);
    return [rect.left + viewX, rect.top + viewY];
  }

  /** Returns to the whole image fitted in view. */
  resetView = (): void => {
    this.view.refit();
  };

  /**
   * Width and height, CSS px: the resize observer's last report, so a redraw after a property
   * change does not force a layout (a slider move re-renders half the page first); read from
   * layout only before the first report.
   */
  private get box(): { width: number; height: number } {
    return this.size ?? { width: this.clientWidth, height: this.clientHeight };
  }

  private resizeCanvas(): void {
    const canvas = this.canvas;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.box.width * dpr));
    const height = Math.max(1, Math.round(this.box.height * dpr));
    if (canvas.width !== width || canvas.height !== height) {
      for (const layer of [canvas, this.pictureCanvas]) {
        layer.width = width;
        layer.height = height;
      }
      this.picture.invalidate(); // a resized canvas is blank
      this.view.fitted = false;
      cancelAnimationFrame(this.frame); // blank once resized: draw now, not a frame later
      this.draw();
      return;
    }
    // Several property changes in one frame (regions, then verdicts) draw once, before paint.
    this.scheduleDraw();
  }

  private scheduleDraw(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  private zoomBy(factor: number): void {
    this.view.zoomBy(factor, this.box.width / 2, this.box.height / 2);
  }

  private toImage(event: PointerEvent | WheelEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return this.view.toImage(event.clientX - rect.left, event.clientY - rect.top);
  }

  private hitTest(x: number, y: number): number | null {
    return hitTest(this.detections, this.bounds, x, y);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.canvas.getBoundingClientRect();
    this.view.zoomBy(
      ZoomPanController.wheelFactor(event.deltaY),
      event.clientX - rect.left,
      event.clientY - rect.top,
    );
  }

  private onPointerDown(event: PointerEvent): void {
    this.canvas.setPointerCapture(event.pointerId);
    const corner = this.cornerAt(event);
    if (corner !== null && this.pageQuad) {
      this.cornerDrag = { index: corner, quad: this.pageQuad.map(([x, y]) => [x, y]) };
      return;
    }
    this.view.startPan(event.clientX, event.clientY);
  }

  private onPointerMove(event: PointerEvent): void {
    if (this.cornerDrag) {
      const [x, y] = this.toImage(event);
      this.cornerDrag.quad[this.cornerDrag.index] = [
        Math.min(Math.max(x, 0), this.imageWidth),
        Math.min(Math.max(y, 0), this.imageHeight),
      ];
      this.scheduleDraw();
      return;
    }
    if (this.view.movePan(event.clientX, event.clientY)) {
      if (this.view.dragged) this.canvas.classList.add('dragging');
      return;
    }
    const [x, y] = this.toImage(event);
    const index = this.hitTest(x, y);
    if (index !== this.hoveredIndex) {
      this.hoveredIndex = index;
      this.dispatchEvent(new PolygonHoveredEvent(index));
      this.scheduleDraw();
    }
  }

  private onPointerUp(event: PointerEvent): void {
    const corners = this.cornerDrag;
    if (corners) {
      this.cornerDrag = null;
      this.droppedQuad = corners.quad;
      this.dispatchEvent(new PageCornersChangedEvent(corners.quad));
      return;
    }
    const click = this.view.endPan();
    this.canvas.classList.remove('dragging');
    if (click) {
      const [x, y] = this.toImage(event);
      this.dispatchEvent(new PolygonSelectedEvent(this.hitTest(x, y)));
    }
  }

  private onPointerLeave(): void {
    if (this.hoveredIndex !== null) {
      this.hoveredIndex = null;
      this.dispatchEvent(new PolygonHoveredEvent(null));
      this.scheduleDraw();
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.view.keyDown(event.key, this.box.width, this.box.height)) event.preventDefault();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'polygon-overlay': PolygonOverlay;
  }
  interface HTMLElementEventMap {
    'polygon-hovered': PolygonHoveredEvent;
    'polygon-selected': PolygonSelectedEvent;
    'page-corners-changed': PageCornersChangedEvent;
  }
}
