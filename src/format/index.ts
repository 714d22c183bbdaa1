import type { Report } from '../types.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json'] as const;
export type FormatName = (typeof FORMATS)[number];

export function formatReport(report: Report, format: FormatName, options: { color: boolean }): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'text':
      return formatText(report, options);
  }
}
