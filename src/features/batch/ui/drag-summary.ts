// What the drop overlay says about a drag in progress. A drag shows only each file's MIME type
// (names come with the drop), so files are told apart by type. No DOM: runs in Node tests.

/**
 * Image types the app reads: what browsers decode, and HEIC/HEIF (decoded by libheif where the
 * browser cannot). Other `image/*` types (TIFF) would only get an error row.
 */
const READABLE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/bmp',
  'image/gif',
  'image/avif',
  'image/heic',
  'image/heif',
]);

/** A PDF: each of its pages becomes an item. */
const PDF_TYPE = 'application/pdf';

/** Names people use for the types most often dragged by mistake. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  'image/tiff': 'TIFF image',
  'text/plain': 'text file',
  'application/json': 'JSON file',
  'text/csv': 'CSV file',
  'application/zip': 'ZIP archive',
};

/** The overlay's headline and, when some files are not readable images, a line naming them. */
export interface DragSummary {
  /** "Drop to add 2 images and 1 PDF". */
  title: string;
  /** "Not images or PDFs: 1 TIFF image, 1 text file. …" — or null when every file is one. */
  others: string | null;
}

/**
 * Summarises the MIME types of a drag's files (`[]` when the browser does not tell). A file of no
 * type may be a folder, a label file or anything else: it is counted apart, not as an image.
 */
export function dragSummary(types: readonly string[]): DragSummary {
  if (types.length === 0) return { title: 'Drop to add images', others: null };
  const images = types.filter((type) => READABLE_IMAGE_TYPES.has(type)).length;
  const pdfs = types.filter((type) => type === PDF_TYPE).length;
  const kinds = new Map<string, number>();
  for (const type of types) {
    if (READABLE_IMAGE_TYPES.has(type) || type === PDF_TYPE) continue;
    const kind = KIND_NAMES[type] ?? (type === '' ? 'folder or other file' : `${type} file`);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const added = [
    ...(images > 0 ? [`${images} image${images === 1 ? '' : 's'}`] : []),
    ...(pdfs > 0 ? [`${pdfs} PDF${pdfs === 1 ? '' : 's'}`] : []),
  ];
  const title =
    added.length > 0 ? `Drop to add ${added.join(' and ')}` : 'No images or PDFs in this drag';
  const others =
    kinds.size === 0
      ? null
      : `Not images or PDFs: ${[...kinds]
          .map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`)
          .join(', ')}. Label files go to Ground truth; anything else gets a row saying why.`;
  return { title, others };
}
