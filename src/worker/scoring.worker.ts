import { expose } from 'comlink';
import { reportCspViolations } from '../csp-report.js';
import { Scorer } from './scorer.js';

reportCspViolations(self);
expose(new Scorer());
