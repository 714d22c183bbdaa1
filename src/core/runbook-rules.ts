import { basename } from '../canonical/path.js';
import { headingMatches, requiredSections, type RequiredSection } from '../compare/required-sections.js';
import { normalizeHeading } from '../compare/sections.js';
import type { RepositoryIndex } from '../compare/repository.js';
import type { RunbookIndex } from '../compare/runbook-index.js';
import type { RunbookNames } from '../compare/binding.js';
import { isLogPath } from '../extract/logs.js';
import { joinPath } from '../extract/shell.js';
import { viewSpan } from '../extract/words.js';
import type { ParsedDocument } from '../parse/document.js';
import { directoryOf } from '../parse/document.js';
import { missingSection, staleFile, staleScript, undocumentedFlag } from '../rules/repository.js';
import { plannedFlag } from '../rules/planned.js';
import { describeEvidence, type Grounding } from '../compare/grounding.js';
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
  const pending = pendingLines(runbook);
  const at = (offset: number): number => runbook.lines.position(offset).line;
  // A command or file the runbook marks pending on any line is known to its authors, on every line.
  const known = new Set<string>();
  for (const ref of scripts) if (pending.has(at(ref.offset))) known.add(`${ref.cwd ?? ''}\0${ref.canonical}`);
  for (const ref of scripts) {
    // `make build` at the root and in web/ are two different targets.
    const key = `${ref.cwd ?? ''}\0${ref.canonical}`;
    if (seen.has(key) || known.has(key)) continue;
    seen.add(key);
    // `/scripts/x.sh` where the repository has a top-level scripts/ means the repository root;
    // any other absolute path is the machine's.
    const rooted = rootRelative(repo, ref.canonical);
    if (rooted === null) continue;
    if (rooted !== undefined ? repo.hasFile(rooted) : repo.hasScript(ref)) continue;
    const task = /^(make|npm run) (.+)$/.exec(ref.canonical);
    const where = task ? (task[1] === 'make' ? `the ${ref.cwd ? `${ref.cwd}/` : ''}Makefile has no target "${task[2]}"` : `${ref.cwd ? `${ref.cwd}/` : ''}package.json has no script "${task[2]}"`) : `no such file in the repository${movedTo(repo, ref.canonical)}`;
    out.push(findingAt(runbook, staleScript, { offset: ref.offset, length: ref.length ?? ref.raw.length }, ref.raw, ref.canonical,
      `the runbook tells operators to run \`${ref.raw}\`, but ${where}`));
  }
  const docDir = directoryOf(runbook.path);
  const files: Array<{ text: string; canonical: string; offset: number }> = [];
  for (const span of runbook.spans) {
    if (span.context === 'frontmatter') continue;
    for (const word of viewSpan(span, docDir).words) {
      const text = word.text;
      if (!CHECKED_FILE.test(text) || !text.includes('/') && span.context !== 'link' || isLogPath(text) || text.includes('://') || /[{}<>*$]/.test(text)) continue;
      const rooted = rootRelative(repo, text);
      if (rooted === null) continue;
      const canonical = rooted ?? joinPath(word.cwd ?? '', text);
      const found = runbook.text.indexOf(text, span.start);
      const offset = found === -1 ? span.start : found;
      if (pending.has(at(offset))) known.add(canonical);
      files.push({ text, canonical, offset });
    }
  }
  for (const { text, canonical, offset } of files) {
    if (seen.has(canonical) || known.has(canonical) || repo.hasFile(canonical)) continue;
    seen.add(canonical);
    out.push(findingAt(runbook, staleFile, { offset, length: text.length }, text, canonical,
      `the runbook points at \`${text}\`, but there is no such file in the repository${movedTo(repo, canonical)}`));
  }
  return out;
}

/**
 * A marker by which a document says its own line is not settled yet: `TODO`, `TBD`, `FIXME`,
 * or `PENDING` / `WIP` as a marker (`[PENDING: …]`, `PENDING:`), outside code spans (a job
 * state written `PENDING` is not one).
 */
