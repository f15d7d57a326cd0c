/** Document-photo parameters: their type, defaults and ranges, and how stored ones are read. */
import { ENHANCEMENT_MODES, type EnhancementMode } from './enhance.js';

/** Document-photo parameters: written once here, shown in the params panel, kept in settings. */
export interface DocumentParams {
  /** Find, straighten and turn the page before detection. */
  enabled: boolean;
  /** The smallest share of the photo a page may cover (0–1); smaller outlines are ignored. */
  minPageShare: number;
  /** Turn the page upright and remove residual skew. */
  orientation: boolean;
  /** Enhancement of the straightened page. */
  enhancement: EnhancementMode;
}

/** Defaults: off; a page must cover 18% of the photo (the old app's rule); orientation on; no enhancement. */
export const DEFAULT_DOCUMENT_PARAMS: DocumentParams = {
  enabled: false,
  minPageShare: 0.18,
  orientation: true,
  enhancement: 'off',
} as const;

/** The range the minimum page share may take (share of the photo, 0–1). */
export const MIN_PAGE_SHARE_RANGE = { min: 0.05, max: 0.9, step: 0.01 } as const;

/**
 * The valid fields of stored or hand-written document parameters (settings, a descriptor's
 * `document`): each refused field is named in `problems` and left out, so a default fills it in.
 */
export function readDocumentParams(raw: unknown, problems: string[]): Partial<DocumentParams> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('document parameters (not an object)');
    return {};
  }
  const record = raw as Record<string, unknown>;
  const params: Partial<DocumentParams> = {};
  const { enabled, minPageShare, orientation, enhancement } = record;
  if (typeof enabled === 'boolean') params.enabled = enabled;
  else if (enabled !== undefined) problems.push('document.enabled (not true or false)');
  if (
    typeof minPageShare === 'number' &&
    minPageShare >= MIN_PAGE_SHARE_RANGE.min &&
    minPageShare <= MIN_PAGE_SHARE_RANGE.max
  ) {
    params.minPageShare = minPageShare;
  } else if (minPageShare !== undefined) {
    problems.push(
      `document.minPageShare (not a number in ${MIN_PAGE_SHARE_RANGE.min}–${MIN_PAGE_SHARE_RANGE.max})`,
    );
  }
  if (typeof orientation === 'boolean') params.orientation = orientation;
  else if (orientation !== undefined) problems.push('document.orientation (not true or false)');
  if ((ENHANCEMENT_MODES as readonly unknown[]).includes(enhancement)) {
    params.enhancement = enhancement as EnhancementMode;
  } else if (enhancement !== undefined) {
    problems.push(`document.enhancement (not one of ${ENHANCEMENT_MODES.join(', ')})`);
  }
  return params;
}

/** A key that tells two runs' document preprocessing apart; every "off" is the same key. */
export function documentKey(params: DocumentParams | null | undefined): string {
  if (!params?.enabled) return 'off';
  const { minPageShare, orientation, enhancement } = params;
  return JSON.stringify({ minPageShare, orientation, enhancement });
}
