import { flagRules } from './flags.js';
import { itemRules } from './items.js';
import { orphanRules } from './orphans.js';
import type { RuleFamily, RunbookFamily, SpecFamily } from './rule.js';
import { sectionRules } from './sections.js';
import { staleRules } from './stale.js';
import { waiverRules } from './waivers.js';

/**
 * Every rule's logic, by the scope it runs in. The engine runs the spec families on each spec
 * and the runbook families on each runbook, in this order; every rule of the registry is in
 * exactly one family (a test holds it to that).
 */
export const FAMILIES: readonly RuleFamily[] = [
  itemRules,
  flagRules,
  sectionRules,
  staleRules,
  orphanRules,
  waiverRules,
];

export const SPEC_FAMILIES: readonly SpecFamily[] = FAMILIES.filter((f): f is SpecFamily => f.scope === 'spec');
export const RUNBOOK_FAMILIES: readonly RunbookFamily[] = FAMILIES.filter(
  (f): f is RunbookFamily => f.scope === 'runbook',
);
