import type { RuleDefinition } from './undocumented.js';

export const waiverExpired: RuleDefinition = {
  id: 'waiver-expired',
  kind: 'waiver',
  noun: 'waiver',
  defaultSeverity: 'error',
  description: 'A waiver is past its expires_at date: it no longer suppresses anything. Renew it with a reason, or fix the drift.',
};

export const waiverStale: RuleDefinition = {
  id: 'waiver-stale',
  kind: 'waiver',
  noun: 'waiver',
  defaultSeverity: 'warning',
  description: 'A waiver matches no finding: the drift it excused is gone. Remove it.',
};
