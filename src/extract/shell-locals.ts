import type { Span } from '../parse/markdown.js';

/** Code blocks read as shell: the usual info strings, and none at all. */
const SHELL_LANGS = new Set(['', 'sh', 'bash', 'zsh', 'shell', 'console', 'shell-session', 'ksh']);

/** `NAME=value` opening a statement: at a line's start, or after `;`, `&&`, `||`, `then`, `do`, `local`, `readonly`. */
const ASSIGNMENT =
  /(?:^|[;&|]\s*|\b(?:then|do|else)\s+)(?:(?:local|readonly|declare|typeset)(?:\s+-\w+)*\s+)?([A-Z][A-Z0-9_]*)(\+?=)([^\s;&|]*)(?=(\s*)(.{0,200}))/g;
const EXPORT = /\bexport\s+(?:-\w+\s+)?([A-Z][A-Z0-9_]*)/g;
const LOOP_OR_READ = /\b(?:for\s+([A-Z][A-Z0-9_]*)\s+in\b|read\s+(?:-\w+\s+)*([A-Z][A-Z0-9_]*))/g;
const REFERENCE = /\$\{?([A-Z][A-Z0-9_]*)/g;
const FROM_COMMAND = /^["']?(?:\$\(|`)/;
const LOCAL_DECL = /^\s*(?:local|readonly|declare|typeset)\b/;

/**
 * Variables a spec's own shell code defines for itself: assigned from a command
 * (`ID=$(curl …)`), a loop or `read`, declared `local`, or assigned and then read back by the
 * same document's shell code. They are the script's state, not configuration an operator
 * sets: never exported, never a prefix to a command (`LOG_LEVEL=debug ./run.sh`).
 */
export function shellLocals(spans: readonly Span[]): Set<string> {
  const assignedFromCommand = new Set<string>();
  const assigned = new Set<string>();
  const referenced = new Set<string>();
  const environment = new Set<string>();
  for (const span of spans) {
    if (span.context !== 'code' || span.lang === undefined || !SHELL_LANGS.has(span.lang)) continue;
    for (const line of span.text.split('\n')) {
      if (line.length > 4096) continue;
      const code = line.replace(/(^|\s)#.*$/, '$1');
      ASSIGNMENT.lastIndex = 0;
      for (let m = ASSIGNMENT.exec(code); m; m = ASSIGNMENT.exec(code)) {
        const [, name, , value, space, rest] = m;
        // `X=1 cmd`: set for that command's environment. (A quoted value runs on past a space.)
        if (space && rest && !/^[;&|#)]/.test(rest) && !/^["'`$]/.test(value!)) environment.add(name!);
        else if (FROM_COMMAND.test(value!) || LOCAL_DECL.test(code)) assignedFromCommand.add(name!);
        else assigned.add(name!);
      }
      EXPORT.lastIndex = 0;
      for (let m = EXPORT.exec(code); m; m = EXPORT.exec(code)) environment.add(m[1]!);
      LOOP_OR_READ.lastIndex = 0;
      for (let m = LOOP_OR_READ.exec(code); m; m = LOOP_OR_READ.exec(code)) assignedFromCommand.add((m[1] ?? m[2])!);
      REFERENCE.lastIndex = 0;
      for (let m = REFERENCE.exec(code); m; m = REFERENCE.exec(code)) referenced.add(m[1]!);
    }
  }
  const out = new Set<string>();
  for (const name of assignedFromCommand) if (!environment.has(name)) out.add(name);
  for (const name of assigned) if (referenced.has(name) && !environment.has(name)) out.add(name);
  return out;
}
