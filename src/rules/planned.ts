import type { Kind } from '../types.js';
import type { RuleDefinition } from './undocumented.js';

/**
 * Rules for items a spec names that the repository's code does not have yet: planned work.
 * Warnings by default, so a nightly report shows them and a gate does not fail on them.
 */

export const plannedLog: RuleDefinition = {
  id: 'planned-log',
  kind: 'log',
  noun: 'log path',
  defaultSeverity: 'warning',
  description: 'A spec names a log or state file that no code in the repository writes yet, and the runbook does not mention it: document it when it ships.',
};

export const plannedEndpoint: RuleDefinition = {
  id: 'planned-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'warning',
  description: 'A runbook-bound spec names an endpoint under a prefix the project serves, that no code defines yet, and the runbook does not mention it.',
};

export const plannedEnv: RuleDefinition = {
  id: 'planned-env',
  kind: 'env',
  noun: 'environment variable',
  defaultSeverity: 'warning',
  description: 'A runbook-bound spec names an environment variable that no code in the repository reads yet, and the runbook does not mention it.',
};

export const plannedFlag: RuleDefinition = {
  id: 'planned-flag',
  kind: 'flag',
  noun: 'flag',
  defaultSeverity: 'warning',
  description: 'A runbook-bound spec passes a flag to a documented script, the runbook never mentions the flag, and nothing in the repository handles or passes it yet.',
};

export const implementationScript: RuleDefinition = {
  id: 'implementation-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'warning',
  description: 'A runbook-bound spec names a script only as a file to create or modify, nothing in the repository runs it, and the runbook does not mention it: document it if operators run it by hand.',
};

const PLANNED: Partial<Record<Kind, RuleDefinition>> = { log: plannedLog, endpoint: plannedEndpoint, env: plannedEnv };

/** The planned-<kind> rule for kinds other than scripts (planned-script lives with the repository rules). */
export function plannedRuleFor(kind: Kind): RuleDefinition | undefined {
  return PLANNED[kind];
}

/** Rules whose findings are reported apart from drift: planned or internal work, not a gap in the runbook yet. */
export function isPlannedRule(rule: string): boolean {
  return rule.startsWith('planned-') || rule === implementationScript.id;
}
