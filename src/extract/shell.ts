import { joinPath } from '../canonical/path.js';
import { cwdHint } from '../parse/cwd-hint.js';

/**
 * A forgiving reader of the shell snippets found in documentation: it splits commands on
 * `&&`, `||`, `;`, `|`, `&` and newlines, honours quotes and line continuations, and
 * follows `cd` so that paths resolve against the directory a command really runs in.
 * It never runs anything.
 */
export interface Word {
  /** The word with quotes removed. */
  text: string;
  /** Index of the word's first character in the snippet. */
  index: number;
  /** Set when the word is the target of a redirection (`>> api/logs/x.log`). */
  redirect?: boolean;
}

export interface Command {
  words: Word[];
  /** Directory (relative to the repository root, '' for the root) the command runs in; null when unknowable. */
  cwd: string | null;
}

/** `cd api`, `cd ../web`: returns the new directory, or undefined when it cannot be known. */
export function changeDirectory(cwd: string, target: string | undefined): string | undefined {
  if (target === undefined || target === '~' || target === '-' || target.startsWith('$') || target.startsWith('~')) {
    return undefined;
  }
  if (target.startsWith('/')) return undefined;
  const next = joinPath(cwd, target);
  // Deeper than any real repository: a hostile `cd a && cd a && …` chain, not a place.
  return next.split('/').length > MAX_CWD_DEPTH ? undefined : next;
}

const MAX_CWD_DEPTH = 32;

const PLACEHOLDER_AT = /^<[A-Za-z_][\w.-]{0,63}>/;

export function parseCommands(snippet: string, initialCwd = ''): Command[] {
  const commands: Command[] = [];
  // Docs write one-liners (`cd api && ./run.sh`) that each start from the same place, and
  // sessions (`cd api` alone, then commands). A cd alone on its line moves every later line;
  // a cd that opens a one-liner moves only the rest of that line.
  let persisted: string | null = initialCwd;
  let cwd: string | null = initialCwd;
  let firstOnLine = true;
  let words: Word[] = [];
  let current = '';
  let currentStart = -1;
  let redirectNext = false;
  let atLineStart = true;

  const endWord = (): void => {
    if (currentStart === -1) return;
    const word: Word = { text: current, index: currentStart };
    if (redirectNext) {
      word.redirect = true;
      redirectNext = false;
    }
    words.push(word);
    current = '';
    currentStart = -1;
  };
  const endCommand = (endsLine: boolean): void => {
    endWord();
    if (words.length > 0) {
      const first = words[0]!.text;
      commands.push({ words, cwd });
      if (first === 'cd' || first === 'pushd') {
        const from = firstOnLine ? persisted : cwd;
        cwd = from === null ? null : (changeDirectory(from, words[1]?.text) ?? null);
        if (firstOnLine && endsLine) persisted = cwd;
      }
      firstOnLine = false;
    }
    if (endsLine) {
      cwd = persisted;
      firstOnLine = true;
    }
    words = [];
    redirectNext = false;
  };

  const n = snippet.length;
  let lineEnd = -1;
  for (let i = 0; i < n; i++) {
    const c = snippet[i]!;
    if (i > lineEnd) {
      lineEnd = snippet.indexOf('\n', i);
      if (lineEnd === -1) lineEnd = n;
    }
    if (atLineStart) {
      // Console transcripts: "$ cmd" or "> cmd" prompts are not part of the command.
      let j = i;
      while (snippet[j] === ' ' || snippet[j] === '\t') j++;
      if (
        (snippet[j] === '$' || snippet[j] === '>') &&
        snippet[j + 1] === ' ' &&
        currentStart === -1 &&
        words.length === 0
      ) {
        i = j + 1;
        atLineStart = false;
        continue;
      }
      atLineStart = false;
    }
    if (c === '\\' && snippet[i + 1] === '\n') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      endCommand(true);
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      continue;
    }
    if (c === '#' && currentStart === -1) {
      const comment = snippet.slice(i + 1, lineEnd);
      const hint = words.length === 0 ? cwdHint(comment) : undefined;
      if (hint !== undefined) cwd = persisted = joinPath('', hint);
      i = lineEnd - 1;
      continue;
    }
    if (c === '&' || c === '|' || c === ';') {
      if (c === '&' && snippet[i - 1] === '>') {
        current += c;
        continue;
      }
      endCommand(false);
      if ((c === '&' || c === '|') && snippet[i + 1] === c) i++;
      continue;
    }
    if (c === '<' && PLACEHOLDER_AT.test(snippet.slice(i, i + 66))) {
      // `job_<job_id>.log`: a placeholder in documentation, not an input redirection.
      const close = snippet.indexOf('>', i);
      if (currentStart === -1) currentStart = i;
      current += snippet.slice(i, close + 1);
      i = close;
      continue;
    }
    if (c === '>' || c === '<') {
      // "2>" and "&>" belong to the operator, not to a word.
      if (currentStart !== -1 && /^\d$/.test(current)) {
        current = '';
        currentStart = -1;
      } else endWord();
      if (snippet[i + 1] === c) i++;
      if (snippet[i + 1] === '&') {
        i++;
        continue;
      }
      redirectNext = true;
      continue;
    }
    if (c === "'" || c === '"') {
      if (currentStart === -1) currentStart = i;
      const close = snippet.indexOf(c, i + 1);
      if (close === -1 || close > lineEnd) {
        // An unbalanced quote in a snippet is prose punctuation, not the start of a string.
        current += c;
        continue;
      }
      const end = close;
      current += snippet.slice(i + 1, end);
      i = end;
      continue;
    }
    if (c === '\\') {
      if (currentStart === -1) currentStart = i;
      current += snippet[i + 1] ?? '';
      i++;
      continue;
    }
    if (currentStart === -1) currentStart = i;
    current += c;
  }
  endCommand(true);
  return commands;
}
