import { ErrorName, namedError } from '../../../core/errors.js';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import type { Detection } from './detection.js';
import type { ProbabilityMap } from './output.js';
import { dbPostprocess } from './postprocess.js';
import type { MapToImage } from './preprocess.js';

/** A probability map as 8-bit levels (0–255), map-pixel space, named by the image it belongs to. */
export interface Heatmap {
  /** Id of the image the map belongs to. */
  mapId: string;
  pixels: Uint8Array;
  width: number;
  height: number;
  /** The part of the map that covers the image (letterboxed inputs leave padding), map px. */
  contentX: number;
  contentY: number;
  contentWidth: number;
  contentHeight: number;
}

/**
 * The probability map of the image on screen, kept under that image's id so re-processing and
 * the heatmap never reach another image's map (a batch job that ran in between replaces it).
 */
export class KeptMap {
  private kept: { id: string; map: ProbabilityMap; mapToImage: MapToImage } | null = null;

  /** Keeps `map` (with its transform to original-image pixels) for image `id`, dropping any other. */
  keep(id: string, map: ProbabilityMap, mapToImage: MapToImage): void {
    this.kept = { id, map, mapToImage };
  }

  /** Drops the kept map. */
  forget(): void {
    this.kept = null;
  }

  /**
   * Post-processes image `id`'s map again with `params`, polygons in original-image pixels.
   * Throws `MapMissingError` when no map, or another image's, is kept.
   */
  repostprocess(
    id: string,
    params: PostprocessParams,
  ): { detections: Detection[]; postprocessMs: number } {
    const kept = this.kept;
    if (kept?.id !== id) {
      throw namedError(
        ErrorName.MapMissing,
        kept ? 'the worker keeps another image’s map.' : 'the worker keeps no map.',
      );
    }
    const start = performance.now();
    const detections = dbPostprocess(kept.map, params, kept.mapToImage);
    return { detections, postprocessMs: performance.now() - start };
  }

  /** Image `id`'s map as grey levels, with the rectangle that covers the image; null when not kept. */
  heatmap(id: string): Heatmap | null {
    if (this.kept?.id !== id) return null;
    const { map, mapToImage } = this.kept;
    const pixels = new Uint8Array(map.width * map.height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(map.data[i]! * 255);
    return {
      mapId: id,
      pixels,
      width: map.width,
      height: map.height,
      contentX: mapToImage.offsetX,
      contentY: mapToImage.offsetY,
      contentWidth: mapToImage.imageWidth / mapToImage.scaleX,
      contentHeight: mapToImage.imageHeight / mapToImage.scaleY,
    };
  }
}
