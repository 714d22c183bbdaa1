import { append } from '../base/append.js';
import { waiverFindings } from '../rules/waivers.js';
import type { Finding, Severity, SuppressedFinding, Waiver } from '../types.js';
import { wildcardMatch, type Subject } from './selector.js';
import { SelectorIndex } from './selector-index.js';

export interface SuppressOptions {
  /** Per rule: a severity, or 'off' to drop its findings. */
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  /** Selectors (`env`, `undocumented-script:api/scripts/dev_*`) whose findings are ignored. */
  ignore?: readonly string[];
  waivers?: readonly Waiver[];
  /** Fingerprints of findings accepted in a baseline: only new findings count. */
  baseline?: ReadonlySet<string>;
  /** "Today", for waiver expiry. */
  now?: Date;
}

export interface Suppressed {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

const subjectOf = (f: Finding): Subject => ({ rule: f.rule, kind: f.kind, canonical: f.canonical, item: f.item });

/** An expiry date given as a day lasts to the end of that day (UTC). */
export function expiryTime(expiresAt: string): number {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(expiresAt);
  return Date.parse(dayOnly ? `${expiresAt}T23:59:59.999Z` : expiresAt);
}

/** Ignore patterns and waivers as selectors, so each finding meets only those that could match it. */
function selectorIndex(selectors: readonly string[]): SelectorIndex {
  const index = new SelectorIndex();
  selectors.forEach((selector, i) => index.add(i, selector));
  return index;
}

/** A waiver as a selector: its rule (or any) and its item pattern; its file is checked apart. */
const waiverSelector = (w: Waiver): string => `${w.rule ?? '*'}:${w.item}`;

/**
 * The suppress stage, after comparison: severities from config (or 'off'), ignore patterns,
 * waivers (an expired one stops suppressing and is reported; one that matches nothing is
 * reported as stale), then the baseline. Each finding is set aside by the first that applies.
 */
export function applySuppressions(input: readonly Finding[], options: SuppressOptions): Suppressed {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const ignoreTexts = options.ignore ?? [];
  const ignore = selectorIndex(ignoreTexts);
  const now = (options.now ?? new Date()).getTime();
  const waivers = (options.waivers ?? []).map((w) => ({ w, expired: !(expiryTime(w.expiresAt) >= now), used: false }));
  const waiverIndex = selectorIndex(waivers.map(({ w }) => waiverSelector(w)));
  const inFile =
    (f: Finding) =>
    (i: number): boolean =>
      waivers[i]!.w.file === undefined || wildcardMatch(waivers[i]!.w.file!, f.file);

  for (const original of input) {
    const level = options.ruleSeverity?.[original.rule] ?? options.ruleSeverity?.[original.kind];
    if (level === 'off') continue;
    const f: Finding = level ? { ...original, severity: level } : original;
    const ignored = ignore.first(subjectOf(f));
    if (ignored !== undefined) {
      suppressed.push({
        ...f,
        suppression: { kind: 'ignore', justification: `ignore pattern "${ignoreTexts[ignored]}"` },
      });
      continue;
    }
    // Only a live waiver suppresses, even when an expired one for the same finding comes first:
    // an expired waiver is reported as expired whether or not it matched.
    const fileMatches = inFile(f);
    const w = waiverIndex.first(subjectOf(f), (i) => !waivers[i]!.expired && fileMatches(i));
    const waiver = w === undefined ? undefined : waivers[w];
    if (waiver) {
      waiver.used = true;
      suppressed.push({
        ...f,
        suppression: {
          kind: 'waiver',
          justification: `waived by ${waiver.w.owner} until ${waiver.w.expiresAt}: ${waiver.w.reason}`,
        },
      });
      continue;
    }
    if (options.baseline?.has(f.fingerprint)) {
      suppressed.push({ ...f, suppression: { kind: 'baseline', justification: 'in the baseline' } });
      continue;
    }
    findings.push(f);
  }

  append(findings, waiverFindings(waivers, options.ruleSeverity));
  return { findings, suppressed };
}
