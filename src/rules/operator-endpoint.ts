import type { RuleDefinition } from './rule.js';

/** See docs/rules/operator-endpoint.md. */
export const operatorEndpoint: RuleDefinition = {
  id: 'operator-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'warning',
  description:
    'A spec names a health, readiness, liveness, ping, metrics, admin or status route the code serves, the runbook does not mention it, and no part of the spec binds it to the runbook.',
  scope: 'spec',
  docs: 'docs/rules/operator-endpoint.md',
};
