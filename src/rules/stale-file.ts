import type { RuleDefinition } from './rule.js';

/** See docs/rules/stale-file.md. */
export const staleFile: RuleDefinition = {
  id: 'stale-file',
  kind: 'file',
  noun: 'file',
  defaultSeverity: 'warning',
  description: 'The runbook points at a document or config file that does not exist in the repository.',
  scope: 'runbook',
  docs: 'docs/rules/stale-file.md',
};
