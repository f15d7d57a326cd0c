import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controlStyles } from './design/theme.js';

/**
 * The header's "About" disclosure: the build's version, how detection runs (backend, threads and
 * why), and whether the app works offline.
 */
@customElement('about-panel')
export class AboutPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        position: relative;
        font-size: 12px;
      }
      summary {
        list-style: none;
        cursor: pointer;
        padding: 4px 8px;
        border-radius: var(--ts-radius-small);
        color: var(--ts-muted);
      }
      summary::-webkit-details-marker {
        display: none;
      }
      summary:hover {
        background: var(--ts-surface-2);
      }
      dl {
        position: absolute;
        right: 0;
        top: calc(100% + 6px);
        z-index: 20;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 6px 12px;
        width: min(340px, 86vw);
        margin: 0;
        padding: 12px 14px;
        border: 1px solid var(--ts-border);
        border-radius: var(--ts-radius);
        background: var(--ts-surface);
        box-shadow: var(--ts-shadow);
      }
      dt {
        color: var(--ts-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The build's version (package version and commit). */
  @property() version = '';
  /** How detection runs, as the header shows it ("WASM · 2 threads"). */
  @property() engine = '';
  /** Whether the page is cross-origin isolated (WASM threads available). */
  @property({ type: Boolean }) isolated = false;
  /** Why the page is, or is not, isolated. */
  @property() isolationReason = '';
  /** Whether a service worker keeps the app for offline use. */
  @property({ type: Boolean }) offlineReady = false;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.closeFromOutside);
    document.addEventListener('keydown', this.closeOnEscape);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.closeFromOutside);
    document.removeEventListener('keydown', this.closeOnEscape);
  }

  // A disclosure that floats over the page closes like a menu: outside click or Escape.
  private readonly closeFromOutside = (event: PointerEvent) => {
    if (!event.composedPath().includes(this)) this.close();
  };

  private readonly closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.close();
  };

  private close(): void {
    const details = this.renderRoot.querySelector('details');
    if (details?.open) details.open = false;
  }

  override render() {
    return html`<details data-testid="about">
      <summary aria-label="About TextSpot">About</summary>
      <dl>
        <dt>Version</dt>
        <dd data-testid="about-version">${this.version}</dd>
        <dt>Detection</dt>
        <dd>${this.engine || '—'}</dd>
        <dt>Threads</dt>
        <dd data-testid="about-isolation">
          ${this.isolated ? 'available' : 'one thread only'}: ${this.isolationReason}
        </dd>
        <dt>Offline</dt>
        <dd data-testid="about-offline">
          ${
            this.offlineReady
              ? 'ready: the app, ONNX Runtime and the model are kept on this device'
              : 'not set up: this window has no service worker'
          }
        </dd>
        <dt>Privacy</dt>
        <dd>Images never leave this device; the page may only reach its own origin.</dd>
      </dl>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'about-panel': AboutPanel;
  }
}
