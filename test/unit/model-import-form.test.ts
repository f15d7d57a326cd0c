import type { ReactiveControllerHost } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { PresetId, presetSettings } from '../../src/features/models/pipeline/descriptor-presets.js';
import type { FieldError } from '../../src/features/models/pipeline/descriptor-validate.js';
import { editForm, formFromSettings } from '../../src/features/models/ui/descriptor-form.js';
import { refusedDescriptorErrors } from '../../src/features/models/ui/descriptor-refusal.js';
import {
  ModelFileController,
  modelFileNote,
  modelFileProblem,
} from '../../src/features/models/ui/model-file-controller.js';

const ERRORS: FieldError[] = [
  { path: 'name', message: 'name is empty' },
  { path: 'postprocess.threshold', message: 'threshold out of range' },
  { path: 'normalization.mean', message: 'mean needs three numbers' },
];

describe('editForm', () => {
  const form = formFromSettings(presetSettings(PresetId.PpOcrV4));

  it('keeps the preset when only the name or licence changes, and drops that error only', () => {
    const edit = editForm(form, ERRORS, { name: 'Mine' });
    expect(edit.form.name).toBe('Mine');
    expect(edit.form.threshold).toBe(form.threshold);
    expect(edit.settingsChanged).toBe(false);
    expect(edit.fieldErrors.map((e) => e.path)).toEqual([
      'postprocess.threshold',
      'normalization.mean',
    ]);
  });

  it('leaves the preset when a setting changes, and drops the errors of the fields edited', () => {
    const edit = editForm(form, ERRORS, { threshold: '0.4', mean: ['0.5', '0.5', '0.5'] });
    expect(edit.form.threshold).toBe('0.4');
    expect(edit.settingsChanged).toBe(true);
    expect(edit.fieldErrors.map((e) => e.path)).toEqual(['name']);
    expect(form.threshold).not.toBe('0.4');
  });
});

describe('refusedDescriptorErrors', () => {
  it('stops a submit while a refused descriptor stands, naming the file and its reasons', () => {
    expect(refusedDescriptorErrors(null)).toBeNull();
    const errors = refusedDescriptorErrors({
      fileName: 'bad.json',
      errors: [{ path: 'json', message: 'bad.json: not JSON' }],
    });
    expect(errors?.map((e) => e.message)).toEqual([
      'bad.json was refused, so the model was not added with other settings. Load a corrected descriptor, choose a preset or edit the fields to go on.',
      'bad.json: not JSON',
    ]);
  });
});

/** A dragenter or drop with files, the way a browser sends it. */
function fileDrag(type: string, files: File[] = []): DragEvent {
  const event = new Event(type, { cancelable: true, bubbles: true });
  Object.defineProperty(event, 'dataTransfer', {
    value: { types: ['Files'], files, dropEffect: 'none' },
  });
  Object.defineProperty(event, 'relatedTarget', { value: null });
  return event as DragEvent;
}

function controller(busy = false) {
  const host: ReactiveControllerHost = {
    addController: () => {},
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  };
  const taken = vi.fn();
  const files = new ModelFileController(host, {
    busy: () => busy,
    taken,
    container: () => null,
  });
  return { files, taken };
}

describe('ModelFileController', () => {
  it('notes a file whose name does not end in .onnx, and none for one that does', () => {
    expect(modelFileNote(new File([], 'det.ONNX'))).toBeNull();
    expect(modelFileNote(new File([], 'det.bin'))).toBe(
      '"det.bin" does not end in .onnx; it will be checked anyway.',
    );
  });

  it('takes a dropped file, says when none was chosen, and forgets it on reset', () => {
    const { files, taken } = controller();
    expect(files.require()).toBeNull();
    expect(files.error).toBe('Choose or drop the .onnx file first.');
    const enter = fileDrag('dragenter');
    files.drag(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(enter.dataTransfer?.dropEffect).toBe('copy');
    expect(files.over).toBe(true);
    const model = new File(['x'], 'det.onnx');
    files.drop(fileDrag('drop', [model]));
    expect(files.over).toBe(false);
    expect(files.require()).toBe(model);
    expect(files.error).toBeNull();
    expect(taken).toHaveBeenCalledTimes(1);
    files.reset();
    expect(files.file).toBeNull();
  });

  it('says an empty file is empty, when it is taken and when it is submitted', () => {
    expect(modelFileProblem(new File(['x'], 'det.onnx'))).toBeNull();
    const { files } = controller();
    files.drop(fileDrag('drop', [new File([], 'empty.onnx')]));
    expect(files.error).toBe('"empty.onnx": the file is empty.');
    files.error = null;
    expect(files.require()).toBeNull();
    expect(files.error).toBe('"empty.onnx": the file is empty.');
  });

  it('refuses drops while busy', () => {
    const { files, taken } = controller(true);
    const enter = fileDrag('dragenter');
    files.drag(enter);
    expect(enter.dataTransfer?.dropEffect).toBe('none');
    expect(files.over).toBe(false);
    files.drop(fileDrag('drop', [new File(['x'], 'det.onnx')]));
    expect(files.file).toBeNull();
    expect(taken).not.toHaveBeenCalled();
  });
});
