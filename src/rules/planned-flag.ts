import type { RuleDefinition } from './rule.js';

/** See docs/rules/planned-flag.md. */
export const plannedFlag: RuleDefinition = {
  id: 'planned-flag',
  kind: 'flag',
  noun: 'flag',
  defaultSeverity: 'warning',
  description:
    'A runbook-bound spec passes a flag to a documented script, the runbook never mentions the flag, and nothing in the repository handles or passes it yet.',
  scope: 'spec',
  docs: 'docs/rules/planned-flag.md',
};
