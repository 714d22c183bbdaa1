import { append } from '../base/append.js';
import { ENV_KEY } from '../parse/frontmatter.js';
import type { Candidate, Extractor } from './candidate.js';
import type { SpanView } from './words.js';

const NAME = /^[A-Z][A-Z0-9_]*$/;
/** Variables of the shell and the OS, not of the project. */
const SYSTEM = new Set([
  'PATH',
  'HOME',
  'PWD',
  'OLDPWD',
  'USER',
  'SHELL',
  'TERM',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'HOSTNAME',
  'IFS',
  'PS1',
  'EDITOR',
  'PAGER',
  'DISPLAY',
  'UID',
  'RANDOM',
  'LINENO',
  'SECONDS',
  'PIPESTATUS',
  'BASH_SOURCE',
  'BASHPID',
  'OPTARG',
  'OPTIND',
  'REPLY',
  'FUNCNAME',
]);
const ENV_CUE =
  /\b(?:env|envs|environment|env\s*vars?|environment\s+variables?|variables?|\.env(?:\.\w+)?|exported?|getenv)\b/i;
const SETTER_BEFORE = /(?:\b(?:set|setting|unset|export|exporting)\s+`?)$/i;
/** "configured via `X`": the name is how the behaviour is set. */
const VIA_BEFORE = /\bvia\s+`?$/i;
const CONDITION_BEFORE =
  /(?:\b(?:when|if|with|unless|set|setting|export|enable|enabling|disable|disabling|via|using)\s+`?)$/i;
const CODE_ACCESS =
  /\b(?:os\.environ(?:\.get)?\s*[[(]\s*|os\.getenv\s*\(\s*|getenv\s*\(\s*|ENV\s*\[\s*|env::var\s*\(\s*)["']([A-Z][A-Z0-9_]*)["']|\bprocess\.env\.([A-Z][A-Z0-9_]*)|\bprocess\.env\[\s*["']([A-Z][A-Z0-9_]*)["']/g;
const SHELL_REF = /\$\{?([A-Z][A-Z0-9_]*)/g;
const PROSE_ASSIGN = /(?<![\w$])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=(?=\S)/g;
const PROSE_NAME = /(?<![\w$.\/-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w\/(-])/g;

const LINE_OPENER = /^(?:[-*+] |\*\*|__|\||>|#|\d{1,3}[.)] )/;
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|resp)|\b[A-Za-z])$/i;

/**
 * Is there a sentence boundary at `i`: ". " not after an abbreviation, a blank line, or a line
 * that opens with markup of its own (a list item, a bold label such as `**C-43**`, a table row,
 * a quote, a heading)?
 */
function boundaryAt(text: string, i: number): number {
  const c = text[i];
  if (c === '\n' && (text[i + 1] === '\n' || LINE_OPENER.test(text.slice(i + 1, i + 8)))) return 1;
  if (
    c === '.' &&
    (text[i + 1] === ' ' || text[i + 1] === '\n') &&
    !ABBREVIATION.test(text.slice(Math.max(0, i - 8), i))
  )
    return 1;
  return 0;
}

/** The sentence around `index` in `text`, at most 300 characters either side. */
export function sentenceAround(text: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < 300 && !boundaryAt(text, start - 1)) start--;
  let end = index;
  while (end < text.length && end - index < 300 && !boundaryAt(text, end)) end++;
  return text.slice(start, end);
}

function push(out: Candidate[], name: string, index: number, raw = name): void {
  if (!SYSTEM.has(name)) out.push({ kind: 'env', raw, canonical: name, index });
}

/** `${NAME}`, `${NAME:-default}`: interpolation from the environment, in a compose file, a Dockerfile or a shell. */
const INTERPOLATION = /\$\{([A-Z][A-Z0-9_]*)(?:[:?=+-][^}\n]{0,200})?\}/g;

/** Configuration languages, where `${X}` is read from the environment (in JS or Kotlin it is a program variable). */
const CONFIG_LANGS = new Set([
  'yaml',
  'yml',
  'dockerfile',
  'docker',
  'toml',
  'ini',
  'conf',
  'cfg',
  'properties',
  'hcl',
  'terraform',
  'tf',
  'nginx',
  'compose',
]);

/** `.env` files: every `NAME=value` line sets a variable. */
const DOTENV_LANGS = new Set(['env', 'dotenv', '.env']);
const DOTENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]*)=/gm;

function fromCode(view: SpanView, out: Candidate[]): void {
  const text = view.span.text;
  if (DOTENV_LANGS.has((view.span.lang ?? '').toLowerCase())) {
    DOTENV_LINE.lastIndex = 0;
    for (let m = DOTENV_LINE.exec(text); m; m = DOTENV_LINE.exec(text))
      if (m[1]!.length > 1) push(out, m[1]!, m.index + m[0].indexOf(m[1]!));
  }
  if (view.commands.length === 0 && CONFIG_LANGS.has((view.span.lang ?? '').toLowerCase())) {
    // Not a shell block (those are read word by word below): only unmistakable interpolation counts.
    INTERPOLATION.lastIndex = 0;
    for (let m = INTERPOLATION.exec(text); m; m = INTERPOLATION.exec(text))
      if (m[1]!.length > 1) push(out, m[1]!, m.index + 2);
  }
  CODE_ACCESS.lastIndex = 0;
  for (let m = CODE_ACCESS.exec(text); m; m = CODE_ACCESS.exec(text)) {
    const name = (m[1] ?? m[2] ?? m[3])!;
    push(out, name, m.index + m[0].indexOf(name));
  }
  for (const command of view.commands) {
    let leading = true;
    command.words.forEach((w, i) => {
      const eq = w.text.indexOf('=');
      const name = eq > 0 ? w.text.slice(0, eq) : w.text;
      // `export X`, and `-e X=1` / `--env X=1` as docker, kubectl and the like take them.
      const previous = i > 0 ? command.words[i - 1]!.text : '';
      const afterExport = ['export', 'set', 'setenv', 'unset'].includes(previous);
      // `-e X=1` / `--env X=1` (docker, kubectl and the like); `grep -e PATTERN` has no `=`.
      const envOption = (previous === '-e' || previous === '--env') && eq > 0;
      if ((leading || afterExport || envOption) && eq > 0 && NAME.test(name) && name.length > 1)
        push(out, name, w.index);
      else if (afterExport && NAME.test(name) && name.length > 1) push(out, name, w.index);
      if (!(eq > 0 && NAME.test(name)) && !['export', 'set', 'setenv', 'env', 'sudo'].includes(w.text)) leading = false;
    });
    for (const w of command.words) {
      SHELL_REF.lastIndex = 0;
      for (let m = SHELL_REF.exec(w.text); m; m = SHELL_REF.exec(w.text)) {
        if (m[1]!.length > 1) push(out, m[1]!, text.indexOf(m[0], w.index) + m[0].indexOf(m[1]!), m[1]);
      }
    }
  }
}

/**
 * Does the sentence around `index` talk about the environment? Matches come in increasing
 * order, so the last sentence is reused while the index stays inside it: linear, not
 * 600 characters per match.
 */
function cueChecker(hostText: string): (index: number) => boolean {
  let start = -1;
  let end = -1;
  let answer = false;
  return (index) => {
    if (index < start || index >= end) {
      const sentence = sentenceAround(hostText, index);
      start = hostText.lastIndexOf(sentence, index);
      end = start + sentence.length;
      if (start === -1) {
        start = index;
        end = index + 1;
      }
      answer = ENV_CUE.test(sentence);
    }
    return answer;
  };
}

/** Prose and inline code: a name counts when the sentence treats it as configuration. */
function fromProse(view: SpanView, out: Candidate[], host: { text: string; index: number }): void {
  const text = view.span.text;
  const seen = new Set<number>();
  const cued = cueChecker(host.text);
  PROSE_ASSIGN.lastIndex = 0;
  for (let m = PROSE_ASSIGN.exec(text); m; m = PROSE_ASSIGN.exec(text)) {
    const before = host.text.slice(Math.max(0, host.index + m.index - 40), host.index + m.index);
    // An inline code span that is an assignment (`QUEUE_TTL=3600`) in a sentence tells the reader
    // to set a variable, in any language; standing alone (a table's Default cell) it shows a value.
    const assignment =
      view.span.context === 'code' &&
      m.index === 0 &&
      !/\s/.test(text.trim()) &&
      /[\p{L}]{2}/u.test(host.text.replace(text, ''));
    if (assignment || CONDITION_BEFORE.test(before) || cued(host.index + m.index)) {
      push(out, m[1]!, m.index);
      seen.add(m.index);
    }
  }
  PROSE_NAME.lastIndex = 0;
  for (let m = PROSE_NAME.exec(text); m; m = PROSE_NAME.exec(text)) {
    if (seen.has(m.index) || text[m.index + m[1]!.length] === '=') continue;
    if (headCue(host.text, host.index + m.index, cued) || listedAfterCue(host.text, host.index + m.index, cued))
      push(out, m[1]!, m.index);
  }
}

/** `X, Y`, `X / Y`, `X and Y`: the name before this one in the list, and where it starts. */
const LISTED_AFTER = /(?<![\w$])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[`*]*\s*(?:,|\/|\band\b|\bor\b)\s*[`*]*$/;

/**
 * "via `PIPELINE_META_BACKLOG`, `PIPELINE_META_RATIO`": a name listed right after one the
 * sentence introduces as configuration is configuration too. Walks back a bounded number of
 * list items, each a short slice: linear in the list.
 */
function listedAfterCue(hostText: string, index: number, cued: (index: number) => boolean): boolean {
  let at = index;
  for (let step = 0; step < 16; step++) {
    const slice = hostText.slice(Math.max(0, at - 80), at);
    const m = LISTED_AFTER.exec(slice);
    if (!m) return false;
    at = at - slice.length + m.index;
    // The head of the list is held to the same test as a name on its own.
    if (headCue(hostText, at, cued)) return true;
  }
  return false;
}

/** A name on its own counts after "set", "export" or "via", or in a sentence about the environment. */
function headCue(hostText: string, index: number, cued: (index: number) => boolean): boolean {
  const before = hostText.slice(Math.max(0, index - 40), index);
  return SETTER_BEFORE.test(before) || VIA_BEFORE.test(before) || cued(index);
}

/** The runbook: everything a spec could call an env var, plus every UPPER_SNAKE word. */
const harvestEnv: Extractor = (view, ctx) => {
  const out = strictEnv(view, { ...ctx, mode: 'strict' });
  const re = /(?<![\w$])\$?\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)/g;
  for (let m = re.exec(view.span.text); m; m = re.exec(view.span.text)) push(out, m[1]!, m.index + m[0].indexOf(m[1]!));
  return out;
};

export const extractEnv: Extractor = (view, ctx) =>
  ctx.mode === 'harvest' ? harvestEnv(view, ctx) : strictEnv(view, ctx);

const strictEnv: Extractor = (view) => {
  const out: Candidate[] = [];
  const { span } = view;
  if (span.context === 'frontmatter') {
    const envKey = (span.keyPath ?? []).some((k) => ENV_KEY.test(k));
    const name = span.text.trim().split('=')[0]!;
    if (envKey && NAME.test(name) && name.length > 1) push(out, name, span.text.indexOf(name));
    return out;
  }
  if (span.context === 'code' && span.lang !== undefined) {
    fromCode(view, out);
    return out;
  }
  if (span.context === 'code') {
    // Inline code: `LOG_LEVEL=debug ./run.sh` is code. A lone `LOG_LEVEL` is a name in a
    // sentence, and needs that sentence to be about configuration; `MIN_TASKS=10` alone sets it.
    const onlyAssignments = view.commands.every((c) => c.words.every((w) => /^[A-Za-z_]\w*=/.test(w.text)));
    if (onlyAssignments) {
      fromProse(view, out, span.host ?? { text: span.text, index: 0 });
      return out;
    }
    fromCode(view, out);
    const found = new Set(out.map((c) => c.index));
    const extra: Candidate[] = [];
    fromProse(view, extra, span.host ?? { text: span.text, index: 0 });
    append(
      out,
      extra.filter((c) => !found.has(c.index)),
    );
    return out;
  }
  if (span.context === 'prose') fromProse(view, out, span.host ?? { text: span.text, index: 0 });
  return out;
};
