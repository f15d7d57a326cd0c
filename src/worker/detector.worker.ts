import { expose } from 'comlink';
import { reportCspViolations } from '../core/csp-report.js';
import { Detector } from '../features/detection/worker/detector.js';
import { TestDetector } from '../features/detection/worker/test-detector.js';

reportCspViolations(self);
// Test builds expose the test API too (protocol/test-hooks.ts); production builds drop it.
expose(__TEST_HOOKS__ ? new TestDetector() : new Detector());
