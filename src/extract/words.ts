import { cutAt, trailingRun } from '../base/trim.js';
import type { Span } from '../parse/markdown.js';
import { parseCommands, type Command } from './shell.js';

/** A path-like token in a span, with the directory it is relative to. */
export interface PathWord {
  text: string;
  /** Index of `text` in the span's text. */
  index: number;
  /** Directory the token resolves against ('' = repository root; null = unknowable). */
  cwd: string | null;
  command?: Command;
  redirect?: boolean;
}

/** What every extractor needs from a span, computed once. */
export interface SpanView {
  span: Span;
  /** Shell commands, for code spans and code blocks in a shell-like language. */
  commands: Command[];
  words: PathWord[];
}

const SHELL_LANGS = new Set([
  '',
  'bash',
  'sh',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'sh-session',
  'terminal',
  'text',
  'txt',
  'plaintext',
  'dotenv',
  'env',
  'ksh',
  'fish',
  'makefile',
  'make',
]);

const PROSE_TOKEN = /[^\s`'"()[\],;|!?]+/g;
const LEADING = /^[*_~:.=>]+/;

/** Trims Markdown emphasis and sentence punctuation from a prose token; returns the kept slice. */
export function trimToken(token: string): { text: string; lead: number } {
  const lead = LEADING.exec(token)?.[0].length ?? 0;
  let text = token.slice(lead);
  const trail = trailingRun(text, '*_~:.,=');
  // A trailing "*" is a glob only when the token does not also open with emphasis.
  if (trail > 0 && !(trail === 1 && text.endsWith('*') && lead === 0)) text = text.slice(0, text.length - trail);
  return { text, lead };
}

export function isShellSpan(span: Span): boolean {
  return span.context === 'code' && SHELL_LANGS.has(span.lang ?? '');
}

/**
 * `pathsOnly`: the prose words kept are those with a `/` or a `.`, the only ones the extractors
 * read from prose (a log path, a script, a bare API path); the rest are never made.
 */
export function viewSpan(span: Span, docDir: string, pathsOnly = false): SpanView {
  if (span.context === 'link') {
    const target = span.text;
    const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//');
    const clean = cutAt(target, '#?');
    const words: PathWord[] = isUrl || clean === '' ? [] : [{ text: clean, index: 0, cwd: docDir }];
    return { span, commands: [], words };
  }
  if (isShellSpan(span) || (span.context === 'frontmatter' && /\s/.test(span.text.trim()))) {
    const commands = parseCommands(span.text, span.cwd ?? '');
    const words: PathWord[] = [];
    for (const command of commands) {
      for (const w of command.words) {
        const bare = unwrapShellWord(w.text);
        for (const piece of splitAssignment(bare.text, w.index + bare.lead, span.text)) {
          words.push({
            text: piece.text,
            index: piece.index,
            cwd: command.cwd,
            command,
            ...(w.redirect ? { redirect: true } : {}),
          });
        }
      }
    }
    return { span, commands, words };
  }
  return { span, commands: [], words: proseWords(span.text, pathsOnly) };
}

/** `` `cat api/logs/x.log` `` and `(api/logs/x.log)`: command substitution and grouping around a path. */
function unwrapShellWord(text: string): { text: string; lead: number } {
  const lead = /^(?:\$\(|[`(])+/.exec(text)?.[0].length ?? 0;
  const trail = Math.min(trailingRun(text, '`),;'), text.length - lead);
  return { text: text.slice(lead, text.length - trail), lead };
}

/** `LOG_FILE=api/logs/x.log` and `--log=api/logs/x.log` carry a path after the `=`. */
function splitAssignment(text: string, index: number, source: string): Array<{ text: string; index: number }> {
  const out = [{ text, index: source.startsWith(text, index) ? index : locateIn(source, text, index) }];
  const eq = text.indexOf('=');
  if (eq > 0 && eq < text.length - 1) {
    const value = text.slice(eq + 1);
    out.push({ text: value, index: locateIn(source, value, index) });
  }
  return out;
}

function locateIn(source: string, text: string, from: number): number {
  const at = source.indexOf(text, from);
  return at === -1 ? from : at;
}

export function proseWords(text: string, pathsOnly = false): PathWord[] {
  const words: PathWord[] = [];
  PROSE_TOKEN.lastIndex = 0;
  for (let m = PROSE_TOKEN.exec(text); m; m = PROSE_TOKEN.exec(text)) {
    if (pathsOnly && !m[0].includes('/') && !m[0].includes('.')) continue;
    const { text: token, lead } = trimToken(m[0]);
    if (token === '' || (pathsOnly && !token.includes('/') && !token.includes('.'))) continue;
    words.push({ text: token, index: m.index + lead, cwd: '' });
  }
  return words;
}
