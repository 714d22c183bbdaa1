import { splitEndpoint } from '../canonical/endpoint.js';
import { basename, extension, PLACEHOLDER, sameCanonical, segments } from '../canonical/path.js';
import type { ParsedDocument } from '../parse/document.js';
import { orphanEndpoint } from './orphan-endpoint.js';
import { orphanLog } from './orphan-log.js';
import type { RunFamily } from './rule.js';
import type { Finding, LocatedReference } from '../types.js';
import { findingAt } from './finding.js';

/** A log or endpoint a spec names: what the orphan rule needs of it. */
export interface Mention {
  kind: 'log' | 'endpoint';
  canonical: string;
}

/** A log or endpoint the runbook documents, with the finding it becomes if no spec names it. */
export interface OrphanCandidate extends Mention {
  finding: Finding;
}

/**
 * Log paths (with an extension) and endpoints the runbook documents, each once, with the
 * finding it becomes if no spec names it. Depends on the runbook alone.
 */
export function orphanCandidates(
  runbook: Pick<ParsedDocument, 'path' | 'lines'>,
  runbookRefs: readonly LocatedReference[],
  isLog: (canonical: string) => boolean = () => true,
): OrphanCandidate[] {
  const out: OrphanCandidate[] = [];
  const seen = new Set<string>();
  // A bare name and the full path it abbreviates are one log: the fullest form speaks for both.
  const fullest = new Map<string, LocatedReference>();
  for (const r of runbookRefs) {
    if (r.kind !== 'log') continue;
    const base = basename(r.canonical);
    const held = fullest.get(base);
    if (!held || segments(r.canonical).length > segments(held.canonical).length) fullest.set(base, r);
  }
  const byForm = new Map<string, OrphanCandidate>();
  for (const r of runbookRefs) {
    const at = { offset: r.offset, length: r.raw.length };
    if (r.kind === 'log') {
      if (!extension(basename(r.canonical)) || !isLog(r.canonical)) continue;
      const full = fullest.get(basename(r.canonical))!;
      const key =
        full.canonical.endsWith(`/${r.canonical}`) || full.canonical === r.canonical ? full.canonical : r.canonical;
      const known = byForm.get(key);
      if (known) {
        if (known.finding.line !== r.line || known.finding.column !== r.column)
          known.finding.otherMentions.push({ raw: r.raw, line: r.line, column: r.column });
        continue;
      }
      const shown = key === full.canonical ? full : r;
      const finding = findingAt(
        runbook,
        orphanLog,
        { offset: shown.offset, length: shown.raw.length },
        shown.raw,
        shown.canonical,
        `the runbook documents log path \`${shown.raw}\` but no spec names it`,
      );
      const candidate: OrphanCandidate = { kind: 'log', canonical: shown.canonical, finding };
      byForm.set(key, candidate);
      out.push(candidate);
      if (shown !== r) finding.otherMentions.push({ raw: r.raw, line: r.line, column: r.column });
    } else if (r.kind === 'endpoint') {
      if (seen.has(`${r.kind}\0${r.canonical}`)) continue;
      seen.add(`${r.kind}\0${r.canonical}`);
      out.push({
        kind: 'endpoint',
        canonical: r.canonical,
        finding: findingAt(
          runbook,
          orphanEndpoint,
          at,
          r.raw,
          r.canonical,
          `the runbook documents endpoint \`${r.raw}\` but no spec names it`,
        ),
      });
    }
  }
  return out;
}

/**
 * The candidates no spec names. "Names" is read generously here, as for the runbook: a file
 * name anywhere in a spec counts.
 */
export function selectOrphans(
  candidates: readonly OrphanCandidate[],
  specMentions: readonly Mention[],
  namedFiles: ReadonlySet<string>,
): Finding[] {
  const logBases: string[] = [];
  const endpointPaths: string[][] = [];
  for (const r of specMentions) {
    if (r.kind === 'log') logBases.push(basename(r.canonical));
    else endpointPaths.push(segments(splitEndpoint(r.canonical).path));
  }
  const exactBases = new Set(logBases);
  const wildBases = logBases.filter((b) => b.includes(PLACEHOLDER));
  const out: Finding[] = [];
  for (const c of candidates) {
    if (c.kind === 'log') {
      const base = basename(c.canonical);
      if (exactBases.has(base) || namedFiles.has(base) || wildBases.some((b) => sameCanonical(b, base))) continue;
      if (base.includes(PLACEHOLDER) && logBases.some((b) => sameCanonical(base, b))) continue;
    } else {
      const segs = segments(splitEndpoint(c.canonical).path);
      if (endpointPaths.some((p) => p.length === segs.length && p.every((s, i) => sameCanonical(s, segs[i]!))))
        continue;
    }
    out.push(c.finding);
  }
  return out;
}

/** Every file name a text mentions in any form (`monitor_issues.json` in prose counts). */
export function fileNamesIn(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/[\w{}<>*$.-]+\.[A-Za-z0-9]{1,8}\b/g)) into.add(m[0].slice(m[0].lastIndexOf('/') + 1));
}

/** The orphan rules: candidates come from each runbook, the verdict once every spec is read. */
export const orphanRules: RunFamily = { scope: 'run', rules: [orphanLog, orphanEndpoint] };
