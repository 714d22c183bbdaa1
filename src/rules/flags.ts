import { basename } from '../canonical/path.js';
import type { RunbookIndex } from '../compare/runbook-index.js';
import { describeEvidence, type Grounding } from '../compare/grounding.js';
import { findingAt } from './finding.js';
import { runbookLabel } from './runbook-label.js';
import type { ParsedDocument } from '../parse/document.js';
import type { Finding, LocatedReference } from '../types.js';
import { plannedFlag } from './planned-flag.js';
import { undocumentedFlag } from './undocumented-flag.js';
import type { SpecFamily } from './rule.js';

/**
 * undocumented-flag and planned-flag, per spec: flags a spec passes to a script the runbook
 * documents. See docs/rules/undocumented-flag.md and docs/rules/planned-flag.md.
 */

/** A flag a spec passes to a script the runbook documents, and whether the runbook mentions the flag. */
export interface FlagUse {
  ref: LocatedReference;
  flag: string;
  /** `check_pipeline.py --attention`: the script's file name and the flag. */
  key: string;
  documented: boolean;
}

/** Each script-and-flag pair once, for scripts the runbook documents. */
export function documentedFlags(
  refs: readonly LocatedReference[],
  runbookFlags: ReadonlySet<string>,
  index: RunbookIndex,
): FlagUse[] {
  const out: FlagUse[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    if (ref.kind !== 'script' || !ref.flags || !index.documents(ref)) continue;
    for (const flag of ref.flags) {
      const key = `${basename(ref.canonical)} ${flag}`;
      // Only what flagsIn would find can ever be documented: `--` (end of options) or `-->` is no flag.
      if (!FLAG_SHAPE.test(flag) || seen.has(key)) continue;
      seen.add(key);
      out.push({ ref, flag, key, documented: runbookFlags.has(flag) });
    }
  }
  return out;
}

/**
 * Flags a spec passes to a script the runbook documents, that the runbook never mentions.
 * With the code at hand, a flag nothing handles or passes yet is planned.
 */
export function flagFindings(
  spec: ParsedDocument,
  refs: readonly LocatedReference[],
  runbookFlags: ReadonlySet<string>,
  index: RunbookIndex,
  grounding?: Grounding,
): Finding[] {
  return documentedFlags(refs, runbookFlags, index)
    .filter((u) => !u.documented)
    .map(({ ref, flag, key }) => {
      const at = spec.text.indexOf(flag, ref.offset);
      const end = at === -1 ? ref.offset + ref.raw.length : at + flag.length;
      const where = grounding?.code.flagOf(ref.canonical, flag);
      const rule = grounding && !where ? plannedFlag : undocumentedFlag;
      const evidence = where ? { ...where, verb: 'handled by' } : undefined;
      const note = evidence
        ? `; ${describeEvidence(evidence)}`
        : rule === plannedFlag
          ? ' (planned: nothing in the repository handles or passes it yet)'
          : '';
      const script = index.documents(ref)!;
      const finding = findingAt(
        spec,
        rule,
        { offset: ref.offset, length: end - ref.offset },
        `${ref.raw} ${flag}`,
        key,
        `flag \`${flag}\` of \`${ref.raw}\` is not in ${runbookLabel(script.file, index.files)}, which documents the script but never this flag${note}`,
      );
      if (evidence) finding.evidence = evidence;
      return finding;
    });
}

const FLAG_SHAPE = /^--?[A-Za-z][\w-]*$/;

/** Every flag-looking token in the runbook (`--json`, `-v`): a flag mentioned anywhere counts. */
export function flagsIn(text: string): Set<string> {
  const flags = new Set<string>();
  for (const m of text.matchAll(/(?<![\w-])(--?[A-Za-z][\w-]*)/g)) flags.add(m[1]!);
  return flags;
}

/** The flag rules as the engine runs them on each spec: only a bound spec is asked about flags. */
export const flagRules: SpecFamily = {
  scope: 'spec',
  rules: [undocumentedFlag, plannedFlag],
  check: (ctx) => ({
    findings: ctx.bound
      ? flagFindings(
          ctx.doc,
          ctx.wanted.filter((r) => !ctx.operator.has(r)),
          ctx.runbookFlags,
          ctx.index,
          ctx.grounding,
        )
      : [],
  }),
};
