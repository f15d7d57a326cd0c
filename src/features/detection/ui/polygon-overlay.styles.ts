import { css } from 'lit';

/** The overlay's two canvases (picture below, marks above), its focus ring and its cursor states. */
export const polygonOverlayStyles = css`
  :host {
    display: block;
    position: relative;
    min-height: 240px;
    background: var(--overlay-backdrop, repeating-conic-gradient(#0000000d 0 25%, transparent 0 50%) 0 0 / 16px 16px);
    border-radius: 8px;
    overflow: hidden;
    touch-action: none;
  }
  canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    cursor: grab;
  }
  canvas.picture {
    pointer-events: none;
  }
  canvas.dragging {
    cursor: grabbing;
  }
  @media (pointer: coarse) {
    button {
      min-width: 44px;
      height: 44px;
    }
    .opacity {
      height: 44px;
    }
  }
  .toolbar {
    position: absolute;
    right: 8px;
    bottom: 8px;
    display: flex;
    align-items: center;
    gap: 4px;
  }
  .opacity {
    width: 96px;
    height: 32px;
    margin: 0 4px 0 0;
    padding: 0 6px;
    border-radius: 6px;
    background: Canvas;
    accent-color: var(--ts-accent, #0f766e);
  }
  button {
    font: inherit;
    font-size: 13px;
    min-width: 32px;
    height: 32px;
    padding: 0 8px;
    border-radius: 6px;
    border: 1px solid #0003;
    background: Canvas;
    color: CanvasText;
    cursor: pointer;
  }
  button:focus-visible,
  canvas:focus-visible {
    outline: 3px solid var(--ts-focus-ring, #115e59);
    outline-offset: 1px;
  }
  `;
