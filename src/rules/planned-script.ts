import type { RuleDefinition } from './rule.js';

/** See docs/rules/planned-script.md. */
export const plannedScript: RuleDefinition = {
  id: 'planned-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'warning',
  description:
    'A runbook-bound spec names a script that is not in the repository yet, and the runbook does not mention it: document it when it ships.',
  scope: 'spec',
  docs: 'docs/rules/planned-script.md',
};
