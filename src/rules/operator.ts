import type { Kind } from '../types.js';
import type { RuleDefinition } from './undocumented.js';

/**
 * Rules for items a spec names outside any part bound to the runbook, that the repository's
 * code shows operators deal with: an env var the code reads, a health/readiness/metrics/admin
 * route it serves, a script under `scripts/` that a launcher other than CI runs. Warnings: the spec did not ask
 * for the runbook, but the code says an operator will need it there.
 */

export const operatorEnv: RuleDefinition = {
  id: 'operator-env',
  kind: 'env',
  noun: 'environment variable',
  defaultSeverity: 'warning',
  description: 'A spec names an environment variable the code reads from the environment, the runbook does not mention it, and no part of the spec binds it to the runbook.',
};

export const operatorEndpoint: RuleDefinition = {
  id: 'operator-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'warning',
  description: 'A spec names a health, readiness, liveness, ping, metrics, admin or status route the code serves, the runbook does not mention it, and no part of the spec binds it to the runbook.',
};

export const operatorScript: RuleDefinition = {
  id: 'operator-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'warning',
  description: 'A spec names a script under scripts/, bin/ or ops/ that a launcher other than CI runs, the runbook does not mention it, and no part of the spec binds it to the runbook.',
};

const OPERATOR: Partial<Record<Kind, RuleDefinition>> = { env: operatorEnv, endpoint: operatorEndpoint, script: operatorScript };

export function operatorRuleFor(kind: Kind): RuleDefinition | undefined {
  return OPERATOR[kind];
}
