/*
 * "Does this runbook line mention the item in any form?" — answered on purpose without the
 * checker's own matching code: the harness deletes every such line and expects the checker to
 * report the item, so whatever else the matcher credits shows up as a miss, with the text
 * that still credits it. The forms are the item's full path, any tail of it, its bare name and
 * stem, an endpoint's path with or without method or host, and a runbook template whose
 * placeholders stand for parts of the item (`task_{id}.log` for `task_42.log`). Never the
 * other way round, and never a word that is nothing but a placeholder or glob: deleting those
 * too would hide exactly the false credit the harness is there to find.
 */

/** Runs of characters an item can be written with (paths, placeholders, env vars, flags). */
const TOKEN = /[A-Za-z0-9_.\-/{}<>*$:~@+%=[\]]+/g;

/** Placeholders in any style a document uses: `{id}`, `<id>`, `:id`, `[id]`, `[...slug]`, `$ID`, `${ID}`, `*`. */
const PLACEHOLDER = /\{[^{}/]*\}|<[^<>/]*>|\[[^[\]/]*\]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\*+/g;
const WILD = '\u0000';

function wild(text: string): string {
  return text.replace(PLACEHOLDER, WILD);
}

/**
 * Glob match where WILD in `pattern` stands for one or more characters of `text`. Both are
 * short (one path segment or name), so the plain backtracking walk stays cheap.
 */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === WILD) {
      starP = p++;
      starT = ++t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (starP !== -1) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === WILD) p++;
  return p === pattern.length;
}

/**
 * Does the runbook's `form` stand for the spec's `item`? Its placeholders cover any part of the
 * item (literal or placeholder); the item's placeholders are covered only by placeholders. A
 * form with no letter or digit outside its placeholders names nothing in particular.
 */
function covers(form: string, item: string): boolean {
  if (form === item) return true;
  return /[A-Za-z0-9]/.test(form.split(WILD).join('')) && globMatch(form, item);
}

function stemOf(segment: string): string {
  const dot = segment.lastIndexOf('.');
  return dot <= 0 ? segment : segment.slice(0, dot);
}

/** Tokens longer than this are no name anyone writes: they are skipped, which keeps matching linear. */
const MAX_TOKEN = 512;

/** A line's tokens, with Markdown emphasis (`**x**`, `_x_`) and link brackets (`[x]`) around them taken off. */
function tokens(line: string): string[] {
  const out: string[] = [];
  for (const raw of line.match(TOKEN) ?? []) {
    if (raw.length > MAX_TOKEN) continue;
    let token = raw;
    if (token.startsWith('[') && token.endsWith(']')) token = token.slice(1, -1);
    // Emphasis is balanced: a trailing `*` with none in front is a glob (`QUEUE_*`), and stays.
    for (const mark of ['*', '_']) {
      let lead = 0;
      while (lead < token.length && token[lead] === mark) lead++;
      let trail = 0;
      while (trail < Math.min(lead, token.length - lead) && token[token.length - 1 - trail] === mark) trail++;
      if (trail > 0) token = token.slice(trail, token.length - trail);
    }
    if (token !== '') out.push(token);
  }
  return out;
}

/**
 * A file (log or script) named by any of its forms: its full path, a tail of it, a longer path
 * it is the tail of, its bare name, or its stem alone (`run_autonomous` for `run_autonomous.sh`).
 */
function fileMention(canonical: string, byStem: boolean): (line: string) => boolean {
  const item = fileSegments(canonical);
  return (line) => someTokenPart(line, (part) => namesFile(fileSegments(part), item, byStem));
}

/** A path's segments, `.` and empty ones left out, placeholders as wildcards. */
function fileSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map(wild);
}

/** Does some token of the line, trailing dots off, or a side of an `=` in it, pass `test`? */
function someTokenPart(line: string, test: (part: string) => boolean): boolean {
  return tokens(line).some((token) => trimDots(token).split('=').some(test));
}

function hasExtension(segment: string): boolean {
  return stemOf(segment) !== segment;
}

function namesFile(form: string[], item: string[], byStem = false): boolean {
  const name = form[form.length - 1];
  const base = item[item.length - 1];
  // `*.log`, `{id}.json`: a kind of file, not a name.
  if (name === undefined || base === undefined || !/[A-Za-z0-9]/.test(stemOf(name).split(WILD).join(''))) return false;
  // A stem alone names a script (`run_autonomous` for `run_autonomous.sh`), and only one that reads as an identifier.
  const stemmed = byStem && /[_-]/.test(stemOf(base));
  const sameName =
    covers(name, base) ||
    (stemmed && !hasExtension(name) && covers(name, stemOf(base))) ||
    (!hasExtension(base) && covers(stemOf(name), base));
  if (!sameName) return false;
  // The directories both spell out must agree; `..` or `~` ends what can be compared.
  for (let i = 2; i <= Math.min(form.length, item.length); i++) {
    const dir = form[form.length - i]!;
    if (dir === '..' || dir.startsWith('~')) break;
    if (!covers(dir, item[item.length - i]!)) return false;
  }
  return true;
}

