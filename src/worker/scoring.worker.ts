import { expose } from 'comlink';
import { reportCspViolations } from '../core/csp-report.js';
import { Scorer } from '../features/tuning/worker/scorer.js';

reportCspViolations(self);
expose(new Scorer());
