import type { Kind } from '../types.js';
import { undocumentedEndpoint, undocumentedEnv, undocumentedLog, undocumentedScript, type RuleDefinition } from './undocumented.js';
import { waiverExpired, waiverStale } from './waivers.js';

export type { RuleDefinition } from './undocumented.js';

export const RULES: readonly RuleDefinition[] = [undocumentedLog, undocumentedScript, undocumentedEndpoint, undocumentedEnv, waiverExpired, waiverStale];

export function ruleForKind(kind: Kind): RuleDefinition {
  return RULES.find((r) => r.kind === kind)!;
}
