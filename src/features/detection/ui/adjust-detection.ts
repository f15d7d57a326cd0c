import { html } from 'lit';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import './params-panel.js';

/** What the "Adjust detection" disclosure shows, and where its changes go. */
export interface AdjustDetectionContext {
  /** The parameters in use; null until a model is loaded (the sliders are then disabled). */
  params: PostprocessParams | null;
  /** The model's own parameters, which Reset restores; null until a model is loaded. */
  defaults: PostprocessParams | null;
  /** Shown before a model is loaded, so the panel keeps its size and nothing moves. */
  placeholder: PostprocessParams;
  timeoutMs: number;
  setParams(params: PostprocessParams): void;
  setTimeoutMs(ms: number): void;
}

/**
 * The post-processing sliders and the time limit, folded under "Adjust detection" with a line
 * in plain words: what people choose first comes before them.
 */
export function renderAdjustDetection(ctx: AdjustDetectionContext) {
  const { params, defaults } = ctx;
  return html`<details class="card adjust" data-testid="adjust-detection">
    <summary>Adjust detection</summary>
    <p class="adjust-help">
      How sure the detector must be before it marks text, how far each box reaches, and how
      long one image may take. The model's defaults suit most receipts and documents.
    </p>
    <params-panel
      ?disabled=${!params || !defaults}
      .params=${params ?? ctx.placeholder}
      .defaults=${defaults ?? ctx.placeholder}
      .timeoutMs=${ctx.timeoutMs}
      @params-changed=${(e: { params: PostprocessParams }) => ctx.setParams(e.params)}
      @timeout-changed=${(e: { timeoutMs: number }) => ctx.setTimeoutMs(e.timeoutMs)}
      @params-reset=${() => defaults && ctx.setParams({ ...defaults })}
    ></params-panel>
  </details>`;
}
