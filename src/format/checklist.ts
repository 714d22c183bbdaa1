import type { Finding, Report } from '../types.js';
import { errorsFirst, messagesOf, partition, type ProblemMessage } from './message.js';
import {
  capEntries,
  evidenceText,
  groupByFile,
  hrefFor,
  isItemFinding,
  mdCode,
  mdLink,
  mdText,
  nounOf,
  plural,
  position,
  runbookFor,
  runbookLabel,
  splitPlanned,
  baselineNotice,
  inRunbook,
  mdMessage,
  capList,
  fullReportNote,
  type Entry,
  type FormatOptions,
} from './shared.js';

/** The first line: a bot finds (and updates) its own comment by it. */
export const CHECKLIST_MARKER = '<!-- sync-check:checklist -->';

/** GitHub refuses a comment over 65,536 characters; the cap counts UTF-8 bytes, so it is conservative. */
const MAX_BYTES = 65_000;
/** Input problems listed; the rest are counted. */
const MAX_PROBLEMS = 20;

/**
 * The reviewer checklist for a pull-request comment: per spec with findings, one task per item
 * the runbook is missing, saying where to add it. Links are absolute only with `linkBase`
 * (a relative link in a comment resolves against the pull request's page, not the repository).
 */
export function formatChecklist(report: Report, options: FormatOptions): string {
  const runbook = mdText(runbookLabel(report));
  const head: string[] = [CHECKLIST_MARKER, '## sync-check: runbook checklist', ''];
  const { problems } = partition(messagesOf(report));
  const errors = problems.filter((d) => d.severity === 'error').length;
  const byFile = groupByFile(report.findings.filter((f) => !inRunbook(f, report)));
  const inRunbookCount = report.findings.filter((f) => inRunbook(f, report)).length;
  const entries: Entry[] = [];

  if (report.findings.length === 0) {
    head.push(
      errors > 0
        ? `Nothing to add from the specs that could be read, but ${plural(errors, 'file')} could not be checked (below).`
        : `✅ Nothing to add: ${runbook} covers every item the ${plural(report.summary.specsChecked, 'checked spec')} name.`,
    );
  } else {
    const missing = report.findings.length - inRunbookCount;
    head.push(
      (missing > 0
        ? `${runbook} is missing ${plural(missing, 'item')} named in ${plural(byFile.size, 'spec')}. `
        : '') +
        (inRunbookCount > 0
          ? `${plural(inRunbookCount, 'thing')} in the runbook itself need${inRunbookCount === 1 ? 's' : ''} fixing. `
          : '') +
        'Tick each one off when it is done (or when the spec is fixed).',
    );
    const { drift, planned } = splitPlanned(report.findings);
    for (const [file, findings] of groupByFile(drift)) {
      entries.push({ text: '', findings: 0 }, { text: `### ${mdText(file)}`, findings: 0 }, { text: '', findings: 0 });
      for (const f of findings)
        entries.push({ text: `- [ ] ${task(f, report, options)}`, findings: 1, severity: f.severity });
    }
    if (planned.length > 0) {
      entries.push(
        { text: '', findings: 0 },
        { text: '### Planned work', findings: 0 },
        { text: '', findings: 0 },
        {
          text: "Not in the repository's code yet (or named only as files a change touches): add each when it ships.",
          findings: 0,
        },
        { text: '', findings: 0 },
      );
      for (const f of planned)
        entries.push({ text: `- [ ] ${task(f, report, options)}`, findings: 1, severity: f.severity });
    }
  }

  const notice = baselineNotice(report);
  if (notice) head.push('', `> ⚠️ ${mdText(notice)}`);
  const tail: string[] = [...patchBlock(options.fixPatch)];
  if (problems.length > 0) {
    tail.push('', '### Input problems', '');
    const lines = errorsFirst(problems).map((d) => `- ${diagnosticLine(d, options)}`);
    tail.push(
      ...capList(lines, MAX_PROBLEMS, (n) => `${plural(n, 'more input problem')}: ${fullReportNote(options)}.`),
    );
  }

  const budget = MAX_BYTES - Buffer.byteLength([...head, ...tail].join('\n'), 'utf8') - 200;
  const body = capEntries(
    entries,
    budget,
    (n) => `…and ${n} not shown: a comment has a size limit; ${fullReportNote(options)}.`,
  );
  return `${[...head, ...body, ...tail].join('\n')}\n`;
}

function task(f: Finding, report: Report, options: FormatOptions): string {
  const named = at(f.file, f.line, options);
  // What the runbook itself gets wrong is fixed there, not added to it.
  if (inRunbook(f, report))
    return `${f.severity === 'error' ? '' : `(${mdText(f.severity)}) `}Fix ${named}: ${mdMessage(f.message)} (${mdCode(f.rule)})`;
  if (!isItemFinding(f))
    return `${f.severity === 'error' ? '' : `(${mdText(f.severity)}) `}${mdMessage(f.message)} (${mdCode(f.rule)} at ${named})`;
  const noun = nounOf(f);
  const sev = f.severity === 'error' ? '' : ` (${mdText(f.severity)})`;
  const evidence = evidenceText(f);
  let text = `Add ${mdText(noun)} ${mdCode(f.item)} (named at ${named}${evidence ? `; ${mdText(evidence)}` : ''}) to ${mdText(runbookFor(f, report))}`;
  if (f.suggestion) {
    const s = f.suggestion;
    text += `, or fix the name: did you mean ${mdCode(s.item)} (${at(s.file, s.line, options)})?`;
  } else if (f.runbookSection) {
    const r = f.runbookSection;
    const line = options.linkBase ? mdLink(`line ${r.line}`, hrefFor(r.file, options, r.line)) : `line ${r.line}`;
    text += ` under “${mdText(r.heading)}” (${line})`;
  }
  return text + sev;
}

/** A patch longer than this is not shown: the comment says how to make it. */
const MAX_PATCH_BYTES = 20_000;

/** The runbook rows `--fix` would add, ready for `git apply`: what a reviewer can take in one step. */
function patchBlock(patch: string | undefined): string[] {
  if (!patch) return [];
  const head = ['', '### Runbook patch', ''];
  if (Buffer.byteLength(patch, 'utf8') > MAX_PATCH_BYTES)
    return [...head, 'The patch is too long for a comment: run `sync-check --fix` to make these changes.'];
  const longest = Math.max(2, ...[...patch.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [
    ...head,
    'What `sync-check --fix` would add to the runbook (TODO marks a purpose to write); apply it with `git apply`:',
    '',
    `${fence}diff`,
    ...patch.replace(/\n$/, '').split('\n'),
    fence,
  ];
}

/** `file:line`, a link only when it can be absolute. */
function at(file: string, line: number | undefined, options: FormatOptions): string {
  const text = `${file}${position(line)}`;
  return options.linkBase ? mdLink(text, hrefFor(file, options, line)) : mdText(text);
}

function diagnosticLine(d: ProblemMessage, options: FormatOptions): string {
  return `${d.severity === 'error' ? '❌' : '⚠️'} ${at(d.file, d.line, options)}: ${mdText(d.message)} (${mdCode(d.ruleId)}${d.baselined ? ', accepted in the baseline' : ''})`;
}
