import { pushTo } from '../append.js';
import { trimEnd } from '../trim.js';
import { splitEndpoint } from '../canonical/endpoint.js';
import { basename, canonicalPath, extension, matchesWithPlaceholders, PLACEHOLDER, sameCanonical, segments, stem } from '../canonical/path.js';
import { isLogPath } from '../extract/logs.js';
import { isScriptPath } from '../extract/scripts.js';
import { viewSpan } from '../extract/words.js';
import type { ParsedDocument } from '../parse/document.js';
import type { Heading } from '../parse/markdown.js';
import { directoryOf } from '../parse/document.js';
import type { Kind, Position, Reference } from '../types.js';
import { similarity, similarityBound } from './similarity.js';

/** Something a runbook says, in canonical form, with where it says it (which runbook of the set, and where in it). */
export interface RunbookMention extends Position {
  raw: string;
  canonical: string;
  file: string;
}

/** The runbook heading that holds most items of a kind: where to add one. */
export interface HomeSection {
  heading: string;
  file: string;
  line: number;
}

interface PathMention extends RunbookMention {
  segs: string[];
  base: string;
  stem: string;
  ext: string;
}

/** Similarity above which a runbook item is offered as "did you mean": a likely typo or rename. */
const LIKELY_SAME = 0.75;

const PATHISH = /^[\w.\-/{}<>*$~@+%]+$/;

/**
 * Everything the runbooks mention, indexed for the questions the comparison asks:
 * "does any runbook name this item in any form?" and "what does one name that comes closest?".
 * A set of runbooks is one runbook spread over several files: an item in any of them is documented.
 */
export class RunbookIndex {
  private readonly paths: PathMention[] = [];
  private readonly byBase = new Map<string, PathMention[]>();
  private readonly byStem = new Map<string, PathMention[]>();
  private readonly wildBases: PathMention[] = [];
  private readonly tasks = new Map<string, RunbookMention>();
  private readonly endpoints: RunbookMention[] = [];
  private readonly env = new Map<string, RunbookMention>();
  private readonly homes = new Map<Kind, HomeSection | undefined>();
  readonly docs: readonly ParsedDocument[];

  constructor(docs: ParsedDocument | readonly ParsedDocument[]) {
    this.docs = Array.isArray(docs) ? docs : [docs as ParsedDocument];
    for (const doc of this.docs) this.addDocument(doc);
  }

  private readonly delegatedEnv = new Map<string, RunbookMention>();

  /**
   * A runbook that points at a file listing variables (`see .env.example for the rest`)
   * documents them through it: each of `names` is credited to the runbook's mention of `file`.
   */
  delegateEnv(file: string, names: readonly string[]): void {
    const mention = (this.byBase.get(basename(file)) ?? []).find((m) => tailCovers(m.segs, segments(file)) || m.segs.length === 1);
    if (!mention) return;
    for (const name of names) if (!this.delegatedEnv.has(name)) this.delegatedEnv.set(name, mention);
  }

  /** Is this item documented through a file the runbook points at (whatever else documents it)? */
  byReference(ref: Pick<Reference, 'kind' | 'canonical'>): boolean {
    return ref.kind === 'env' && this.delegatedEnv.has(ref.canonical);
  }

  /** The runbooks' paths, in the order given. */
  get files(): string[] {
    return this.docs.map((d) => d.path);
  }

  private addDocument(doc: ParsedDocument): void {
    const docDir = directoryOf(doc.path);
    const file = doc.path;
    for (const span of doc.spans) {
      const view = viewSpan(span, docDir);
      for (const word of view.words) {
        const text = trimEnd(word.text, '.:');
        if (!PATHISH.test(text) || !/[./_]/.test(text) || text.includes('://') || text.length > 512) continue;
        const canonical = canonicalPath(text, word.cwd);
        const at = doc.text.indexOf(text, span.start);
        this.addPath({ raw: text, canonical, file, ...doc.lines.position(at === -1 || at > span.end ? span.start : at) });
      }
    }
    for (const ref of doc.references) this.addReference(ref, file);
  }

  private addPath(m: Omit<PathMention, 'segs' | 'base' | 'stem' | 'ext'>): void {
    const mention: PathMention = { ...m, segs: segments(m.canonical), base: basename(m.canonical), stem: stem(m.canonical), ext: extension(m.canonical) };
    if (mention.base === '') return;
    this.paths.push(mention);
    pushTo(this.byBase, mention.base, mention);
    pushTo(this.byStem, mention.stem, mention);
    if (mention.base.includes(PLACEHOLDER) && isSpecific(mention.base)) this.wildBases.push(mention);
  }

