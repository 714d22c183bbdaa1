import type { Kind } from '../types.js';
import type { RuleDefinition } from './rule.js';
import { implementationScript } from './implementation-script.js';
import { plannedEndpoint } from './planned-endpoint.js';
import { plannedEnv } from './planned-env.js';
import { plannedLog } from './planned-log.js';

/**
 * Rules for items a spec names that the repository's code does not have yet: planned work.
 * Warnings by default, so a nightly report shows them and a gate does not fail on them.
 */

const PLANNED: Partial<Record<Kind, RuleDefinition>> = { log: plannedLog, endpoint: plannedEndpoint, env: plannedEnv };

/** The planned-<kind> rule for kinds other than scripts (planned-script lives with the repository rules). */
export function plannedRuleFor(kind: Kind): RuleDefinition | undefined {
  return PLANNED[kind];
}

/** Rules whose findings are reported apart from drift: planned or internal work, not a gap in the runbook yet. */
export function isPlannedRule(rule: string): boolean {
  return rule.startsWith('planned-') || rule === implementationScript.id;
}
