import { append } from '../base/append.js';
import { canonicalPath, extension } from '../canonical/path.js';
import type { Candidate, Extractor } from './candidate.js';
import { joinPath } from '../canonical/path.js';
import type { Command, Word } from './shell.js';
import type { SpanView } from './words.js';

const SCRIPT_EXTENSIONS = new Set([
  '.sh',
  '.bash',
  '.zsh',
  '.py',
  '.js',
  '.mjs',
  '.cjs',
  '.ts',
  '.rb',
  '.pl',
  '.php',
  '.ps1',
  '.bat',
  '.cmd',
  '.r',
  '.lua',
  '.go',
]);
/** Extensions that name a script even when the file is mentioned in passing. */
const SHELL_EXTENSIONS = new Set(['.sh', '.bash', '.zsh', '.ps1']);
/** A scripts/, script/ or bin/ directory somewhere before the file name. */
const IN_SCRIPT_DIR = /(?:^|\/)(?:scripts?|bin)\//;
const INTERPRETER =
  /^(?:python[\d.]*|pypy[\d.]*|node|nodejs|bash|sh|zsh|ksh|dash|ruby|perl|php|deno|bun|ts-node|tsx|pwsh|powershell|rscript|lua|go)$/i;
/** Wrappers that run the rest of the line as a command. */
const WRAPPERS = new Set([
  'sudo',
  'env',
  'nohup',
  'exec',
  'time',
  'nice',
  'command',
  'builtin',
  'xargs',
  'watch',
  'caffeinate',
]);
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);
const PKG_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PATH_CHARS = /^[\w.\-/{}<>*$~@+%]+$/;

/** Paths that belong to the system or a virtualenv, not the project: `.venv/bin/python`, `/usr/bin/env`. */
export function isSystemPath(path: string): boolean {
  return (
    /^(?:\/(?:usr|bin|sbin|opt|etc|lib|var|tmp|proc|dev)\b|~|\$)/.test(path) ||
    /(?:^|\/)(?:\.?venv|env|virtualenv|node_modules|site-packages|\.git)\//.test(path)
  );
}

/** A file under scripts/ or bin/ (not a virtualenv's bin), or a shell script anywhere. */
export function isScriptPath(text: string, inCommandPosition = false): boolean {
  if (!text.includes('/') && !text.includes('.')) return false;
  if (text.length > 512 || !PATH_CHARS.test(text) || text.endsWith('/') || isSystemPath(text)) return false;
  const last = text.slice(text.lastIndexOf('/') + 1);
  if (last === '' || !/[A-Za-z]/.test(last)) return false;
  const ext = extension(last);
  if (SHELL_EXTENSIONS.has(ext) && last.length > ext.length) return true;
  if (!IN_SCRIPT_DIR.test(text)) return false;
  return SCRIPT_EXTENSIONS.has(ext) || (ext === '' && inCommandPosition);
}

/** Looks like a file someone runs: a script extension, `./name`, or an extensionless file under scripts/ or bin/. */
function isRunnableWord(text: string): boolean {
  if (!text.includes('/') && !text.includes('.')) return false;
  if (!PATH_CHARS.test(text) || isSystemPath(text) || text.endsWith('/')) return false;
  const ext = extension(text);
  if (SCRIPT_EXTENSIONS.has(ext)) return true;
  return ext === '' && (text.startsWith('./') || isScriptPath(text, true));
}

interface Invocation {
  word: Word;
  cwd: string | null;
  flags: string[];
}

