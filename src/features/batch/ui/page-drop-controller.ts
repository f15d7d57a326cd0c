import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long without a dragover before a drag counts as gone, ms (browsers repeat it every ≤350 ms). */
export const DRAG_SILENCE_MS = 1000;

/** What a drop carried, taken while its DataTransfer was still readable: files and folders. */
export type DroppedThing = File | FileSystemDirectoryEntry;

/** What the host does with page-wide drops and pastes. */
export interface PageDropOptions {
  /** The files and (non-hidden) folders of a drop of files. */
  dropped(taken: DroppedThing[]): void;
  /** The image files of a paste; never called with none. */
  pasted(files: File[]): void;
  /** Where drags and pastes are listened for; the window unless a test passes its own. */
  target?: EventTarget;
}

/** Connected controllers, latest last: only the latest takes page-wide drops and pastes, so two never both add. */
const connected: PageDropController[] = [];

/** True while a drag carries files (not text or a link from the page). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Page-wide drag and drop of files, and paste, for a drop zone: listens on the window while its
 * host is connected, tracks whether files are being dragged over the page (and how many), and
 * hands over what was dropped or pasted. Drags of text or links from the page are left alone.
 */
export class PageDropController implements ReactiveController {
  /** True while files are dragged over the page. */
  dragging = false;
  /** Files in the current drag, or 0 when the browser does not tell (Safari, folders count as one). */
  dragCount = 0;
  /** MIME type of each file in the current drag ("" when unknown); empty when the browser does not tell. */
  dragTypes: string[] = [];

  // dragenter/dragleave fire for every element crossed; the depth says whether we are still inside.
  private dragDepth = 0;
  private dragWatchdog: ReturnType<typeof setTimeout> | undefined;
  private readonly target: EventTarget;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: PageDropOptions,
  ) {
    this.target = options.target ?? window;
    host.addController(this);
  }

  hostConnected(): void {
    connected.push(this);
    this.target.addEventListener('dragenter', this.onDragEnter as EventListener);
    this.target.addEventListener('dragover', this.onDragOver as EventListener);
    this.target.addEventListener('dragleave', this.onDragLeave as EventListener);
    this.target.addEventListener('drop', this.onDrop as EventListener);
    this.target.addEventListener('paste', this.onPaste as EventListener);
  }

  hostDisconnected(): void {
    connected.splice(connected.indexOf(this), 1);
    this.target.removeEventListener('dragenter', this.onDragEnter as EventListener);
    this.target.removeEventListener('dragover', this.onDragOver as EventListener);
    this.target.removeEventListener('dragleave', this.onDragLeave as EventListener);
    this.target.removeEventListener('drop', this.onDrop as EventListener);
    this.target.removeEventListener('paste', this.onPaste as EventListener);
    this.endDrag();
  }

  /** True when this controller answers page-wide drops and pastes (the latest connected one does). */
  get isActive(): boolean {
    return connected.at(-1) === this;
  }

  private onDragEnter = (event: DragEvent): void => {
    if (!carriesFiles(event) || !this.isActive) return;
    event.preventDefault();
    this.dragDepth++;
    const files = [...(event.dataTransfer?.items ?? [])].filter((item) => item.kind === 'file');
    this.dragCount = files.length;
    this.dragTypes = files.map((item) => item.type);
    this.dragging = true;
    this.host.requestUpdate();
  };

  private onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event) || !this.isActive) return;
    // Without preventDefault the browser refuses the drop (and would open the file instead).
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.host.requestUpdate();
    }
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
    const taken: DroppedThing[] = [];
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
    this.options.dropped(taken);
  };

  private onPaste = (event: ClipboardEvent): void => {
    if (!this.isActive) return;
    const files = [...(event.clipboardData?.files ?? [])].filter((file) =>
      file.type.startsWith('image/'),
    );
    if (files.length === 0) return;
    event.preventDefault();
    this.options.pasted(files);
  };

  private endDrag(): void {
    clearTimeout(this.dragWatchdog);
    this.dragDepth = 0;
    this.dragCount = 0;
    this.dragTypes = [];
    this.dragging = false;
    this.host.requestUpdate();
  }
}
