import type { RuleDefinition } from './rule.js';

/** See docs/rules/undocumented-log.md. */
export const undocumentedLog: RuleDefinition = {
  id: 'undocumented-log',
  kind: 'log',
  noun: 'log path',
  defaultSeverity: 'error',
  description: 'A log or state file a spec names is missing from the runbook.',
  scope: 'spec',
  docs: 'docs/rules/undocumented-log.md',
};
