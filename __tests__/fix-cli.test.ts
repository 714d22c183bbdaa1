/**
 * `--fix` and `--fix-dry-run` through the CLI's main(), on small repositories in temporary
 * directories: the dry run prints a unified diff and changes no file, --fix writes the runbook
 * (never a spec) and reports on the runbook as fixed, and a second --fix changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Report } from '../src/types.js';
import { repo, run, runJson } from './support/harness.js';

const ARGV = ['--no-config', '--root', '.', '--no-color'];

const RUNBOOK = [
  '# Runbook',
  '',
  '## Logs',
  '',
  '| Path | Purpose |',
  '|---|---|',
  '| `svc/logs/api.log` | requests |',
  '',
  '## Scripts',
  '',
  '- `scripts/deploy.sh` — ships a release',
  '',
  '## Escalation',
  '',
  'Page on-call.',
  '',
].join('\n');

const SPEC = [
  '# Worker',
  '',
  'Operators follow docs/RUNBOOK.md.',
  '',
  '- The worker writes `svc/logs/worker.log` on each run.',
  '- It also serves `svc/logs/api.log` requests.',
  '- Run `scripts/rotate.sh` nightly to rotate old logs.',
  '- Set `API_TOKEN` to the deploy key.',
  '',
].join('\n');

const SECTIONS = '---\nrunbook-sections: [Rollback]\n---\n# Releases\n\nHow releases go.\n';

/** The code writes both logs and reads the variable: their absence from the runbook is drift, not planned work. */
const CODE = [
  'import os',
  'WORKER = LOG_DIR / "worker.log"',
  'API = LOG_DIR / "api.log"',
  'TOKEN = os.environ["API_TOKEN"]',
  '',
].join('\n');

const FILES: Record<string, string> = {
  'docs/RUNBOOK.md': RUNBOOK,
  'specs/worker.md': SPEC,
  'specs/releases.md': SECTIONS,
  'svc/app.py': CODE,
  'scripts/deploy.sh': '#!/bin/sh\necho deploy\n',
  'scripts/rotate.sh': '#!/bin/sh\necho rotate\n',
};

/** What --fix makes of RUNBOOK. */
const FIXED = [
  '# Runbook',
  '',
  '## Logs',
  '',
  '| Path | Purpose |',
  '|---|---|',
  '| `svc/logs/api.log` | requests |',
  '| `svc/logs/worker.log` | The worker writes `svc/logs/worker.log` on each run. |',
  '',
  '## Scripts',
  '',
  '- `scripts/deploy.sh` — ships a release',
  '- `scripts/rotate.sh` — Run `scripts/rotate.sh` nightly to rotate old logs.',
  '',
  '## Escalation',
  '',
  'Page on-call.',
  '',
  '## Rollback',
  '',
  'TODO: write this section (asked for by specs/releases.md:2).',
  '',
  '## Environment Variables',
  '',
  '- `API_TOKEN` — Set `API_TOKEN` to the deploy key.',
  '',
].join('\n');

/** Every file of the repository, as bytes. */
async function snapshot(dir: string, files: Record<string, string> = FILES): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const file of Object.keys(files)) out.set(file, await fs.readFile(path.join(dir, file)));
  return out;
}

const read = (dir: string, file = 'docs/RUNBOOK.md'): Promise<string> => fs.readFile(path.join(dir, file), 'utf8');

