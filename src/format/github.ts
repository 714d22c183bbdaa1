import type { Report, Severity } from '../types.js';
import { messagesOf, type Message } from './message.js';
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
  const lines = messagesOf(report).map(messageCommand);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function messageCommand(m: Message): string {
  return command(
    m.severity,
    [
      ['file', m.file],
      ['line', m.line],
      ['col', m.column],
      ['endLine', m.endLine],
      ['endColumn', m.endColumn],
      ['title', m.ruleId],
    ],
    m.message,
  );
}
