import { fingerprintOf } from '../core/fingerprint.js';
import { waiverExpired, waiverStale } from '../rules/waivers.js';
import type { Finding, Severity, SuppressedFinding, Waiver } from '../types.js';
import { compileSelector, wildcardMatch, type Subject } from './selector.js';

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

function waiverMatches(w: Waiver, f: Finding): boolean {
  if (w.rule !== undefined && w.rule !== f.rule && w.rule !== f.kind) return false;
  if (w.file !== undefined && !wildcardMatch(w.file, f.file)) return false;
  return wildcardMatch(w.item, f.canonical) || wildcardMatch(w.item, f.item);
}

/**
 * The suppress stage, after comparison: severities from config (or 'off'), ignore patterns,
 * waivers (an expired one stops suppressing and is reported; one that matches nothing is
 * reported as stale), then the baseline. Each finding is set aside by the first that applies.
 */
export function applySuppressions(input: readonly Finding[], options: SuppressOptions): Suppressed {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const ignore = (options.ignore ?? []).map((text) => ({ text, match: compileSelector(text) }));
  const now = (options.now ?? new Date()).getTime();
  const waivers = (options.waivers ?? []).map((w) => ({ w, expired: !(expiryTime(w.expiresAt) >= now), used: false }));

  for (const original of input) {
    const level = options.ruleSeverity?.[original.rule] ?? options.ruleSeverity?.[original.kind];
    if (level === 'off') continue;
    const f: Finding = level ? { ...original, severity: level } : original;
    const ignored = ignore.find((i) => i.match(subjectOf(f)));
    if (ignored) {
      suppressed.push({ ...f, suppression: { kind: 'ignore', justification: `ignore pattern "${ignored.text}"` } });
      continue;
    }
    const waiver = waivers.find((x) => waiverMatches(x.w, f));
    if (waiver) waiver.used = true;
    if (waiver && !waiver.expired) {
      suppressed.push({ ...f, suppression: { kind: 'waiver', justification: `waived by ${waiver.w.owner} until ${waiver.w.expiresAt}: ${waiver.w.reason}` } });
      continue;
    }
    if (options.baseline?.has(f.fingerprint)) {
      suppressed.push({ ...f, suppression: { kind: 'baseline', justification: 'in the baseline' } });
      continue;
    }
    findings.push(f);
  }

  for (const { w, expired, used } of waivers) {
    if (!expired && used) continue;
    const rule = expired ? waiverExpired : waiverStale;
    const severity = options.ruleSeverity?.[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const what = `${w.rule ? `${w.rule} ` : ''}\`${w.item}\`${w.file ? ` in ${w.file}` : ''}`;
    const message = expired
      ? `waiver for ${what} (owner ${w.owner}) expired on ${w.expiresAt} and no longer suppresses anything: ${w.reason}`
      : `waiver for ${what} (owner ${w.owner}) matches no finding; remove it`;
    findings.push({
      rule: rule.id, kind: 'waiver', item: w.item, canonical: w.item, file: w.source.file,
      line: w.source.line, column: w.source.column, endLine: w.source.line, endColumn: w.source.column,
      severity, message, otherMentions: [],
      fingerprint: fingerprintOf(rule.id, w.source.file, `${w.rule ?? ''}\0${w.item}\0${w.file ?? ''}`),
    });
  }
  return { findings, suppressed };
}