const PENDING_MARKER = /\b(?:TODO|TBD|FIXME)\b|\[(?:PENDING|WIP)\b|\b(?:PENDING|WIP):/;

/**
 * Lines of the runbook that carry a TODO / TBD / PENDING marker: the authors already know the
 * line is not true yet (`node index.mjs` [PENDING: confirm once package.json exists]); a stale
 * path there tells them nothing.
 */
function pendingLines(runbook: ParsedDocument): Set<number> {
  const out = new Set<number>();
  let line = 1;
  let start = 0;
  for (let end = runbook.text.indexOf('\n'); start <= runbook.text.length; end = runbook.text.indexOf('\n', start)) {
    const stop = end === -1 ? runbook.text.length : end;
    if (PENDING_MARKER.test(runbook.text.slice(start, Math.min(stop, start + 4096)).replace(/`[^`\n]*`/g, ''))) out.add(line);
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return out;
}

/**
 * Data files (`*.json`, `*.jsonl`, `*.db`…) the runbook points at that the repository does not
 * track and no code writes: gone, or never there. What the code writes is a runtime artefact,
 * never stale.
 */
export function staleDataFiles(runbook: ParsedDocument, refs: readonly LocatedReference[], grounding: Grounding): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    // A path outside the repository (`/var/lib/x.db`, `~/.app/state.json`) is no file of it to miss.
    if (ref.kind !== 'log' || isOutside(ref.canonical) || seen.has(ref.canonical) || !grounding.isMissingData(ref.canonical)) continue;
    seen.add(ref.canonical);
    out.push(findingAt(runbook, staleFile, { offset: ref.offset, length: ref.raw.length }, ref.raw, ref.canonical,
      `the runbook points at \`${ref.raw}\`, but the repository has no such file and no code names it`));
  }
  return out;
}

/** "; a file of that name is at `x`": where a missing file may have moved (the one or two there are). */
function movedTo(repo: RepositoryIndex, path: string): string {
  const others = repo.sameName(path);
  if (others.length === 0 || others.length > 2) return '';
  return `; a file of that name is at ${others.map((f) => `\`${f}\``).join(' and ')}`;
}

/**
 * An absolute path read as the documents mean it: `/scripts/x.sh` is the repository's
 * `scripts/x.sh` when the repository has a top-level `scripts/`; any other absolute or home
 * path is the machine's (null). Undefined for a relative path.
 */
function rootRelative(repo: RepositoryIndex, path: string): string | null | undefined {
  if (path.startsWith('~')) return null;
  if (!path.startsWith('/')) return undefined;
  const rest = path.replace(/^\/+/, '');
  const top = rest.split('/')[0]!;
  return rest.includes('/') && repo.hasTopDirectory(top) ? rest : null;
}

/** An absolute or home path: the machine's, not the repository's. */
function isOutside(path: string): boolean {
  return path.startsWith('/') || path.startsWith('~');
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

/**
 * Flags a spec passes to a script the runbook documents, that the runbook never mentions.
 * With the code at hand, a flag nothing handles or passes yet is planned.
 */
export function flagFindings(spec: ParsedDocument, refs: readonly LocatedReference[], runbookFlags: ReadonlySet<string>, index: RunbookIndex, grounding?: Grounding): Finding[] {
  return documentedFlags(refs, runbookFlags, index).filter((u) => !u.documented).map(({ ref, flag, key }) => {
    const at = spec.text.indexOf(flag, ref.offset);
    const end = at === -1 ? ref.offset + ref.raw.length : at + flag.length;
    const where = grounding?.code.flagOf(ref.canonical, flag);
    const rule = grounding && !where ? plannedFlag : undocumentedFlag;
    const evidence = where ? { ...where, verb: 'handled by' } : undefined;
    const note = evidence ? `; ${describeEvidence(evidence)}` : rule === plannedFlag ? ' (planned: nothing in the repository handles or passes it yet)' : '';
    const script = index.documents(ref)!;
    const finding = findingAt(spec, rule, { offset: ref.offset, length: end - ref.offset }, `${ref.raw} ${flag}`, key,
      `flag \`${flag}\` of \`${ref.raw}\` is not in ${runbookLabel(script.file, index.files)}, which documents the script but never this flag${note}`);
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

