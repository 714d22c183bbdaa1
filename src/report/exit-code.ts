import type { Report } from '../types.js';

/** The contract: 0 clean, 1 drift found, 2 usage error or input that could not be read. */
export const EXIT = { clean: 0, drift: 1, incomplete: 2 } as const;

export function exitCodeFor(report: Report, options: { allowIncomplete?: boolean; maxWarnings?: number } = {}): number {
  if (report.diagnostics.some((d) => d.fatal)) return EXIT.incomplete;
  const incomplete = report.diagnostics.some((d) => d.severity === 'error' && !d.baselined);
  if (incomplete && !options.allowIncomplete) return EXIT.incomplete;
  if (report.findings.some((f) => f.severity === 'error')) return EXIT.drift;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  return options.maxWarnings !== undefined && warnings > options.maxWarnings ? EXIT.drift : EXIT.clean;
}
