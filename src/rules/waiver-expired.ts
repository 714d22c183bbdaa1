import type { RuleDefinition } from './rule.js';

/** See docs/rules/waiver-expired.md. */
export const waiverExpired: RuleDefinition = {
  id: 'waiver-expired',
  kind: 'waiver',
  noun: 'waiver',
  defaultSeverity: 'error',
  description:
    'A waiver is past its expires_at date: it no longer suppresses anything. Renew it with a reason, or fix the drift.',
  scope: 'run',
  docs: 'docs/rules/waiver-expired.md',
};
