/**
 * Watches what the current model does with real images. A model passes its trial run on a small
 * built-in image, yet may still fail on every photo (an output that is no probability map on
 * other content); such a model is not left current in silence: the person is told and offered
 * the model used before it.
 */
import { ErrorName, errorName, userMessage } from '../../../core/errors.js';
import type { ModelDescriptor } from '../pipeline/descriptor.js';

/** Images that must fail, with none detected, before the model is called failing. */
export const FAILURES_BEFORE_WARNING = 2;

/** The current model failed on every image since it was made current. */
export interface FailingModel {
  modelId: string;
  modelName: string;
  /** Images it failed on, all of those it ran on. */
  failures: number;
  /** The last failure, as a person reads it. */
  reason: string;
  /** The model to go back to. */
  fallbackId: string;
  fallbackName: string;
}

/** The notice for a failing model. */
export function failingModelMessage(failing: FailingModel): string {
  return `"${failing.modelName}" has failed on every image since it was loaded (${failing.failures} of ${failing.failures}): ${failing.reason} Go back to "${failing.fallbackName}" with the button beside the model picker.`;
}

/** Counts the current model's detections and failures; see the module comment. */
export class ModelHealth {
  /** Set while the current model has failed on every image; null otherwise. */
  failing: FailingModel | null = null;
  private model: ModelDescriptor | null = null;
  private fallback: ModelDescriptor | null = null;
  private detected = 0;
  private failed = 0;

  /**
   * A model was made current after `previous` (null at start-up): the counts start again.
   * `defaultModel` is offered when there was no other model before it.
   */
  reset(
    model: ModelDescriptor,
    previous: ModelDescriptor | null,
    defaultModel: ModelDescriptor | null,
  ): void {
    if (previous && previous.id !== model.id) this.fallback = previous;
    else if (!this.fallback || this.fallback.id === model.id) this.fallback = defaultModel;
    if (this.fallback?.id === model.id) this.fallback = null;
    this.model = model;
    this.detected = 0;
    this.failed = 0;
    this.failing = null;
  }

  /**
   * One image's outcome with model `modelId` (`error` null when it was detected). Returns the
   * failing state when this outcome made the model failing, so the caller tells the person once.
   */
  note(modelId: string | null, error: unknown): FailingModel | null {
    if (!this.model || modelId !== this.model.id) return null;
    if (error === null) {
      this.detected++;
      this.failing = null;
      return null;
    }
    // Only a verdict on the model's output counts: a timeout or an unreadable image says nothing of it.
    if (errorName(error) !== ErrorName.ModelMismatch) return null;
    this.failed++;
    if (this.detected > 0 || this.failed < FAILURES_BEFORE_WARNING || !this.fallback) return null;
    const wasFailing = this.failing !== null;
    this.failing = {
      modelId: this.model.id,
      modelName: this.model.name,
      failures: this.failed,
      reason: userMessage(error),
      fallbackId: this.fallback.id,
      fallbackName: this.fallback.name,
    };
    return wasFailing ? null : this.failing;
  }
}
