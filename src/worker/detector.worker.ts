import { expose } from 'comlink';
import { reportCspViolations } from '../csp-report.js';
import { Detector } from './detector.js';

reportCspViolations(self);
expose(new Detector());
