import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { formatBytes, formatCount, formatMs } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { isHiddenPath } from '../../batch/ui/image-files.js';
import type { SetScore } from '../pipeline/icdar2015.js';
import type { LabelFile, Pairing } from '../pipeline/labels.js';
import type { LabelFileError, TuningSummary } from '../pipeline/pooling.js';

/** Fired when label files (or a folder of images and labels) were chosen; `files` is never empty. */
export class GroundTruthFilesChosenEvent extends Event {
  static readonly eventName = 'ground-truth-files-chosen';
  constructor(readonly files: File[]) {
    super(GroundTruthFilesChosenEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person removes every label file. */
export class GroundTruthClearedEvent extends Event {
  static readonly eventName = 'ground-truth-cleared';
  constructor() {
    super(GroundTruthClearedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the person asks to detect the labelled images without a kept map again. */
export class LabelledRedetectRequestedEvent extends Event {
  static readonly eventName = 'labelled-redetect-requested';
  constructor() {
    super(LabelledRedetectRequestedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** P / R / H with three decimals, as `npm run eval` reports them. */
export function formatFigure(value: number): string {
  return value.toFixed(3);
}

/**
 * Ground truth beside the images: choose label files or a folder holding images and labels,
 * see which files loaded (and in which format), which could not be read (with file and line),
 * what stayed unpaired, and pooled P / R / H over the labelled images, per source or folder.
 */
@customElement('ground-truth-panel')
export class GroundTruthPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 10px;
        padding: 12px;
        font-size: 13px;
      }
      h2 {
        margin: 0;
        font-size: 11px;
        font-weight: 600;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--ts-muted);
      }
      .redetect {
        margin: 0;
        display: grid;
        gap: 6px;
        padding: 8px;
        border-radius: var(--ts-radius-small);
        background: var(--ts-warn-soft);
      }
      .redetect button {
        justify-self: start;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      input {
        display: none;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        table-layout: fixed;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 3px 4px;
        text-align: right;
        border-bottom: 1px solid var(--ts-border);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        width: auto;
        text-align: left;
      }
      /* The figures are never cut: "0.912" keeps its width, the name column gives way. */
      th:not(:first-child),
      td:not(:first-child) {
        width: 3.7em;
        text-overflow: clip;
      }
      th:nth-child(2),
      td:nth-child(2) {
        width: 2em;
      }
      tr.pooled td {
        font-weight: 600;
      }
      ul {
        margin: 0;
        padding-left: 18px;
      }
      .errors li {
        color: var(--ts-danger);
      }
      .muted {
        color: var(--ts-muted);
      }
      details summary {
        cursor: pointer;
      }
    `,
  ];

  /** Label files read without error. */
  @property({ attribute: false }) files: readonly LabelFile[] = [];
  /** Label files that could not be read. */
  @property({ attribute: false }) errors: readonly LabelFileError[] = [];
  /** Images and label entries that found no partner. */
  @property({ attribute: false }) pairing: Pairing | null = null;
  /** Pooled figures over the labelled images. */
  @property({ attribute: false }) summary: TuningSummary | null = null;
  /** Labelled images whose probability map is kept (they re-score live), and the maps' bytes. */
  @property({ attribute: false }) live: { images: number; bytes: number } | null = null;
  /** Labelled images detected without a kept map (they cannot re-score live yet). */
  @property({ type: Number }) unmapped = 0;
  /** A run is under way: no re-detection can start. */
  @property({ type: Boolean }) busy = false;
  /** Wall time of the last re-scoring of every labelled image, ms. */
  @property({ type: Number }) rescoreMs: number | null = null;
  /** Label boxes left out of scoring because they lie outside their image, one line each. */
  @property({ attribute: false }) outside: readonly string[] = [];

  @query('input[data-kind=files]') private filesInput!: HTMLInputElement;
  @query('input[data-kind=folder]') private folderInput!: HTMLInputElement;

  override render() {
    const summary = this.summary;
    const pairing = this.pairing;
    return html`
      <h2>Ground truth</h2>
      <div class="buttons">
        <button data-testid="labels-choose" @click=${() => this.filesInput.click()}>Add labels…</button>
        <button data-testid="labels-folder" @click=${() => this.folderInput.click()}>
          Folder of images and labels…
        </button>
        ${
          this.files.length + this.errors.length > 0
            ? html`<button class="quiet" data-testid="labels-clear" @click=${this.clear}>Remove labels</button>`
            : nothing
        }
      </div>
      <input
        type="file"
        data-kind="files"
        data-testid="labels-input"
        multiple
        accept=".txt,.csv,.json"
        @change=${() => this.picked(this.filesInput)}
      />
      <input
        type="file"
        data-kind="folder"
        data-testid="labels-folder-input"
        webkitdirectory
        @change=${() => this.picked(this.folderInput)}
      />
      ${
        this.files.length + this.errors.length === 0
          ? html`<p class="muted">
              ICDAR 2015 text (<code>gt_name.txt</code>), the competition's JSON or TextSpot eval
              JSON; labels pair with images by file name.
            </p>`
          : nothing
      }
      ${summary?.pooled ? this.renderScores(summary) : nothing}
      ${summary && summary.labelled > 0 && this.live ? this.renderLive() : nothing}
      ${
        summary && summary.labelled > summary.scored
          ? html`<p class="muted" data-testid="labels-waiting">
              ${formatCount(summary.labelled - summary.scored, 'labelled image')} not scored yet
              (run detection).
            </p>`
          : nothing
      }
      ${
        this.errors.length > 0
          ? html`<div role="alert" data-testid="label-errors"><ul class="errors">
              ${this.errors.map((e) => html`<li data-file=${e.fileName}>${e.message}</li>`)}
            </ul></div>`
          : nothing
      }
      ${
        this.files.length > 0
          ? html`<details data-testid="label-files">
              <summary>${formatCount(this.files.length, 'label file')} loaded</summary>
              <ul>
                ${this.files.map(
                  (f) => html`<li>
                    ${f.fileName} · ${f.format} · ${formatCount(f.images.length, 'image')}
                  </li>`,
                )}
              </ul>
            </details>`
          : nothing
      }
      ${pairing && this.files.length > 0 ? this.renderUnpaired(pairing) : nothing}
      ${this.renderOutside()}
    `;
  }

  private renderScores(summary: TuningSummary) {
    const row = (name: string, images: number, score: SetScore, pooled = false) =>
      html`<tr
        class=${pooled ? 'pooled' : ''}
        data-testid=${pooled ? 'pooled-score' : 'group-score'}
        data-group=${name}
        data-precision=${score.precision}
        data-recall=${score.recall}
        data-hmean=${score.hmean}
        data-counts=${`${score.matched}/${score.gt}/${score.pred}`}
      >
        <td title=${name}>${name}</td>
        <td>${images}</td>
        <td>${formatFigure(score.precision)}</td>
        <td>${formatFigure(score.recall)}</td>
        <td>${formatFigure(score.hmean)}</td>
      </tr>`;
    return html`<table aria-label="Scores against the ground truth">
      <thead>
        <tr><th>Pooled</th><th title="Images">n</th><th title="Precision">P</th><th title="Recall">R</th><th title="H-mean">H</th></tr>
      </thead>
      <tbody>
        ${row('All', summary.scored, summary.pooled!, true)}
        ${
          summary.groups.length > 1
            ? summary.groups.map((g) => row(g.name, g.images, g.score))
            : nothing
        }
      </tbody>
    </table>`;
  }

  private renderLive() {
    const live = this.live!;
    return html`<p class="muted" data-testid="labels-live" data-images=${live.images}>
      ${
        live.images > 0
          ? html`Sliders re-score ${formatCount(live.images, 'image')} live (maps kept: ${formatBytes(live.bytes)})${
              this.rescoreMs !== null ? html`, last in ${formatMs(this.rescoreMs)}` : nothing
            }.`
          : nothing
      }
    </p>
    ${
      this.unmapped > 0
        ? html`<p class="redetect">
            ${formatCount(this.unmapped, 'image')} detected before the labels came:
            the sliders cannot re-score ${this.unmapped === 1 ? 'it' : 'them'} live until
            ${this.unmapped === 1 ? 'it is' : 'they are'} detected again.
            <button data-testid="labels-redetect" ?disabled=${this.busy} @click=${() =>
              this.dispatchEvent(new LabelledRedetectRequestedEvent())}>
              Detect ${formatCount(this.unmapped, 'image')} again
            </button>
          </p>`
        : nothing
    }`;
  }

  private renderUnpaired(pairing: Pairing) {
    const { unpairedImages, unpairedLabels } = pairing;
    if (unpairedImages.length + unpairedLabels.length === 0) return nothing;
    return html`<details data-testid="unpaired" ?open=${unpairedLabels.length > 0}>
      <summary>
        ${formatCount(unpairedImages.length, 'image')} without labels,
        ${formatCount(unpairedLabels.length, 'label entry', 'label entries')} without an image
      </summary>
      <ul>
        ${unpairedLabels.map(
          (u) => html`<li data-testid="unpaired-label">
            ${u.image} (${u.labelFile}): ${u.reason === 'duplicate' ? 'the image already has labels' : 'no image of that name'}
          </li>`,
        )}
        ${unpairedImages.map((name) => html`<li data-testid="unpaired-image">${name}: no labels</li>`)}
      </ul>
    </details>`;
  }

  private renderOutside() {
    if (this.outside.length === 0) return nothing;
    return html`<details data-testid="labels-outside" open>
      <summary>${formatCount(this.outside.length, 'label box', 'label boxes')} outside the image, left out of scoring</summary>
      <ul>
        ${this.outside.map((line) => html`<li data-testid="label-outside">${line}</li>`)}
      </ul>
    </details>`;
  }

  private picked(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])].filter(
      (f) => !isHiddenPath(f.webkitRelativePath || f.name),
    );
    // Clearing lets the same files be chosen again.
    input.value = '';
    if (files.length > 0) this.dispatchEvent(new GroundTruthFilesChosenEvent(files));
  }

  private clear = (): void => {
    this.dispatchEvent(new GroundTruthClearedEvent());
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ground-truth-panel': GroundTruthPanel;
  }
  interface HTMLElementEventMap {
    'ground-truth-files-chosen': GroundTruthFilesChosenEvent;
    'ground-truth-cleared': GroundTruthClearedEvent;
    'labelled-redetect-requested': LabelledRedetectRequestedEvent;
  }
}
