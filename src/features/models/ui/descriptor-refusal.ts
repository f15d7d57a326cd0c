/**
 * A descriptor file the import dialog refused stays refused: the import cannot go on with the
 * form's other settings (a preset's, until then) unless the person chooses settings — loads a
 * good descriptor, picks a preset or edits a field.
 */
import type { FieldError } from '../pipeline/descriptor-validate.js';

/** A refused descriptor file: its name and why, as the dialog showed them. */
export interface RefusedDescriptor {
  fileName: string;
  errors: readonly FieldError[];
}

/** The errors a submit shows while `refused` stands (the submit is then stopped), or null. */
export function refusedDescriptorErrors(refused: RefusedDescriptor | null): FieldError[] | null {
  if (!refused) return null;
  return [
    {
      path: 'descriptor',
      message: `${refused.fileName} was refused, so the model was not added with other settings. Load a corrected descriptor, choose a preset or edit the fields to go on.`,
    },
    ...refused.errors,
  ];
}
