import type { Kind } from '../types.js';
import type { RuleDefinition } from './rule.js';
import { operatorEndpoint } from './operator-endpoint.js';
import { operatorEnv } from './operator-env.js';
import { operatorScript } from './operator-script.js';

/**
 * Rules for items a spec names outside any part bound to the runbook, that the repository's
 * code shows operators deal with: an env var the code reads, a health/readiness/metrics/admin
 * route it serves, a script under `scripts/` that a launcher other than CI runs. Warnings: the spec did not ask
 * for the runbook, but the code says an operator will need it there.
 */

const OPERATOR: Partial<Record<Kind, RuleDefinition>> = {
  env: operatorEnv,
  endpoint: operatorEndpoint,
  script: operatorScript,
};

export function operatorRuleFor(kind: Kind): RuleDefinition | undefined {
  return OPERATOR[kind];
}
