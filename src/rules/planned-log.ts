import type { RuleDefinition } from './rule.js';

/** See docs/rules/planned-log.md. */
export const plannedLog: RuleDefinition = {
  id: 'planned-log',
  kind: 'log',
  noun: 'log path',
  defaultSeverity: 'warning',
  description:
    'A spec names a log or state file that no code in the repository writes yet, and the runbook does not mention it: document it when it ships.',
  scope: 'spec',
  docs: 'docs/rules/planned-log.md',
};
