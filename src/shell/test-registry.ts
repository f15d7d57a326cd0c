/**
 * The handle test builds (`__TEST_HOOKS__`) put on `window.__textspotTest`: the e2e specs,
 * `npm run eval` and `npm run bench` drive the real engine, worker and model code through it.
 */
import type { DetectorEngine } from '../engine/detector-engine.js';
import type { BatchController } from '../features/batch/ui/batch-controller.js';
import type { BatchItem } from '../features/batch/ui/batch-item.js';
import type { PolygonOverlay } from '../features/detection/ui/polygon-overlay.js';
import type { HistoryController } from '../features/history/ui/history-controller.js';
import { type Catalog, loadRequestFor } from '../features/models/ui/model-catalog.js';
import type { ModelController } from '../features/models/ui/model-controller.js';
import type { TuningController } from '../features/tuning/ui/tuning-controller.js';
import type { DetectTestFault, LoadTestFaults } from '../protocol/test-hooks.js';

/** What `window.__textspotTest` holds in a test build. */
export interface TextspotTestRegistry {
  /** The app's one detector engine. */
  engine: DetectorEngine;
  /** Builds a model load request from a descriptor, as the model controller does. */
  loadRequestFor: typeof loadRequestFor;
  /** The model catalog, once read. */
  catalog(): Catalog | null;
  /** The workbench's overlay element, when an image is shown. */
  overlay(): PolygonOverlay | null;
  /** Makes the next job hang in the worker for `ms` milliseconds. */
  hangNext(ms: number): void;
  /** Makes the job of the file named `fileName` fail with `fault`, or hang that many ms. */
  faultFor(fileName: string, fault: DetectTestFault | number): void;
  /** Faults the next model loads should meet (null: none). */
  setLoadFaults(faults: LoadTestFaults | null): void;
  /** Sets the per-image time limit, ms, as the parameters panel does. */
  setTimeoutMs(ms: number): void;
  /** The batch items as the app holds them. */
  items(): readonly BatchItem[];
  /** The model controller (picker, import dialog, loads). */
  models: ModelController;
  /** The history controller. */
  history: HistoryController;
  /** The tuning controller (labels, scores, sweeps). */
  tuning: TuningController;
}

/** The controllers and callbacks the registry is made from. */
export interface TestRegistrySources {
  engine: DetectorEngine;
  batch: BatchController;
  models: ModelController;
  history: HistoryController;
  tuning: TuningController;
  /** Finds the workbench's overlay element. */
  overlay(): PolygonOverlay | null;
  /** Sets (and saves) the per-image time limit, ms. */
  setTimeoutMs(ms: number): void;
}

/** Builds the registry from the app's controllers; app-root installs it in test builds only. */
export function createTestRegistry(sources: TestRegistrySources): TextspotTestRegistry {
  const { engine, batch, models, history, tuning } = sources;
  return {
    engine,
    loadRequestFor,
    catalog: () => models.catalog,
    overlay: () => sources.overlay(),
    hangNext: (ms) => {
      batch.testHangNextMs = ms;
    },
    faultFor: (fileName, fault) => {
      batch.testFaultsByName.set(fileName, fault);
    },
    setLoadFaults: (faults) => {
      engine.testLoadFaults = faults;
    },
    setTimeoutMs: (ms) => sources.setTimeoutMs(ms),
    items: () => batch.items,
    models,
    history,
    tuning,
  };
}
