import type { RuleDefinition } from './rule.js';

/** See docs/rules/undocumented-env.md. */
export const undocumentedEnv: RuleDefinition = {
  id: 'undocumented-env',
  kind: 'env',
  noun: 'environment variable',
  defaultSeverity: 'error',
  description: 'An environment variable a runbook-bound spec uses as configuration is missing from the runbook.',
  scope: 'spec',
  docs: 'docs/rules/undocumented-env.md',
};