  private addReference(ref: Reference & Position, file: string): void {
    const mention = { raw: ref.raw, canonical: ref.canonical, file, line: ref.line, column: ref.column };
    if (ref.kind === 'script' && !ref.canonical.includes('/') && / /.test(ref.canonical)) {
      if (!this.tasks.has(ref.canonical)) this.tasks.set(ref.canonical, mention);
    } else if (ref.kind === 'endpoint') this.endpoints.push(mention);
    else if (ref.kind === 'env' && !this.env.has(ref.canonical)) this.env.set(ref.canonical, mention);
    else if (ref.kind === 'script' || ref.kind === 'log') this.addPath(mention);
  }

  /**
   * The answers depend only on an item's kind and canonical form,
   * and the same items recur across thousands of specs: each is worked out once.
   */
  private readonly documentsMemo = new Map<string, RunbookMention | undefined>();
  private readonly nearestMemo = new Map<string, RunbookMention | undefined>();

  /** The runbook mention that documents `ref`, if any. */
  documents(ref: Reference): RunbookMention | undefined {
    return memoised(this.documentsMemo, ref, () => this.documentsUncached(ref));
  }

  nearest(ref: Reference): RunbookMention | undefined {
    return memoised(this.nearestMemo, ref, () => this.nearestUncached(ref));
  }

  private documentsUncached(ref: Reference): RunbookMention | undefined {
    switch (ref.kind) {
      case 'env':
        return this.env.get(ref.canonical) ?? this.delegatedEnv.get(ref.canonical);
      case 'endpoint':
        return this.endpoints.find((m) => endpointsMatch(ref.canonical, m.canonical) || (isGlob(ref.raw) && endpointsMatch(m.canonical, ref.canonical)));
      default:
        if (!ref.canonical.includes('/') && ref.canonical.includes(' ')) return this.tasks.get(ref.canonical);
        return this.documentsPath(ref);
    }
  }

  private documentsPath(ref: Reference): RunbookMention | undefined {
    const found = this.pathCredit(ref);
    if (found.mention) return found.mention;
    if (isGlob(ref.raw) && isSpecific(basename(ref.canonical))) {
      // A spec's glob names files: one the runbook documents answers for it.
      const segs = segments(ref.canonical);
      const named = this.paths.find((m) => m.segs.length >= segs.length && !m.base.includes(PLACEHOLDER) && tailCovers(segs, m.segs));
      if (named) return named;
    }
    if (ref.kind === 'script') return this.documentsByStem(ref.canonical);
    return undefined;
  }

  /**
   * A runbook path that documents `ref`: the same path, a longer one that ends with it, a
   * shorter tail of it, or a template whose placeholders stand for parts of it. A shorter
   * mention that a fuller runbook path shows to mean another file is ambiguous: no credit.
   */
  private pathCredit(ref: Reference): { mention?: PathMention; ambiguous?: { short: PathMention; other: PathMention } } {
    const segs = segments(ref.canonical);
    const base = basename(ref.canonical);
    const candidates = [...(this.byBase.get(base) ?? []), ...this.wildBases.filter((m) => m.base !== base && covers(m.base, base))];
    // Full or longer runbook paths that end with the spec's path: the spec was vaguer, or equal.
    const fuller = candidates.find((m) => m.segs.length >= segs.length && tailCovers(m.segs, segs));
    if (fuller) return { mention: fuller };
    const shorter = candidates.find((m) => m.segs.length < segs.length && tailCovers(m.segs, segs));
    if (!shorter) return {};
    const other = candidates.find((m) => m.segs.length > 1 && !suffixMatches(segs, m.segs) && !suffixMatches(m.segs, segs));
    return other ? { ambiguous: { short: shorter, other } } : { mention: shorter };
  }

  /** A short runbook mention that could be this item or another file the runbook names: why no credit was given. */
  ambiguity(ref: Reference): { short: RunbookMention; other: RunbookMention } | undefined {
    if (ref.kind !== 'log' && ref.kind !== 'script') return undefined;
    const key = referenceKey(ref);
    if (!this.ambiguityMemo.has(key)) this.ambiguityMemo.set(key, this.pathCredit(ref).ambiguous);
    return this.ambiguityMemo.get(key);
  }

  private readonly ambiguityMemo = new Map<string, { short: PathMention; other: PathMention } | undefined>();

