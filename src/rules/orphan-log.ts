import type { RuleDefinition } from './rule.js';

/** See docs/rules/orphan-log.md. */
export const orphanLog: RuleDefinition = {
  id: 'orphan-log',
  kind: 'log',
  noun: 'log path',
  defaultSeverity: 'info',
  description: 'The runbook documents a log path that no spec names: retire it or specify it.',
  scope: 'run',
  docs: 'docs/rules/orphan-log.md',
};
