import { expose } from 'comlink';
import { reportCspViolations } from '../core/csp-report.js';
import { Detector } from '../features/detection/worker/detector.js';

reportCspViolations(self);
expose(new Detector());
