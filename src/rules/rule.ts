import type { RunbookNames } from '../compare/binding.js';
import type { Grounding } from '../compare/grounding.js';
import type { RepositoryIndex } from '../compare/repository.js';
import type { RunbookIndex } from '../compare/runbook-index.js';
import type { ParsedDocument } from '../parse/document.js';
import type { Directive } from '../suppress/inline.js';
import type { Finding, FindingKind, Kind, LocatedReference, Severity, SuppressedFinding } from '../types.js';

/** Where a rule runs: on each spec, on the runbooks alone, or once over the whole run. */
export type RuleScope = 'spec' | 'runbook' | 'run';

/** A rule: one named check with its own id, description, default severity and docs page. */
export interface RuleDefinition {
  id: string;
  kind: FindingKind;
  description: string;
  defaultSeverity: Severity;
  /** How the item is named in messages. */
  noun: string;
  /** What the rule needs to run: one spec, the runbooks, or every spec and the config. */
  scope: RuleScope;
  /** Its page, relative to the package root. */
  docs: string;
}

/** What a rule that runs on each spec sees of it, and of the runbooks and repository. */
export interface SpecContext {
  doc: ParsedDocument;
  /** Some part of the spec binds it to the runbook. */
  bound: boolean;
  /** The items the spec holds the runbook to. */
  wanted: readonly LocatedReference[];
  /** Of those, the ones held only because the code shows them operator-facing. */
  operator: ReadonlySet<LocatedReference>;
  directives: readonly Directive[];
  /** The runbook of a set that the spec names: where its items belong. */
  target: string | undefined;
  index: RunbookIndex;
  runbookDocs: readonly ParsedDocument[];
  names: RunbookNames;
  /** Every flag the runbooks mention. */
  runbookFlags: ReadonlySet<string>;
  repo: RepositoryIndex | undefined;
  grounding: Grounding | undefined;
}

/** What a rule that runs on the runbooks alone sees of one of them. */
export interface RunbookContext {
  doc: ParsedDocument;
  /** The runbook read as a spec would be: what it tells operators to run, what it documents. */
  refs: readonly LocatedReference[];
  kinds: readonly Kind[];
  repo: RepositoryIndex | undefined;
  grounding: Grounding | undefined;
}

/** Rules that run on each spec, with their logic. */
export interface SpecFamily {
  scope: 'spec';
  rules: readonly RuleDefinition[];
  /** Applies the spec's inline comments itself, mention by mention; otherwise the engine does, by line. */
  ownDirectives?: boolean;
  check(ctx: SpecContext): { findings: Finding[]; suppressed?: SuppressedFinding[] };
}

/** Rules that run on each runbook of the set, with their logic. */
export interface RunbookFamily {
  scope: 'runbook';
  rules: readonly RuleDefinition[];
  check(ctx: RunbookContext): Finding[];
}

/**
 * Rules that run once over the whole run (every spec, the config): the engine hands them what
 * they need where it has it (orphans when the report is assembled, waivers after suppression).
 */
export interface RunFamily {
  scope: 'run';
  rules: readonly RuleDefinition[];
}

export type RuleFamily = SpecFamily | RunbookFamily | RunFamily;
