import type { RuleDefinition } from './rule.js';

/** See docs/rules/operator-script.md. */
export const operatorScript: RuleDefinition = {
  id: 'operator-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'warning',
  description:
    'A spec names a script under scripts/, bin/ or ops/ that a launcher other than CI runs, the runbook does not mention it, and no part of the spec binds it to the runbook.',
  scope: 'spec',
  docs: 'docs/rules/operator-script.md',
};
