/**
 * Searching the history by the text read in each result and by its receipt fields. It runs on the
 * summaries alone (they hold each result's text in reading order and its receipt fields), so no
 * thumbnail or polygon is loaded to search.
 */
import { parseAmountCents, parseDate } from '../../receipt/pipeline/fields.js';
import type { StoredSummary } from './stored-result.js';

/** Lower case with every run of whitespace as one space: "TOTAL  RM\n9.00" → "total rm 9.00". */
export function normalizeForSearch(text: string): string {
  return text.toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

/** "total > 50", "total <= 12.5", "total = 9.00": a comparison with the receipt's total. */
const TOTAL_QUERY = /^total\s*(<=|>=|<|>|=)\s*(?:rm|\$)?\s*(\d[\d,]*(?:\.\d+)?)$/i;

type Searchable = Pick<StoredSummary, 'fileName' | 'text' | 'receipt'>;

function totalMatches(summary: Searchable, operator: string, cents: number): boolean {
  const total = summary.receipt?.total ? parseAmountCents(summary.receipt.total) : null;
  if (total === null) return false;
  if (operator === '<') return total < cents;
  if (operator === '<=') return total <= cents;
  if (operator === '>') return total > cents;
  if (operator === '>=') return total >= cents;
  return total === cents;
}

/** What a summary is searched in: its text, file name, receipt fields and the receipt's calendar day. */
function haystack(summary: Searchable): string[] {
  const receipt = summary.receipt ?? {};
  const day = receipt.date ? parseDate(receipt.date) : null;
  return [summary.text ?? '', summary.fileName, ...Object.values(receipt), day ?? ''];
}

/**
 * The summaries whose text, file name or receipt fields contain `query` (case and runs of
 * whitespace ignored), or whose receipt total satisfies a `total > 50`-style query, in their
 * order; all of them for a blank query.
 */
export function searchSummaries<T extends Searchable>(
  summaries: readonly T[],
  query: string,
): readonly T[] {
  const wanted = normalizeForSearch(query);
  if (wanted === '') return summaries;
  const comparison = TOTAL_QUERY.exec(wanted);
  const cents = comparison ? parseAmountCents(comparison[2]!) : null;
  if (comparison && cents !== null) {
    return summaries.filter((summary) => totalMatches(summary, comparison[1]!, cents));
  }
  return summaries.filter((summary) =>
    haystack(summary).some((text) => normalizeForSearch(text).includes(wanted)),
  );
}

/** A piece of a result's text around the first match: `before`, the `match` itself, `after`. */
export interface SearchSnippet {
  before: string;
  match: string;
  after: string;
}

/** Characters of context kept on each side of a match in a snippet. */
const SNIPPET_CONTEXT = 32;

/**
 * Where `query` occurs in `text` (case and runs of whitespace ignored), with up to
 * {@link SNIPPET_CONTEXT} characters either side, an ellipsis where the text goes on; null when
 * it does not occur, the query is blank or a `total > 50` comparison.
 */
export function matchSnippet(text: string | undefined, query: string): SearchSnippet | null {
  const wanted = normalizeForSearch(query);
  if (!text || wanted === '' || TOTAL_QUERY.test(wanted)) return null;
  // The text with whitespace runs as single spaces; each of its characters keeps its case.
  const flat = text.replace(/\s+/g, ' ').trim();
  const at = flat.toLocaleLowerCase('en').indexOf(wanted);
  if (at < 0) return null;
  const end = at + wanted.length;
  const from = Math.max(0, at - SNIPPET_CONTEXT);
  const to = Math.min(flat.length, end + SNIPPET_CONTEXT);
  return {
    before: (from > 0 ? '…' : '') + flat.slice(from, at),
    match: flat.slice(at, end),
    after: flat.slice(end, to) + (to < flat.length ? '…' : ''),
  };
}
