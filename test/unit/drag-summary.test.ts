import { describe, expect, it } from 'vitest';
import { dragSummary } from '../../src/features/batch/ui/drag-summary.js';

describe('dragSummary', () => {
  it('counts only readable images and names the other files by kind', () => {
    const summary = dragSummary(['image/jpeg', 'application/pdf', 'text/plain', '', 'image/png']);
    expect(summary.title).toBe('Drop to add 2 images');
    expect(summary.others).toContain('1 PDF, 1 text file, 1 folder or other file');
  });

  it('says so when a drag holds no image at all, and counts TIFF apart from images', () => {
    const summary = dragSummary(['application/pdf', 'image/tiff']);
    expect(summary.title).toBe('No images in this drag');
    expect(summary.others).toContain('1 PDF, 1 TIFF image');
  });

  it('names no others when every file is an image, and stays general when types are unknown', () => {
    expect(dragSummary(['image/webp'])).toEqual({ title: 'Drop to add 1 image', others: null });
    expect(dragSummary([])).toEqual({ title: 'Drop to add images', others: null });
  });
});