  /** `start_with_telegram` ~ `start_with_telegram.sh`; `scripts/x.py` ~ a bare `x` in prose. */
  private documentsByStem(canonical: string): RunbookMention | undefined {
    const ext = extension(canonical);
    const name = stem(canonical);
    if (ext === '') return (this.byStem.get(name) ?? []).find((m) => m.segs.length >= 1);
    return (this.byStem.get(name) ?? []).find((m) => m.ext === '' && m.segs.length === 1 && /[_-]/.test(name));
  }

  /** The runbook's closest item of the same kind, when it is close enough to be a likely typo or rename. */
  private nearestUncached(ref: Reference): RunbookMention | undefined {
    let best: RunbookMention | undefined;
    let bestScore = 0;
    const consider = (m: RunbookMention, score: number): void => {
      if (score > bestScore) {
        best = m;
        bestScore = score;
      }
    };
    // Pairs whose lengths alone rule them out are skipped: the answer stays exact.
    const similar = (m: RunbookMention, a: string, b: string): void => {
      const bound = similarityBound(a, b);
      if (bound >= LIKELY_SAME && bound > bestScore) consider(m, similarity(a, b));
    };
    if (ref.kind === 'env') {
      for (const m of this.env.values()) similar(m, ref.canonical, m.canonical);
    } else if (ref.kind === 'endpoint') {
      const { path } = splitEndpoint(ref.canonical);
      // The same path with another method is another operation, not a typo: otherMethods says so.
      for (const m of this.endpoints) if (!endpointsMatch(path, splitEndpoint(m.canonical).path)) similar(m, path, splitEndpoint(m.canonical).path);
    } else if (!ref.canonical.includes('/') && ref.canonical.includes(' ')) {
      for (const m of this.tasks.values()) similar(m, ref.canonical, m.canonical);
    } else {
      const base = basename(ref.canonical);
      const sameKind = ref.kind === 'log' ? isLogPath : (p: string) => isScriptPath(p, true);
      for (const m of this.paths) {
        if (!sameKind(m.canonical) || m.canonical === ref.canonical) continue;
        const bound = 0.7 * similarityBound(base, m.base) + 0.3 * similarityBound(ref.canonical, m.canonical);
        if (bound < LIKELY_SAME || bound <= bestScore) continue;
        consider(m, 0.7 * similarity(base, m.base) + 0.3 * similarity(ref.canonical, m.canonical));
      }
    }
    return bestScore >= LIKELY_SAME ? best : undefined;
  }

  /** Runbook endpoints on this endpoint's path with another method: the runbook documents only those. */
  otherMethods(ref: Pick<Reference, 'kind' | 'canonical'>): RunbookMention[] {
    if (ref.kind !== 'endpoint') return [];
    const { method, path } = splitEndpoint(ref.canonical);
    if (!method) return [];
    return this.endpoints.filter((m) => {
      const theirs = splitEndpoint(m.canonical);
      return theirs.method !== undefined && theirs.method !== method && endpointsMatch(path, theirs.path);
    });
  }

  /**
   * Where the runbooks keep items of this kind: the heading above most mentions of it
   * (the "Log Locations" table for logs, "Key Endpoints" for endpoints), if there is one.
   */
  homeSection(kind: Kind): HomeSection | undefined {
    if (this.homes.has(kind)) return this.homes.get(kind);
    const counts = new Map<string, { home: HomeSection; n: number }>();
    let total = 0;
    for (const m of this.mentionsOf(kind)) {
      const doc = this.docs.find((d) => d.path === m.file);
      const heading = doc && headingAbove(doc, m.line);
      if (!doc || !heading) continue;
      const key = `${m.file}\0${heading.offset}`;
      const entry = counts.get(key) ?? { home: { heading: heading.text, file: m.file, line: doc.lines.position(heading.offset).line }, n: 0 };
      entry.n++;
      total++;
      counts.set(key, entry);
    }
    let best: { home: HomeSection; n: number } | undefined;
    for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
    // Items scattered over the whole runbook have no home worth pointing at.
    const home = best && best.n >= 3 && best.n >= 0.4 * total ? best.home : undefined;
    this.homes.set(kind, home);
    return home;
  }

  /** The runbook of the set that names the most items of this kind: where a new one most likely belongs. */
  busiest(kind: Kind): string {
    const counts = new Map<string, number>();
    for (const m of this.mentionsOf(kind)) counts.set(m.file, (counts.get(m.file) ?? 0) + 1);
    let best = this.files[0] ?? '';
    for (const [file, n] of counts) if (n > (counts.get(best) ?? 0)) best = file;
    return best;
  }

