import { isPlannedRule } from '../rules/planned.js';
import { ruleById, type RuleDefinition } from '../rules/index.js';
import { KINDS, type Finding, type Report, type Severity } from '../types.js';

/** What every formatter is given besides the report. */
export interface FormatOptions {
  /** Colour for terminal output (text only). */
  color: boolean;
  /** sync-check's own version, for formats that name their tool (SARIF, report footers). */
  toolVersion: string;
  /**
   * URL prefix that makes links absolute, e.g. `https://github.com/o/r/blob/SHA/`. Without it
   * links are repository-relative paths (`specs/x.md#L12`).
   */
  linkBase?: string;
  /** Where the whole report can be had (a workflow run's artifacts), for the note of a report cut to fit. */
  fullReportUrl?: string;
  /** What `--fix` would add to the runbook, as a unified diff (`--fix-dry-run`): the checklist offers it. */
  fixPatch?: string;
}

/** Findings (or diagnostics) by file, in report order. */
export function groupByFile<T extends { file: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.file);
    if (list) list.push(item);
    else out.set(item.file, [item]);
  }
  return out;
}

/** The four item kinds, then any other kind a finding has (a waiver in the config, say). */
export function kindsOf(report: Report): string[] {
  const out: string[] = [...KINDS];
  for (const k of Object.keys(report.summary.byKind))
    if (!out.includes(k) && countOf(report.summary.byKind, k) > 0) out.push(k);
  for (const f of report.findings) if (!out.includes(f.kind)) out.push(f.kind);
  return out;
}

export function countOf(record: object, key: string): number {
  const n = (record as Record<string, unknown>)[key];
  return typeof n === 'number' ? n : 0;
}

export function ruleOf(finding: Finding): RuleDefinition | undefined {
  return ruleById(finding.rule);
}

/** Whether a finding is about an item a spec names (as opposed to, say, a waiver in the config). */
export function isItemFinding(finding: Finding): boolean {
  return (KINDS as readonly string[]).includes(finding.kind);
}

