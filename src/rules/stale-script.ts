import type { RuleDefinition } from './rule.js';

/** See docs/rules/stale-script.md. */
export const staleScript: RuleDefinition = {
  id: 'stale-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'error',
  description:
    'The runbook tells operators to run a script, make target or npm script that does not exist in the repository.',
  scope: 'runbook',
  docs: 'docs/rules/stale-script.md',
};
