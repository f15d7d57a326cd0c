import { css } from 'lit';

/** Layout of <file-drop-zone>: the card, its one-line compact form, and the full-window drop overlay. */
export const fileDropZoneStyles = css`
  :host {
    display: block;
    font-size: 13px;
  }
  .card {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 10px;
    padding: 24px 12px;
    border: 1.5px dashed var(--ts-border);
    border-radius: var(--ts-radius);
    background: var(--ts-surface);
    text-align: center;
    transition: border-color 120ms, background 120ms;
  }
  :host([dragging]) .card {
    border-color: var(--ts-accent);
    background: var(--ts-accent-soft);
  }
  .badge {
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    background: var(--ts-accent-soft);
    color: var(--ts-accent-strong);
  }
  .title {
    margin: 0;
    font-size: 14px;
    font-weight: 600;
  }
  .hint {
    margin: 0;
    color: var(--ts-muted);
    line-height: 1.45;
  }
  kbd {
    font: inherit;
    font-family: var(--ts-mono);
    font-size: 11px;
    padding: 1px 5px;
    border: 1px solid var(--ts-border);
    border-bottom-width: 2px;
    border-radius: 4px;
    background: var(--ts-surface-2);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 8px;
    margin-top: 4px;
  }
  .actions button {
    padding: 0 10px;
  }
  :host([compact]) {
    container-type: inline-size;
  }
  .compact {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 6px;
    padding: 6px;
    border: 1px dashed var(--ts-border);
    border-radius: var(--ts-radius);
    background: var(--ts-surface);
  }
  :host([dragging]) .compact {
    border-color: var(--ts-accent);
    background: var(--ts-accent-soft);
  }
  .compact .hint {
    flex: 1 1 0;
    min-width: 0;
    margin-left: 4px;
    font-size: 12px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .compact .short {
    display: none;
  }
  @container (max-width: 460px) {
    .compact .long {
      display: none;
    }
    .compact .short {
      display: inline;
    }
  }
  @container (max-width: 380px) {
    .compact .hint {
      display: none;
    }
    .compact button {
      flex: 1 1 0;
    }
  }
  .compact button {
    min-height: 28px;
    padding: 0 8px;
  }
  .compact .notice {
    flex-basis: 100%;
    margin-left: 4px;
  }
  .notice {
    margin: 0;
    font-size: 12px;
    color: var(--ts-warn);
  }
  .notice:empty {
    display: none;
  }
  .overlay {
    position: fixed;
    inset: 0;
    z-index: 1000;
    display: grid;
    place-items: center;
    padding: 16px;
    background: color-mix(in srgb, var(--ts-bg) 72%, transparent);
    backdrop-filter: blur(2px);
    /* The overlay must not become the drop target: events keep going to the page. */
    pointer-events: none;
  }
  .overlay-panel {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 10px;
    padding: 32px 48px;
    border: 2px dashed var(--ts-accent);
    border-radius: 14px;
    background: var(--ts-surface);
    box-shadow: var(--ts-shadow);
    color: var(--ts-text);
    font-size: 16px;
    font-weight: 600;
  }
  .overlay-others {
    max-width: 36ch;
    font-size: 13px;
    font-weight: 500;
    color: var(--ts-muted);
    text-align: center;
  }
  .overlay-panel .badge {
    width: 48px;
    height: 48px;
  }
  input[type='file'] {
    display: none;
  }
  /* The camera is a phone's: a desktop would open the same file picker twice over. */
  .camera {
    display: none;
  }
  .touch {
    display: none;
  }
  /* A touch screen: no dragging, pasting or shortcuts to speak of, the camera first, and
     buttons big enough for a thumb. */
  @media (pointer: coarse), (hover: none) {
    .camera {
      display: inline-flex;
    }
    .desk {
      display: none;
    }
    .touch {
      display: block;
    }
    .choose.primary {
      background: var(--ts-surface);
      color: var(--ts-text);
      border-color: var(--ts-border);
    }
    .card {
      padding: 14px 12px;
    }
    .card .badge,
    .folder {
      display: none;
    }
    button,
    .compact button {
      min-height: 44px;
    }
  }
`;
