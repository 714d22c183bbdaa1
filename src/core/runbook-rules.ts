import { basename } from '../canonical/path.js';
import { headingMatches, requiredSections, type RequiredSection } from '../compare/required-sections.js';
import type { RepositoryIndex } from '../compare/repository.js';
import type { RunbookIndex } from '../compare/runbook-index.js';
import { isLogPath } from '../extract/logs.js';
import { joinPath } from '../extract/shell.js';
import { viewSpan } from '../extract/words.js';
import type { ParsedDocument } from '../parse/document.js';
import { directoryOf } from '../parse/document.js';
import { missingSection, staleFile, staleScript, undocumentedFlag } from '../rules/repository.js';
import type { Finding, LocatedReference } from '../types.js';
import { findingAt } from './finding.js';

/** Files a runbook points at that must exist: documents and configuration, not runtime output. */
const CHECKED_FILE = /\.(?:md|markdown|ya?ml|toml|ini|cfg|conf)$/i;

/**
 * Stale references: scripts, make targets, npm scripts and documents the runbook names that
 * the repository does not have. Logs and other runtime artifacts are never stale.
 */
export function staleReferences(runbook: ParsedDocument, scripts: readonly LocatedReference[], repo: RepositoryIndex): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of scripts) {
    // `make build` at the root and in web/ are two different targets.
    const key = `${ref.cwd ?? ''}\0${ref.canonical}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (repo.hasScript(ref)) continue;
    const task = /^(make|npm run) (.+)$/.exec(ref.canonical);
    const where = task ? (task[1] === 'make' ? `the ${ref.cwd ? `${ref.cwd}/` : ''}Makefile has no target "${task[2]}"` : `${ref.cwd ? `${ref.cwd}/` : ''}package.json has no script "${task[2]}"`) : 'no such file in the repository';
    out.push(findingAt(runbook, staleScript, { offset: ref.offset, length: ref.length ?? ref.raw.length }, ref.raw, ref.canonical,
      `the runbook tells operators to run \`${ref.raw}\`, but ${where}`));
  }
  const docDir = directoryOf(runbook.path);
  for (const span of runbook.spans) {
    if (span.context === 'frontmatter') continue;
    for (const word of viewSpan(span, docDir).words) {
      const text = word.text;
      if (!CHECKED_FILE.test(text) || !text.includes('/') && span.context !== 'link' || isLogPath(text) || text.includes('://') || /[{}<>*$]/.test(text)) continue;
      const canonical = joinPath(word.cwd ?? '', text);
      if (seen.has(canonical) || repo.hasFile(canonical)) continue;
      seen.add(canonical);
      const at = runbook.text.indexOf(text, span.start);
      out.push(findingAt(runbook, staleFile, { offset: at === -1 ? span.start : at, length: text.length }, text, canonical,
        `the runbook points at \`${text}\`, but there is no such file in the repository`));
    }
  }
  return out;
}

/** A flag a spec passes to a script the runbook documents, and whether the runbook mentions the flag. */
export interface FlagUse {
  ref: LocatedReference;
  flag: string;
  /** `check_pipeline.py --attention`: the script's file name and the flag. */
  key: string;
  documented: boolean;
}

/** Each script-and-flag pair once, for scripts the runbook documents. */
export function documentedFlags(refs: readonly LocatedReference[], runbookFlags: ReadonlySet<string>, index: RunbookIndex): FlagUse[] {
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

/** Flags a spec passes to a script the runbook documents, that the runbook never mentions. */
export function flagFindings(spec: ParsedDocument, refs: readonly LocatedReference[], runbookFlags: ReadonlySet<string>, index: RunbookIndex): Finding[] {
  return documentedFlags(refs, runbookFlags, index).filter((u) => !u.documented).map(({ ref, flag, key }) => {
    const at = spec.text.indexOf(flag, ref.offset);
    const end = at === -1 ? ref.offset + ref.raw.length : at + flag.length;
    return findingAt(spec, undocumentedFlag, { offset: ref.offset, length: end - ref.offset }, `${ref.raw} ${flag}`, key,
      `flag \`${flag}\` of \`${ref.raw}\` is not in ${basename(index.doc.path)}, which documents the script but never this flag`);
  });
}

const FLAG_SHAPE = /^--?[A-Za-z][\w-]*$/;

/** Every flag-looking token in the runbook (`--json`, `-v`): a flag mentioned anywhere counts. */
export function flagsIn(text: string): Set<string> {
  const flags = new Set<string>();
  for (const m of text.matchAll(/(?<![\w-])(--?[A-Za-z][\w-]*)/g)) flags.add(m[1]!);
  return flags;
}

/** A runbook section a spec requires, with the runbook title (heading or bold lead-in) that satisfies it. */
export interface SectionDemand {
  required: RequiredSection;
  title?: string;
}

export function requiredSectionsOf(spec: ParsedDocument, runbook: ParsedDocument): SectionDemand[] {
  const titles = [...runbook.headings.map((h) => h.text), ...boldLeadIns(runbook)];
  return requiredSections(spec, runbook.path).map((required) => {
    let title: string | undefined;
    for (const want of required.anyOf) title ??= titles.find((t) => headingMatches(want, t));
    return title === undefined ? { required } : { required, title };
  });
}

/** Sections a spec requires that no runbook heading (or bold lead-in) matches. */
export function sectionFindings(spec: ParsedDocument, runbook: ParsedDocument): Finding[] {
  return requiredSectionsOf(spec, runbook).filter((d) => d.title === undefined).map(({ required }) => {
    const item = required.anyOf.join(' / ');
    return findingAt(spec, missingSection, required, item, item.toLowerCase(),
      `${basename(runbook.path)} has no section for "${item}"${required.anyOf.length > 1 ? ' (any one of them would do)' : ''}`);
  });
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

/** Every file name a text mentions in any form (`monitor_issues.json` in prose counts). */
export function fileNamesIn(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/[\w{}<>*$.-]+\.[A-Za-z0-9]{1,8}\b/g)) into.add(m[0].slice(m[0].lastIndexOf('/') + 1));
}
