/**
 * The company and its address from the head of a receipt: the company is the first line near the
 * top that names a legal form (`SDN BHD`, `S/B`, …), or else the first line of words of the head;
 * the address is the block under it down to the first TEL/GST/INVOICE-like line.
 */
import type { FoundField } from './fields.js';
import { hasDate } from './find-date.js';
import { meanTextScore, type ReceiptLine, type ReceiptRegion } from './receipt-lines.js';

/** The head of a receipt ends at the first line of this kind; company and address are above it. */
const HEAD_END =
  /\bTEL\b|\bTELEPHONE|\bFAX\b|\bPHONE|\bMOBILE|WHATSAPP|\bH\/?P\b|\bGST|INVOICE|RECEIPT|\bDATE\b|CASHIER|\bBILL\b|E-?MAIL|\S@\S+\.|WWW\.|HTTP|\bDOC(UMENT)?\b|\bTABLE\b|\bORDER\b|\bSLIP\b|\bCHECK\b|\bTERMINAL|\bPOS\b|\bSST\b|HOURS|\bOPEN\b|SERVED BY|\bSITE\b|\bSTORE ?(NO|ID)|^\W*\(?0\d{1,2}\)? ?- ?\d{3,4} ?\d{3,4}\b/;
/** Lines between the company and its address that only register it: skipped, not an end. */
const REGISTRATION_LINE =
  /^\W*(\(?(CO([MN]PANY)?\.?|ROC|GST|BRN|BUSINESS)\b|REG(ISTRATION)?\b|SITE\b|STORE\b|OUTLET\b|BRANCH\b|FORMERLY|LICENSEE|OPERATED|OWNED)/;
/** How many lines from the top the company is looked for. */
const HEAD_MAX_LINES = 15;
/** A company's registration number, printed after its name or on a line of its own. */
const REGISTRATION =
  /\(?\b(CO([MN]PANY)?[.\- ]? ?(R[EF]G(ISTRATION)?\.? ?)?NO|CO([MN]PANY)?[.\- ]? ?R[EF]G|ROC|REG(ISTRATION)?\.? ?NO)\b.*$|\(?\b[A-Z]{0,3}\d{5,}[- ]?[A-Z]\b\)?|\(\s*[A-Z]{0,3}\d{4,}[-\dA-Z ]*\)/g;
/** Names that say what kind of business: a legal form, or a trade. */
const LEGAL_FORM = /[S5]DN\.? ?BHD|\bS\/B\b|\bBHD\b|BERHAD|\bSDN\b|\bPLT\b|\bLTD\b/;
const TRADE =
  /ENTERPRISE|TRADING|RESTAURANT|RESTORAN|\bSTORES?\b|\bSHOP\b|\bMART\b|HARDWARE|STATIONERY|\bBOOKS?\b|PHARMACY|\bCAFE\b|BAKERY|KEDAI|MARKET|\bCO\b|COMPANY|\bHOUSE\b|CENT(RE|ER)|\bSUPPLIES\b|\bHOLDINGS\b|\bGROUP\b|\bINDUSTR/;
/** A short line that finishes the name above it ("TRADING", "CO", "& ELECTRICAL"). */
const NAME_CONTINUES = new RegExp(`^(&|\\(|${TRADE.source}|${LEGAL_FORM.source})`);
/** Words that end a business name and never start one: a line opening with one continues the line above. */
const NAME_ENDING_FIRST =
  /^(CO\b|COMPANY|SDN|BHD|S\/B|\(M\)|&|ENTERPRISE|TRADING|HARDWARE|HOLDINGS|INDUSTRIES|MARKETING|SUPPLIES)/;
/** A company's name spans at most this many lines. */
const MAX_NAME_LINES = 3;
/** Lines near the top that are never the company. */
const NOT_COMPANY =
  /^(TAX |SIMPLIFIED |OFFICIAL |CASH )?(INVOICE|RECEIPT|BILL)|WELCOME|THANK|\bTQ\b|^COPY|FORMERLY|LICENSEE|OPERATED BY|OWNED BY|\bGOODS\b|\bPLEASE\b/;
/** A line with an amount on it is an item or a sum, not an address. */
const AMOUNT = /\d\.\d{2}\b/;
/** Where an address starts: a number, or a word for a lot, street or building. */
const ADDRESS_START =
  /\d|\b(JALAN|JLN|LOT|NO|LEVEL|UNIT|TAMAN|TMN|BLOK|BLOCK|LORONG|WISMA|PLAZA|MENARA|KOMPLEKS|BANGUNAN)\b/;
/** After a line with a postcode, only these finish the address (a state, a country). */
const STATE =
  '(SELANGOR|JOHOR|KEDAH|KELANTAN|MELAKA|MALACCA|NEGERI SEMBILAN|PAHANG|PERAK|PERLIS|PULAU PINANG|PENANG|SABAH|SARAWAK|TERENGGANU|KUALA LUMPUR|PUTRAJAYA|LABUAN|MALAYSIA|DARUL [A-Z]+|D\\.? ?E\\.?|W\\.? ?P\\.?|WILAYAH PERSEKUTUAN|KL)';
const ADDRESS_TAIL = new RegExp(`^[A-Z .,'()-]*\\b${STATE}[ ,.]*$`);
/** A postcode: five digits, not a lot or house number. */
const POSTCODE = /(?<!\d|(LOT|NO|PTD?|P\.? ?T\.?)[.:]? ?)\d{5}(?!\d)/;
/** A postcode at the end of its line: the town follows on the next. */
const POSTCODE_AT_END = new RegExp(`${POSTCODE.source}\\W*$`);

const LEGAL_FORM_CONFIDENCE = 0.9;
const TRADE_CONFIDENCE = 0.75;
const FIRST_LINE_CONFIDENCE = 0.5;
const ADDRESS_CONFIDENCE = 0.8;
/** An address ends after this many lines even with no TEL/GST line under it. */
const ADDRESS_MAX_LINES = 6;

/**
 * An address line with the recognizer's O/0 mix-ups undone where the neighbours say which it is:
 * an O between digits or in a number ("433O0", "433OO" → "43300"), a 0 between letters or in a
 * word ("L0T1851" → "LOT1851", "L0T" → "LOT").
 */
function fixDigitsAndLetters(text: string): string {
  return text
    .replace(/(?<=\d)O(?=\d)/g, '0')
    .replace(/(?<=[A-Z])0(?=[A-Z])/g, 'O')
    .replace(/\b(?=[0-9O]*\d)[0-9O]{3,}\b/g, (word) => word.replaceAll('O', '0'))
    .replace(/\b(?=[A-Z0]*[A-Z][A-Z0]*\b)[A-Z]*0[A-Z]*\b/g, (word) =>
      word.length >= 3 ? word.replaceAll('0', 'O') : word,
    );
}

/** A line's text without registration numbers, trimmed. */
function withoutRegistration(text: string): string {
  return text.replace(REGISTRATION, ' ').replace(/\s+/g, ' ').trim();
}

function hasWords(text: string): boolean {
  return /[A-Z]{2,}/.test(text);
}

function unbalanced(text: string): number {
  return (text.match(/\(/g)?.length ?? 0) - (text.match(/\)/g)?.length ?? 0);
}

/** A company's name without what follows its legal form or a branch in brackets at its end. */
function companyName(text: string): string {
  const legal = /SDN\.? ?BHD\.?|\bS\/B\b|\bBHD\b\.?|BERHAD/.exec(text);
  const name = (legal ? text.slice(0, legal.index + legal[0].length) : text).replace(
    // The recognizer reads the S of SDN as a 5 now and then.
    /\b5DN\b/g,
    'SDN',
  );
  return name.replace(/(?<=\S.*)\s*\([^()]*\)?$/, '').trim();
}

/** The company's lines: the line found, with the one above or below when the name runs over. */
function companyLines(lines: readonly ReceiptLine[], at: number, headEnd: number): number[] {
  const text = (index: number) => withoutRegistration(lines[index]?.text ?? '');
  const found = [at];
  // Up: while the name so far opens with a word that only ends names, or closes a bracket.
  while (found.length < MAX_NAME_LINES) {
    const top = found[0]!;
    const first = text(top);
    const above = text(top - 1);
    const joined = found.map(text).join(' ');
    if (
      top === 0 ||
      !hasWords(above) ||
      NOT_COMPANY.test(above) ||
      HEAD_END.test(lines[top - 1]!.text) ||
      !(unbalanced(joined) < 0 || NAME_ENDING_FIRST.test(first) || /[&(-]$/.test(above))
    ) {
      break;
    }
    found.unshift(top - 1);
  }
  const current = found.map(text).join(' ');
  const below = text(at + 1);
  if (
    at + 1 < headEnd &&
    found.length < MAX_NAME_LINES &&
    (unbalanced(current) > 0 ||
      /[&(-]$/.test(current) ||
      (NAME_CONTINUES.test(below) && below.split(' ').length <= 3 && !/\d/.test(below)))
  ) {
    found.push(at + 1);
  }
  return found;
}

/** One line of the address: its index in `lines` and the part of its text that is address. */
interface AddressLine {
  index: number;
  text: string;
}

/** The address lines under the company. */
function addressLines(lines: readonly ReceiptLine[], from: number): AddressLine[] {
  const block: AddressLine[] = [];
  let sawPostcode = false;
  for (let index = from; index < lines.length && block.length < ADDRESS_MAX_LINES; index++) {
    const raw = lines[index]!.text;
    const text = withoutRegistration(raw);
    const start = block.length === 0;
    if (start && (REGISTRATION_LINE.test(raw) || (hasDate(text) && !POSTCODE.test(text)))) {
      continue;
    }
    const end = HEAD_END.exec(text);
    if (end || AMOUNT.test(text)) {
      // "81750 JOHOR BAHRU, JOHOR, TEL NO.: 07-387 3322": the address runs up to the TEL.
      const before = end ? text.slice(0, end.index).replace(/[\s,;:]+$/, '') : '';
      if (!start && (POSTCODE.test(before) || ADDRESS_TAIL.test(before))) {
        block.push({ index, text: before });
      }
      break;
    }
    if (!hasWords(text) && !POSTCODE.test(text)) {
      if (start) continue;
      break;
    }
    if (sawPostcode) {
      // After the postcode only the town (when a state follows) and the state, or a bracketed branch.
      const next = withoutRegistration(lines[index + 1]?.text ?? '');
      const town = !/\d/.test(text) && ADDRESS_TAIL.test(next) && !HEAD_END.test(next);
      if (!ADDRESS_TAIL.test(text) && !/^\(.*\)$/.test(text) && !town) break;
    }
    if (start && !ADDRESS_START.test(text) && startsLater(lines, index)) continue;
    block.push({ index, text });
    // A postcode closes the address after the line it is on, or the next when it ends its line.
    if (POSTCODE_AT_END.test(text)) continue;
    sawPostcode ||= POSTCODE.test(text);
  }
  return block;
}

/** Whether a line that looks like a street or number follows before the head ends. */
function startsLater(lines: readonly ReceiptLine[], after: number): boolean {
  for (let index = after + 1; index < Math.min(lines.length, after + 4); index++) {
    const text = withoutRegistration(lines[index]!.text);
    if (REGISTRATION_LINE.test(lines[index]!.text)) continue;
    if (HEAD_END.test(text) || AMOUNT.test(text)) return false;
    if (ADDRESS_START.test(text)) return true;
  }
  return false;
}

/** The company and the address under it, either null when the head names none. */
export function findCompanyAndAddress(
  lines: readonly ReceiptLine[],
  regions: readonly ReceiptRegion[],
): { company: FoundField | null; address: FoundField | null } {
  const top = Math.min(lines.length, HEAD_MAX_LINES);
  let headEnd = lines.findIndex(
    (line, index) => index > 0 && HEAD_END.test(withoutRegistration(line.text)),
  );
  if (headEnd < 0 || headEnd > top) headEnd = top;
  const candidate = (index: number) => {
    const text = withoutRegistration(lines[index]!.text);
    return hasWords(text) && !NOT_COMPANY.test(text);
  };

  let companyAt = -1;
  let confidence = LEGAL_FORM_CONFIDENCE;
  // A legal form in the head first, then a trade name heading it, then a legal form anywhere
  // near the top (some receipts print slogans or a brand first).
  const firstInHead = Array.from({ length: headEnd }, (_, index) => index).find(candidate);
  const legalIn = (end: number) =>
    Array.from({ length: end }, (_, index) => index).find(
      (index) => candidate(index) && LEGAL_FORM.test(lines[index]!.text),
    ) ?? -1;
  companyAt = legalIn(headEnd);
  if (companyAt < 0 && !(firstInHead !== undefined && TRADE.test(lines[firstInHead]!.text))) {
    companyAt = legalIn(top);
  }
  if (companyAt < 0) {
    for (let index = 0; index < headEnd && companyAt < 0; index++) {
      if (candidate(index)) companyAt = index;
    }
    if (companyAt < 0) return { company: null, address: null };
    confidence = TRADE.test(lines[companyAt]!.text) ? TRADE_CONFIDENCE : FIRST_LINE_CONFIDENCE;
  }

  const nameLines = companyLines(lines, companyAt, Math.max(headEnd, companyAt + 2));
  const company = companyName(
    nameLines.map((index) => withoutRegistration(lines[index]!.text)).join(' '),
  );
  const companyRegions = nameLines.flatMap((index) => lines[index]!.regions);
  const block = addressLines(lines, nameLines[nameLines.length - 1]! + 1);
  const addressRegions = block.flatMap(({ index }) => lines[index]!.regions);
  return {
    company: {
      value: company,
      regions: companyRegions,
      confidence: confidence * meanTextScore(regions, companyRegions),
    },
    address:
      block.length === 0
        ? null
        : {
            value: fixDigitsAndLetters(block.map(({ text }) => text).join(' ')),
            regions: addressRegions,
            confidence: ADDRESS_CONFIDENCE * meanTextScore(regions, addressRegions),
          },
  };
}
