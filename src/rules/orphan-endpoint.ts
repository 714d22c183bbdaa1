import type { RuleDefinition } from './rule.js';

/** See docs/rules/orphan-endpoint.md. */
export const orphanEndpoint: RuleDefinition = {
  id: 'orphan-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'info',
  description: 'The runbook documents an endpoint that no spec names: retire it or specify it.',
  scope: 'run',
  docs: 'docs/rules/orphan-endpoint.md',
};
