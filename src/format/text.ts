import { createColors } from 'picocolors';
import type { Finding, Report, Severity } from '../types.js';
import { introducedText } from './history.js';
import { messagesOf, partition, type ProblemMessage } from './message.js';
import { baselineNotice, groupByFile, runbookLabel, splitPlanned } from './shared.js';

export interface TextOptions {
  color: boolean;
}

/**
 * ESLint-style: findings grouped by spec file, planned work apart after the drift, then a
 * summary line counting findings by kind.
 */
export function formatText(report: Report, options: TextOptions): string {
  const c = createColors(options.color);
  const sev = (s: Severity | 'error' | 'warning'): string =>
    s === 'error' ? c.red(s) : s === 'warning' ? c.yellow(s) : c.blue(s);
  const lines: string[] = [];
  const { problems } = partition(messagesOf(report));
  const { drift, planned } = splitPlanned(report.findings);
  const listByFile = (findings: readonly Finding[]): void => {
    for (const [file, inFile] of groupByFile(findings)) {
      lines.push(c.underline(file));
      for (const f of inFile) {
        // Past 7 characters (`12003:160`) a position still keeps a space before the severity.
        const pos = `${f.line}:${f.column} `.padEnd(8);
        // Padding is measured on the words, not on their colour codes: the columns line up either way.
        lines.push(
          `  ${c.dim(pos)}${sev(f.severity)}${' '.repeat(8 - f.severity.length)}${f.kind.padEnd(9)}${f.message}  ${c.dim(f.rule)}`,
        );
        if (f.introduced) lines.push(`  ${' '.repeat(8)}${c.dim(introducedText(f.introduced))}`);
        if (f.otherMentions.length > 0) {
          const more = f.otherMentions.map((m) => `${m.line}:${m.column}`).join(', ');
          lines.push(`  ${' '.repeat(8)}${c.dim(`also mentioned at ${more}`)}`);
        }
      }
      lines.push('');
    }
  };
  listByFile(drift);
  if (planned.length > 0) {
    lines.push(
      c.bold(
        `Planned or internal work (${planned.length}): not in the repository's code yet, or named only as files a change touches`,
      ),
      '',
    );
    listByFile(planned);
  }
  if (problems.length > 0) {
    lines.push(c.bold('Problems reading input:'));
    for (const d of problems) lines.push(`  ${diagnosticLine(d, sev)}`);
    lines.push('');
  }
  const notice = baselineNotice(report);
  if (notice) lines.push(c.yellow(notice), '');
  lines.push(summaryLine(report, problems, c));
  return `${lines.join('\n')}\n`;
}

function diagnosticLine(d: ProblemMessage, sev: (s: 'error' | 'warning') => string): string {
  const where = d.line ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
  return `${where}  ${sev(d.severity)}  ${d.message}  (${d.ruleId}${d.baselined ? ', accepted in the baseline' : ''})`;
}

function summaryLine(report: Report, problems: readonly ProblemMessage[], c: ReturnType<typeof createColors>): string {
  const s = report.summary;
  const kinds = Object.entries(s.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const filesWith = new Set(report.findings.map((f) => f.file)).size;
  const scope = `${s.specsChecked} spec${s.specsChecked === 1 ? '' : 's'} checked (${s.specsBound} bound to ${runbookLabel(report)})`;
  const diag =
    (s.suppressed > 0 ? `; ${s.suppressed} suppressed` : '') +
    (s.diagnostics > 0 ? `; ${s.diagnostics} input problem${s.diagnostics === 1 ? '' : 's'}` : '');
  const incomplete = problems.some((d) => d.severity === 'error');
  if (s.findings === 0 && incomplete)
    return (
      c.red(c.bold(`✖ check incomplete: ${s.diagnostics} input problem${s.diagnostics === 1 ? '' : 's'}`)) +
      `; ${scope}`
    );
  if (s.findings === 0) return c.green(`✔ no drift: ${scope}${diag}`);
  const head = `✖ ${s.findings} finding${s.findings === 1 ? '' : 's'} (${kinds}) in ${filesWith} file${filesWith === 1 ? '' : 's'}`;
  return `${c.red(c.bold(head))}; ${scope}${diag}`;
}
