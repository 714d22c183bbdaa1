import type { RuleDefinition } from './rule.js';

/** See docs/rules/undocumented-flag.md. */
export const undocumentedFlag: RuleDefinition = {
  id: 'undocumented-flag',
  kind: 'flag',
  noun: 'flag',
  defaultSeverity: 'error',
  description: 'A runbook-bound spec names a script with a flag; the runbook documents the script but never that flag.',
  scope: 'spec',
  docs: 'docs/rules/undocumented-flag.md',
};
