import type { RuleDefinition } from './rule.js';

/** See docs/rules/operator-env.md. */
export const operatorEnv: RuleDefinition = {
  id: 'operator-env',
  kind: 'env',
  noun: 'environment variable',
  defaultSeverity: 'warning',
  description:
    'A spec names an environment variable the code reads from the environment, the runbook does not mention it, and no part of the spec binds it to the runbook.',
  scope: 'spec',
  docs: 'docs/rules/operator-env.md',
};
