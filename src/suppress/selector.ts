import { KINDS } from '../types.js';

/** What a selector is matched against: a finding, or a reference about to become one. */
export interface Subject {
  rule: string;
  kind: string;
  canonical: string;
  item: string;
}

/**
 * `*` matches any run of characters (slashes included), `?` one character; nothing else is
 * special. Selectors come from specs (inline comments) as well as config, so no selector is
 * ever compiled into a regular expression: this is a linear-space, O(n·m) matcher.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * `undocumented-env` or `env`: every finding of that rule or kind.
 * `env:LOG_*` or `undocumented-script:api/scripts/dev_*`: those whose item matches the pattern.
 */
export function compileSelector(selector: string): (s: Subject) => boolean {
  const colon = selector.indexOf(':');
  const scope = colon === -1 ? selector : selector.slice(0, colon);
  const pattern = colon === -1 ? undefined : selector.slice(colon + 1);
  return (s) =>
    (scope === s.rule || scope === s.kind || scope === '*') &&
    (pattern === undefined || wildcardMatch(pattern, s.canonical) || wildcardMatch(pattern, s.item));
}

/** Why a selector cannot match anything, or undefined when it is fine. */
export function selectorProblem(selector: string, ruleIds: readonly string[]): string | undefined {
  const colon = selector.indexOf(':');
  const scope = colon === -1 ? selector : selector.slice(0, colon);
  if (scope !== '*' && !ruleIds.includes(scope) && !(KINDS as readonly string[]).includes(scope)) {
    return `"${scope}" is neither a rule id (${ruleIds.join(', ')}) nor a kind (${KINDS.join(', ')})`;
  }
  if (colon !== -1 && selector.slice(colon + 1) === '') return 'the pattern after ":" is empty';
  return undefined;
}
