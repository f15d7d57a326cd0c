/**
 * The receipt's total: the amount right of a TOTAL-like label on its line, or just below it; the
 * rounded or grand total before a plain one, never a subtotal, tax, cash or change, unless the
 * receipt prints nothing else.
 */
import { type FoundField, parseAmountCents } from './fields.js';
import { meanTextScore, type ReceiptLine, type ReceiptRegion } from './receipt-lines.js';

/** An amount with two decimals, optionally with a currency before it and thousands separators. */
const AMOUNT =
  /(?<![\d.])(?:(RM|MYR|S\$|\$|USD)\.?\s*)?(-?\d{1,3}(?:,\d{3})+\.\d{2}|-?\d+\s?\.\s?\d{2}|-?\.\d{2})(?![\d%]|\.\d)/g;

/** Labels of the amount paid, strongest (lowest rank) first; a region takes the first that matches. */
const TOTAL_LABELS: readonly { pattern: RegExp; rank: number }[] = [
  { pattern: /ROUNDED ?(NETT? )?TOTAL|TOTAL ?\(?ROUNDED|ROUNDING ?TOTAL/, rank: 0 },
  {
    pattern:
      /GRAND ?TOTAL|NETT? ?TOTAL|TOTAL ?(AMOUNT ?)?(PAYABLE|DUE)|AMOUNT ?(PAYABLE|DUE)|^DUE\b|AMT PAID INCL|TOTAL ?\(?(INCL|INC\b|INCLUSIVE|WITH ?GST|AFTER)|TOTAL SALES ?\(?INCL/,
    rank: 1,
  },
  { pattern: /TOTAL|JUMLAH|NET ?AMOUNT|TOTAL ?AMT|^AMOUNT\b/, rank: 2 },
  // A rounded amount under its own label only snaps a total found by the labels above.
  { pattern: /^ROUNDING\b(?! ?ADJ)/, rank: 3 },
  { pattern: /SUB[ -]?TOTAL/, rank: 4 },
];
/** TOTAL-like labels of something other than the amount paid. */
const NOT_TOTAL =
  /TOTAL ?(QTY|QUANTITY|ITEMS?\b|NO\b|DISC|SAVING|GST|TAX|EXCL|EXC\b|EXCLUDING|BEFORE|PCS|UNIT|POINT|WEIGHT|SV\b|GV\b|INCLUDED GST)|TOTAL ?-? ?EXCL|TOTAL SALES ?\(?EXCL|^GST|GST ?(PAYABLE|AMOUNT)|TAX ?TOTAL|ITEMS? TOTAL|\bQTY\b|^\(/;
/** A line after which every total belongs to a tax table, not the receipt. */
const TAX_TABLE = /GST ?(SUMMARY|ANALYSIS)|TAX ?SUMMARY|SUMMARY/;

/** Confidence per label rank (rounded, grand or inclusive total, plain total, rounding, subtotal). */
const RANK_CONFIDENCE = [0.95, 0.9, 0.8, 0.8, 0.5];
/** Ranks that can be the total on their own (rounding lines only snap one). */
const SUBTOTAL_RANK = 4;
const ROUNDING_RANK = 3;
const FALLBACK_CONFIDENCE = 0.4;
/** A cash rounding moves a total by at most this many cents (to the nearest 5 sen). */
const ROUNDING_CENTS = 4;

interface Amount {
  printed: string;
  cents: number;
  currency: string | null;
  region: number;
}

interface Candidate {
  amount: Amount;
  rank: number;
  labelRegion: number;
}

function amountsIn(regionIndex: number, text: string): Amount[] {
  const found: Amount[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const printed = match[2]!.replace(/\s/g, '').replace(/^(-?)\./, '$10.');
    const cents = parseAmountCents(printed);
    if (cents === null) continue;
    found.push({ printed, cents, currency: match[1] ?? null, region: regionIndex });
  }
  return found;
}

function labelOf(text: string): { pattern: RegExp; rank: number } | undefined {
  if (NOT_TOTAL.test(text)) return undefined;
  const subtotal = TOTAL_LABELS[TOTAL_LABELS.length - 1]!;
  if (subtotal.pattern.test(text)) return subtotal;
  return TOTAL_LABELS.find(({ pattern }) => pattern.test(text));
}

/** The first amount right of the label in `regionIndex`: in its own text or the next regions. */
function amountRightOf(
  line: ReceiptLine,
  position: number,
  label: RegExp,
  regions: readonly ReceiptRegion[],
): Amount | undefined {
  const regionIndex = line.regions[position]!;
  const text = regions[regionIndex]!.text.toUpperCase();
  const match = label.exec(text);
  const own = amountsIn(regionIndex, match ? text.slice(match.index + match[0].length) : text);
  if (own.length > 0) return own[own.length - 1];
  for (const next of line.regions.slice(position + 1)) {
    const nextText = regions[next]!.text.toUpperCase();
    if (/[A-Z]{4,}/.test(nextText.replace(/RM|MYR/g, ''))) return undefined;
    const found = amountsIn(next, nextText);
    if (found.length > 0) return found[0];
  }
  return undefined;
}

function candidatesOf(
  lines: readonly ReceiptLine[],
  regions: readonly ReceiptRegion[],
): Candidate[] {
  const candidates: Candidate[] = [];
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    if (TAX_TABLE.test(line.text)) break;
    line.regions.forEach((regionIndex, position) => {
      const label = labelOf(regions[regionIndex]!.text.toUpperCase().trim());
      if (!label) return;
      let amount = amountRightOf(line, position, label.pattern, regions);
      const below = lines[lineIndex + 1];
      // The amount printed under the label, when the line below carries no words of its own.
      if (!amount && below && !/[A-Z]{3,}/.test(below.text.replace(/RM|MYR/g, ''))) {
        amount = below.regions.flatMap((index) => amountsIn(index, regions[index]!.text))[0];
      }
      if (amount) candidates.push({ amount, rank: label.rank, labelRegion: regionIndex });
    });
  }
  return candidates;
}

/** The receipt's total as printed (no currency), its currency when printed, or null. */
export function findTotal(
  lines: readonly ReceiptLine[],
  regions: readonly ReceiptRegion[],
): (FoundField & { currency: string | null }) | null {
  const candidates = candidatesOf(lines, regions).filter((c) => c.amount.cents > 0);
  const totals = candidates.filter((c) => c.rank < ROUNDING_RANK);
  const pool = totals.length > 0 ? totals : candidates.filter((c) => c.rank === SUBTOTAL_RANK);
  if (pool.length === 0) return fallbackTotal(lines, regions);
  // The strongest label; among equals the largest amount.
  pool.sort((a, b) => a.rank - b.rank || b.amount.cents - a.amount.cents);
  let best = pool[0]!;
  // A total before cash rounding gives way to the rounded amount printed with it.
  if (best.amount.cents % 5 !== 0) {
    const rounded = candidates.find(
      (c) =>
        c.amount.cents % 5 === 0 && Math.abs(c.amount.cents - best.amount.cents) <= ROUNDING_CENTS,
    );
    if (rounded) best = { ...rounded, rank: Math.min(rounded.rank, best.rank) };
  }
  const { amount, rank, labelRegion } = best;
  return {
    value: amount.printed,
    currency: amount.currency,
    regions: [...new Set([labelRegion, amount.region])],
    confidence: RANK_CONFIDENCE[rank]! * meanTextScore(regions, [amount.region]),
  };
}

/** Without a label: the largest amount printed at least twice (the total and what was paid). */
function fallbackTotal(
  lines: readonly ReceiptLine[],
  regions: readonly ReceiptRegion[],
): (FoundField & { currency: string | null }) | null {
  const all = lines.flatMap((line) =>
    line.regions.flatMap((index) => amountsIn(index, regions[index]!.text.toUpperCase())),
  );
  const counts = new Map<number, number>();
  for (const amount of all) counts.set(amount.cents, (counts.get(amount.cents) ?? 0) + 1);
  const repeated = all.filter((amount) => (counts.get(amount.cents) ?? 0) >= 2 && amount.cents > 0);
  repeated.sort((a, b) => b.cents - a.cents);
  const amount = repeated[0];
  if (!amount) return null;
  return {
    value: amount.printed,
    currency: amount.currency,
    regions: [amount.region],
    confidence: FALLBACK_CONFIDENCE * meanTextScore(regions, [amount.region]),
  };
}
