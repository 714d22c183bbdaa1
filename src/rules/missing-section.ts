import type { RuleDefinition } from './rule.js';

/** See docs/rules/missing-section.md. */
export const missingSection: RuleDefinition = {
  id: 'missing-section',
  kind: 'section',
  noun: 'section',
  defaultSeverity: 'error',
  description:
    'A spec requires a runbook section (in front matter, or in prose such as "docs/RUNBOOK.md — add X section") that has no matching heading.',
  scope: 'spec',
  docs: 'docs/rules/missing-section.md',
};
