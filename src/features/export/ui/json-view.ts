import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatBytes, formatCount } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { jsonViewStyles } from './json-view.styles.js';

/** How long "Copied" stays on screen, ms. */
const COPIED_FEEDBACK_MS = 1500;

/**
 * `JSON.stringify` with 2-space indent, but arrays of plain numbers (a point) and arrays of those
 * (a polygon) stay on one line, so 1,000 regions read as 1,000 short lines rather than 20,000.
 */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  // Only arrays without quotes, brackets or braces inside are collapsed, so strings stay untouched.
  const points = text.replace(
    /\[\s+([^[\]{}"]*?)\s+\]/g,
    (_match, inner: string) => `[${inner.replace(/,\s+/g, ', ')}]`,
  );
  return points.replace(
    /\[\s+((?:\[[^[\]{}"]*\],?\s*)+?)\s+\]/g,
    (_match, inner: string) => `[${inner.trim().replace(/\],\s+\[/g, '], [')}]`,
  );
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return formatCount(value.length, 'item');
  if (typeof value === 'object' && value !== null)
    return formatCount(Object.keys(value).length, 'field');
  return typeof value;
}

/**
 * A collapsible view of a JSON value, closed by default: its text is built only when opened, since
 * a prediction with thousands of regions runs to megabytes. Copy and download work while closed.
 */
@customElement('json-view')
export class JsonView extends LitElement {
  static override styles = [controlStyles, jsonViewStyles];

  /** The value to show; `null` or `undefined` means there is nothing yet. */
  @property({ attribute: false }) value: unknown = null;
  /** Summary text, e.g. "Raw prediction JSON". */
  @property() label = 'JSON';
  /** Name of the downloaded file. */
  @property() fileName = 'data.json';

  @state() private open = false;
  @state() private feedback: { text: string; error: boolean; detail?: string } | null = null;
  /** The formatted text of `value` and its UTF-8 size, built on first need. */
  private cached: { text: string; bytes: number } | null = null;
  private feedbackTimer = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.cached = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.feedbackTimer);
  }

  override render() {
    const empty = this.value === null || this.value === undefined;
    const text = this.open && !empty ? this.formatted().text : null;
    const size = empty
      ? 'nothing yet'
      : this.cached
        ? formatBytes(this.cached.bytes)
        : shapeOf(this.value);
    return html`
      <details data-testid="json-view" ?open=${this.open} @toggle=${this.onToggle}>
        <summary>
          <svg class="chevron" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M4.5 2.5 8 6l-3.5 3.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          <span class="label">${this.label}</span>
          <span class="size">· ${size}</span>
        </summary>
        ${
          text === null
            ? html`<p class="empty">No prediction for this image yet.</p>`
            : html`<pre data-testid="json-text" tabindex="0" aria-label=${this.label}>${text}</pre>`
        }
      </details>
      <div class="toolbar">
        <span
          class="feedback ${this.feedback?.error ? 'error' : ''}"
          role="status"
          aria-live="polite"
          title=${this.feedback?.detail ?? nothing}
          >${this.feedback?.text ?? nothing}</span
        >
        <button
          type="button"
          class="quiet"
          data-testid="json-copy"
          ?disabled=${empty}
          aria-label="Copy ${this.label}"
          @click=${this.copy}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5" />
          </svg>
          <span class="word">Copy</span>
        </button>
        <button
          type="button"
          class="quiet"
          data-testid="json-download"
          ?disabled=${empty}
          aria-label="Download ${this.label}"
          @click=${this.download}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">
            <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" />
          </svg>
          <span class="word">Download</span>
        </button>
      </div>
    `;
  }

  private formatted(): { text: string; bytes: number } {
    if (!this.cached) {
      const text = formatJson(this.value);
      this.cached = { text, bytes: new Blob([text]).size };
    }
    return this.cached;
  }

  private onToggle(event: Event): void {
    this.open = (event.target as HTMLDetailsElement).open;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.formatted().text);
      this.showFeedback('Copied', false);
    } catch (error) {
      this.showFeedback(
        'Clipboard refused',
        true,
        error instanceof Error && error.message ? error.message : undefined,
      );
    }
  }

  private download(): void {
    const blob = new Blob([this.formatted().text], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = this.fileName;
    link.click();
    // Firefox aborts the download if the URL is revoked in the same task as the click.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.requestUpdate();
  }

  private showFeedback(text: string, error: boolean, detail?: string): void {
    clearTimeout(this.feedbackTimer);
    this.feedback = { text, error, detail };
    this.feedbackTimer = window.setTimeout(
      () => {
        this.feedback = null;
      },
      error ? COPIED_FEEDBACK_MS * 3 : COPIED_FEEDBACK_MS,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'json-view': JsonView;
  }
}
