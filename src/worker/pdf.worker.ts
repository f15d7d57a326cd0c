import { expose } from 'comlink';
import { reportCspViolations } from '../core/csp-report.js';
import { PdfWriter } from '../features/export/worker/pdf-writer.js';

reportCspViolations(self);
expose(new PdfWriter());
