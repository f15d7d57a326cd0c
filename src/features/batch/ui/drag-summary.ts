// What the drop overlay says about a drag in progress. A drag shows only each file's MIME type
// (names come with the drop), so files are told apart by type. No DOM: runs in Node tests.

/** Image types a browser decodes; other `image/*` types (TIFF, HEIC) would only get an error row. */
const READABLE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/bmp',
  'image/gif',
  'image/avif',
]);

/** Names people use for the types most often dragged by mistake. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/tiff': 'TIFF image',
  'image/heic': 'HEIC photo',
  'image/heif': 'HEIF photo',
  'text/plain': 'text file',
  'application/json': 'JSON file',
  'text/csv': 'CSV file',
  'application/zip': 'ZIP archive',
};

/** The overlay's headline and, when some files are not readable images, a line naming them. */
export interface DragSummary {
  /** "Drop to add 2 images". */
  title: string;
  /** "Not images: 1 PDF, 1 text file. …" — or null when every file is an image. */
  others: string | null;
}

/**
 * Summarises the MIME types of a drag's files (`[]` when the browser does not tell). A file of no
 * type may be a folder, a label file or anything else: it is counted apart, not as an image.
 */
export function dragSummary(types: readonly string[]): DragSummary {
  if (types.length === 0) return { title: 'Drop to add images', others: null };
  const images = types.filter((type) => READABLE_IMAGE_TYPES.has(type)).length;
  const kinds = new Map<string, number>();
  for (const type of types) {
    if (READABLE_IMAGE_TYPES.has(type)) continue;
    const kind = KIND_NAMES[type] ?? (type === '' ? 'folder or other file' : `${type} file`);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const title =
    images > 0 ? `Drop to add ${images} image${images === 1 ? '' : 's'}` : 'No images in this drag';
  const others =
    kinds.size === 0
      ? null
      : `Not images: ${[...kinds]
          .map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`)
          .join(', ')}. Label files go to Ground truth; anything else gets a row saying why.`;
  return { title, others };
}
