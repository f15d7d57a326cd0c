/** Image types shared by every pipeline: plain pixel buffers, no DOM. */

/** Source pixels: tightly packed RGBA rows, as `ImageData.data` holds them. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}
