import { headingMatches, requiredSections, type RequiredSection } from '../compare/required-sections.js';
import { normalizeHeading } from '../compare/sections.js';
import type { RunbookNames } from '../compare/binding.js';
import { basename } from '../canonical/path.js';
import { findingAt } from './finding.js';
import { runbookLabel } from './runbook-label.js';
import type { ParsedDocument } from '../parse/document.js';
import type { Finding } from '../types.js';
import { missingSection } from './missing-section.js';
import type { SpecFamily } from './rule.js';

/** missing-section, per spec: runbook sections a spec requires. See docs/rules/missing-section.md. */

/** A runbook section a spec requires, with the runbook title (heading or bold lead-in) that satisfies it. */
export interface SectionDemand {
  required: RequiredSection;
  title?: string;
}

export function requiredSectionsOf(
  spec: ParsedDocument,
  runbooks: readonly ParsedDocument[],
  names?: RunbookNames,
): SectionDemand[] {
  const titles = runbooks.flatMap((runbook) => [...runbook.headings.map((h) => h.text), ...boldLeadIns(runbook)]);
  return requiredSections(spec, names ?? runbooks.map((r) => r.path)).map((required) => {
    let title: string | undefined;
    for (const want of required.anyOf) title ??= titles.find((t) => headingMatches(want, t));
    return title === undefined ? { required } : { required, title };
  });
}

/** Sections a spec requires that no runbook heading (or bold lead-in) matches. */
export function sectionFindings(
  spec: ParsedDocument,
  runbooks: readonly ParsedDocument[],
  names?: RunbookNames,
): Finding[] {
  return requiredSectionsOf(spec, runbooks, names)
    .filter((d) => d.title === undefined)
    .map(({ required }) => {
      const item = required.anyOf.join(' / ');
      const near = nearestHeading(required.anyOf, runbooks);
      const hint = near
        ? `; the nearest heading is "${near.text}" (${runbookLabel(
            near.file,
            runbooks.map((r) => r.path),
          )}:${near.line})`
        : '';
      return findingAt(
        spec,
        missingSection,
        required,
        item,
        item.toLowerCase(),
        `${noSectionIn(runbooks.map((r) => r.path))} for "${item}"${required.anyOf.length > 1 ? ' (any one of them would do)' : ''}${hint}`,
      );
    });
}

function noSectionIn(paths: readonly string[]): string {
  if (paths.length === 1) return `${basename(paths[0]!)} has no section`;
  return paths.length <= 3
    ? `no runbook (${paths.map((p) => runbookLabel(p, paths)).join(', ')}) has a section`
    : `none of the ${paths.length} runbooks has a section`;
}

/**
 * The runbook heading closest to a required title: the one sharing the most words with it
 * (ignoring words of one or two letters), where to add the section or what may have been meant.
 */
function nearestHeading(
  titles: readonly string[],
  runbooks: readonly ParsedDocument[],
): { text: string; file: string; line: number } | undefined {
  const wordsOf = (t: string): Set<string> =>
    new Set(
      normalizeHeading(t)
        .split(' ')
        .filter((w) => w.length > 2)
        .map((w) => w.replace(/s$/, '')),
    );
  const wanted = titles.map(wordsOf);
  let best: { text: string; file: string; line: number } | undefined;
  let bestScore = 0;
  for (const runbook of runbooks) {
    for (const h of runbook.headings.slice(0, 2000)) {
      const have = wordsOf(h.text);
      for (const want of wanted) {
        let shared = 0;
        for (const w of want) if (have.has(w)) shared++;
        const score = shared / Math.max(1, new Set([...want, ...have]).size);
        if (shared > 0 && score > bestScore) {
          best = { text: h.text, file: runbook.path, line: runbook.lines.position(h.offset).line };
          bestScore = score;
        }
      }
    }
  }
  return best;
}

/** `- **Auto-commit** (…): …` reads as a sub-heading: a paragraph or list item opening in bold (never code). */
function boldLeadIns(runbook: ParsedDocument): string[] {
  const out: string[] = [];
  for (const span of runbook.spans) {
    if (span.context !== 'prose' || span.host?.index !== 0) continue;
    const m = /^\*\*([^*\n]{2,80})\*\*/.exec(span.host.text);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** missing-section as the engine runs it on each spec. */
export const sectionRules: SpecFamily = {
  scope: 'spec',
  rules: [missingSection],
  check: (ctx) => ({ findings: sectionFindings(ctx.doc, ctx.runbookDocs, ctx.names) }),
};
