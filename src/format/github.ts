import type { Diagnostic, Finding, Report, Severity } from '../types.js';
import type { FormatOptions } from './shared.js';

/** Workflow-command data (the message): `%`, CR and LF are escaped so it stays one command. */
export function escapeData(text: string): string {
  // Other control characters (ESC, C1, U+2028) are never written raw: the log is a terminal too.
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A workflow-command property value: as data, and `:` and `,` as well. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(
  severity: Severity,
  props: ReadonlyArray<[string, string | number | undefined]>,
  message: string,
): string {
  const name = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
  const list = props.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${name} ${list.join(',')}::${escapeData(message)}`;
}

/**
 * GitHub Actions workflow commands: one annotation per finding and per input problem, shown on
 * the file and line in the run and in the pull request's changed files.
 */
export function formatGithub(report: Report, _options: FormatOptions): string {
  const lines = [...report.findings.map(findingCommand), ...report.diagnostics.map(diagnosticCommand)];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function findingCommand(f: Finding): string {
  return command(
    f.severity,
    [
      ['file', f.file],
      ['line', f.line],
      ['col', f.column],
      ['endLine', f.endLine],
      ['endColumn', f.endColumn],
      ['title', f.rule],
    ],
    f.message,
  );
}

function diagnosticCommand(d: Diagnostic): string {
  return command(
    d.severity,
    [
      ['file', d.file],
      ['line', d.line],
      ['col', d.line === undefined ? undefined : d.column],
      ['title', d.code],
    ],
    d.message,
  );
}
