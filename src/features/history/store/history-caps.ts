/**
 * The ranges the history's caps may take: one rule for the cap fields, for caps read back from
 * the settings, and for the controller that applies them.
 */
import { BYTES_PER_MB } from '../../../core/units.js';

/** Range of "Max results": whole numbers only. */
export const MAX_ENTRIES_RANGE = { min: 1, max: 100_000, step: 1 } as const;
/** Range of "Max size (MB)": whole megabytes only (10^6 bytes each). */
export const MAX_MB_RANGE = { min: 1, max: 100_000, step: 1 } as const;

/** True when `value` is a whole number within `range`. */
function inRange(value: unknown, range: { min: number; max: number }): value is number {
  return (
    Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max
  );
}

/** True when `value` may be the cap on the number of results. */
export function isValidMaxEntries(value: unknown): value is number {
  return inRange(value, MAX_ENTRIES_RANGE);
}

/** True when `value` may be the cap on the size of the results, MB. */
export function isValidMaxMB(value: unknown): value is number {
  return inRange(value, MAX_MB_RANGE);
}

/** What is wrong with a typed cap, as a person reads it, or null when both may be used. */
export function capsProblem(maxEntries: number, maxMB: number): string | null {
  if (!isValidMaxEntries(maxEntries)) {
    return `Max results must be a whole number from ${MAX_ENTRIES_RANGE.min} to ${MAX_ENTRIES_RANGE.max.toLocaleString('en')}.`;
  }
  if (!isValidMaxMB(maxMB)) {
    return `Max size must be a whole number of MB from ${MAX_MB_RANGE.min} to ${MAX_MB_RANGE.max.toLocaleString('en')}.`;
  }
  return null;
}

/** True when caps (count, and bytes) are within the ranges the cap fields accept. */
export function limitsInRange(limits: { maxEntries: number; maxBytes: number }): boolean {
  return isValidMaxEntries(limits.maxEntries) && isValidMaxMB(limits.maxBytes / BYTES_PER_MB);
}
