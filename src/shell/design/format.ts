// Figures as people read them: counts, sizes, durations, percentages and scores. Pure (no DOM,
// no feature types), so every feature's elements and the Node tests use them alike.

const numberFormat = new Intl.NumberFormat('en-US');

/** An integer with thousands separators: 12345 → "12,345". */
export function formatInteger(value: number): string {
  return numberFormat.format(Math.round(value));
}

/** "1 image", "12 images": a count with its noun, plural by `s` unless `plural` is given. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : plural}`;
}

/** A file size in SI units, as file managers show it: 812 → "812 B", 1_234_567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'] as const;
  let value = bytes / 1000;
  let unit = 0;
  // Rounding 999.95 kB gives "1000.0 kB"; step up before formatting instead.
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A duration given in ms, short: 412 → "412 ms", 1234 → "1.23 s", 75_000 → "1 min 15 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 9.995) return `${seconds.toFixed(2)} s`;
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  return formatSeconds(seconds);
}

/** A duration given in seconds, whole: 35 → "35 s", 125 → "2 min 5 s", 3600 → "1 h". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return whole % 60 ? `${minutes} min ${whole % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/**
 * Time left in a run given in ms, as an honest estimate: rounded up, coarser as it grows
 * (to 5 s above 10 s, to whole minutes above 2 min), so the figure does not jitter.
 */
export function formatEta(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = ms / 1000;
  if (seconds < 1.5) return 'almost done';
  if (seconds <= 10) return `about ${Math.ceil(seconds)} s left`;
  if (seconds < 120) return `about ${formatSeconds(Math.ceil(seconds / 5) * 5)} left`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${formatSeconds(minutes * 60)} left`;
}

/** A fraction (0–1) as a percentage: 0.4567 → "45.7%" with one decimal by default. */
export function formatPercent(fraction: number, decimals = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** A detection score or other 0–1 confidence, with three decimals: 0.91234 → "0.912". */
export function formatScore(score: number | null): string {
  return score === null || !Number.isFinite(score) ? '—' : score.toFixed(3);
}
