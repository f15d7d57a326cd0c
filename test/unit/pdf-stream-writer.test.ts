import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfStreamWriter } from '../../src/features/export/pipeline/pdf-stream-writer.js';

function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Three pages, each with a 64 kB stream written out (and dropped) as soon as its page is drawn. */
async function streamedPdf(): Promise<{ bytes: Uint8Array; heldAfterEachPage: number[] }> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const writer = new PdfStreamWriter(pdf.context);
  const chunks = [writer.header()];
  const heldAfterEachPage: number[] = [];
  for (let n = 1; n <= 3; n++) {
    const page = pdf.addPage([200, 100]);
    const blob = pdf.context.register(
      pdf.context.stream(new Uint8Array(65_536).fill(n), { Type: 'EmbeddedFile' }),
    );
    page.node.set(PDFName.of('PieceInfo'), blob);
    page.drawText(`page ${n}`, { x: 10, y: 50, size: 12, font });
    const contents = page.node.Contents();
    const refs = [blob, ...pdf.context.enumerateIndirectObjects().map(([ref]) => ref)].filter(
      (ref) => ref === blob || pdf.context.lookup(ref) === contents,
    );
    chunks.push(writer.objects(refs));
    heldAfterEachPage.push(
      pdf.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFRawStream)
        .length,
    );
  }
  await font.embed();
  chunks.push(writer.end());
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { bytes, heldAfterEachPage };
}

const qpdf = hasQpdf();
if (!qpdf && process.env.CI) throw new Error('qpdf is missing in CI');

describe('PdfStreamWriter', () => {
  it('drops each object from the document once it is written', async () => {
    const { heldAfterEachPage } = await streamedPdf();
    // No raw stream (the 64 kB blobs) stays behind after its page.
    expect(heldAfterEachPage).toEqual([0, 0, 0]);
  });

  it('writes a file pdf-lib reads back whole: every page, its text and its streams', async () => {
    const { bytes } = await streamedPdf();
    const back = await PDFDocument.load(bytes);
    expect(back.getPageCount()).toBe(3);
    const sizes = back.getPages().map((page) => {
      const stream = page.node.lookup(PDFName.of('PieceInfo'));
      if (!(stream instanceof PDFRawStream)) throw new Error('no stream on the page');
      return [stream.contents.length, stream.contents[0]];
    });
    expect(sizes).toEqual([
      [65_536, 1],
      [65_536, 2],
      [65_536, 3],
    ]);
  });

  it.skipIf(!qpdf)('writes a cross-reference table qpdf finds no fault in', async () => {
    const { bytes } = await streamedPdf();
    const folder = mkdtempSync(join(tmpdir(), 'textspot-stream-'));
    try {
      const path = join(folder, 'streamed.pdf');
      writeFileSync(path, bytes);
      const report = execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
      expect(report).toContain('No syntax or stream encoding errors found');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
