/** The kinds of reference sync-check extracts from specs and runbooks. */
export type Kind = 'log' | 'script' | 'endpoint' | 'env';
export const KINDS: readonly Kind[] = ['log', 'script', 'endpoint', 'env'];

export type Severity = 'error' | 'warning' | 'info';

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
  kind: Kind;
  item: string;
  canonical: string;
  file: string;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  /** A runbook item close enough to be a typo or rename of this one ("did you mean"). */
  suggestion?: Suggestion;
  /** Otherwise, the runbook section that holds items of this kind: where to add it. */
  runbookSection?: { heading: string; file: string; line: number };
  /** Later mentions of the same item in the same spec. */
  otherMentions: Mention[];
  /**
   * Stable identity of this finding: rule, spec file and canonical item, not its line, so it
   * survives edits above it. Baselines and SARIF partial fingerprints use it.
   */
  fingerprint: string;
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
}

export interface Summary {
  specsChecked: number;
  specsBound: number;
  findings: number;
  byKind: Record<Kind, number>;
  bySeverity: Record<Severity, number>;
  diagnostics: number;
}

export interface Report {
  version: 1;
  runbook: string;
  findings: Finding[];
  summary: Summary;
  diagnostics: Diagnostic[];
}
