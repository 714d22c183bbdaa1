import { append, pushTo } from '../base/append.js';
import { trimEnd } from '../base/trim.js';
import { splitEndpoint } from '../canonical/endpoint.js';
import {
  basename,
  canonicalPath,
  extension,
  matchesWithPlaceholders,
  PLACEHOLDER,
  sameCanonical,
  segments,
  stem,
} from '../canonical/path.js';
import { isLogPath } from '../extract/logs.js';
import { isScriptPath } from '../extract/scripts.js';
import { viewSpan } from '../extract/words.js';
import type { ParsedDocument } from '../parse/document.js';
import type { Heading } from '../parse/markdown.js';
import { directoryOf } from '../parse/document.js';
import type { Kind, Position, Reference } from '../types.js';
import { similarity, similarityBound } from './similarity.js';
import { AffixIndex, MAX_CANDIDATES } from '../base/affix-index.js';
import { NearSearch } from './near-search.js';

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
  /** Its place among the runbooks' path mentions: lookups answer with the first in this order. */
  order: number;
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
  /** Template base names (`task_{}.log`), by their literal ends. */
  private readonly wildBases = new AffixIndex<PathMention>();
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
    const mention = (this.byBase.get(basename(file)) ?? []).find(
      (m) => tailCovers(m.segs, segments(file)) || m.segs.length === 1,
    );
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
        this.addPath({
          raw: text,
          canonical,
          file,
          ...doc.lines.position(at === -1 || at > span.end ? span.start : at),
        });
      }
    }
    for (const ref of doc.references) this.addReference(ref, file);
  }

  private addPath(m: Omit<PathMention, 'order' | 'segs' | 'base' | 'stem' | 'ext'>): void {
    const mention: PathMention = {
      ...m,
      order: this.paths.length,
      segs: segments(m.canonical),
      base: basename(m.canonical),
      stem: stem(m.canonical),
      ext: extension(m.canonical),
    };
    if (mention.base === '') return;
    this.paths.push(mention);
    pushTo(this.byBase, mention.base, mention);
    pushTo(this.byStem, mention.stem, mention);
    if (mention.base.includes(PLACEHOLDER) && isSpecific(mention.base)) {
      const { head, tail } = templateEnds(mention.base);
      this.wildBases.add(head, tail, mention);
    }
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
      case 'endpoint': {
        const found = this.endpointsFor(splitEndpoint(ref.canonical).path).find((m) =>
          endpointsMatch(ref.canonical, m.canonical),
        );
        if (found || !isGlob(ref.raw)) return found;
        // A spec's glob (`/v1/*`) is documented by an endpoint it matches.
        return this.endpointsUnder(splitEndpoint(ref.canonical).path).find((m) =>
          endpointsMatch(m.canonical, ref.canonical),
        );
      }
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
      const named = this.literalBasesCoveredBy(basename(ref.canonical)).find(
        (m) => m.segs.length >= segs.length && tailCovers(segs, m.segs),
      );
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
  private pathCredit(ref: Reference): {
    mention?: PathMention;
    ambiguous?: { short: PathMention; other: PathMention };
  } {
    const segs = segments(ref.canonical);
    const base = basename(ref.canonical);
    const candidates = [
      ...(this.byBase.get(base) ?? []),
      ...this.wildBases.candidates(base).filter((m) => m.base !== base && covers(m.base, base)),
    ];
    // Full or longer runbook paths that end with the spec's path: the spec was vaguer, or equal.
    const fuller = candidates.find((m) => m.segs.length >= segs.length && tailCovers(m.segs, segs));
    if (fuller) return { mention: fuller };
    const shorter = candidates.find((m) => m.segs.length < segs.length && tailCovers(m.segs, segs));
    if (!shorter) return {};
    const other = candidates.find(
      (m) => m.segs.length > 1 && !suffixMatches(segs, m.segs) && !suffixMatches(m.segs, segs),
    );
    return other ? { ambiguous: { short: shorter, other } } : { mention: shorter };
  }

  private endpointIndex: EndpointIndex | undefined;

  /**
   * The runbook endpoints that could document a spec path, in runbook order. Paths are matched
   * from their ends, and a runbook path's placeholders match anything, so each is filed under
   * its last segment that is not a placeholder and how far from the end it stands.
   */
  private endpointsFor(path: string): RunbookMention[] {
    this.endpointIndex ??= indexEndpoints(this.endpoints);
    const { literal, templates, placeholdersOnly, trailing, order } = this.endpointIndex;
    const segs = segments(path);
    if (segs.length === 0) return literal.get('0\0') ?? [];
    const found: RunbookMention[] = [...(placeholdersOnly.get(path) ?? [])];
    segs.forEach((seg, i) => {
      const distance = segs.length - 1 - i;
      append(found, literal.get(`${distance}\0${seg}`) ?? []);
      append(found, templates.get(distance)?.candidates(seg) ?? []);
    });
    for (const [distance, list] of trailing) if (distance >= segs.length) append(found, list);
    return inRunbookOrder(found, order);
  }

  /**
   * The runbook endpoints a spec's glob could match: the glob's last literal segment must stand
   * at the same distance from the end in theirs, or theirs is too short to reach it.
   */
  private endpointsUnder(glob: string): RunbookMention[] {
    this.endpointIndex ??= indexEndpoints(this.endpoints);
    const { bySegment, byLength, placeholdersOnly, order } = this.endpointIndex;
    const segs = segments(glob);
    let distance = 0;
    while (distance < segs.length && segs[segs.length - 1 - distance]!.includes(PLACEHOLDER)) distance++;
    if (distance === segs.length) return placeholdersOnly.get(glob) ?? [];
    const found = [...(bySegment.get(`${distance}\0${segs[segs.length - 1 - distance]}`) ?? [])];
    for (let length = 0; length <= distance; length++)
      append(found, (byLength.get(length) ?? []).slice(0, MAX_CANDIDATES));
    return inRunbookOrder(found, order);
  }

  private literalBases: { forward: string[]; backward: string[] } | undefined;

  /**
   * Runbook path mentions with a literal base name that the spec's glob base (`embark-{}.log`) covers, in
   * runbook order.
   */
  private literalBasesCoveredBy(glob: string): PathMention[] {
    this.literalBases ??= {
      forward: [...this.byBase.keys()].filter((b) => !b.includes(PLACEHOLDER)).sort(),
      backward: [...this.byBase.keys()]
        .filter((b) => !b.includes(PLACEHOLDER))
        .map(reverse)
        .sort(),
    };
    const { head, tail } = templateEnds(glob);
    const names =
      head.length >= tail.length
        ? withPrefix(this.literalBases.forward, head)
        : withPrefix(this.literalBases.backward, reverse(tail)).map(reverse);
    const found: PathMention[] = [];
    for (const name of names) if (covers(glob, name)) append(found, this.byBase.get(name)!);
    return found.sort((a, b) => a.order - b.order);
  }

  private readonly pools = new Map<string, NearSearch<RunbookMention>>();

  /** The items a "did you mean" search weighs, one of each canonical form, by kind (`task` for make/npm tasks). */
  private near(pool: 'env' | 'endpoint' | 'task' | 'log' | 'script'): NearSearch<RunbookMention> {
    let search = this.pools.get(pool);
    if (search) return search;
    if (pool === 'env') search = new NearSearch([...this.env.values()], (m) => m.canonical);
    else if (pool === 'task') search = new NearSearch([...this.tasks.values()], (m) => m.canonical);
    else if (pool === 'endpoint')
      search = new NearSearch(
        firstOfEach(this.endpoints, (m) => splitEndpoint(m.canonical).path),
        (m) => splitEndpoint(m.canonical).path,
      );
    else {
      const sameKind = pool === 'log' ? isLogPath : (p: string) => isScriptPath(p, true);
      const paths = firstOfEach(
        this.paths.filter((m) => sameKind(m.canonical)),
        (m) => m.canonical,
      );
      search = new NearSearch<RunbookMention>(paths, (m) => (m as PathMention).base);
    }
    this.pools.set(pool, search);
    return search;
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
      for (const m of this.near('env').candidates(ref.canonical)) similar(m, ref.canonical, m.canonical);
    } else if (ref.kind === 'endpoint') {
      const { path } = splitEndpoint(ref.canonical);
      // The same path with another method is another operation, not a typo: otherMethods says so.
      for (const m of this.near('endpoint').candidates(path))
        if (!endpointsMatch(path, splitEndpoint(m.canonical).path)) similar(m, path, splitEndpoint(m.canonical).path);
    } else if (!ref.canonical.includes('/') && ref.canonical.includes(' ')) {
      for (const m of this.near('task').candidates(ref.canonical)) similar(m, ref.canonical, m.canonical);
    } else {
      const base = basename(ref.canonical);
      for (const m of this.near(ref.kind === 'log' ? 'log' : 'script').candidates(base) as PathMention[]) {
        if (m.canonical === ref.canonical) continue;
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
    return this.endpointsFor(path).filter((m) => {
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
      const entry = counts.get(key) ?? {
        home: { heading: heading.text, file: m.file, line: doc.lines.position(heading.offset).line },
        n: 0,
      };
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
    const known = this.busiestMemo.get(kind);
    if (known !== undefined) return known;
    const counts = new Map<string, number>();
    for (const m of this.mentionsOf(kind)) counts.set(m.file, (counts.get(m.file) ?? 0) + 1);
    let best = this.files[0] ?? '';
    for (const [file, n] of counts) if (n > (counts.get(best) ?? 0)) best = file;
    this.busiestMemo.set(kind, best);
    return best;
  }

  private readonly busiestMemo = new Map<Kind, string>();

  /** Mentions of one kind, for rules that look at the runbook's own items. */
  mentionsOf(kind: Kind): RunbookMention[] {
    const known = this.byKind.get(kind);
    if (known) return known;
    let found: RunbookMention[];
    if (kind === 'endpoint') found = this.endpoints;
    else if (kind === 'env') found = [...this.env.values()];
    else if (kind === 'log') found = this.paths.filter((m) => isLogPath(m.canonical));
    else found = [...this.tasks.values(), ...this.paths.filter((m) => isScriptPath(m.canonical, true))];
    this.byKind.set(kind, found);
    return found;
  }

  private readonly byKind = new Map<Kind, RunbookMention[]>();
}

interface EndpointIndex {
  /** By `distance\0segment`: the last segment that is not a placeholder, counted from the end. */
  literal: Map<string, RunbookMention[]>;
  /** The same for a template segment (`v{}`), by distance. */
  templates: Map<number, AffixIndex<RunbookMention>>;
  /** Paths of placeholders alone document only the same template. */
  placeholdersOnly: Map<string, RunbookMention[]>;
  /** By distance: the segments from there to the end are all placeholders, matching any spec's. */
  trailing: Map<number, RunbookMention[]>;
  /** By `distance\0segment`, every literal segment: where a spec's glob finds what it matches. */
  bySegment: Map<string, RunbookMention[]>;
  /** By number of segments. */
  byLength: Map<number, RunbookMention[]>;
  order: Map<RunbookMention, number>;
}

function indexEndpoints(endpoints: readonly RunbookMention[]): EndpointIndex {
  const index: EndpointIndex = {
    literal: new Map(),
    templates: new Map(),
    placeholdersOnly: new Map(),
    trailing: new Map(),
    bySegment: new Map(),
    byLength: new Map(),
    order: new Map(),
  };
  endpoints.forEach((m, i) => {
    index.order.set(m, i);
    const path = splitEndpoint(m.canonical).path;
    const segs = segments(path);
    pushTo(index.byLength, segs.length, m);
    segs.forEach((seg, k) => {
      if (!seg.includes(PLACEHOLDER)) pushTo(index.bySegment, `${segs.length - 1 - k}\0${seg}`, m);
    });
    let distance = 0;
    while (distance < segs.length && segs[segs.length - 1 - distance] === PLACEHOLDER) distance++;
    if (distance === segs.length && segs.length > 0) return pushTo(index.placeholdersOnly, path, m);
    if (distance > 0) pushTo(index.trailing, distance, m);
    const seg = segs[segs.length - 1 - distance] ?? '';
    if (!seg.includes(PLACEHOLDER)) return pushTo(index.literal, `${distance}\0${seg}`, m);
    const { head, tail } = templateEnds(seg);
    let templates = index.templates.get(distance);
    if (!templates) index.templates.set(distance, (templates = new AffixIndex()));
    templates.add(head, tail, m);
  });
  return index;
}

const headingLines = new WeakMap<ParsedDocument, number[]>();

/** The last heading at or above `line`, found by bisection over the headings' lines. */
function headingAbove(doc: ParsedDocument, line: number): Heading | undefined {
  let lines = headingLines.get(doc);
  if (!lines) headingLines.set(doc, (lines = doc.headings.map((h) => doc.lines.position(h.offset).line)));
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : doc.headings[lo - 1];
}

/** A template's literal head (before its first placeholder) and tail (after its last). */
function templateEnds(template: string): { head: string; tail: string } {
  const first = template.indexOf(PLACEHOLDER);
  if (first === -1) return { head: template, tail: template };
  return {
    head: template.slice(0, first),
    tail: template.slice(template.lastIndexOf(PLACEHOLDER) + PLACEHOLDER.length),
  };
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** The names of a sorted list that start with `prefix`, at most MAX_CANDIDATES of them. */
function withPrefix(sorted: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && out.length < MAX_CANDIDATES && sorted[i]!.startsWith(prefix); i++)
    out.push(sorted[i]!);
  return out;
}

/** Mentions once each, in the order the runbooks have them. */
function inRunbookOrder(found: RunbookMention[], order: ReadonlyMap<RunbookMention, number>): RunbookMention[] {
  return found.length <= 1 ? found : [...new Set(found)].sort((a, b) => order.get(a)! - order.get(b)!);
}

/** The first item for each key, in order. */
function firstOfEach<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

/**
 * Do the runbook's segments `form` cover the tail of the spec's segments `item` (or the other way, the
 * runbook being fuller)?
 */
function tailCovers(form: string[], item: string[]): boolean {
  const n = Math.min(form.length, item.length);
  if (n > 0 && !covers(form[form.length - 1]!, item[item.length - 1]!)) return false;
  // A directory that is only a placeholder (`$LOG_DIR/worker.log`) stands for one directory.
  for (let i = 2; i <= n; i++)
    if (form[form.length - i] !== PLACEHOLDER && !covers(form[form.length - i]!, item[item.length - i]!)) return false;
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

function memoised(
  memo: Map<string, RunbookMention | undefined>,
  ref: Reference,
  answer: () => RunbookMention | undefined,
): RunbookMention | undefined {
  const key = referenceKey(ref);
  if (!memo.has(key)) memo.set(key, answer());
  return memo.get(key);
}
