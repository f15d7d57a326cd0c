/**
 * Key fields of a read receipt (SROIE task 3: company, date, address, total) from its regions'
 * text and layout, each with the regions it came from and a confidence. Pure and synchronous.
 */

import type { FoundField } from './fields.js';
import { findCompanyAndAddress } from './find-company-address.js';
import { findDate } from './find-date.js';
import { findTotal } from './find-total.js';
import { type ReceiptRegion, receiptLines } from './receipt-lines.js';

export type { FoundField } from './fields.js';
export type { ReceiptRegion } from './receipt-lines.js';

/** What the extractor found on one receipt; a field it could not find is null. */
export interface ReceiptExtraction {
  company: FoundField | null;
  /** The date as printed, and `iso`: the calendar day it names (`yyyy-mm-dd`). */
  date: (FoundField & { iso: string }) | null;
  address: FoundField | null;
  /** The total as printed without currency, and the currency when one was printed. */
  total: (FoundField & { currency: string | null }) | null;
}

/** Extracts company, date, address and total from a receipt's regions (image pixels, any order). */
export function extractReceiptFields(regions: readonly ReceiptRegion[]): ReceiptExtraction {
  const lines = receiptLines(regions);
  const { company, address } = findCompanyAndAddress(lines, regions);
  return { company, date: findDate(lines, regions), address, total: findTotal(lines, regions) };
}
