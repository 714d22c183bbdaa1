import type { Finding, Report } from '../types.js';
import { errorsFirst, messagesOf, partition, type ProblemMessage } from './message.js';
import { isPlannedRule } from '../rules/planned.js';
import { oldestDriftMarkdown, trendMarkdown } from './history.js';
import {
  baselineNotice,
  inRunbook,
  mdMessage,
  capEntries,
  countOf,
  evidenceText,
  groupByFile,
  hrefFor,
  isItemFinding,
  kindsOf,
  mdCode,
  mdLink,
  mdLocation,
  mdText,
  nounOf,
  plural,
  splitPlanned,
  capList,
  fullReportNote,
  type Entry,
  type FormatOptions,
} from './shared.js';

/** GitHub's limit for a job summary is 1 MiB; leave room for the rest of the step's summary. */
const MAX_BYTES = 1_000_000;
/** Rows of the by-spec table and lines of input problems shown; the rest are counted. */
const MAX_SPEC_ROWS = 200;
const MAX_PROBLEMS = 100;
/** Runbooks named in the verdict. */
const MAX_RUNBOOKS = 10;

/**
 * The nightly drift report, for a job summary, an issue or a merge request (GitHub and GitLab
 * flavoured Markdown): verdict, counts by kind and by spec, findings by spec, input problems.
 * Everything that comes from a document is escaped; items are shown in code spans.
 */
export function formatMarkdown(report: Report, options: FormatOptions): string {
  const { problems } = partition(messagesOf(report));
  const head: string[] = ['# sync-check: spec ↔ runbook drift', '', verdict(report, problems, options), ''];
  const notice = baselineNotice(report);
  if (notice) head.push(`> ⚠️ ${mdText(notice)}`, '');
  const kinds = kindsOf(report);
  head.push('## By kind', '', '| Kind | Findings |', '|:-----|---------:|');
  for (const k of kinds) head.push(`| ${mdText(k)} | ${countOf(report.summary.byKind, k)} |`);
  head.push(`| **Total** | **${report.findings.length}** |`, '');
  if (report.history) head.push(...trendMarkdown(report.history));

  const byFile = groupByFile(report.findings.filter((f) => !inRunbook(f, report)));
  const entries: Entry[] = [];
  if (report.findings.length > 0) {
    head.push(
      '## By spec',
      '',
      `| Spec | ${kinds.map(mdText).join(' | ')} | Total |`,
      `|:-----|${kinds.map(() => '---:|').join('')}---:|`,
    );
    const rows = [...byFile].map(([file, findings]) => {
      const counts = kinds.map((k) => findings.filter((f) => f.kind === k).length);
      return `| ${mdLink(file, hrefFor(file, options))} | ${counts.join(' | ')} | ${findings.length} |`;
    });
    head.push(...rows.slice(0, MAX_SPEC_ROWS));
    if (rows.length > MAX_SPEC_ROWS)
      head.push('', `_…and ${plural(rows.length - MAX_SPEC_ROWS, 'more spec')} with findings._`);
    head.push('');
    head.push(...oldestDriftMarkdown(report.findings, options));
    const { drift, planned } = splitPlanned(report.findings);
    const list = (findings: readonly Finding[]): void => {
      for (const [file, inFile] of groupByFile(findings)) {
        entries.push({ text: `### ${mdText(file)}`, findings: 0 }, { text: '', findings: 0 });
        for (const f of inFile)
          entries.push({ text: `- ${findingLine(f, report, options)}`, findings: 1, severity: f.severity });
        entries.push({ text: '', findings: 0 });
      }
    };
    if (drift.length > 0) {
      entries.push({ text: '## Findings', findings: 0 }, { text: '', findings: 0 });
      list(drift);
    }
    if (planned.length > 0) {
      entries.push(
        { text: '## Planned work', findings: 0 },
        { text: '', findings: 0 },
        {
          text: "Named by specs but not in the repository's code yet, or only as files a change touches: document them when they ship.",
          findings: 0,
        },
        { text: '', findings: 0 },
      );
      list(planned);
    }
  }

  const tail: string[] = [];
  if (problems.length > 0) {
    tail.push(
      '## Input problems',
      '',
      'These files could not be read or understood, so the check may be incomplete:',
      '',
    );
    const lines = errorsFirst(problems).map((d) => `- ${diagnosticLine(d, options)}`);
    tail.push(
      ...capList(lines, MAX_PROBLEMS, (n) => `${plural(n, 'more input problem')}: ${fullReportNote(options)}.`),
    );
    tail.push('');
  }
  tail.push(`<sub>sync-check ${options.toolVersion.replace(/[^\w.+-]/g, '')}</sub>`);

  const budget = MAX_BYTES - Buffer.byteLength([...head, ...tail].join('\n'), 'utf8') - 200;
  const body = capEntries(
    entries,
    budget,
    (n) => `_…and ${n} not shown: the report is too long for a job summary; ${fullReportNote(options)}._`,
  );
  return `${[...head, ...body, ...tail].join('\n')}\n`;
}

