/**
 * The brand colours that must exist outside CSS too (the web app manifest, the browser's theme
 * colour), written once; `theme.ts` builds its tokens from them.
 */
export const palette = {
  light: { bg: '#f6f7f9', accent: '#0f766e' },
  dark: { bg: '#0e1116', accent: '#2dd4bf' },
} as const;