/** A runbook section a spec requires, with the runbook title (heading or bold lead-in) that satisfies it. */
export interface SectionDemand {
  required: RequiredSection;
  title?: string;
}

export function requiredSectionsOf(spec: ParsedDocument, runbooks: readonly ParsedDocument[], names?: RunbookNames): SectionDemand[] {
  const titles = runbooks.flatMap((runbook) => [...runbook.headings.map((h) => h.text), ...boldLeadIns(runbook)]);
  return requiredSections(spec, names ?? runbooks.map((r) => r.path)).map((required) => {
    let title: string | undefined;
    for (const want of required.anyOf) title ??= titles.find((t) => headingMatches(want, t));
    return title === undefined ? { required } : { required, title };
  });
}

/** Sections a spec requires that no runbook heading (or bold lead-in) matches. */
export function sectionFindings(spec: ParsedDocument, runbooks: readonly ParsedDocument[], names?: RunbookNames): Finding[] {
  return requiredSectionsOf(spec, runbooks, names).filter((d) => d.title === undefined).map(({ required }) => {
    const item = required.anyOf.join(' / ');
    const near = nearestHeading(required.anyOf, runbooks);
    const hint = near ? `; the nearest heading is "${near.text}" (${runbookLabel(near.file, runbooks.map((r) => r.path))}:${near.line})` : '';
    return findingAt(spec, missingSection, required, item, item.toLowerCase(),
      `${noSectionIn(runbooks.map((r) => r.path))} for "${item}"${required.anyOf.length > 1 ? ' (any one of them would do)' : ''}${hint}`);
  });
}

/**
 * How a message names a runbook of the set: its file name, or its path where another runbook
 * of the set has the same file name (`api/RUNBOOK.md`, `web/RUNBOOK.md`).
 */
export function runbookLabel(file: string, set: readonly string[]): string {
  const base = basename(file);
  return set.some((p) => p !== file && basename(p) === base) ? file : base;
}

/** How "is not in …" names the runbook: its file name, or the set's when there are several. */
export function runbookName(paths: readonly string[]): string {
  if (paths.length === 1) return basename(paths[0]!);
  return paths.length <= 3 ? `any runbook (${paths.map((p) => runbookLabel(p, paths)).join(', ')})` : `any of the ${paths.length} runbooks`;
}

function noSectionIn(paths: readonly string[]): string {
  if (paths.length === 1) return `${basename(paths[0]!)} has no section`;
  return paths.length <= 3 ? `no runbook (${paths.map((p) => runbookLabel(p, paths)).join(', ')}) has a section` : `none of the ${paths.length} runbooks has a section`;
}

/**
 * The runbook heading closest to a required title: the one sharing the most words with it
 * (ignoring words of one or two letters), where to add the section or what may have been meant.
 */
function nearestHeading(titles: readonly string[], runbooks: readonly ParsedDocument[]): { text: string; file: string; line: number } | undefined {
  const wordsOf = (t: string): Set<string> => new Set(normalizeHeading(t).split(' ').filter((w) => w.length > 2).map((w) => w.replace(/s$/, '')));
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

/** Every file name a text mentions in any form (`monitor_issues.json` in prose counts). */
export function fileNamesIn(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/[\w{}<>*$.-]+\.[A-Za-z0-9]{1,8}\b/g)) into.add(m[0].slice(m[0].lastIndexOf('/') + 1));
}
