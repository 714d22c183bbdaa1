import type { RepositoryIndex } from '../compare/repository.js';
import { isLogPath } from '../extract/logs.js';
import { joinPath } from '../canonical/path.js';
import { viewSpan } from '../extract/words.js';
import type { ParsedDocument } from '../parse/document.js';
import { directoryOf } from '../parse/document.js';
import { describeEvidence, type Grounding } from '../compare/grounding.js';
import { findingAt } from './finding.js';
import type { Finding, LocatedReference } from '../types.js';
import { staleFile } from './stale-file.js';
import { staleScript } from './stale-script.js';
import type { RunbookFamily } from './rule.js';

/**
 * stale-script and stale-file, on the runbooks alone: what a runbook names that the repository
 * does not have. See docs/rules/stale-script.md and docs/rules/stale-file.md.
 */

/** Files a runbook points at that must exist: documents and configuration, not runtime output. */
const CHECKED_FILE = /\.(?:md|markdown|ya?ml|toml|ini|cfg|conf)$/i;

/**
 * Stale references: scripts, make targets, npm scripts and documents the runbook names that
 * the repository does not have. Logs and other runtime artifacts are never stale.
 */
export function staleReferences(
  runbook: ParsedDocument,
  scripts: readonly LocatedReference[],
  repo: RepositoryIndex,
): Finding[] {
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
    const where = task
      ? task[1] === 'make'
        ? `the ${ref.cwd ? `${ref.cwd}/` : ''}Makefile has no target "${task[2]}"`
        : `${ref.cwd ? `${ref.cwd}/` : ''}package.json has no script "${task[2]}"`
      : `no such file in the repository${movedTo(repo, ref.canonical)}`;
    out.push(
      findingAt(
        runbook,
        staleScript,
        { offset: ref.offset, length: ref.length ?? ref.raw.length },
        ref.raw,
        ref.canonical,
        `the runbook tells operators to run \`${ref.raw}\`, but ${where}`,
      ),
    );
  }
  const docDir = directoryOf(runbook.path);
  const files: Array<{ text: string; canonical: string; offset: number }> = [];
  for (const span of runbook.spans) {
    if (span.context === 'frontmatter') continue;
    for (const word of viewSpan(span, docDir).words) {
      const text = word.text;
      if (
        !CHECKED_FILE.test(text) ||
        (!text.includes('/') && span.context !== 'link') ||
        isLogPath(text) ||
        text.includes('://') ||
        /[{}<>*$]/.test(text)
      )
        continue;
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
    out.push(
      findingAt(
        runbook,
        staleFile,
        { offset, length: text.length },
        text,
        canonical,
        `the runbook points at \`${text}\`, but there is no such file in the repository${movedTo(repo, canonical)}`,
      ),
    );
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
    if (PENDING_MARKER.test(runbook.text.slice(start, Math.min(stop, start + 4096)).replace(/`[^`\n]*`/g, '')))
      out.add(line);
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
export function staleDataFiles(
  runbook: ParsedDocument,
  refs: readonly LocatedReference[],
  grounding: Grounding,
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  // A file the runbook marks pending (TODO, TBD, PENDING:) on any line is known to be missing.
  const pending = pendingLines(runbook);
  for (const ref of refs)
    if (ref.kind === 'log' && pending.has(runbook.lines.position(ref.offset).line)) seen.add(ref.canonical);
  for (const ref of refs) {
    // A path outside the repository (`/var/lib/x.db`, `~/.app/state.json`) is no file of it to miss.
    if (
      ref.kind !== 'log' ||
      isOutside(ref.canonical) ||
      seen.has(ref.canonical) ||
      !grounding.isMissingData(ref.canonical)
    )
      continue;
    seen.add(ref.canonical);
    out.push(
      findingAt(
        runbook,
        staleFile,
        { offset: ref.offset, length: ref.raw.length },
        ref.raw,
        ref.canonical,
        `the runbook points at \`${ref.raw}\`, but the repository has no such file and no code names it`,
      ),
    );
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

/** The stale rules as the engine runs them on each runbook: scripts only when scripts are checked at all. */
export const staleRules: RunbookFamily = {
  scope: 'runbook',
  rules: [staleScript, staleFile],
  check: (ctx) => [
    // Only scripts checked at all (--kinds) can be stale; the files the runbook points at always can.
    ...(ctx.repo
      ? staleReferences(
          { ...ctx.doc, references: [...ctx.refs] },
          ctx.kinds.includes('script') ? ctx.refs.filter((r) => r.kind === 'script') : [],
          ctx.repo,
        )
      : []),
    ...(ctx.grounding ? staleDataFiles(ctx.doc, ctx.refs, ctx.grounding) : []),
  ],
};