const gitAvailable = ((): boolean => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('--fix-dry-run', () => {
  test('prints a unified diff on stdout, changes no file, and exits as the unfixed report does', async () => {
    const dir = await repo(FILES);
    const plain = await run(ARGV, dir);
    expect(plain.code).toBe(1);
    const before = await snapshot(dir);
    const dry = await run([...ARGV, '--fix-dry-run'], dir);
    expect(dry.code).toBe(plain.code);
    expect(dry.stdout).toBe(
      [
        '--- a/docs/RUNBOOK.md',
        '+++ b/docs/RUNBOOK.md',
        '@@ -5,11 +5,21 @@',
        ' | Path | Purpose |',
        ' |---|---|',
        ' | `svc/logs/api.log` | requests |',
        '+| `svc/logs/worker.log` | The worker writes `svc/logs/worker.log` on each run. |',
        ' ',
        ' ## Scripts',
        ' ',
        ' - `scripts/deploy.sh` — ships a release',
        '+- `scripts/rotate.sh` — Run `scripts/rotate.sh` nightly to rotate old logs.',
        ' ',
        ' ## Escalation',
        ' ',
        ' Page on-call.',
        '+',
        '+## Rollback',
        '+',
        '+TODO: write this section (asked for by specs/releases.md:2).',
        '+',
        '+## Environment Variables',
        '+',
        '+- `API_TOKEN` — Set `API_TOKEN` to the deploy key.',
        '',
      ].join('\n'),
    );
    // The report is not printed: stdout is the diff alone.
    expect(dry.stdout).not.toContain('finding');
    expect(dry.stderr).toBe(
      'sync-check: would add 1 table row(s), 1 list entr(y/ies), 2 new section(s) with 1 entr(y/ies) to docs/RUNBOOK.md for 4 finding(s)\n',
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  test('a report written to a file is still written, of the runbook as it is', async () => {
    const dir = await repo(FILES);
    const dry = await run([...ARGV, '--fix-dry-run', '-f', 'json', '-o', 'report.json'], dir);
    expect(dry.code).toBe(1);
    expect(dry.stdout.startsWith('--- a/docs/RUNBOOK.md\n')).toBe(true);
    const report = JSON.parse(await read(dir, 'report.json')) as Report;
    expect(report.findings.map((f) => [f.rule, f.item])).toEqual([
      ['missing-section', 'Rollback'],
      ['undocumented-log', 'svc/logs/worker.log'],
      ['undocumented-script', 'scripts/rotate.sh'],
      ['undocumented-env', 'API_TOKEN'],
    ]);
    expect(await read(dir)).toBe(RUNBOOK);
  });

  test('with nothing to add, prints nothing and says nothing', async () => {
    const dir = await repo({ ...FILES, 'docs/RUNBOOK.md': FIXED });
    const dry = await run([...ARGV, '--fix-dry-run'], dir);
    expect(dry).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('--fix', () => {
  test('writes the runbook, never a spec, and reports on the runbook as fixed', async () => {
    const dir = await repo(FILES);
    const before = await snapshot(dir);
    const fixed = await runJson([...ARGV, '--fix'], dir);
    expect(fixed.stderr).toBe(
      'sync-check: added 1 table row(s), 1 list entr(y/ies), 2 new section(s) with 1 entr(y/ies) to docs/RUNBOOK.md for 4 finding(s)\n',
    );
    // Everything was fixable: the report is of the fixed runbook, and clean.
    expect(fixed.code).toBe(0);
    expect(fixed.report.findings).toEqual([]);
    expect(await read(dir)).toBe(FIXED);
    const after = await snapshot(dir);
    for (const [file, bytes] of before)
      if (file !== 'docs/RUNBOOK.md') expect([file, after.get(file)]).toEqual([file, bytes]);
    // A plain check agrees.
    expect(await run(ARGV, dir)).toMatchObject({ code: 0, stderr: '' });
  });

  test('a second --fix changes nothing', async () => {
    const dir = await repo(FILES);
    expect((await run([...ARGV, '--fix'], dir)).code).toBe(0);
    const once = await snapshot(dir);
    const { mtimeMs } = await fs.stat(path.join(dir, 'docs/RUNBOOK.md'));
    const again = await run([...ARGV, '--fix'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(await snapshot(dir)).toEqual(once);
    expect((await fs.stat(path.join(dir, 'docs/RUNBOOK.md'))).mtimeMs).toBe(mtimeMs);
    expect(await run([...ARGV, '--fix-dry-run'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('says what is left for a person, and the exit code is of what is left', async () => {
    // A trace log no code writes yet (planned work, a warning) and a flag the script handles that the runbook
    // never mentions (an error).
    const spec = `${SPEC}- Traces go to \`svc/logs/trace.log\`.\n- Rotate harder with \`./scripts/deploy.sh --force\`.\n`;
    const files = {
      ...FILES,
      'specs/worker.md': spec,
      'scripts/deploy.sh': '#!/bin/sh\n[ "$1" = "--force" ] && echo forced\necho deploy\n',
    };
    const dir = await repo(files);
    const before = await snapshot(dir, files);
    const fixed = await runJson([...ARGV, '--fix'], dir);
    expect(fixed.stderr).toBe(
      'sync-check: added 1 table row(s), 1 list entr(y/ies), 2 new section(s) with 1 entr(y/ies) to docs/RUNBOOK.md for 4 finding(s); ' +
        'left for a person: 2 (planned-log, undocumented-flag)\n',
    );
    expect(fixed.report.findings.map((f) => [f.rule, f.item])).toEqual([
      ['planned-log', 'svc/logs/trace.log'],
      ['undocumented-flag', './scripts/deploy.sh --force'],
    ]);
    expect(fixed.code).toBe(1);
    expect(await read(dir)).toBe(FIXED);
    expect(await fs.readFile(path.join(dir, 'specs/worker.md'))).toEqual(before.get('specs/worker.md'));
    // Nothing more to add; what is left is said again.
    const again = await run([...ARGV, '--fix'], dir);
    expect(again.stderr).toBe(
      'sync-check: nothing to add to docs/RUNBOOK.md; left for a person: 2 (planned-log, undocumented-flag)\n',
    );
    expect(await read(dir)).toBe(FIXED);
  });
});

describe('the dry run’s diff', () => {
  (gitAvailable ? test.each : test.skip.each)([
    ['LF line endings', (t: string) => t],
    ['CRLF line endings', (t: string) => t.replace(/\n/g, '\r\n')],
    ['a BOM', (t: string) => `\uFEFF${t}`],
    ['no final newline', (t: string) => t.replace(/\n+$/, '')],
  ])('applies with `git apply` to a runbook with %s, giving the bytes --fix writes', async (_, change) => {
    const files = { ...FILES, 'docs/RUNBOOK.md': change(FILES['docs/RUNBOOK.md']!) };
    const applied = await repo(files);
    const written = await repo(files);
    const dry = await run([...ARGV, '--fix-dry-run'], applied);
    await fs.writeFile(path.join(applied, 'fix.diff'), dry.stdout);
    execFileSync('git', ['apply', 'fix.diff'], {
      cwd: applied,
      stdio: 'pipe',
      env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(applied) },
    });
    await run([...ARGV, '--fix'], written);
    expect(await fs.readFile(path.join(applied, 'docs/RUNBOOK.md'))).toEqual(
      await fs.readFile(path.join(written, 'docs/RUNBOOK.md')),
    );
  });
});

describe('where --fix writes', () => {
  test('a runbook that is a link is written through the link, and keeps its permissions', async () => {
    const dir = await repo({ ...FILES, 'ops/RUNBOOK.md': FILES['docs/RUNBOOK.md']! });
    await fs.rm(path.join(dir, 'docs/RUNBOOK.md'));
    await fs.symlink('../ops/RUNBOOK.md', path.join(dir, 'docs/RUNBOOK.md'));
    await fs.chmod(path.join(dir, 'ops/RUNBOOK.md'), 0o600);
    await run([...ARGV, '--fix'], dir);
    expect((await fs.lstat(path.join(dir, 'docs/RUNBOOK.md'))).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(path.join(dir, 'ops/RUNBOOK.md'), 'utf8')).toBe(FIXED);
    expect((await fs.stat(path.join(dir, 'ops/RUNBOOK.md'))).mode & 0o777).toBe(0o600);
  });

  test('a read-only runbook is not written, and stderr says so', async () => {
    const dir = await repo(FILES);
    await fs.chmod(path.join(dir, 'docs/RUNBOOK.md'), 0o444);
    const result = await run([...ARGV, '--fix'], dir);
    expect(result.stderr).toContain('docs/RUNBOOK.md not written: it is read-only');
    expect(await read(dir)).toBe(FILES['docs/RUNBOOK.md']);
  });
});
