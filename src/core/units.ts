/** Bytes in one megabyte: SI (10^6), as `formatBytes` shows sizes and the history's size cap is set. */
export const BYTES_PER_MB = 1_000_000;