function verdict(report: Report, problems: readonly ProblemMessage[], options: FormatOptions): string {
  const s = report.summary;
  const runbooks = report.runbooks ?? [report.runbook];
  const runbook =
    runbooks
      .slice(0, MAX_RUNBOOKS)
      .map((r) => mdLink(r, hrefFor(r, options)))
      .join(', ') + (runbooks.length > MAX_RUNBOOKS ? ` and ${runbooks.length - MAX_RUNBOOKS} more` : '');
  const scope = `${plural(s.specsChecked, 'spec')} checked, ${s.specsBound} bound to ${runbook}`;
  const errors = problems.filter((d) => d.severity === 'error').length;
  const problemNote = problems.length > 0 ? ` ${plural(problems.length, 'input problem')} (see below).` : '';
  if (report.findings.length === 0) {
    if (errors > 0)
      return `**⚠ Check incomplete:** no drift in the specs that could be read, but ${plural(errors, 'file')} could not be checked. ${scope}.${problemNote}`;
    return `**✅ No drift.** The runbook covers every item the specs name. ${scope}.${problemNote}`;
  }
  const specs = new Set(report.findings.map((f) => f.file)).size;
  const severities = (['error', 'warning', 'info'] as const)
    .map((sev) => [sev, report.findings.filter((f) => f.severity === sev).length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => plural(n, sev === 'info' ? 'info' : sev, sev === 'info' ? 'info' : `${sev}s`))
    .join(', ');
  return `**❌ Drift: ${plural(report.findings.length, 'finding')} in ${plural(specs, 'spec')}** (${severities}). ${scope}.${problemNote}`;
}

function findingLine(f: Finding, report: Report, options: FormatOptions): string {
  const where = mdLocation(f.file, f.line, options, f.column);
  const head = `${where} **${mdText(f.severity)}** ${mdCode(f.rule)}`;
  // Planned work says in its message what the code lacks and what is meant instead: it is shown whole.
  // Planned work, and what the runbook itself gets wrong (a stale script, an orphan), say in their message what to do.
  if (!isItemFinding(f) || isPlannedRule(f.rule) || inRunbook(f, report)) return `${head}: ${mdMessage(f.message)}`;
  let text = `${head}: ${mdText(nounOf(f))} ${mdCode(f.item)} is not in ${mdText(report.runbooks && report.runbooks.length > 1 ? 'any runbook' : report.runbook)}`;
  const evidence = evidenceText(f);
  if (evidence) text += ` (${mdText(evidence)})`;
  if (f.suggestion) {
    const s = f.suggestion;
    text += `; did you mean ${mdCode(s.item)} (${mdLocation(s.file, s.line, options)})?`;
  } else if (f.runbookSection) {
    const r = f.runbookSection;
    text += `; add it under “${mdText(r.heading)}” (${mdLocation(r.file, r.line, options)}).`;
  } else text += '.';
  if (f.otherMentions.length > 0) {
    const shown = f.otherMentions
      .slice(0, 20)
      .map((m) => `${m.line}:${m.column}`)
      .join(', ');
    const more = f.otherMentions.length > 20 ? ` and ${f.otherMentions.length - 20} more` : '';
    text += ` Also mentioned at ${shown}${more}.`;
  }
  return text;
}

function diagnosticLine(d: ProblemMessage, options: FormatOptions): string {
  const where =
    d.line === undefined ? mdLink(d.file, hrefFor(d.file, options)) : mdLocation(d.file, d.line, options, d.column);
  return `${where} **${mdText(d.severity)}** ${mdCode(d.ruleId)}: ${mdText(d.message)}${d.baselined ? ' (accepted in the baseline)' : ''}`;
}
