import { css, unsafeCSS } from 'lit';
import { palette } from './palette.js';

/**
 * Design tokens, set once on <app-root> and inherited through every shadow root.
 * Components read only these custom properties, so light and dark follow the system.
 */
export const themeTokens = css`
  :host {
    --ts-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --ts-mono: ui-monospace, 'SFMono-Regular', 'Cascadia Code', Menlo, monospace;
    --ts-bg: ${unsafeCSS(palette.light.bg)};
    --ts-surface: #ffffff;
    --ts-surface-2: #f0f2f5;
    --ts-border: #d9dde3;
    --ts-text: #14181f;
    --ts-muted: #5b6472;
    --ts-accent: ${unsafeCSS(palette.light.accent)};
    --ts-accent-strong: #115e59;
    --ts-accent-soft: #ccfbf1;
    --ts-on-accent: #ffffff;
    --ts-danger: #b42318;
    --ts-danger-soft: #fee4e2;
    --ts-warn: #b54708;
    --ts-warn-soft: #fef0c7;
    --ts-ok: #067647;
    --ts-ok-soft: #dcfae6;
    --ts-highlight: #ea580c;
    --ts-radius: 8px;
    --ts-radius-small: 6px;
    --ts-shadow: 0 1px 2px #1018280f, 0 1px 3px #1018281a;
    /* A solid ring: 7.5:1 against the light surface, 3:1 and more against any of its colours. */
    --ts-focus-ring: #115e59;
    --ts-focus: 0 0 0 3px var(--ts-focus-ring);
    color-scheme: light dark;
    font-family: var(--ts-font);
    color: var(--ts-text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --ts-bg: ${unsafeCSS(palette.dark.bg)};
      --ts-surface: #161b22;
      --ts-surface-2: #1f2630;
      --ts-border: #30363d;
      --ts-text: #e6edf3;
      --ts-muted: #9aa4b2;
      --ts-accent: ${unsafeCSS(palette.dark.accent)};
      --ts-accent-strong: #5eead4;
      --ts-accent-soft: #134e4a;
      --ts-on-accent: #04201d;
      --ts-danger: #f97066;
      --ts-danger-soft: #55160c;
      --ts-warn: #fdb022;
      --ts-warn-soft: #4e1d09;
      --ts-ok: #47cd89;
      --ts-ok-soft: #053321;
      --ts-highlight: #fb923c;
      --ts-shadow: 0 1px 3px #0008;
      --ts-focus-ring: #5eead4;
    }
  }
`;

/** A side card: a small grid with an upper-case caption (`h2`) above its controls. */
export const cardStyles = css`
  :host {
    display: grid;
    gap: 8px;
    padding: 12px;
  }
  h2 {
    font-size: 12px;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--ts-muted);
    margin: 0;
  }
`;

/** Shared styles for buttons, inputs and small text, for any element's `static styles`. */
export const controlStyles = css`
  button,
  .button {
    font: inherit;
    font-size: 13px;
    font-weight: 500;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 32px;
    padding: 0 12px;
    border-radius: var(--ts-radius-small);
    border: 1px solid var(--ts-border);
    background: var(--ts-surface);
    color: var(--ts-text);
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover:not(:disabled),
  .button:hover {
    background: var(--ts-surface-2);
  }
  button.primary {
    background: var(--ts-accent);
    border-color: var(--ts-accent);
    color: var(--ts-on-accent);
  }
  button.primary:hover:not(:disabled) {
    background: var(--ts-accent-strong);
  }
  button.danger {
    color: var(--ts-danger);
  }
  button.quiet {
    border-color: transparent;
    background: transparent;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--ts-focus-ring);
    outline-offset: 1px;
  }
  /* A finger, not a pointer: every button and field at least 44 px tall (WCAG 2.5.5). */
  @media (pointer: coarse) {
    button,
    .button,
    select,
    input:not([type='checkbox'], [type='radio'], [type='range'], [type='file']),
    summary {
      min-height: 44px;
    }
    input[type='checkbox'],
    input[type='radio'] {
      width: 22px;
      height: 22px;
    }
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 13px;
    color: var(--ts-text);
    background: var(--ts-surface);
    border: 1px solid var(--ts-border);
    border-radius: var(--ts-radius-small);
  }
  input[type='range'] {
    accent-color: var(--ts-accent);
    border: none;
    background: none;
  }
  input[type='checkbox'] {
    accent-color: var(--ts-accent);
  }
  .muted {
    color: var(--ts-muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
