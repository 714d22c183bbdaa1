/** The kinds of reference sync-check extracts from specs and runbooks. */
export type Kind = 'log' | 'script' | 'endpoint' | 'env';
export const KINDS: readonly Kind[] = ['log', 'script', 'endpoint', 'env'];

export type Severity = 'error' | 'warning' | 'info';

/**
 * What a finding is about: an item of one of the kinds; a file the runbook names; a script's
 * flag; a runbook section a spec requires; or a waiver in the config.
 */
export type FindingKind = Kind | 'file' | 'flag' | 'section' | 'waiver';
export const FINDING_KINDS: readonly FindingKind[] = [
  'log',
  'script',
  'endpoint',
  'env',
  'file',
  'flag',
  'section',
  'waiver',
];

/** A document as read from disk: path relative to the repository root, text already decoded. */
export interface SourceDocument {
  path: string;
  text: string;
}

/** 1-based line and column (UTF-16 code units), as editors and SARIF count them. */
export interface Position {
  line: number;
  column: number;
}

/** Where a piece of text sits in its document and how it was written there. */
export type SpanContext = 'prose' | 'code' | 'link' | 'frontmatter';

/**
 * One item a document names: a log path, script, endpoint or env var.
 * `raw` is the item as written; `canonical` is the form used for comparison.
 */
export interface Reference {
  kind: Kind;
  raw: string;
  canonical: string;
  offset: number;
  /** Length in the source when it differs from `raw`. */
  length?: number;
  context: SpanContext;
  /** Heading trail the reference sits under, outermost first. */
  section: readonly string[];
  /** Flags passed with a script in a command (`--json`), for later rules. */
  flags?: string[];
  /** make / npm run: the directory the command runs in ('' for the root). */
  cwd?: string;
}

export interface LocatedReference extends Reference, Position {}

export interface Mention extends Position {
  raw: string;
}

export interface Suggestion extends Position {
  item: string;
  file: string;
}

/** One diagnostic, one shape: every output format is built from these. */
export interface Finding extends Position {
  rule: string;
  kind: FindingKind;
  /** The item as a reader wants it: as written, except an endpoint, which is normalised (`PATCH /api/tasks/{id}`). */
  item: string;
  /** The item exactly as the document writes it, when `item` shows it otherwise (a curl URL). */
  written?: string;
  canonical: string;
  file: string;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  /** A runbook item close enough to be a typo or rename of this one ("did you mean"). */
  suggestion?: Suggestion;
  /** Where the repository's code names the item ("written by `api/x.py:42`"): why this is drift, not planned work. */
  evidence?: { file: string; line: number; verb: string };
  /** With several runbooks: the one that would hold the item. */
  runbook?: string;
  /** Otherwise, the runbook section that holds items of this kind: where to add it. */
  runbookSection?: { heading: string; file: string; line: number };
  /** Later mentions of the same item in the same spec. */
  otherMentions: Mention[];
  /**
   * Stable identity of this finding: rule, spec file and canonical item, not its line, so it
   * survives edits above it. Baselines and SARIF partial fingerprints use it.
   */
  fingerprint: string;
  /** With `--blame`: the commit from which the finding has existed without a break on the first-parent history. */
  introduced?: Introduced;
}

/**
 * Where a finding comes from: the first commit of its unbroken run up to now. `atLeast` when it
 * was there at the oldest commit history could see (a shallow clone, `--since`, the limit);
 * `uncommitted` when no commit has it (the work tree's own).
 */
export type Introduced =
  { commit: string; date: string; summary: string; ageDays: number; atLeast?: true } | { uncommitted: true };

/** The drift at one commit of the history. */
export interface HistoryPoint {
  commit: string;
  date: string;
  summary: string;
  /** False when nothing could be checked there (no runbook yet, an unreadable runbook): no counts. */
  checked: boolean;
  findings: number;
  byKind: Record<FindingKind, number>;
  bySeverity: Record<Severity, number>;
}

/** With `--history` or `--since`: the drift at each commit that touched the specs, the runbooks or the config. */
export interface History {
  /** Oldest first; the last is the newest commit. */
  points: HistoryPoint[];
  /** First-parent commits read. */
  commitsRead: number;
  /** The clone is shallow and history stopped at its boundary. */
  shallow?: true;
}

/** Why a finding is not counted: an inline comment, an ignore pattern, a waiver, the baseline. */
export interface Suppression {
  kind: 'inline' | 'ignore' | 'waiver' | 'baseline';
  justification: string;
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/** A time-bounded exception, with who asked for it and why. */
export interface Waiver {
  /** Rule id or kind it applies to; every rule when absent. */
  rule?: string;
  /** Pattern for the item (`*` any run, `?` one character). */
  item: string;
  /** Pattern for the spec file; every spec when absent. */
  file?: string;
  owner: string;
  reason: string;
  /** ISO 8601 date or date-time; the waiver stops suppressing after it. */
  expiresAt: string;
  /** Where the waiver is written, for reports about the waiver itself. */
  source: { file: string; line: number; column: number };
}

/** A problem with the input itself (unreadable file, bad front matter), not drift. */
export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  /** The run as a whole could not be done (no runbook, no specs): exit 2 even with --allow-incomplete. */
  fatal?: boolean;
  /** Accepted in the baseline (`inputProblems`): still reported, no longer exit 2. */
  baselined?: boolean;
}

export interface Summary {
  specsChecked: number;
  specsBound: number;
  findings: number;
  byKind: Record<FindingKind, number>;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  diagnostics: number;
}

export interface Report {
  version: 1;
  /** The runbook, or the first of a set. */
  runbook: string;
  /** Every runbook checked against, when there are several (named, or found by their usual names). */
  runbooks?: string[];
  /** PR mode with a baseline the change added entries to: the drift they hide is the change's own. */
  baselineAdded?: { file: string; entries: number };
  findings: Finding[];
  /** Findings an inline comment, ignore pattern, waiver or baseline set aside. */
  suppressed: SuppressedFinding[];
  summary: Summary;
  diagnostics: Diagnostic[];
  /** With `--history` or `--since`: the trend. */
  history?: History;
}
