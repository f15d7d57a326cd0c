import type { StageTimings } from '../pipeline/detection.js';

/** The document-photo steps' timings as text ("page 12, orientation 3, warp 40, enhance 0"), or '' when they did not run. */
export function documentStepsText(timings: StageTimings): string {
  if (timings.pageMs === undefined) return '';
  const ms = (value: number | undefined) => (value ?? 0).toFixed(0);
  return `page ${ms(timings.pageMs)}, orientation ${ms(timings.orientationMs)}, warp ${ms(timings.warpMs)}, enhance ${ms(timings.enhanceMs)}`;
}
