/**
 * Where the workbench puts the keyboard and the screen after an action: pieces of
 * `<workbench-view>` (which renders into `<app-root>`'s shadow root) kept apart to keep it short.
 */
import { html, type LitElement } from 'lit';
import { type BatchItem, ItemStatus } from '../../features/batch/ui/batch-item.js';
import { formatCount } from '../design/format.js';

/**
 * Gives the keyboard to the Detect button under `host` once the app (whose controllers render the
 * workbench) has rendered the change that enabled it.
 */
export async function focusRunButton(host: LitElement): Promise<void> {
  const app = (host.getRootNode() as ShadowRoot).host as LitElement | undefined;
  await app?.updateComplete;
  await host.updateComplete;
  host.querySelector<HTMLButtonElement>('[data-testid="run"]:not(:disabled)')?.focus();
}

/**
 * Brings the result (`#results`) into view and gives it the keyboard, unless the person has moved
 * on to another control meanwhile (a disabled Detect button drops focus to the page).
 */
export function revealResult(host: HTMLElement): void {
  const focused = (host.getRootNode() as ShadowRoot | Document).activeElement;
  const result = host.querySelector<HTMLElement>('#results');
  if (!result) return;
  result.scrollIntoView({ block: 'start', behavior: 'smooth' });
  if (!focused || focused.getAttribute('data-testid') === 'run')
    result.focus({ preventScroll: true });
}

/** The viewer's place before any image is chosen; the instructions for adding are in the drop zone. */
export const emptyViewer = html`<div class="empty">
  <div>
    <h2>Find every text region</h2>
    <p>Add receipts, scans or photos; each image and its regions show here.<br />
      Detection runs on this device; nothing leaves it. Every result is kept here too:
      earlier ones, from before a reload, are under <strong>History</strong> at the top.</p>
  </div>
</div>`;

/** The viewer's place for an image that does not decode: its name and why. */
export function unreadableViewer(name: string, message: string) {
  return html`<div class="empty" data-testid="display-error">
    <div><h2>${name} cannot be shown</h2><p>${message}</p></div>
  </div>`;
}

/** What the empty regions table says for the item on screen: not "no regions" before a run ends. */
export function regionsEmptyText(item: BatchItem | null): string {
  switch (item?.status) {
    case undefined:
      return 'No image yet: add one, then press Detect.';
    case ItemStatus.Pending:
      return 'Not detected yet: press Detect.';
    case ItemStatus.Queued:
    case ItemStatus.Running:
      return 'Detecting…';
    case ItemStatus.Failed:
    case ItemStatus.TimedOut:
    case ItemStatus.Cancelled:
      // The row's message is cut to one line; here it is whole (a phone has no hover title).
      return `No result: ${item?.error ?? 'see its row for why.'}`;
    default:
      return 'No regions detected in this image.';
  }
}

/**
 * The Detect button's words: the selection's count (what the person ticked), not only the part
 * that still needs a run; `toRun` is that part.
 */
export function runLabel(items: readonly BatchItem[], toRun: number, running: boolean): string {
  if (running) return 'Detecting…';
  const selected = items.filter((item) => item.included).length;
  if (selected === 0) return 'Detect images';
  if (toRun === 0) {
    const detected = items.filter((item) => item.included && item.result).length;
    if (detected < selected) return 'Nothing new to detect';
    return selected === 1 ? 'Image detected' : `All ${formatCount(selected, 'image')} detected`;
  }
  return `Detect ${formatCount(selected, 'image')}`;
}

/** What the Detect button leaves out: selected images already detected with these settings. */
export function runTitle(items: readonly BatchItem[], toRun: number): string {
  const kept = items.filter((item) => item.included).length - toRun;
  return kept > 0
    ? `${formatCount(kept, 'image')} already detected with these settings ${kept === 1 ? 'keeps its' : 'keep their'} result`
    : '';
}
