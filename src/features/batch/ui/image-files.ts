// Which files count as images when a folder is dropped or chosen, and which paths are hidden.
// Names only (no DOM), so they run in Node tests.

/**
 * Extensions of files we take from folders: images, and PDFs (one item per page). TIFF stays so
 * it gets a clear error.
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg',
  'jpeg',
  'png',
  'webp',
  'bmp',
  'gif',
  'avif',
  'tif',
  'tiff',
  'heic',
  'heif',
  'pdf',
]);

/** True when a file looks like an image (or a PDF) by MIME type (`image/*`) or by extension. */
export function looksLikeImage(name: string, mimeType: string): boolean {
  if (mimeType.startsWith('image/') || mimeType === 'application/pdf') return true;
  const dot = name.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** True when any segment of a `/`-separated path is hidden (starts with a dot: `.DS_Store`, `.git/x`). */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}
