/**
 * Writes a pdf-lib document out in pieces, so a long one never sits whole in memory. pdf-lib's
 * own `save()` serialises a context that holds every object (100 receipt photos: every JPEG)
 * into one buffer the size of the file. Here the caller hands over each object as soon as it is
 * final: it is written and dropped from the context. The rest (catalog, page tree, page
 * dictionaries, fonts) follow at the end, then the cross-reference table and the trailer, as
 * pdf-lib's `PDFWriter` frames them.
 */
import {
  copyStringIntoBuffer,
  type PDFContext,
  PDFCrossRefSection,
  PDFHeader,
  type PDFObject,
  type PDFRef,
  PDFTrailer,
  PDFTrailerDict,
} from 'pdf-lib';

/** See the module comment: `header()` first, `objects()` any number of times, `end()` last. */
export class PdfStreamWriter {
  /** Bytes handed out so far: the next chunk's offset in the file. */
  private offset = 0;
  /** Where each written object starts, by object number. */
  private readonly written = new Map<number, { ref: PDFRef; offset: number }>();

  constructor(private readonly context: PDFContext) {}

  /** The file's first bytes: `%PDF-1.7` and a binary comment. */
  header(): Uint8Array {
    const header = PDFHeader.forVersion(1, 7);
    const bytes = new Uint8Array(header.sizeInBytes() + 2);
    const at = header.copyBytesInto(bytes, 0);
    bytes[at] = 0x0a;
    bytes[at + 1] = 0x0a;
    return this.out(bytes);
  }

  /**
   * The objects of `refs` as bytes, removed from the context: they must be final (nothing may
   * change them afterwards). Refs already written or never assigned are skipped.
   */
  objects(refs: readonly PDFRef[]): Uint8Array {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (const ref of refs) {
      const object = this.context.lookup(ref);
      if (!object || this.written.has(ref.objectNumber)) continue;
      const bytes = objectBytes(ref, object);
      this.written.set(ref.objectNumber, { ref, offset: this.offset + size });
      chunks.push(bytes);
      size += bytes.length;
      this.context.delete(ref);
    }
    return this.out(concat(chunks, size));
  }

  /** Every object still in the context, then the cross-reference table and the trailer. */
  end(): Uint8Array {
    const rest = this.objects(this.context.enumerateIndirectObjects().map(([ref]) => ref));
    const xref = PDFCrossRefSection.create();
    for (const { ref, offset } of [...this.written.values()].sort(
      (a, b) => a.ref.objectNumber - b.ref.objectNumber,
    )) {
      xref.addEntry(ref, offset);
    }
    const xrefOffset = this.offset;
    const { trailerInfo } = this.context;
    const trailerDict = PDFTrailerDict.of(
      this.context.obj({
        Size: this.context.largestObjectNumber + 1,
        Root: trailerInfo.Root,
        Encrypt: trailerInfo.Encrypt,
        Info: trailerInfo.Info,
        ID: trailerInfo.ID,
      }),
    );
    const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
    const tail = new Uint8Array(
      xref.sizeInBytes() + 1 + trailerDict.sizeInBytes() + 2 + trailer.sizeInBytes(),
    );
    let at = xref.copyBytesInto(tail, 0);
    tail[at++] = 0x0a;
    at += trailerDict.copyBytesInto(tail, at);
    tail[at++] = 0x0a;
    tail[at++] = 0x0a;
    trailer.copyBytesInto(tail, at);
    return concat([rest, this.out(tail)], rest.length + tail.length);
  }

  private out(bytes: Uint8Array): Uint8Array {
    this.offset += bytes.length;
    return bytes;
  }
}

/** `n g obj`, the object, `endobj`: one indirect object as PDFWriter frames it. */
function objectBytes(ref: PDFRef, object: PDFObject): Uint8Array {
  const head = `${ref.objectNumber} ${ref.generationNumber} obj\n`;
  const foot = '\nendobj\n\n';
  const bytes = new Uint8Array(head.length + object.sizeInBytes() + foot.length);
  let at = copyStringIntoBuffer(head, bytes, 0);
  at += object.copyBytesInto(bytes, at);
  copyStringIntoBuffer(foot, bytes, at);
  return bytes;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
