import type { Report } from '../types.js';

/** The JSON shape is a contract other tools parse; `version` changes only when it breaks. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
