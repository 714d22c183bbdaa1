import type { Checker } from '../core/check-documents.js';
import type { Repository } from '../compare/repository.js';
import type { SourceDocument } from '../types.js';
import { LineIndex } from '../parse/text.js';
import { mentionsOf, type Target } from './forms.js';

/**
 * Extraction recall, judged: spellings of items that specs write but the checker never
 * extracts, in the classes that decide whether extracting more would help. Each candidate is
 * held against the runbook (documented already?) and the repository's own text (does the
 * code name it?): an undocumented candidate the code names would be a true new finding, one
 * nothing names most likely a false one.
 */
export type ExtractionClass = 'script-stem' | 'bare-data-file' | 'bare-api-path' | 'env-without-cue';
export const EXTRACTION_CLASSES: readonly ExtractionClass[] = [
  'script-stem',
  'bare-data-file',
  'bare-api-path',
  'env-without-cue',
];

export interface Candidate {
  class: ExtractionClass;
  spec: string;
  line: number;
  item: string;
  documented: boolean;
  /**
   * The repository's own files (not the specs or runbook) use it as what it would be: an env
   * var the code reads or sets, a data file the code names that the repository does not track
   * (a runtime artefact), a script file, a route path.
   */
  inCode: boolean;
}

const SCRIPT_FILE = /(?:^|\/)(?:scripts?|bin)\/[^/]+$|\.(?:sh|bash|zsh|ps1)$/;
const STEM_WORD = /(?<![\w./`-])([A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+)(?![\w./`(-])/g;
const DATA_FILE = /(?<![\w./-])([\w-]+\.(?:json|txt|csv|db|sqlite|ya?ml))(?![\w./-])/g;
const API_PATH = /(?<![\w./`-])(\/(?:api|v\d+)(?:\/[\w\-{}:<>]+)+)/g;
const ENV_NAME = /(?<![\w$./-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w(/-])/g;
/** Fenced blocks, front matter and inline code are not prose. */
const CODE = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$|`[^`\n]*`/gm;

/** What the repository's text files say, outside the specs and the runbook: one pass. */
export interface CodeWords {
  words: Set<string>;
  /** Names used the way code uses an env var: `$X`, `${X}`, `X=`, `"X"`, `env.X`. */
  envUses: Set<string>;
  /** Base names of the files the repository tracks. */
  tracked: Set<string>;
}

const ENV_USE =
  /\$\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)|(?<![\w$])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=|["']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["']|\benv\.([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)/g;

export function codeWords(
  repo: Repository,
  read: (file: string) => string | undefined,
  skip: ReadonlySet<string>,
): CodeWords {
  const out: CodeWords = { words: new Set(), envUses: new Set(), tracked: new Set() };
  for (const file of repo.files) {
    out.tracked.add(file.slice(file.lastIndexOf('/') + 1));
    if (skip.has(file) || /\.(?:md|markdown|rst|txt)$/i.test(file)) continue;
    const text = read(file);
    if (text === undefined) continue;
    for (const m of text.matchAll(/[A-Za-z0-9_.\-/{}:<>]+/g)) {
      out.words.add(m[0]);
      for (const piece of m[0].split(/[/:"']/)) if (piece) out.words.add(piece);
    }
    for (const m of text.matchAll(ENV_USE)) out.envUses.add((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  }
  return out;
}

export function extractionCandidates(
  specs: readonly SourceDocument[],
  runbook: SourceDocument,
  checker: Checker,
  repo: Repository | undefined,
  code: CodeWords | undefined,
): Candidate[] {
  const runbookLines = runbook.text.split(/\r\n|\r|\n/);
  const documented = (target: Target): boolean => runbookLines.some(mentionsOf(target));
  const scriptStems = new Set<string>();
  for (const f of repo?.files ?? [])
    if (SCRIPT_FILE.test(f)) scriptStems.add(f.slice(f.lastIndexOf('/') + 1).replace(/\.[^.]+$/, ''));
  const out: Candidate[] = [];
  for (const spec of specs) {
    const ob = checker.obligations(spec);
    if (!ob) continue;
    const extracted = new Set(ob.items.map((i) => i.ref.raw.replace(/^.*\//, '')));
    const seen = new Set<string>();
    const lines = new LineIndex(spec.text);
    const add = (cls: ExtractionClass, item: string, index: number, target: Target, inCode: boolean): void => {
      if (seen.has(`${cls}\0${item}`) || extracted.has(item.replace(/^.*\//, ''))) return;
      seen.add(`${cls}\0${item}`);
      out.push({
        class: cls,
        spec: spec.path,
        line: lines.position(index).line,
        item,
        documented: documented(target),
        inCode,
      });
    };
    const prose = spec.text.replace(CODE, (m) => ' '.repeat(m.length));
    // Logs are checked in every spec; the other kinds only where the spec binds to the runbook.
    for (const m of spec.text.matchAll(DATA_FILE)) {
      const name = m[1]!;
      add(
        'bare-data-file',
        name,
        m.index!,
        { kind: 'log', canonical: name },
        (code?.words.has(name) ?? false) && !code!.tracked.has(name),
      );
    }
    if (!ob.bound) continue;
    for (const m of prose.matchAll(STEM_WORD)) {
      if (scriptStems.has(m[1]!)) add('script-stem', m[1]!, m.index!, { kind: 'script', canonical: m[1]! }, true);
    }
    for (const m of prose.matchAll(API_PATH))
      add('bare-api-path', m[1]!, m.index!, { kind: 'endpoint', canonical: m[1]! }, code?.words.has(m[1]!) ?? false);
    const envNames = new Set(ob.items.filter((i) => i.ref.kind === 'env').map((i) => i.ref.raw));
    for (const m of spec.text.matchAll(ENV_NAME)) {
      if (!envNames.has(m[1]!))
        add('env-without-cue', m[1]!, m.index!, { kind: 'env', canonical: m[1]! }, code?.envUses.has(m[1]!) ?? false);
    }
  }
  return out;
}
