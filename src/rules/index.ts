import type { Kind } from '../types.js';
import { undocumentedEndpoint, undocumentedEnv, undocumentedLog, undocumentedScript, type RuleDefinition } from './undocumented.js';
import { missingSection, orphanEndpoint, orphanLog, plannedScript, staleFile, staleScript, undocumentedFlag } from './repository.js';
import { waiverExpired, waiverStale } from './waivers.js';
import { implementationScript, plannedEndpoint, plannedEnv, plannedFlag, plannedLog } from './planned.js';
import { operatorEndpoint, operatorEnv, operatorScript } from './operator.js';

export type { RuleDefinition } from './undocumented.js';

export const RULES: readonly RuleDefinition[] = [
  undocumentedLog, undocumentedScript, undocumentedEndpoint, undocumentedEnv,
  plannedScript, plannedLog, plannedEndpoint, plannedEnv, plannedFlag, implementationScript,
  operatorEnv, operatorEndpoint, operatorScript,
  undocumentedFlag, missingSection, staleScript, staleFile, orphanLog, orphanEndpoint,
  waiverExpired, waiverStale,
];

/** The undocumented-<kind> rule: the drift rule for items of that kind. */
export function ruleForKind(kind: Kind): RuleDefinition {
  return RULES.find((r) => r.id === `undocumented-${kind}`)!;
}
