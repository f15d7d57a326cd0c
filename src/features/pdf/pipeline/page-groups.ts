/**
 * A PDF's pages kept together in a list of stored results: the history lists results newest
 * first, which would show a PDF's pages last page first, and a PDF detected twice interleaved.
 * Pure: entries in, entries reordered out.
 */

/** What grouping reads of a stored result. */
export interface PagedEntry {
  /** `file.pdf#page=3` for a page, the file's name otherwise. */
  fileName: string;
  /** The PDF's content hash with `#page=N` for a page. */
  contentHash: string;
}

const PAGE_SUFFIX = /#page=(\d+)$/;

/** The page number of a stored PDF page, or null for an image. */
export function storedPageNumber(entry: PagedEntry): number | null {
  const match = PAGE_SUFFIX.exec(entry.fileName);
  return match ? Number(match[1]) : null;
}

function keyOf(entry: PagedEntry): string {
  return `${entry.contentHash.replace(PAGE_SUFFIX, '')}|${entry.fileName.replace(PAGE_SUFFIX, '')}`;
}

/** True when `entry` is a page of the same PDF as `previous` (it continues its group). */
export function continuesPdf(previous: PagedEntry | undefined, entry: PagedEntry): boolean {
  return (
    previous !== undefined &&
    storedPageNumber(previous) !== null &&
    storedPageNumber(entry) !== null &&
    keyOf(previous) === keyOf(entry)
  );
}

/**
 * The entries with each PDF's pages together, in page order, where its newest page was; images
 * and everything else keep their order. Pages belong together when they share the PDF's
 * content and name.
 */
export function groupPdfPages<T extends PagedEntry>(entries: readonly T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    if (storedPageNumber(entry) === null) continue;
    const key = keyOf(entry);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  if (groups.size === 0) return [...entries];
  const out: T[] = [];
  const placed = new Set<string>();
  for (const entry of entries) {
    if (storedPageNumber(entry) === null) {
      out.push(entry);
      continue;
    }
    const key = keyOf(entry);
    if (placed.has(key)) continue;
    placed.add(key);
    out.push(...groups.get(key)!.sort((a, b) => storedPageNumber(a)! - storedPageNumber(b)!));
  }
  return out;
}
