import type { RunbookMention } from '../compare/runbook-index.js';
import type { Diagnostic, Finding, LocatedReference, SuppressedFinding } from '../types.js';
import type { FlagUse } from '../rules/flags.js';
import type { Mention, OrphanCandidate } from '../rules/orphans.js';
import type { SectionDemand } from '../rules/sections.js';

export type { Mention, OrphanCandidate } from '../rules/orphans.js';

/**
 * What checking one spec against the runbook yields. Plain data: it depends only on the spec's
 * text, the runbook and the options, so it can be computed anywhere and cached.
 */
export interface SpecOutcome {
  path: string;
  /** False when an internal error stopped the check: the spec does not count as checked. */
  checked: boolean;
  bound: boolean;
  diagnostics: Diagnostic[];
  findings: Finding[];
  /** Findings silenced by an inline directive. */
  suppressed: SuppressedFinding[];
  /** Logs and endpoints it names; like fileNames, gathered only when the orphan rule runs. */
  mentions: Mention[];
  /** File names the spec mentions anywhere. */
  fileNames: string[];
}

/** What the runbook yields on its own: its problems, its stale references, its orphan candidates. */
export interface RunbookOutcome {
  /** The first runbook of the set: the report's `runbook`. */
  path: string;
  /** Every runbook of the set, in the order given. */
  paths: string[];
  /** False when the runbook could not be understood at all: then no spec is checked. */
  ok: boolean;
  diagnostics: Diagnostic[];
  findings: Finding[];
  /** Present when the orphan rule runs (a repository and every spec at hand). */
  orphanCandidates?: OrphanCandidate[];
}

/** What one spec holds the runbook to, and what in the runbook answers each demand. */
export interface Obligations {
  path: string;
  bound: boolean;
  /** Every item the spec holds the runbook to, with the runbook mention credited for it (if any). */
  items: Array<{ ref: LocatedReference; documentedBy: RunbookMention | undefined; byReference?: boolean }>;
  flags: FlagUse[];
  sections: SectionDemand[];
}