/** "log path", "script", …: how the finding's item is named. */
export function nounOf(finding: Finding): string {
  return ruleOf(finding)?.noun ?? finding.kind;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function position(line: number | undefined, column?: number): string {
  return line === undefined ? '' : column === undefined ? `:${line}` : `:${line}:${column}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except the whitespace ones handled first, DEL, C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * User-controlled text on one line: line breaks and tabs become spaces, other control
 * characters and lone surrogates become U+FFFD, so nothing can start a new line or block.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t\v\f\u2028\u2029\u0085]/g, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(LONE_SURROGATE, '\uFFFD');
}

const MD_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  // A zero-width space after `@` keeps a name in a spec from pinging a GitHub or GitLab user.
  '@': '@&#8203;',
};

/**
 * Untrusted text for Markdown outside code spans (GitHub and GitLab flavours): every character
 * with inline meaning is backslash-escaped (`|` too, so it is safe in a table cell), HTML-sensitive
 * ones become entities, and one that would start a block at the beginning of a line is escaped.
 */
export function mdText(text: string): string {
  return unlinked(
    oneLine(text)
      .trim()
      .replace(/[\\`*_[\]{}|~!$<>&@]/g, (c) => MD_ESCAPES[c] ?? `\\${c}`)
      .replace(/^([#+\-=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2'),
  );
}

/**
 * GitHub and GitLab turn bare URLs (`https://…`, `www.…`) and references (`#12`, `GH-12`,
 * `!12`) in text into links; an escape does not stop them, as they are found after escapes are
 * read. A zero-width space inside each keeps a document from linking a reader elsewhere.
 */
function unlinked(text: string): string {
  return text
    .replace(/:\/\//g, ':&#8203;//')
    .replace(/(www)\./gi, '$1&#8203;.')
    .replace(/((?<!&)#|GH-|\\!)(?=\d)/gi, '$1&#8203;');
}

/**
 * A message as Markdown: its `quoted` parts as code spans, the rest as text, each escaped on its
 * own (a name holding a backtick only splits differently; nothing is ever left unescaped).
 */
export function mdMessage(text: string): string {
  const parts = oneLine(text).split('`');
  // An odd number of backticks: the last one opens nothing.
  if (parts.length % 2 === 0) parts[parts.length - 2] += `\`${parts.pop()!}`;
  return parts.map((p, i) => (i % 2 === 1 ? mdCode(p) : p === '' ? '' : mdTextKeepSpaces(p))).join('');
}

function mdTextKeepSpaces(text: string): string {
  const lead = /^\s*/.exec(text)![0];
  const trail = /\s*$/.exec(text)![0];
  const body = text.trim();
  return body === '' ? text : `${lead ? ' ' : ''}${mdText(body)}${trail ? ' ' : ''}`;
}

/** Is this finding about a runbook of the report (a stale script, an orphan), not about a spec? */
export function inRunbook(f: Pick<Finding, 'file'>, report: Pick<Report, 'runbook' | 'runbooks'>): boolean {
  return f.file === report.runbook || (report.runbooks?.includes(f.file) ?? false);
}

/**
 * A code span that shows `text` literally, whatever backticks it holds: the fence is one
 * backtick longer than the longest run inside, padded with a space when the text starts or
 * ends with a backtick or a space (CommonMark strips one such space on each side).
 * Not for table cells, where `|` would still split the cell.
 */
export function mdCode(text: string): string {
  const s = oneLine(text);
  if (s === '') return '` `';
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** `[text](href)` with the text escaped; `href` must come from `hrefFor`. */
export function mdLink(text: string, href: string): string {
  // Parentheses escaped too: an unbalanced one in the text can keep a renderer from seeing the
  // link, and then its destination is read as text (and autolinked).
  return `[${mdText(text).replace(/[()]/g, '\\$&')}](${href})`;
}

/** A repository path as a URI reference: each segment percent-encoded, parentheses too. */
export function encodePath(file: string): string {
  return file
    .split('/')
    .map((segment) =>
      encodeURIComponent(oneLine(segment)).replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** Link to a file (and line) in the repository: relative, or under `linkBase`. */
export function hrefFor(file: string, options: Pick<FormatOptions, 'linkBase'>, line?: number): string {
  const base = options.linkBase ? safeHref(options.linkBase) : '';
  const prefix = base === '' || base.endsWith('/') ? base : `${base}/`;
  return `${prefix}${encodePath(file)}${line !== undefined && line >= 1 ? `#L${line}` : ''}`;
}

/** A URL given on the command line, safe inside `(…)` of a Markdown link. */
function safeHref(url: string): string {
  return oneLine(url).replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `file:line` as a link to that line. */
export function mdLocation(
  file: string,
  line: number | undefined,
  options: Pick<FormatOptions, 'linkBase'>,
  column?: number,
): string {
  return mdLink(`${file}${position(line, line === undefined ? undefined : column)}`, hrefFor(file, options, line));
}

/** A line of output, and how many findings it shows (for the note on what a cap left out). */
export interface Entry {
  text: string;
  findings: number;
  /** The severity of the finding the line shows: a cut keeps the most severe first. */
  severity?: Severity;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8') + 1;

/**
 * Entries kept while they fit in `budget` bytes (UTF-8, one newline each). When they do not all
 * fit, the findings kept are the most severe (errors, then warnings, then info), shown in their
 * usual order under their headings, and a note says how many of each were left out.
 * GitHub refuses a comment over 65,536 characters and a job summary over 1 MiB.
 */
export function capEntries(entries: readonly Entry[], budget: number, note: (omitted: string) => string): string[] {
  const total = entries.reduce((n, e) => n + bytes(e.text), 0);
  if (total <= budget) return entries.map((e) => e.text);
  // Room for the headings and the note, then the findings by severity while they fit.
  let used = entries.reduce((n, e) => n + (e.findings === 0 ? bytes(e.text) : 0), 0) + 400;
  const kept = new Set<Entry>();
  for (const severity of SEVERITY_ORDER) {
    for (const e of entries) {
      if (e.findings === 0 || (e.severity ?? 'error') !== severity || used + bytes(e.text) > budget) continue;
      kept.add(e);
      used += bytes(e.text);
    }
  }
  const out: string[] = [];
  let pending: string[] = [];
  let afterFinding = false;
  for (const e of entries) {
    if (e.findings === 0) {
      // Headings are shown only above a finding that is kept.
      if (afterFinding) pending = [];
      afterFinding = false;
      pending.push(e.text);
    } else {
      afterFinding = true;
      if (!kept.has(e)) continue;
      out.push(...pending, e.text);
      pending = [];
    }
  }
  const left = SEVERITY_ORDER.map(
    (sev) =>
      [
        sev,
        entries
          .filter((e) => e.findings > 0 && !kept.has(e) && (e.severity ?? 'error') === sev)
          .reduce((n, e) => n + e.findings, 0),
      ] as const,
  );
  const omitted = left.reduce((n, [, k]) => n + k, 0);
  const detail = left
    .filter(([, k]) => k > 0)
    .map(([sev, k]) => plural(k, sev === 'info' ? 'info' : sev, sev === 'info' ? 'info' : `${sev}s`))
    .join(', ');
  out.push('', note(`${plural(omitted, 'more finding')} (${detail})`));
  return out;
}

/** What a cut report says about where the rest is. */
export function fullReportNote(options: Pick<FormatOptions, 'fullReportUrl'>): string {
  const where = options.fullReportUrl
    ? `the whole report is in ${mdLink('the workflow run', safeHref(options.fullReportUrl))}’s artifacts, and `
    : '';
  return `${where}\`sync-check --format json\` lists every finding`;
}

/** At most `max` lines of a list, then a line saying how many more there are. */
export function capList(lines: readonly string[], max: number, what: (n: number) => string): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max), `- …and ${what(lines.length - max)}`];
}

/**
 * Findings about planned or internal work (`planned-*`, `implementation-script`) and the rest:
 * reports list the first apart, after the drift, so a reader sees what to fix now first.
 */
export function splitPlanned<T extends Finding>(findings: readonly T[]): { drift: T[]; planned: T[] } {
  const drift: T[] = [];
  const planned: T[] = [];
  for (const f of findings) (isPlannedRule(f.rule) ? planned : drift).push(f);
  return { drift, planned };
}

/** "written by `api/x.py:42`", for formats that compose their own sentence. */
export function evidenceText(f: Finding): string | undefined {
  return f.evidence ? `${f.evidence.verb} ${f.evidence.file}:${f.evidence.line}` : undefined;
}

/** The runbooks a report was checked against, as one phrase: `docs/RUNBOOK.md`, or `a.md, b.md and c.md`. */
export function runbookLabel(report: Pick<Report, 'runbook' | 'runbooks'>): string {
  const all = (report.runbooks ?? [report.runbook]).filter((r) => r !== '');
  if (all.length === 0) return 'no runbook';
  return all.length === 1 ? all[0]! : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]!}`;
}

/** The runbook that should hold a finding's item: the one the finding names, or the report's. */
export function runbookFor(f: Pick<Finding, 'runbook'>, report: Pick<Report, 'runbook'>): string {
  return f.runbook ?? report.runbook;
}

/** "This pull request adds 3 entries to the baseline (…)": drift a change silences is its own. */
export function baselineNotice(report: Pick<Report, 'baselineAdded'>): string | undefined {
  const added = report.baselineAdded;
  if (!added) return undefined;
  return `This pull request adds ${plural(added.entries, 'entry', 'entries')} to the baseline (${added.file}): the findings they match are not reported here. Review the baseline change like code.`;
}

/**
 * The last guard on anything written to a log: no line may start a GitHub workflow command
 * (`::error::…`, `::add-mask::…`, `::stop-commands::…`), and no control character (CR, ESC, C1,
 * DEL) passes raw, whatever text reached the output. Newlines and tabs are kept.
 */
export function guardOutput(text: string, options: { colour?: boolean } = {}): string {
  // With colour, sync-check's own SGR sequences (`ESC[31m`) stay; any other escape does not.
  const control = options.colour
    ? /\u001b(?!\[[0-9;]{0,16}m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u2028\u2029]/g
    : /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
  return text
    .replace(control, '\uFFFD')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/^([ \t]*):(?=:)/gm, '$1:\u200B');
}
