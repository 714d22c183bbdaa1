import { promises as fs } from 'node:fs';
import path from 'node:path';
import { walkPlain } from './walk.js';
import type { Repository } from '../compare/repository.js';
import type { PlainListing } from './discover.js';

const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * Every file under `root` (not .git, not node_modules), plus each Makefile's targets and each package.json's
 * scripts.
 */
export async function readRepository(root: string): Promise<Repository> {
  return (await listRepository(root)).repository;
}

/** readRepository's answer, and its file list when a plain walk produced it (see PlainListing). */
export async function listRepository(root: string): Promise<{ repository: Repository; plain?: PlainListing }> {
  // A tree of plain files needs no glob engine; links and special files are fast-glob's to judge.
  // fast-glob's ignore patterns drop a file named .git or node_modules too (a submodule's .git file).
  const walked = walkPlain(root, {
    dot: true,
    skip: SKIPPED,
    accept: (name, isDirectory) => !isDirectory && !SKIPPED.has(name),
  });
  const files =
    walked ??
    (await (
      await import('fast-glob')
    ).default('**/*', {
      cwd: root,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: ['**/.git/**', '**/node_modules/**'],
    }));
  const makeTargets = new Map<string, Set<string>>();
  const npmScripts = new Map<string, Set<string>>();
  for (const file of files) {
    // Most files are neither: a cheap test of the end first, no string cut per file.
    if (!file.endsWith('akefile') && !file.endsWith('package.json')) continue;
    const slash = file.lastIndexOf('/');
    const base = file.slice(slash + 1);
    const isMakefile = base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile';
    if (!isMakefile && base !== 'package.json') continue;
    const dir = slash === -1 ? '' : file.slice(0, slash);
    const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
    if (isMakefile) {
      makeTargets.set(dir, makefileTargets(text));
    } else {
      npmScripts.set(dir, packageScripts(text));
    }
  }
  const repository = { files: new Set(files), makeTargets, npmScripts };
  return walked ? { repository, plain: { root, files: repository.files } } : { repository };
}

/** Targets a Makefile defines: `name other: deps` at the start of a line (not `:=` assignments). */
export function makefileTargets(text: string): Set<string> {
  const targets = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_.%/-][A-Za-z0-9_.%/ \t-]*?)[ \t]*::?(?!=)/.exec(line);
    if (!m) continue;
    for (const name of m[1]!.split(/[ \t]+/)) if (name && !name.startsWith('.')) targets.add(name);
  }
  return targets;
}

/** The script names a package.json defines; none when it is not JSON. */
export function packageScripts(text: string): Set<string> {
  try {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts;
    return new Set(scripts && typeof scripts === 'object' ? Object.keys(scripts) : []);
  } catch {
    return new Set();
  }
}
