import type { RuleDefinition } from './rule.js';

/** See docs/rules/planned-env.md. */
export const plannedEnv: RuleDefinition = {
  id: 'planned-env',
  kind: 'env',
  noun: 'environment variable',
  defaultSeverity: 'warning',
  description:
    'A runbook-bound spec names an environment variable that no code in the repository reads yet, and the runbook does not mention it.',
  scope: 'spec',
  docs: 'docs/rules/planned-env.md',
};
