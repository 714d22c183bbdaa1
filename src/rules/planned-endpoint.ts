import type { RuleDefinition } from './rule.js';

/** See docs/rules/planned-endpoint.md. */
export const plannedEndpoint: RuleDefinition = {
  id: 'planned-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'warning',
  description:
    'A runbook-bound spec names an endpoint under a prefix the project serves, that no code defines yet, and the runbook does not mention it.',
  scope: 'spec',
  docs: 'docs/rules/planned-endpoint.md',
};
