import type { RuleDefinition } from './rule.js';

/** See docs/rules/undocumented-script.md. */
export const undocumentedScript: RuleDefinition = {
  id: 'undocumented-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'error',
  description: 'A script, make target or npm script a runbook-bound spec names is missing from the runbook.',
  scope: 'spec',
  docs: 'docs/rules/undocumented-script.md',
};
