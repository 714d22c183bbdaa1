import type { Kind } from '../types.js';
import type { RuleDefinition } from './rule.js';
import { undocumentedLog } from './undocumented-log.js';
import { undocumentedScript } from './undocumented-script.js';
import { undocumentedEndpoint } from './undocumented-endpoint.js';
import { undocumentedEnv } from './undocumented-env.js';
import { plannedScript } from './planned-script.js';
import { plannedLog } from './planned-log.js';
import { plannedEndpoint } from './planned-endpoint.js';
import { plannedEnv } from './planned-env.js';
import { plannedFlag } from './planned-flag.js';
import { implementationScript } from './implementation-script.js';
import { operatorEnv } from './operator-env.js';
import { operatorEndpoint } from './operator-endpoint.js';
import { operatorScript } from './operator-script.js';
import { undocumentedFlag } from './undocumented-flag.js';
import { missingSection } from './missing-section.js';
import { staleScript } from './stale-script.js';
import { staleFile } from './stale-file.js';
import { orphanLog } from './orphan-log.js';
import { orphanEndpoint } from './orphan-endpoint.js';
import { waiverExpired } from './waiver-expired.js';
import { waiverStale } from './waiver-stale.js';

export type { RuleDefinition, RuleScope } from './rule.js';

/**
 * The registry: every rule, in the order reports list them. A rule is a module of its own
 * (`src/rules/<id>.ts`) with its docs page (`docs/rules/<id>.md`) and its tests
 * (`__tests__/rules/<id>.test.ts`); adding one is adding those and a line here.
 */
export const RULES: readonly RuleDefinition[] = [
  undocumentedLog,
  undocumentedScript,
  undocumentedEndpoint,
  undocumentedEnv,
  plannedScript,
  plannedLog,
  plannedEndpoint,
  plannedEnv,
  plannedFlag,
  implementationScript,
  operatorEnv,
  operatorEndpoint,
  operatorScript,
  undocumentedFlag,
  missingSection,
  staleScript,
  staleFile,
  orphanLog,
  orphanEndpoint,
  waiverExpired,
  waiverStale,
];

/** The undocumented-<kind> rule: the drift rule for items of that kind. */
export function ruleForKind(kind: Kind): RuleDefinition {
  return RULES.find((r) => r.id === `undocumented-${kind}`)!;
}

/** The rule with this id. */
export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((r) => r.id === id);
}
