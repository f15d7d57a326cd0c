/**
 * A PDF of JPEG pages, written by hand (the images embedded as they are, DCTDecode), for the
 * benchmarks: a 100-page scanned PDF without a PDF library or a Debian tool.
 */

/** One JPEG: its bytes, size and channel count, from its start-of-frame segment. */
interface JpegInfo {
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
}

function jpegInfo(bytes: Uint8Array): JpegInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 9 < bytes.length) {
    const marker = bytes[offset + 1]!;
    const length = view.getUint16(offset + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isSof) {
      return {
        bytes,
        height: view.getUint16(offset + 5),
        width: view.getUint16(offset + 7),
        components: bytes[offset + 9]!,
      };
    }
    offset += 2 + length;
  }
  throw new Error('not a JPEG with a frame header');
}

/**
 * A PDF whose page `i` shows `jpegs[i % jpegs.length]` at `dpi` (the app renders at 200 DPI, so
 * 200 gives pages at the images' own size). Each page has its own copy of its image, as a scan
 * would: no image is shared between pages.
 */
export function jpegPagesPdf(jpegs: readonly Uint8Array[], pages: number, dpi = 200): Uint8Array {
  const infos = jpegs.map(jpegInfo);
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (chunk: Uint8Array | string) => {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
  };
  const object = (number: number, body: () => void) => {
    offsets[number] = size;
    push(`${number} 0 obj\n`);
    body();
    push('\nendobj\n');
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const pageObject = (i: number) => 3 + i * 3;
  object(1, () => push('<< /Type /Catalog /Pages 2 0 R >>'));
  const kids = Array.from({ length: pages }, (_, i) => `${pageObject(i)} 0 R`).join(' ');
  object(2, () => push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`));
  for (let i = 0; i < pages; i++) {
    const image = infos[i % infos.length]!;
    const w = (image.width * 72) / dpi;
    const h = (image.height * 72) / dpi;
    const [page, content, xobject] = [pageObject(i), pageObject(i) + 1, pageObject(i) + 2];
    object(page, () =>
      push(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] ` +
          `/Resources << /XObject << /Im0 ${xobject} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
    const draw = `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`;
    object(content, () => push(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`));
    object(xobject, () => {
      const space = image.components === 1 ? '/DeviceGray' : '/DeviceRGB';
      push(
        `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} ` +
          `/ColorSpace ${space} /BitsPerComponent 8 /Filter /DCTDecode /Length ${image.bytes.length} >>\nstream\n`,
      );
      push(image.bytes);
      push('\nendstream');
    });
  }
  const count = 3 + pages * 3;
  const xref = size;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
