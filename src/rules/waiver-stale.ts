import type { RuleDefinition } from './rule.js';

/** See docs/rules/waiver-stale.md. */
export const waiverStale: RuleDefinition = {
  id: 'waiver-stale',
  kind: 'waiver',
  noun: 'waiver',
  defaultSeverity: 'warning',
  description: 'A waiver matches no finding: the drift it excused is gone. Remove it.',
  scope: 'run',
  docs: 'docs/rules/waiver-stale.md',
};
