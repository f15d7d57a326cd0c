/**
 * Says in the console what the Content-Security-Policy blocked. Browsers log violations
 * themselves, but not where page scripts (and test runners) can see them; a blocked request must
 * never fail silently.
 */
export function reportCspViolations(target: EventTarget): void {
  target.addEventListener('securitypolicyviolation', (event) => {
    const violation = event as Event & {
      blockedURI?: string;
      effectiveDirective?: string;
      sourceFile?: string;
      lineNumber?: number;
    };
    const where = violation.sourceFile ? ` (${violation.sourceFile}:${violation.lineNumber})` : '';
    console.error(
      `[CSP] Blocked ${violation.blockedURI || 'inline content'} under ${violation.effectiveDirective}${where}: TextSpot only talks to its own origin.`,
    );
  });
}