  /** Mentions of one kind, for rules that look at the runbook's own items. */
  mentionsOf(kind: Kind): RunbookMention[] {
    if (kind === 'endpoint') return this.endpoints;
    if (kind === 'env') return [...this.env.values()];
    if (kind === 'log') return this.paths.filter((m) => isLogPath(m.canonical));
    return [...this.tasks.values(), ...this.paths.filter((m) => isScriptPath(m.canonical, true))];
  }
}

function headingAbove(doc: ParsedDocument, line: number): Heading | undefined {
  let found: Heading | undefined;
  for (const h of doc.headings) {
    if (doc.lines.position(h.offset).line <= line) found = h;
    else break;
  }
  return found;
}

/**
 * Does a runbook template name something in particular? `task_{id}.log` does; `{id}`, `*.log`
 * and `${VERSION}` do not: nothing is left of them but a placeholder and maybe an extension.
 */
export function isSpecific(name: string): boolean {
  const ext = extension(name);
  const stemPart = ext === '' ? name : name.slice(0, name.length - ext.length);
  return /[A-Za-z0-9]/.test(stemPart.split(PLACEHOLDER).join(''));
}

/**
 * Does the runbook's `form` stand for the spec's `item`? Equal, or a placeholder in the form
 * covers part of the item. Never the other way round: a literal runbook name does not
 * document a spec's template, and a form that names nothing in particular documents nothing.
 */
export function covers(form: string, item: string): boolean {
  if (form === item) return true;
  return form.includes(PLACEHOLDER) && form !== PLACEHOLDER && matchesWithPlaceholders(form, item);
}

/** Do the runbook's segments `form` cover the tail of the spec's segments `item` (or the other way, the runbook being fuller)? */
function tailCovers(form: string[], item: string[]): boolean {
  const n = Math.min(form.length, item.length);
  if (n > 0 && !covers(form[form.length - 1]!, item[item.length - 1]!)) return false;
  // A directory that is only a placeholder (`$LOG_DIR/worker.log`) stands for one directory.
  for (let i = 2; i <= n; i++) if (form[form.length - i] !== PLACEHOLDER && !covers(form[form.length - i]!, item[item.length - i]!)) return false;
  return true;
}

/** Does `longer` end with the segments of `tail`, placeholders matching either way? */
function suffixMatches(longer: string[], tail: string[]): boolean {
  if (tail.length > longer.length) return false;
  const offset = longer.length - tail.length;
  return tail.every((seg, i) => sameCanonical(seg, longer[offset + i]!));
}

/**
 * A runbook endpoint documents a spec's when the methods agree (or either has none) and each
 * runbook segment is the spec's or a placeholder for it, the runbook's path possibly longer in
 * front; one made of placeholders alone documents only the same template.
 */
function endpointsMatch(spec: string, runbook: string): boolean {
  const a = splitEndpoint(spec);
  const b = splitEndpoint(runbook);
  if (a.method && b.method && a.method !== b.method) return false;
  if (a.path === b.path) return true;
  const sa = segments(a.path);
  const sb = segments(b.path);
  if (sb.length > 0 && sb.every((seg) => seg === PLACEHOLDER)) return false;
  // A longer runbook path that ends with the spec's documents it: `/metrics` is the runbook's
  // `/api/v1/metrics` written short (the spec's tail must say something literal).
  if (sb.length < sa.length || (sb.length > sa.length && !sa.some((seg) => seg !== PLACEHOLDER))) return false;
  const offset = sb.length - sa.length;
  return sa.every((seg, i) => seg === sb[offset + i] || sb[offset + i] === PLACEHOLDER || covers(sb[offset + i]!, seg));
}

/**
 * A glob (`embark-*.log`, `/v1/*`) or a shell variable (`$endpoint`) in a spec stands for
 * whatever it matches, unlike a named template (`{id}`, `:id`, `$TASK_ID`) that is an item itself.
 */
export function isGlob(raw: string): boolean {
  return raw.includes('*') || /\$\{?[a-z]/.test(raw);
}

/** What the runbook's answer for a reference depends on: its kind, its canonical form, and whether it is a glob. */
export function referenceKey(ref: Pick<Reference, 'kind' | 'canonical' | 'raw'>): string {
  return `${ref.kind}\0${ref.canonical}\0${isGlob(ref.raw)}`;
}

function memoised(memo: Map<string, RunbookMention | undefined>, ref: Reference, answer: () => RunbookMention | undefined): RunbookMention | undefined {
  const key = referenceKey(ref);
  if (!memo.has(key)) memo.set(key, answer());
  return memo.get(key);
}
