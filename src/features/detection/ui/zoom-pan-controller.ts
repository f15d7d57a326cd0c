/** Smallest zoom, screen px per image px. */
export const MIN_ZOOM = 0.05;
/** Largest zoom, screen px per image px. */
export const MAX_ZOOM = 40;
/** Share of the view a fitted image fills along its tighter side (a thin margin around it). */
const FIT_SHARE = 0.98;
/** A fitted image narrower than this share of the view is fitted to the view's width instead. */
export const TALL_FIT_WIDTH_SHARE = 0.6;
/** How far a pointer may move, CSS px (|dx| + |dy|), before a press counts as a drag, not a click. */
const CLICK_SLOP_PX = 3;
/** How far an arrow key pans, CSS px. */
export const KEY_PAN_PX = 40;
/** Zoom factor of one step in (the + button and key). */
export const ZOOM_IN_STEP = 1.25;
/** Zoom factor of one step out (the − button and key). */
export const ZOOM_OUT_STEP = 0.8;

/**
 * Zoom and pan of an image in a view, for <polygon-overlay>: the transform between view
 * coordinates (CSS px from the view's top-left corner) and original-image pixels, fitting,
 * zooming about a point, panning by pointer drag and by keyboard. Holds no DOM; `changed` asks
 * the host to redraw.
 */
export class ZoomPanController {
  /** Screen px per image px. */
  zoom = 1;
  /** Where the image's top-left corner is in the view, CSS px. */
  panX = 0;
  panY = 0;
  /** False until the image has been fitted to the view (and again after `refit`). */
  fitted = false;

  private pan: { x: number; y: number; panX: number; panY: number; moved: boolean } | null = null;

  constructor(private readonly changed: () => void) {}

  /**
   * Fits the image (px) in the view (CSS px), centred. An image so tall that whole it would fill
   * less than {@link TALL_FIT_WIDTH_SHARE} of the view's width (a receipt) fills the width instead,
   * top first, and is panned down to read.
   */
  fit(viewWidth: number, viewHeight: number, imageWidth: number, imageHeight: number): void {
    const whole = Math.min(viewWidth / imageWidth, viewHeight / imageHeight) * FIT_SHARE;
    const tall = imageWidth * whole < viewWidth * TALL_FIT_WIDTH_SHARE;
    this.zoom = tall ? (viewWidth / imageWidth) * FIT_SHARE : whole;
    this.panX = (viewWidth - imageWidth * this.zoom) / 2;
    this.panY = tall ? this.panX : (viewHeight - imageHeight * this.zoom) / 2;
    this.fitted = true;
  }

  /** Asks for the image to be fitted again on the next draw. */
  refit(): void {
    this.fitted = false;
    this.changed();
  }

  /** Zooms by `factor` (clamped to the zoom range) keeping the view point (atX, atY) still. */
  zoomBy(factor: number, atX: number, atY: number): void {
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    const applied = zoom / this.zoom;
    this.panX = atX - (atX - this.panX) * applied;
    this.panY = atY - (atY - this.panY) * applied;
    this.zoom = zoom;
    this.changed();
  }

  /** The zoom factor of a wheel turn of `deltaY` (positive: away from the user, zooms out). */
  static wheelFactor(deltaY: number): number {
    return Math.exp(-deltaY * 0.0015);
  }

  /** A view point (CSS px) in original-image pixels. */
  toImage(viewX: number, viewY: number): [number, number] {
    return [(viewX - this.panX) / this.zoom, (viewY - this.panY) / this.zoom];
  }

  /** An original-image point in view coordinates, CSS px. */
  toView([x, y]: readonly [number, number]): [number, number] {
    return [this.panX + x * this.zoom, this.panY + y * this.zoom];
  }

  /** A press that may become a pan drag starts at (x, y), any CSS px space. */
  startPan(x: number, y: number): void {
    this.pan = { x, y, panX: this.panX, panY: this.panY, moved: false };
  }

  /** True while a press is held (a click or a pan drag). */
  get pressed(): boolean {
    return this.pan !== null;
  }

  /** True once the held press has moved far enough to be a drag. */
  get dragged(): boolean {
    return this.pan?.moved ?? false;
  }

  /** Follows the pointer while pressed; false when no press is held. */
  movePan(x: number, y: number): boolean {
    const pan = this.pan;
    if (!pan) return false;
    const dx = x - pan.x;
    const dy = y - pan.y;
    if (Math.abs(dx) + Math.abs(dy) > CLICK_SLOP_PX) pan.moved = true;
    this.panX = pan.panX + dx;
    this.panY = pan.panY + dy;
    this.changed();
    return true;
  }

  /** Ends the press; true when it was a click (held and not dragged), false otherwise. */
  endPan(): boolean {
    const pan = this.pan;
    this.pan = null;
    return pan !== null && !pan.moved;
  }

  /**
   * Applies a zoom or pan key (+ = − 0 and the arrows) in a view of the given size, CSS px;
   * false for any other key.
   */
  keyDown(key: string, viewWidth: number, viewHeight: number): boolean {
    const atX = viewWidth / 2;
    const atY = viewHeight / 2;
    const moves: Record<string, () => void> = {
      '+': () => this.zoomBy(ZOOM_IN_STEP, atX, atY),
      '=': () => this.zoomBy(ZOOM_IN_STEP, atX, atY),
      '-': () => this.zoomBy(ZOOM_OUT_STEP, atX, atY),
      '0': () => this.refit(),
      ArrowLeft: () => (this.panX += KEY_PAN_PX),
      ArrowRight: () => (this.panX -= KEY_PAN_PX),
      ArrowUp: () => (this.panY += KEY_PAN_PX),
      ArrowDown: () => (this.panY -= KEY_PAN_PX),
    };
    const move = moves[key];
    if (!move) return false;
    move();
    this.changed();
    return true;
  }
}
