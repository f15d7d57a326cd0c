import { html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { dragSummary } from './drag-summary.js';
import { byPath, filesUnder, isWantedFile, namePasted } from './dropped-files.js';
import { fileDropZoneStyles } from './file-drop-zone.styles.js';
import { isHiddenPath } from './image-files.js';
import { type DroppedThing, PageDropController } from './page-drop-controller.js';

/** Fired when files were chosen, dropped or pasted; `files` is never empty. */
export class FilesAddedEvent extends Event {
  static readonly eventName = 'files-added';
  constructor(readonly files: File[]) {
    super(FilesAddedEvent.eventName, { bubbles: true, composed: true });
  }
}

const uploadIcon = html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M12 15V4m0 0-4 4m4-4 4 4"/><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/></svg>`;
const imageIcon = html`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="1.8"/><path d="m21 16-5-5-9 9"/></svg>`;
const cameraIcon = html`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z"/><circle cx="12" cy="13" r="3.5"/></svg>`;
const folderIcon = html`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/></svg>`;

/**
 * Where images come in: a card with "Choose images" and "Choose folder", plus page-wide drop
 * (with a full-window overlay while dragging) and paste, both listened for on `window` while
 * connected. Folders contribute only image-like, non-hidden files; files chosen or dropped one by
 * one are all passed on, so a bad one gets its own error row later.
 */
@customElement('file-drop-zone')
export class FileDropZone extends LitElement {
  static override styles = [controlStyles, fileDropZoneStyles];

  /** Render a slim one-line version, for when the list already has images. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** True while files are dragged over the page (set by the element; reflected for styling). */
  @property({ type: Boolean, reflect: true }) dragging = false;

  /** A short note after an add that found nothing, read out politely. */
  @state() private notice = '';

  private readonly drop = new PageDropController(this, {
    dropped: (taken) => void this.collect(taken),
    pasted: (files) => this.emit(namePasted(files), ''),
  });

  @query('[data-testid="file-input"]') private fileInput!: HTMLInputElement;
  @query('[data-testid="folder-input"]') private folderInput!: HTMLInputElement;
  @query('[data-testid="camera-input"]') private cameraInput!: HTMLInputElement;

  protected override willUpdate(): void {
    this.dragging = this.drop.dragging;
  }

  /** Opens the file picker (for a keyboard shortcut elsewhere in the app). */
  chooseFiles(): void {
    this.fileInput.click();
  }

  /** Opens the folder picker. */
  chooseFolder(): void {
    this.folderInput.click();
  }

  override render() {
    const inputs = html`
      <input
        type="file"
        multiple
        accept="image/*,application/pdf,.pdf,.heic,.heif"
        data-testid="file-input"
        aria-label="Choose images"
        @change=${this.onFilesPicked}
      />
      <input
        type="file"
        webkitdirectory
        multiple
        data-testid="folder-input"
        aria-label="Choose folder"
        @change=${this.onFolderPicked}
      />
      <input
        type="file"
        accept="image/*"
        capture="environment"
        data-testid="camera-input"
        aria-label="Take photo"
        @change=${this.onPhotoTaken}
      />
    `;
    const buttons = html`
      <button type="button" class="camera ${this.compact ? '' : 'primary'}" data-testid="take-photo" @click=${() => this.cameraInput.click()}>
        ${cameraIcon} Take photo
      </button>
      <button type="button" class="choose ${this.compact ? '' : 'primary'}" @click=${this.chooseFiles}>
        ${imageIcon} Choose images
      </button>
      <button type="button" class="folder" @click=${this.chooseFolder}>${folderIcon} Choose folder</button>
    `;
    const notice = html`<p class="notice" role="status" aria-live="polite">${this.notice}</p>`;
    const body = this.compact
      ? html`
          <div class="compact" title="You can also drop or paste images anywhere on the page">
            ${buttons}
            <p class="hint desk">
              <span class="long">or drop / paste (<kbd>Ctrl</kbd>+<kbd>V</kbd>) anywhere</span
              ><span class="short">or drop / paste</span>
            </p>
            ${notice}
          </div>
        `
      : html`
          <div class="card">
            <div class="badge">${uploadIcon}</div>
            <p class="title">Add images</p>
            <p class="hint desk">
              Drop images anywhere, paste (<kbd>Ctrl</kbd>+<kbd>V</kbd>), or choose files / choose a
              folder.<br />JPEG, PNG, WebP, BMP, GIF and AVIF.
            </p>
            <p class="hint touch">Take a photo of a receipt or page, or choose images.</p>
            <div class="actions">${buttons}</div>
            ${notice}
          </div>
        `;
    return html`${inputs}${body}${this.dragging ? this.renderOverlay() : nothing}`;
  }

  private renderOverlay() {
    const { title, others } = dragSummary(this.drop.dragTypes);
    return html`
      <div class="overlay" data-testid="drop-overlay">
        <div class="overlay-panel">
          <div class="badge">${uploadIcon}</div>
          ${title}
          ${others ? html`<span class="overlay-others" data-testid="drop-others">${others}</span>` : nothing}
        </div>
      </div>
    `;
  }

  private emit(files: File[], emptyNotice: string): void {
    this.notice = files.length === 0 ? emptyNotice : '';
    if (files.length > 0) this.dispatchEvent(new FilesAddedEvent(files));
  }

  private onFilesPicked = (): void => {
    const files = [...(this.fileInput.files ?? [])];
    // Clearing lets the same file be picked again (a second change event would not fire).
    this.fileInput.value = '';
    this.emit(files, '');
  };

  private onPhotoTaken = (): void => {
    const files = [...(this.cameraInput.files ?? [])];
    this.cameraInput.value = '';
    this.emit(files, '');
  };

  private onFolderPicked = (): void => {
    const picked = [...(this.folderInput.files ?? [])];
    this.folderInput.value = '';
    const files = picked
      .filter((file) => !isHiddenPath(file.webkitRelativePath || file.name))
      .filter(isWantedFile)
      .sort((a, b) => byPath.compare(a.webkitRelativePath, b.webkitRelativePath));
    if (picked.length > 0) this.emit(files, 'No images found in that folder.');
  };

  private async collect(taken: DroppedThing[]): Promise<void> {
    const hasFolder = taken.some((thing) => !(thing instanceof File));
    const files: File[] = [];
    for (const thing of taken) {
      if (thing instanceof File) files.push(thing);
      else files.push(...(await filesUnder(thing).catch(() => [])));
    }
    if (taken.length > 0)
      this.emit(files, hasFolder ? 'No images found in the dropped folder.' : '');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'file-drop-zone': FileDropZone;
  }
  interface HTMLElementEventMap {
    'files-added': FilesAddedEvent;
  }
}
