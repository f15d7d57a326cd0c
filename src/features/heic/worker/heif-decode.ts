/**
 * HEIC/HEIF decoded by libheif (libheif-js, LGPL-3.0) where the browser cannot: Chromium and
 * Firefox. The library's WebAssembly is its own unmodified file beside the app (with its licence
 * in `licenses/`), fetched and compiled only when a file's bytes say HEIF and the browser's own
 * decoder refused it; Safari decodes HEIC itself and never loads it. The image comes out upright
 * (libheif applies the HEIF `irot`/`imir` transforms) as a BMP, which carries no EXIF, so no
 * orientation is applied twice.
 */
import { encodeBmp } from '../../../core/bmp.js';
import { ErrorName, namedError } from '../../../core/errors.js';
import { imageSizeProblem } from '../../../core/image-header.js';
import { HEIF_HEADER_BYTES, isHeif } from '../pipeline/heif-brand.js';

/** The parts of libheif-js this module uses. */
interface HeifImage {
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  display(
    target: { data: Uint8ClampedArray; width: number; height: number },
    done: (result: unknown) => void,
  ): void;
  free(): void;
}
/** libheif-js once its WebAssembly has been compiled. */
export interface LibHeif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
}

/** Decodes HEIF to RGBA, then to a BMP Blob; loads libheif on first use through `load`. */
export class HeifDecoder {
  private nativeDecodes: boolean | null = null;
  private lib: Promise<LibHeif> | null = null;

  constructor(private readonly load: () => Promise<LibHeif>) {}

  /**
   * `image` itself when it is not HEIF or the browser decodes HEIF (probed once, on the first
   * HEIF file); otherwise the image decoded by libheif, upright, as a BMP Blob.
   */
  async decodable(image: Blob): Promise<Blob> {
    const head = new Uint8Array(await image.slice(0, HEIF_HEADER_BYTES).arrayBuffer());
    if (!isHeif(head)) return image;
    if (this.nativeDecodes === null) this.nativeDecodes = await browserDecodes(image);
    if (this.nativeDecodes) return image;
    const { data, width, height } = await this.decode(image);
    return new Blob([encodeBmp({ data, width, height })], { type: 'image/bmp' });
  }

  /** RGBA pixels of the primary image of a HEIF file, upright. */
  async decode(image: Blob): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
    this.lib ??= this.load();
    const libheif = await this.lib.catch((error: unknown) => {
      this.lib = null;
      throw namedError(ErrorName.ImageDecode, 'The HEIC decoder could not be loaded.', error);
    });
    const images = new libheif.HeifDecoder().decode(new Uint8Array(await image.arrayBuffer()));
    const primary = images.find((candidate) => candidate.is_primary()) ?? images[0];
    try {
      if (!primary) {
        throw namedError(
          ErrorName.ImageDecode,
          `This HEIC/HEIF file is damaged or cut short: no image in it decodes (${image.size.toLocaleString('en')} bytes).`,
        );
      }
      const width = primary.get_width();
      const height = primary.get_height();
      const problem = imageSizeProblem(width, height);
      if (problem) throw namedError(ErrorName.ImageTooLarge, problem);
      const target = { data: new Uint8ClampedArray(width * height * 4), width, height };
      const decoded = await new Promise((resolve) => primary.display(target, resolve));
      if (!decoded) {
        throw namedError(
          ErrorName.ImageDecode,
          'This HEIC/HEIF file is damaged or cut short: its image data does not decode.',
        );
      }
      return target;
    } finally {
      for (const each of images) each.free();
    }
  }
}

/** Whether this browser decodes the HEIF file itself (Safari does). */
async function browserDecodes(image: Blob): Promise<boolean> {
  try {
    (await createImageBitmap(image)).close();
    return true;
  } catch {
    return false;
  }
}
