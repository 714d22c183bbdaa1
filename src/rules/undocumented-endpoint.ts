import type { RuleDefinition } from './rule.js';

/** See docs/rules/undocumented-endpoint.md. */
export const undocumentedEndpoint: RuleDefinition = {
  id: 'undocumented-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'error',
  description: 'An HTTP endpoint a runbook-bound spec names is missing from the runbook.',
  scope: 'spec',
  docs: 'docs/rules/undocumented-endpoint.md',
};