/** The script a command runs, if any: `python3 scripts/x.py`, `./run.sh --once`, `check.py --json`. */
export function invokedScript(command: Command): Invocation | undefined {
  const words = command.words;
  let i = 0;
  while (i < words.length) {
    const w = words[i]!.text;
    if (ASSIGNMENT.test(w)) i++;
    else if (WRAPPERS.has(w)) {
      i++;
      while (i < words.length && (words[i]!.text.startsWith('-') || ASSIGNMENT.test(words[i]!.text))) i++;
    } else if (w === 'timeout') i += 2;
    else if (RUNNERS.has(w) && words[i + 1]?.text === 'run') i += 2;
    else break;
  }
  const head = words[i];
  if (!head || head.redirect) return undefined;
  const name = head.text.split('/').pop() ?? '';
  let scriptAt = -1;
  if (INTERPRETER.test(name)) {
    for (let j = i + 1; j < words.length; j++) {
      const arg = words[j]!.text;
      if (arg === '-m' || arg === '-c' || arg === '-e' || arg === '--eval') return undefined;
      if (!arg.startsWith('-')) {
        scriptAt = isRunnableWord(arg) ? j : -1;
        break;
      }
    }
  } else if (isRunnableWord(head.text) && (head.text.startsWith('./') || words.length > i + 1)) {
    // A lone file name (`api/app/main.py` in a list of files to change) is a file mentioned,
    // not a command run; arguments or an explicit `./` make it one.
    scriptAt = i;
  }
  if (scriptAt === -1) return undefined;
  const flags = words
    .slice(scriptAt + 1)
    .filter((w) => w.text.startsWith('-') && !w.redirect)
    .map((w) => w.text.split('=')[0]!);
  return { word: words[scriptAt]!, cwd: command.cwd, flags };
}

/** `make target`, `npm run name`: project entry points that are not files. */
function taskInvocations(command: Command, view: SpanView): Candidate[] {
  const words = command.words;
  const out: Candidate[] = [];
  let i = 0;
  while (i < words.length && (ASSIGNMENT.test(words[i]!.text) || words[i]!.text === 'sudo')) i++;
  const head = words[i]?.text;
  if (head === 'make' || head === 'gmake') {
    let dir = command.cwd;
    for (let j = i + 1; j < words.length; j++) {
      const arg = words[j]!.text;
      if (arg === '-C') {
        dir = dir === null ? null : joinPath(dir, words[j + 1]?.text ?? '');
        j++;
      } else if (arg === '-f' || arg === '-j') j++;
      else if (!arg.startsWith('-') && !arg.includes('=') && /^[\w.\-/]+$/.test(arg) && !words[j]!.redirect) {
        out.push({ ...task(view, words[i]!, words[j]!, `make ${arg}`), ...(dir === null ? {} : { cwd: dir }) });
      }
    }
  } else if (head !== undefined && PKG_MANAGERS.has(head)) {
    let j = i + 1;
    while (j < words.length && words[j]!.text.startsWith('-')) j += words[j]!.text === '--prefix' ? 2 : 1;
    const sub = words[j]?.text;
    const target = sub === 'run' || sub === 'run-script' ? words[j + 1] : undefined;
    if (target && !target.text.startsWith('-')) {
      out.push({
        ...task(view, words[i]!, target, `npm run ${target.text}`),
        ...(command.cwd === null ? {} : { cwd: command.cwd }),
      });
    }
  }
  return out;
}

function task(view: SpanView, from: Word, to: Word, canonical: string): Candidate {
  const raw = view.span.text.slice(from.index, to.index + to.text.length);
  if (!raw.includes('\n')) return { kind: 'script', raw, canonical, index: from.index };
  return { kind: 'script', raw: canonical, canonical, index: from.index, length: raw.length };
}

export const extractScripts: Extractor = (view, ctx) => {
  const out: Candidate[] = [];
  const taken = new Set<number>();
  const system = ctx.systemCommands;
  const isSystem = (word: string): boolean =>
    system !== undefined &&
    system.size > 0 &&
    (system.has(word) || system.has(word.replace(/^\.\//, '')) || system.has(word.slice(word.lastIndexOf('/') + 1)));
  for (const command of view.commands) {
    append(out, taskInvocations(command, view));
    const run = invokedScript(command);
    if (run && isSystem(run.word.text)) taken.add(run.word.index);
    else if (run) {
      const candidate: Candidate = {
        kind: 'script',
        raw: run.word.text,
        canonical: canonicalPath(run.word.text, run.cwd),
        index: run.word.index,
      };
      if (run.flags.length > 0) candidate.flags = run.flags;
      out.push(candidate);
      taken.add(run.word.index);
    }
  }
  for (const word of view.words) {
    if (taken.has(word.index) || !isScriptPath(word.text) || isSystem(word.text)) continue;
    out.push({ kind: 'script', raw: word.text, canonical: canonicalPath(word.text, word.cwd), index: word.index });
  }
  return out;
};