function trimDots(text: string): string {
  let end = text.length;
  while (end > 0 && ':.,'.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** `make build`, `npm run dev`: the target's name right after its command. */
function taskMention(tool: string, name: string): (line: string) => boolean {
  const want = wild(name);
  const heads = tool === 'make' ? ['make', 'gmake'] : ['npm', 'pnpm', 'yarn', 'bun'];
  return (line) => {
    const words = tokens(line);
    return words.some((token, i) => {
      if (!covers(wild(trimDots(token)), want)) return false;
      const before = words.slice(Math.max(0, i - 3), i);
      return before.some((w) => heads.includes(w));
    });
  };
}

/** An endpoint's path, with or without method, host or query, or a longer one ending in it; placeholders either way. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function endpointMention(canonical: string): (line: string) => boolean {
  const space = canonical.indexOf(' ');
  const method = space === -1 ? undefined : canonical.slice(0, space);
  const path = canonical.slice(canonical.indexOf('/'));
  const want = pathSegments(path);
  return (line) =>
    tokens(line).some((token, i, all) => {
      if (!token.includes('/')) return false;
      // With methods on both sides they must agree; a path without one stands for any method.
      const written = METHODS.has(all[i - 1] ?? '')
        ? all[i - 1]
        : all[i - 2] === '-X' || all[i - 2] === '--request'
          ? all[i - 1]
          : undefined;
      if (method && written && METHODS.has(written) && written !== method) return false;
      const segs = pathSegments(token.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
      if (segs.length < want.length || !segs.some((s) => s !== WILD)) return false;
      // A longer path ending in the item's names it too (`/api/v1/metrics` for `/metrics`).
      if (segs.length > want.length && !want.some((s) => s !== WILD)) return false;
      const offset = segs.length - want.length;
      return want.every((w, i) => segs[offset + i] === WILD || covers(segs[offset + i]!, w));
    });
}

function pathSegments(path: string): string[] {
  let clean = path;
  for (const c of '?#') {
    const at = clean.indexOf(c);
    if (at !== -1) clean = clean.slice(0, at);
  }
  const start = clean.indexOf('/');
  return clean
    .slice(start === -1 ? 0 : start)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^:[A-Za-z_]/.test(s) ? WILD : wild(trimDots(s))));
}

/** An env var by name, or by a pattern that covers it (`PIPELINE_AUTO_*`). */
function envMention(name: string): (line: string) => boolean {
  return (line) =>
    tokens(line).some((token) =>
      token.split(/[^A-Za-z0-9_*]+/).some((piece) => piece !== '' && covers(piece.replace(/\*+/g, WILD), name)),
    );
}

/** A flag as its own token. */
function flagMention(flag: string): (line: string) => boolean {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const re = new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`);
  return (line) => re.test(line);
}

const STOP = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'for', 'to', 'in', 'on', 'section', 'sections']);

function titleWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !STOP.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/** A section title: any line holding every word of one of the alternatives. */
function sectionMention(anyOf: readonly string[]): (line: string) => boolean {
  const wanted = anyOf.map(titleWords).filter((w) => w.length > 0);
  return (line) => {
    // Only what can satisfy a section: a heading or a bold lead-in.
    if (!/^\s{0,3}#{1,6}\s|^\s*(?:[-*+]\s+|\d+[.)]\s+)?\*\*/.test(line)) return false;
    const have = new Set(titleWords(line));
    return wanted.some((words) => words.every((w) => have.has(w)));
  };
}

export type Target =
  | { kind: 'log' | 'script' | 'endpoint' | 'env'; canonical: string; glob?: boolean }
  | { kind: 'flag'; flag: string }
  | { kind: 'section'; anyOf: readonly string[] };

/** The predicate for lines that mention `target` in any form. */
export function mentionsOf(target: Target): (line: string) => boolean {
  switch (target.kind) {
    case 'env':
      return envMention(target.canonical);
    case 'endpoint':
      return target.glob
        ? either(endpointMention(target.canonical), globbedEndpoints(target.canonical))
        : endpointMention(target.canonical);
    case 'flag':
      return flagMention(target.flag);
    case 'section':
      return sectionMention(target.anyOf);
    default: {
      const task = /^(make|npm run) (.+)$/.exec(target.canonical);
      if (task) return taskMention(task[1]!, task[2]!);
      const files = fileMention(target.canonical, target.kind === 'script');
      return target.glob ? either(files, globbedFiles(target.canonical)) : files;
    }
  }
}

/** The text without the lines `mentions` picks, and the original number (1-based) of each kept line. */
export function deleteLines(
  text: string,
  mentions: (line: string) => boolean,
): { text: string; kept: number[]; deleted: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  const kept: number[] = [];
  lines.forEach((line, i) => {
    if (mentions(line)) return;
    out.push(line);
    kept.push(i + 1);
  });
  return { text: out.join('\n'), kept, deleted: lines.length - out.length };
}

function either(a: (line: string) => boolean, b: (line: string) => boolean): (line: string) => boolean {
  return (line) => a(line) || b(line);
}

/** A spec's glob (`embark-*.log`) is also named by every file it matches. */
function globbedFiles(canonical: string): (line: string) => boolean {
  const pattern = fileSegments(canonical);
  return (line) =>
    someTokenPart(line, (part) => {
      const segs = fileSegments(part);
      return segs.length > 0 && namesFile(pattern, segs);
    });
}

/** `/v1/*` is also named by every endpoint it matches. */
function globbedEndpoints(canonical: string): (line: string) => boolean {
  const pattern = pathSegments(canonical.slice(canonical.indexOf('/')));
  return (line) =>
    tokens(line).some((token) => {
      if (!token.includes('/')) return false;
      const segs = pathSegments(token.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
      return segs.length === pattern.length && pattern.every((p, i) => p === WILD || covers(p, segs[i]!));
    });
}
