/**
 * What an opened history result offers beyond its picture: the text read, in reading order, and
 * its actions — Copy text, its JSON entry, and Open in workbench.
 */
import { html } from 'lit';
import { textInReadingOrder } from '../../core/geometry/reading-order.js';
import { resultsEntry, toResultsJson } from '../../features/export/pipeline/json.js';
import { baseName } from '../../features/export/ui/batch-exports.js';
import { downloadBlob } from '../../features/export/ui/png.js';
import type { StoredResult } from '../../features/history/store/stored-result.js';
import { formatInteger } from '../design/format.js';

/** Fired by Open in workbench: the stored result `id` should join the batch and be shown. */
export class HistoryOpenInWorkbenchEvent extends Event {
  static readonly eventName = 'history-open-in-workbench';
  constructor(readonly id: string) {
    super(HistoryOpenInWorkbenchEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired to say something briefly ("Copied the text"), on screen and to screen readers. */
export class StatusAnnouncedEvent extends Event {
  static readonly eventName = 'status-announced';
  constructor(readonly message: string) {
    super(StatusAnnouncedEvent.eventName, { bubbles: true, composed: true });
  }
}

type OpenedResult = Omit<StoredResult, 'thumbnail'>;

/** The result's text in reading order (lines joined by `\n`); '' when none was read. */
export function openedText(result: Pick<OpenedResult, 'recognizerId' | 'detections'>): string {
  if (!result.recognizerId) return '';
  return textInReadingOrder(
    result.detections.map((d) => d.imagePolygon),
    result.detections.map((d) => d.text ?? ''),
  );
}

/** Downloads the result as the workbench's results JSON, with this one image in it. */
function downloadJson(result: OpenedResult): void {
  const { fileName, modelId, params } = result;
  const json = toResultsJson([resultsEntry({ fileName, modelId, params, result })]);
  downloadBlob(
    new Blob([json], { type: 'application/json' }),
    `${baseName(fileName)}-results.json`,
  );
}

/**
 * The opened result's actions and its text. `host` dispatches the events; `copy` writes the
 * clipboard and reports a refusal itself, resolving false then.
 */
export function renderOpenedText(
  host: EventTarget,
  result: OpenedResult,
  thumbnailSize: { width: number; height: number },
  copy: (text: string) => Promise<boolean>,
) {
  const text = openedText(result);
  const copySize = `${formatInteger(thumbnailSize.width)} × ${formatInteger(thumbnailSize.height)} px`;
  return html`<div class="actions">
      <button
        type="button"
        data-testid="history-copy-text"
        ?disabled=${text === ''}
        title=${text === '' ? 'No text was read for this result' : 'Copy the text in reading order'}
        @click=${async () => {
          if (await copy(text)) host.dispatchEvent(new StatusAnnouncedEvent('Copied the text'));
        }}
      >
        Copy text
      </button>
      <button
        type="button"
        data-testid="history-export-one-json"
        title="This result as results JSON"
        @click=${() => downloadJson(result)}
      >
        JSON
      </button>
      <span class="spacer"></span>
      <button
        type="button"
        class="primary"
        data-testid="history-open-in-workbench"
        @click=${() => host.dispatchEvent(new HistoryOpenInWorkbenchEvent(result.id))}
      >
        Open in workbench
      </button>
      <span class="note">The original image is not kept: the workbench shows the stored copy (${copySize}).</span>
    </div>
    ${
      text === ''
        ? html`<p class="no-text" data-testid="history-opened-no-text">
            No text was read for this result: it was detected with Read text off.
          </p>`
        : html`<div class="text" data-testid="history-opened-text" tabindex="0" role="region"
            aria-label="Text read, in reading order"
          >${text}</div>`
    }`;
}

declare global {
  interface HTMLElementEventMap {
    'history-open-in-workbench': HistoryOpenInWorkbenchEvent;
    'status-announced': StatusAnnouncedEvent;
  }
}
