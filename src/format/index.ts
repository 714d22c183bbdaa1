import type { Report } from '../types.js';
import { formatChecklist } from './checklist.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import type { FormatOptions } from './shared.js';
import { formatSvg } from './svg.js';
import { formatText } from './text.js';

export type { FormatOptions } from './shared.js';

import { FORMATS, type FormatName } from './names.js';

export { FORMATS, type FormatName } from './names.js';

/** Every formatter is a pure function of the report and the options. */
export type Formatter = (report: Report, options: FormatOptions) => string;

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  text: formatText,
  json: (report) => formatJson(report),
  markdown: formatMarkdown,
  checklist: formatChecklist,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  gitlab: formatGitlab,
  svg: formatSvg,
};

/** What `formatReport` takes: `toolVersion` defaults to `DEFAULT_TOOL_VERSION`. */
export type FormatReportOptions = Omit<FormatOptions, 'toolVersion'> & { toolVersion?: string };

export const DEFAULT_TOOL_VERSION = '0.0.0';

export function formatReport(report: Report, format: FormatName, options: FormatReportOptions): string {
  const formatter = FORMATTERS[format];
  if (!formatter) throw new Error(`unknown format "${String(format)}" (one of ${FORMATS.join(', ')})`);
  return formatter(report, { ...options, toolVersion: options.toolVersion ?? DEFAULT_TOOL_VERSION });
}
