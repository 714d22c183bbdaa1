import type { RuleDefinition } from './rule.js';

/** See docs/rules/implementation-script.md. */
export const implementationScript: RuleDefinition = {
  id: 'implementation-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'warning',
  description:
    'A runbook-bound spec names a script only as a file to create or modify, nothing in the repository runs it, and the runbook does not mention it: document it if operators run it by hand.',
  scope: 'spec',
  docs: 'docs/rules/implementation-script.md',
};
