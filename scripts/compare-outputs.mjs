#!/usr/bin/env node
/**
 * Every output format on every input at hand, written to a directory, so a refactoring can be
 * shown to change nothing: take a snapshot before, one after, and diff them.
 *
 *   node scripts/compare-outputs.mjs snapshot DIR [CORPUS_ROOT]
 *   node scripts/compare-outputs.mjs diff BEFORE AFTER
 *
 * Inputs: the bundled example (specs-fixtures/example) and, when CORPUS_ROOT (default
 * ../shared/corpus) exists, each repository under it: its CORPUS.yaml names the spec
 * directories and the runbook; without one, the repository is run from its root. Uses the built
 * CLI (dist/cli/bin.js): run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli', 'bin.js');
const FORMATS = ['text', 'json', 'markdown', 'checklist', 'sarif', 'github', 'junit', 'gitlab'];
/** Fixed so waiver expiry and anything dated reads the same on every run. */
const NOW = '2026-01-01';

/**
 * The example with input problems added (broken front matter, a file that is not UTF-8, `---js`
 * front matter, a link out of the repository), so the formats' input-problem output is compared as well.
 */
function problemsTarget() {
  const dir = path.join(os.tmpdir(), 'sync-check-compare-problems');
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(root, 'specs-fixtures', 'example'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'specs', '070-broken.md'), '---\ntitle: [unclosed\n---\n# Broken\n\nRuns `./svc/scripts/gone.sh`.\n');
  writeFileSync(path.join(dir, 'specs', '080-latin1.md'), Buffer.from([0x23, 0x20, 0xe9, 0xff, 0x0a]));
  writeFileSync(path.join(dir, 'specs', '090-js.md'), '---js\n{ title: 1 }\n---\n# Js\n\nWrites `logs/js.log`.\n');
  // A link out of the repository is not followed: a warning, not an error.
  symlinkSync('/', path.join(dir, 'specs', 'outside'));
  return { name: 'example-problems', dir, args: ['--specs', 'specs', '--runbook', 'docs/RUNBOOK.md', '--allow-incomplete'] };
}

function targets(corpusRoot) {
  const list = [
    { name: 'example', dir: path.join(root, 'specs-fixtures', 'example'), args: ['--specs', 'specs', '--runbook', 'docs/RUNBOOK.md'] },
    problemsTarget(),
  ];
  if (!existsSync(corpusRoot)) return list;
  const repos = [];
  for (const entry of readdirSync(corpusRoot)) {
    const dir = path.join(corpusRoot, entry);
    if (!statSync(dir).isDirectory()) continue;
    if (existsSync(path.join(dir, '.git')) || existsSync(path.join(dir, 'CORPUS.yaml')) || existsSync(path.join(dir, 'labels.yaml'))) repos.push(dir);
    else for (const sub of readdirSync(dir)) if (statSync(path.join(dir, sub)).isDirectory()) repos.push(path.join(dir, sub));
  }
  for (const dir of repos.sort()) {
    const args = ['--root', '.', '--code-ignore', 'labels.yaml', '--code-ignore', 'CORPUS.yaml'];
    const corpusFile = path.join(dir, 'CORPUS.yaml');
    if (existsSync(corpusFile)) {
      const corpus = parse(readFileSync(corpusFile, 'utf8'));
      // --specs takes one value: several directories become one glob.
      const specs = [corpus.specs ?? []].flat();
      if (specs.length === 1) args.push('--specs', specs[0]);
      else if (specs.length > 1) args.push('--specs', `{${specs.join(',')}}/**/*.md`);
      for (const runbook of [corpus.runbook ?? []].flat()) args.push('--runbook', runbook);
    }
    list.push({ name: path.basename(dir), dir, args });
  }
  return list;
}

function snapshot(out, corpusRoot) {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
  for (const t of targets(corpusRoot)) {
    mkdirSync(path.join(out, t.name), { recursive: true });
    for (const format of FORMATS) {
      const r = spawnSync(process.execPath, [bin, ...t.args, '--format', format, '--now', NOW, '--no-color'], {
        cwd: t.dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1', CI: '' },
      });
      writeFileSync(path.join(out, t.name, `${format}.out`), `exit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`);
    }
    process.stdout.write(`${t.name}\n`);
  }
}

function diff(a, b) {
  let changed = 0;
  const names = new Set([...readdirSync(a), ...readdirSync(b)]);
  for (const name of [...names].sort()) {
    for (const format of FORMATS) {
      const fa = path.join(a, name, `${format}.out`);
      const fb = path.join(b, name, `${format}.out`);
      const ta = existsSync(fa) ? readFileSync(fa, 'utf8') : '(missing)';
      const tb = existsSync(fb) ? readFileSync(fb, 'utf8') : '(missing)';
      if (ta === tb) continue;
      changed++;
      const la = ta.split('\n');
      const lb = tb.split('\n');
      const first = la.findIndex((line, i) => line !== lb[i]);
      process.stdout.write(`${name}/${format}: differs from line ${first + 1}\n  - ${la[first] ?? ''}\n  + ${lb[first] ?? ''}\n`);
    }
  }
  process.stdout.write(changed === 0 ? 'identical\n' : `${changed} outputs differ\n`);
  return changed === 0 ? 0 : 1;
}

const [command, first, second] = process.argv.slice(2);
if (command === 'snapshot' && first) snapshot(path.resolve(first), path.resolve(second ?? path.join(root, '..', 'shared', 'corpus')));
else if (command === 'diff' && first && second) process.exitCode = diff(path.resolve(first), path.resolve(second));
else {
  process.stderr.write('usage: compare-outputs.mjs snapshot DIR [CORPUS_ROOT] | diff BEFORE AFTER\n');
  process.exitCode = 2;
}
