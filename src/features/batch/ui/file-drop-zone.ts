import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formatCount } from '../../../shell/design/format.js';
import { controlStyles } from '../../../shell/design/theme.js';
import { byPath, filesUnder, isWantedFile, namePasted } from './dropped-files.js';
import { isHiddenPath } from './image-files.js';

/** Fired when files were chosen, dropped or pasted; `files` is never empty. */
export class FilesAddedEvent extends Event {
  static readonly eventName = 'files-added';
  constructor(readonly files: File[]) {
    super(FilesAddedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** How long without a dragover before a drag counts as gone, ms (browsers repeat it every ≤350 ms). */
const DRAG_SILENCE_MS = 1000;

/** Connected zones, latest last: only the latest takes page-wide drops and pastes, so two never both add. */
const connectedZones: FileDropZone[] = [];

/** True while a drag carries files (not text or a link from the page). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
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
  static override styles = [
    controlStyles,
    css`
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
      @media (pointer: coarse) {
        .camera {
          display: inline-flex;
        }
      }
    `,
  ];

  /** Render a slim one-line version, for when the list already has images. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** True while files are dragged over the page (set by the element; reflected for styling). */
  @property({ type: Boolean, reflect: true }) dragging = false;

  /** Files in the current drag, or 0 when the browser does not tell (Safari, folders count as one). */
  @state() private dragCount = 0;
  /** A short note after an add that found nothing, read out politely. */
  @state() private notice = '';

  @query('[data-testid="file-input"]') private fileInput!: HTMLInputElement;
  @query('[data-testid="folder-input"]') private folderInput!: HTMLInputElement;
  @query('[data-testid="camera-input"]') private cameraInput!: HTMLInputElement;

  // dragenter/dragleave fire for every element crossed; the depth says whether we are still inside.
  private dragDepth = 0;
  private dragWatchdog: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    connectedZones.push(this);
    window.addEventListener('dragenter', this.onDragEnter);
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    window.addEventListener('paste', this.onPaste);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedZones.splice(connectedZones.indexOf(this), 1);
    window.removeEventListener('dragenter', this.onDragEnter);
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
    window.removeEventListener('paste', this.onPaste);
    this.endDrag();
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
        accept="image/*"
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
      <button type="button" class=${this.compact ? '' : 'primary'} @click=${this.chooseFiles}>
        ${imageIcon} Choose images
      </button>
      <button type="button" @click=${this.chooseFolder}>${folderIcon} Choose folder</button>
      <button type="button" class="camera" data-testid="take-photo" @click=${() => this.cameraInput.click()}>
        ${cameraIcon} Take photo
      </button>
    `;
    const notice = html`<p class="notice" role="status" aria-live="polite">${this.notice}</p>`;
    const body = this.compact
      ? html`
          <div class="compact" title="You can also drop or paste images anywhere on the page">
            ${buttons}
            <p class="hint">
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
            <p class="hint">
              Drop images anywhere, paste (<kbd>Ctrl</kbd>+<kbd>V</kbd>), or choose files / choose a
              folder.<br />JPEG, PNG, WebP, BMP, GIF and AVIF.
            </p>
            <div class="actions">${buttons}</div>
            ${notice}
          </div>
        `;
    return html`${inputs}${body}${this.dragging ? this.renderOverlay() : nothing}`;
  }

  private renderOverlay() {
    const what = this.dragCount > 0 ? formatCount(this.dragCount, 'image') : 'images';
    return html`
      <div class="overlay" data-testid="drop-overlay">
        <div class="overlay-panel">
          <div class="badge">${uploadIcon}</div>
          Drop to add ${what}
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

  /** True when this zone answers page-wide drops and pastes (the latest connected one does). */
  private get isActive(): boolean {
    return connectedZones.at(-1) === this;
  }

  private onDragEnter = (event: DragEvent): void => {
    if (!carriesFiles(event) || !this.isActive) return;
    event.preventDefault();
    this.dragDepth++;
    this.dragCount = [...(event.dataTransfer?.items ?? [])].filter(
      (item) => item.kind === 'file',
    ).length;
    this.dragging = true;
  };

  private onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event) || !this.isActive) return;
    // Without preventDefault the browser refuses the drop (and would open the file instead).
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) this.dragging = true;
    // An element removed mid-drag never gets its dragleave, so the depth can stay above zero after
    // the drag has left the window. Browsers repeat dragover while over the page; silence ends it.
    clearTimeout(this.dragWatchdog);
    this.dragWatchdog = setTimeout(() => this.endDrag(), DRAG_SILENCE_MS);
  };

  private onDragLeave = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.endDrag();
  };

  private onDrop = (event: DragEvent): void => {
    if (!carriesFiles(event) || !this.isActive) return;
    event.preventDefault();
    this.endDrag();
    const transfer = event.dataTransfer;
    if (!transfer) return;
    // Entries and files must be taken now: the DataTransfer is emptied once this handler returns.
    const taken: (File | FileSystemDirectoryEntry)[] = [];
    const items = [...transfer.items].filter((item) => item.kind === 'file');
    if (items.length === 0) taken.push(...transfer.files);
    for (const item of items) {
      const entry = item.webkitGetAsEntry?.();
      if (entry?.isDirectory) {
        if (!entry.name.startsWith('.')) taken.push(entry as FileSystemDirectoryEntry);
        continue;
      }
      const file = item.getAsFile();
      if (file) taken.push(file);
    }
    void this.collect(taken);
  };

  private async collect(taken: (File | FileSystemDirectoryEntry)[]): Promise<void> {
    const hasFolder = taken.some((thing) => !(thing instanceof File));
    const files: File[] = [];
    for (const thing of taken) {
      if (thing instanceof File) files.push(thing);
      else files.push(...(await filesUnder(thing).catch(() => [])));
    }
    if (taken.length > 0)
      this.emit(files, hasFolder ? 'No images found in the dropped folder.' : '');
  }

  private onPaste = (event: ClipboardEvent): void => {
    if (!this.isActive) return;
    const files = [...(event.clipboardData?.files ?? [])].filter((file) =>
      file.type.startsWith('image/'),
    );
    if (files.length === 0) return;
    event.preventDefault();
    this.emit(namePasted(files), '');
  };

  private endDrag(): void {
    clearTimeout(this.dragWatchdog);
    this.dragDepth = 0;
    this.dragCount = 0;
    this.dragging = false;
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
