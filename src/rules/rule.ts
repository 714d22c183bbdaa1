import type { FindingKind, Severity } from '../types.js';

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
