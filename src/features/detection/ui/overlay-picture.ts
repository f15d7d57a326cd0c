/**
 * The overlay's picture layer: the image and its heatmap on a canvas of their own, under the
 * marks. A software canvas is rasterised on the main thread at commit, and resampling a photo
 * there cost ~13 ms a frame: the picture is drawn again only when the image, the heatmap, the
 * canvas size or the view changes, so a slider move or a hover redraws the marks alone.
 */

/** A canvas transform: a, b, c, d, e, f as `setTransform` takes them. */
export type Transform = [number, number, number, number, number, number];

/** Opacity of the coloured probability map over the image, until the person moves its slider. */
export const DEFAULT_HEATMAP_OPACITY = 0.75;

/** A coloured probability map to lay over the image, and the part of it that covers the image. */
export interface HeatmapImage {
  bitmap: CanvasImageSource;
  /** Rectangle of the map that covers the image (letterboxed inputs leave padding), map px. */
  contentX: number;
  contentY: number;
  contentWidth: number;
  contentHeight: number;
}

/**
 * What the picture shows: an image of `width` × `height` original px and its heatmap, if any, at
 * `heatmapOpacity` (0–1).
 */
export interface Picture {
  image: CanvasImageSource | null;
  heatmap: HeatmapImage | null;
  heatmapOpacity: number;
  width: number;
  height: number;
}

/** See the module comment. */
export class PictureLayer {
  /** What the canvas shows; it is drawn again only when one of these changes. */
  private drawn: { image: unknown; heatmap: unknown; view: string } | null = null;

  /** Forgets what the canvas showed (it was resized, which blanks it). */
  invalidate(): void {
    this.drawn = null;
  }

  /**
   * Draws `picture` on `canvas` with `transform` (device px per image px, then the pan), unless
   * the canvas shows just that already; a null transform clears it.
   */
  draw(canvas: HTMLCanvasElement, picture: Picture, transform: Transform | null): void {
    const context = canvas.getContext('2d');
    if (!context) return;
    const { image, heatmap, width, height, heatmapOpacity } = picture;
    const view = transform
      ? `${canvas.width}x${canvas.height} ${transform.join(' ')} ${heatmapOpacity}`
      : '';
    const last = this.drawn;
    if (last?.image === image && last.heatmap === heatmap && last.view === view) return;
    this.drawn = { image, heatmap, view };
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (!transform) return;
    context.setTransform(...transform);
    context.imageSmoothingQuality = 'high';
    if (image) context.drawImage(image, 0, 0, width, height);
    if (heatmap) {
      context.globalAlpha = heatmapOpacity;
      // A centred letterbox puts the image at an offset inside the map: only that part is drawn.
      const { bitmap, contentX, contentY, contentWidth, contentHeight } = heatmap;
      context.drawImage(
        bitmap,
        contentX,
        contentY,
        contentWidth,
        contentHeight,
        0,
        0,
        width,
        height,
      );
      context.globalAlpha = 1;
    }
  }
}
