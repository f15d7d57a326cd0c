import type { ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DRAG_SILENCE_MS,
  type DroppedThing,
  PageDropController,
} from '../../src/features/batch/ui/page-drop-controller.js';

function fakeHost(): ReactiveControllerHost {
  return {
    addController: () => {},
    removeController: () => {},
    requestUpdate: vi.fn(),
    updateComplete: Promise.resolve(true),
  };
}

/** A drag event the way a browser sends it: cancelable, with a DataTransfer of `types` and file items. */
function dragEvent(type: string, types: string[], files: File[] = []): Event {
  const event = new Event(type, { cancelable: true });
  const items = files.map((file) => ({ kind: 'file', getAsFile: () => file }));
  Object.defineProperty(event, 'dataTransfer', {
    value: { types, items, files, dropEffect: 'none' },
  });
  return event;
}

function pasteEvent(files: File[]): Event {
  const event = new Event('paste', { cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { files } });
  return event;
}

describe('PageDropController', () => {
  let page: EventTarget;
  let dropped: DroppedThing[][];
  let pasted: File[][];
  let controllers: PageDropController[];

  function connect(): PageDropController {
    const controller = new PageDropController(fakeHost(), {
      dropped: (taken) => dropped.push(taken),
      pasted: (files) => pasted.push(files),
      target: page,
    });
    controller.hostConnected();
    controllers.push(controller);
    return controller;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    page = new EventTarget();
    dropped = [];
    pasted = [];
    controllers = [];
  });

  afterEach(() => {
    for (const controller of controllers) controller.hostDisconnected();
    vi.useRealTimers();
  });

  it('counts the files of a drag and takes them on drop', () => {
    const drop = connect();
    const files = [new File(['a'], 'a.png'), new File(['b'], 'b.jpg')];
    const enter = dragEvent('dragenter', ['Files'], files);
    page.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(drop.dragging).toBe(true);
    expect(drop.dragCount).toBe(2);
    const dropEvent = dragEvent('drop', ['Files'], files);
    page.dispatchEvent(dropEvent);
    expect(dropEvent.defaultPrevented).toBe(true);
    expect(drop.dragging).toBe(false);
    expect(drop.dragCount).toBe(0);
    expect(dropped).toEqual([files]);
  });

  it('leaves drags of text or links to the page', () => {
    const drop = connect();
    const enter = dragEvent('dragenter', ['text/plain']);
    page.dispatchEvent(enter);
    page.dispatchEvent(dragEvent('drop', ['text/plain']));
    expect(enter.defaultPrevented).toBe(false);
    expect(drop.dragging).toBe(false);
    expect(dropped).toEqual([]);
  });

  it('ends a drag when the last element is left, not the first', () => {
    const drop = connect();
    page.dispatchEvent(dragEvent('dragenter', ['Files']));
    page.dispatchEvent(dragEvent('dragenter', ['Files']));
    page.dispatchEvent(dragEvent('dragleave', ['Files']));
    expect(drop.dragging).toBe(true);
    page.dispatchEvent(dragEvent('dragleave', ['Files']));
    expect(drop.dragging).toBe(false);
  });

  it('ends a drag whose dragleave never came once dragover falls silent', () => {
    const drop = connect();
    page.dispatchEvent(dragEvent('dragenter', ['Files']));
    page.dispatchEvent(dragEvent('dragover', ['Files']));
    vi.advanceTimersByTime(DRAG_SILENCE_MS - 1);
    expect(drop.dragging).toBe(true);
    vi.advanceTimersByTime(1);
    expect(drop.dragging).toBe(false);
  });

  it('passes on pasted images only, and only to the latest connected zone', () => {
    const first = connect();
    const second = connect();
    expect(first.isActive).toBe(false);
    expect(second.isActive).toBe(true);
    const image = new File(['x'], 'image.png', { type: 'image/png' });
    const text = new File(['y'], 'notes.txt', { type: 'text/plain' });
    const paste = pasteEvent([image, text]);
    page.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    expect(pasted).toEqual([[image]]);
    page.dispatchEvent(pasteEvent([text]));
    expect(pasted).toHaveLength(1);
    second.hostDisconnected();
    controllers.pop();
    expect(first.isActive).toBe(true);
  });
});
