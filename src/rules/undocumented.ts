import type { FindingKind, Severity } from '../types.js';

/** A rule: one named check with its own id, description and default severity. */
export interface RuleDefinition {
  id: string;
  kind: FindingKind;
  description: string;
  defaultSeverity: Severity;
  /** How the item is named in messages. */
  noun: string;
}

export const undocumentedLog: RuleDefinition = {
  id: 'undocumented-log',
  kind: 'log',
  noun: 'log path',
  defaultSeverity: 'error',
  description: 'A log or state file a spec names is missing from the runbook.',
};

export const undocumentedScript: RuleDefinition = {
  id: 'undocumented-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'error',
  description: 'A script, make target or npm script a runbook-bound spec names is missing from the runbook.',
};

export const undocumentedEndpoint: RuleDefinition = {
  id: 'undocumented-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'error',
  description: 'An HTTP endpoint a runbook-bound spec names is missing from the runbook.',
};

export const undocumentedEnv: RuleDefinition = {
  id: 'undocumented-env',
  kind: 'env',
  noun: 'environment variable',
  defaultSeverity: 'error',
  description: 'An environment variable a runbook-bound spec uses as configuration is missing from the runbook.',
};
