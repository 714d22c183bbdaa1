import { fingerprintOf } from '../base/fingerprint.js';
import type { Finding, Severity, Waiver } from '../types.js';
import { waiverExpired } from './waiver-expired.js';
import { waiverStale } from './waiver-stale.js';
import type { RunFamily } from './rule.js';

/** A waiver after suppression: whether it has expired, and whether it matched a finding. */
export interface WaiverUse {
  w: Waiver;
  expired: boolean;
  used: boolean;
}

/**
 * waiver-expired and waiver-stale, once over the run: a waiver past its date (it no longer
 * suppresses anything), and one that matched no finding. See docs/rules/waiver-expired.md and
 * docs/rules/waiver-stale.md.
 */
export function waiverFindings(
  waivers: readonly WaiverUse[],
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>,
): Finding[] {
  const findings: Finding[] = [];
  for (const { w, expired, used } of waivers) {
    if (!expired && used) continue;
    const rule = expired ? waiverExpired : waiverStale;
    const severity = ruleSeverity?.[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const what = `${w.rule ? `${w.rule} ` : ''}\`${w.item}\`${w.file ? ` in ${w.file}` : ''}`;
    const message = expired
      ? `waiver for ${what} (owner ${w.owner}) expired on ${w.expiresAt} and no longer suppresses anything: ${w.reason}`
      : `waiver for ${what} (owner ${w.owner}) matches no finding; remove it`;
    findings.push({
      rule: rule.id,
      kind: 'waiver',
      item: w.item,
      canonical: w.item,
      file: w.source.file,
      line: w.source.line,
      column: w.source.column,
      endLine: w.source.line,
      endColumn: w.source.column,
      severity,
      message,
      otherMentions: [],
      fingerprint: fingerprintOf(rule.id, w.source.file, `${w.rule ?? ''}\0${w.item}\0${w.file ?? ''}`),
    });
  }
  return findings;
}

/** The waiver rules: they run after suppression, which knows which waivers were used. */
export const waiverRules: RunFamily = { scope: 'run', rules: [waiverExpired, waiverStale] };
