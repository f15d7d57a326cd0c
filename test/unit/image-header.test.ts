import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageSizeProblem, readImageHeader, reducedSize } from '../../src/core/image-header.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

function bytes(...parts: (number[] | string)[]): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part,
    ),
  );
}
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

describe('readImageHeader', () => {
  it('reads a JPEG size, and swaps it for EXIF orientation 6', () => {
    expect(readImageHeader(fixture('ic15_img_2.jpg'))).toMatchObject({
      format: 'jpeg',
      width: 1280,
      height: 720,
      orientation: 1,
    });
    expect(readImageHeader(fixture('ic15_img_2-rotated.jpg'))).toMatchObject({
      storedWidth: 1280,
      storedHeight: 720,
      orientation: 6,
      width: 720,
      height: 1280,
    });
  });

  it('reads a 20000 × 20000 PNG from its first 24 bytes', () => {
    const png = bytes([0x89], 'PNG\r\n\x1a\n', u32be(13), 'IHDR', u32be(20_000), u32be(20_000));
    expect(readImageHeader(png)).toMatchObject({ format: 'png', width: 20_000, height: 20_000 });
  });

  it('reads GIF, BMP (bottom-up rows) and WebP (lossy, lossless, extended)', () => {
    expect(readImageHeader(bytes('GIF89a', u16le(300), u16le(200)))).toMatchObject({
      width: 300,
      height: 200,
    });
    const bmp = bytes('BM', new Array(12).fill(0), u32le(40), u32le(640), u32le(-480 >>> 0));
    expect(readImageHeader(bmp)).toMatchObject({ format: 'bmp', width: 640, height: 480 });
    const riff = (chunk: string, body: number[]) => bytes('RIFF', u32le(0), 'WEBP', chunk, body);
    const lossy = riff('VP8 ', [...new Array(10).fill(0), ...u16le(320), ...u16le(240)]);
    expect(readImageHeader(lossy)).toMatchObject({ width: 320, height: 240 });
    const lossless = riff('VP8L', [0, 0, 0, 0, 0x2f, ...u32le((319 | (239 << 14)) >>> 0)]);
    expect(readImageHeader(lossless)).toMatchObject({ width: 320, height: 240 });
    const extended = riff('VP8X', [0, 0, 0, 0, 0, 0, 0, 0, ...[0x3f, 0x1f, 0], ...[0xef, 0, 0]]);
    expect(readImageHeader(extended)).toMatchObject({ width: 8000, height: 240 });
  });

  it('reads an AVIF size from ispe, turned by irot', () => {
    const box = (type: string, body: number[]) => [
      ...u32be(8 + body.length),
      ...bytes(type),
      ...body,
    ];
    const ispe = box('ispe', [0, 0, 0, 0, ...u32be(4000), ...u32be(3000)]);
    const avif = (properties: number[]) =>
      Uint8Array.from([
        ...box('ftyp', [...bytes('avif'), 0, 0, 0, 0]),
        ...box('meta', [0, 0, 0, 0, ...box('iprp', box('ipco', properties))]),
      ]);
    expect(readImageHeader(avif(ispe))).toMatchObject({ width: 4000, height: 3000 });
    expect(readImageHeader(avif([...ispe, ...box('irot', [1])]))).toMatchObject({
      width: 3000,
      height: 4000,
    });
  });

  it('knows nothing of text, TIFF, a header cut short or an empty file', () => {
    expect(readImageHeader(bytes('this is a text file'))).toBeNull();
    expect(readImageHeader(bytes('II*\0\x08\0\0\0'))).toBeNull();
    expect(readImageHeader(fixture('sroie_019.jpg').slice(0, 40))).toBeNull();
    expect(readImageHeader(new Uint8Array(0))).toBeNull();
  });
});

describe('imageSizeProblem', () => {
  it('refuses over 100 MP and sides over 32,767 px, naming the size', () => {
    expect(imageSizeProblem(20_000, 20_000)).toMatch(/20,000 × 20,000 px is over the 100 MP limit/);
    expect(imageSizeProblem(50_000, 1)).toMatch(/50,000 × 1 px has a side over/);
    expect(imageSizeProblem(4032, 3024)).toBeNull();
  });
});

describe('reducedSize', () => {
  it('shrinks to the needed long side in the same aspect, and leaves smaller images alone', () => {
    expect(reducedSize(4032, 3024, 960)).toEqual({ width: 960, height: 720 });
    expect(reducedSize(800, 600, 960)).toBeNull();
  });
});
