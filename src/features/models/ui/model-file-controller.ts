import type { ReactiveControllerHost } from 'lit';

/** Why a chosen model file looks wrong (it is checked anyway), or null when its name is fine. */
export function modelFileNote(file: File): string | null {
  return file.name.toLowerCase().endsWith('.onnx')
    ? null
    : `"${file.name}" does not end in .onnx; it will be checked anyway.`;
}

/**
 * Why a chosen model file cannot be a model at all, or null. Said before the descriptor is
 * checked, so an empty file is not reported as a descriptor whose size is below 1 byte.
 */
export function modelFileProblem(file: File): string | null {
  return file.size === 0 ? `"${file.name}": the file is empty.` : null;
}

/** What <model-import-dialog> tells the controller. */
export interface ModelFileOptions {
  /** True while the page loads and checks a model: drops are refused. */
  busy(): boolean;
  /** Called when a file was chosen or dropped. */
  taken(): void;
  /** The element a drag must leave for it to count as gone (the dialog). */
  container(): Node | null;
}

/**
 * The model file of the import dialog: chosen with the picker or dropped anywhere on the dialog,
 * the note or error shown under it, and whether a drag of files is over the dialog. Drags never
 * reach the page's own drop zone, which would take the model for an image. Needs no lifecycle:
 * it only asks the host to render again when something changed.
 */
export class ModelFileController {
  /** The chosen model file, or null. */
  file: File | null = null;
  /** The note or error shown under the file, or null. */
  error: string | null = null;
  /** True while files are dragged over the dialog (and it is not busy). */
  over = false;

  constructor(
    private readonly host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    private readonly options: ModelFileOptions,
  ) {}

  /** Forgets the file and its note (a fresh dialog). */
  reset(): void {
    this.file = null;
    this.error = null;
    this.host.requestUpdate();
  }

  /** The chosen file; without one, or with one that cannot be a model, says so and returns null. */
  require(): File | null {
    const problem = this.file
      ? modelFileProblem(this.file)
      : 'Choose or drop the .onnx file first.';
    if (problem) {
      this.error = problem;
      this.host.requestUpdate();
      return null;
    }
    return this.file;
  }

  /** The file input's change handler. */
  picked = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.take(input.files?.[0]);
    input.value = '';
  };

  /** The dialog's dragenter and dragover handler. */
  drag = (event: DragEvent): void => {
    // Keep the page's own drop zone (listening on window) from taking the model file as an image.
    event.stopPropagation();
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    const busy = this.options.busy();
    event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    this.setOver(!busy);
  };

  /** The dialog's dragleave handler. */
  dragLeave = (event: DragEvent): void => {
    event.stopPropagation();
    const container = this.options.container();
    if (event.relatedTarget === null || !container?.contains(event.relatedTarget as Node)) {
      this.setOver(false);
    }
  };

  /** The dialog's drop handler. */
  drop = (event: DragEvent): void => {
    event.stopPropagation();
    event.preventDefault();
    this.setOver(false);
    if (this.options.busy()) return;
    this.take(event.dataTransfer?.files[0]);
  };

  private take(file: File | undefined): void {
    if (!file) return;
    this.error = modelFileProblem(file) ?? modelFileNote(file);
    this.file = file;
    this.options.taken();
    this.host.requestUpdate();
  }

  private setOver(over: boolean): void {
    if (over === this.over) return;
    this.over = over;
    this.host.requestUpdate();
  }
}
