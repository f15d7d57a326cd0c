import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { ErrorName } from '../../src/core/errors.js';
import { isHeif } from '../../src/features/heic/pipeline/heif-brand.js';
import { HeifDecoder, type LibHeif } from '../../src/features/heic/worker/heif-decode.js';

const require = createRequire(import.meta.url);
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** libheif-js's WebAssembly build in Node, its `.wasm` read from the package as the app serves it. */
async function loadNodeLibHeif(): Promise<LibHeif> {
  const factory = require('libheif-js/libheif-wasm/libheif.js') as (o: object) => unknown;
  const wasmBinary = readFileSync(require.resolve('libheif-js/libheif-wasm/libheif.wasm'));
  return new Promise((resolve, reject) => {
    const module = factory({
      wasmBinary,
      // Called during the factory call when the WebAssembly compiles synchronously (Node).
      onRuntimeInitialized: () => queueMicrotask(() => resolve(module as LibHeif)),
      onAbort: reject,
    });
  });
}

const ftyp = (major: string, ...compatible: string[]) =>
  new Uint8Array(
    Buffer.concat([
      Buffer.from([0, 0, 0, 16 + 4 * compatible.length]),
      Buffer.from(`ftyp${major}\0\0\0\0${compatible.join('')}`, 'latin1'),
    ]),
  );

describe('isHeif', () => {
  it('knows HEIC by its brands and leaves AVIF, which shares the container, to the browser', () => {
    expect(isHeif(ftyp('heic', 'mif1', 'heic'))).toBe(true);
    expect(isHeif(ftyp('mif1', 'heic'))).toBe(true);
    expect(isHeif(ftyp('avif', 'mif1', 'miaf'))).toBe(false);
    expect(isHeif(ftyp('mif1', 'avif'))).toBe(false);
    expect(isHeif(ftyp('isom', 'mp41'))).toBe(false);
    expect(isHeif(new Uint8Array(fixture('sroie_019.jpg').subarray(0, 64)))).toBe(false);
    expect(isHeif(new Uint8Array(fixture('documents/sroie_019.heic').subarray(0, 64)))).toBe(true);
  });
});

describe('HeifDecoder (libheif-js WebAssembly)', () => {
  it('decodes a HEIC to the pixels of the JPEG it was made from, at its size', async () => {
    const decoder = new HeifDecoder(loadNodeLibHeif);
    const heic = new Blob([fixture('documents/sroie_019.heic')]);
    const { data, width, height } = await decoder.decode(heic);
    const source = jpeg.decode(fixture('sroie_019.jpg'), { useTArray: true });
    expect([width, height]).toEqual([source.width, source.height]);
    let difference = 0;
    for (let i = 0; i < data.length; i += 4) difference += Math.abs(data[i]! - source.data[i]!);
    // HEVC at quality 90 against the JPEG it re-encodes: a few levels per pixel on average.
    expect(difference / (width * height)).toBeLessThan(6);
  });

  it('names a HEIC cut short, and the next file still decodes', async () => {
    const decoder = new HeifDecoder(loadNodeLibHeif);
    const whole = fixture('documents/sroie_019.heic');
    await expect(decoder.decode(new Blob([whole.subarray(0, 2000)]))).rejects.toMatchObject({
      name: ErrorName.ImageDecode,
      message: expect.stringMatching(/damaged or cut short/),
    });
    expect((await decoder.decode(new Blob([whole]))).width).toBe(447);
  });

  it('turns a HEIC by its HEIF transforms only, never again by its Exif orientation', async () => {
    // Exif orientation 6 (from the JPEG it was made from), no irot: decoded as stored.
    const decoder = new HeifDecoder(loadNodeLibHeif);
    const heic = new Blob([fixture('documents/ic15_img_2-exif-6.heic')]);
    const { width, height } = await decoder.decode(heic);
    expect([width, height]).toEqual([1280, 720]);
  });
});
