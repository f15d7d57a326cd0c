/**
 * Searching the history by the text read in each result. It runs on the summaries alone (they
 * hold each result's text in reading order), so no thumbnail or polygon is loaded to search.
 */
import type { StoredSummary } from './stored-result.js';

/** Lower case with every run of whitespace as one space: "TOTAL  RM\n9.00" → "total rm 9.00". */
export function normalizeForSearch(text: string): string {
  return text.toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

/**
 * The summaries whose text or file name contains `query` (case and runs of whitespace ignored),
 * in their order; all of them for a blank query.
 */
export function searchSummaries<T extends Pick<StoredSummary, 'fileName' | 'text'>>(
  summaries: readonly T[],
  query: string,
): readonly T[] {
  const wanted = normalizeForSearch(query);
  if (wanted === '') return summaries;
  return summaries.filter(
    (summary) =>
      normalizeForSearch(summary.text ?? '').includes(wanted) ||
      normalizeForSearch(summary.fileName).includes(wanted),
  );
}
