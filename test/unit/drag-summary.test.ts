import { describe, expect, it } from 'vitest';
import { dragSummary } from '../../src/features/batch/ui/drag-summary.js';

describe('dragSummary', () => {
  it('counts readable images and PDFs and names the other files by kind', () => {
    const summary = dragSummary(['image/jpeg', 'application/pdf', 'text/plain', '', 'image/heic']);
    expect(summary.title).toBe('Drop to add 2 images and 1 PDF');
    expect(summary.others).toContain('1 text file, 1 folder or other file');
  });

  it('says so when a drag holds no image or PDF at all, and counts TIFF apart from images', () => {
    const summary = dragSummary(['image/tiff', 'text/plain']);
    expect(summary.title).toBe('No images or PDFs in this drag');
    expect(summary.others).toContain('1 TIFF image, 1 text file');
  });

  it('names no others when every file is an image, and stays general when types are unknown', () => {
    expect(dragSummary(['image/webp'])).toEqual({ title: 'Drop to add 1 image', others: null });
    expect(dragSummary([])).toEqual({ title: 'Drop to add images', others: null });
  });
});
