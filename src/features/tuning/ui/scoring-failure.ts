import { ErrorName, errorMessage, errorName, userMessage } from '../../../core/errors.js';

/**
 * What a person reads when a call to the scoring worker fails. The shared table's headlines for a
 * hang and a crash speak of the detector, so those two name the scoring worker here.
 */
export function scoringFailure(error: unknown): string {
  switch (errorName(error)) {
    case ErrorName.Timeout:
      return `The scoring worker ran past its time limit and was stopped. ${errorMessage(error)}`;
    case ErrorName.WorkerCrashed:
      return `The scoring worker stopped unexpectedly and was restarted. ${errorMessage(error)}`;
    default:
      return userMessage(error);
  }
}
