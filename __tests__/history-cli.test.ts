/**
 * History through the CLI: blame on by default in the markdown report of a git repository (and
 * off with --no-blame or in PR mode), the ages in text and SARIF, the trend as a Mermaid chart in
 * markdown and as an SVG file, and the usage errors of --history and --since.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { Report } from '../src/types.js';
import { run, tempDir, writeFiles } from './support/harness.js';

const ARGV = ['--no-config', '--root', '.', '--no-color', '--now', '2026-02-01'];
const RUNBOOK = '# Runbook\n\n## Logs\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/api.log` | requests |\n';
const spec = (...logs: string[]): string =>
  `# Worker\n\nOperators follow docs/RUNBOOK.md.\n\n${logs.map((l) => `- The worker writes \`${l}\`.\n`).join('')}`;

async function commit(dir: string, date: string, files: Record<string, string>): Promise<string> {
  await writeFiles(dir, files);
  const env = { ...process.env, GIT_AUTHOR_DATE: `${date}T00:00:00Z`, GIT_COMMITTER_DATE: `${date}T00:00:00Z` };
  const git = (...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: dir,
        env,
        encoding: 'utf8',
      },
    ).trim();
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', `on ${date}`);
  return git('rev-parse', 'HEAD');
}

let dir: string;
let introducing: string;
beforeAll(async () => {
  dir = await tempDir();
  execFileSync('git', ['init', '-q'], { cwd: dir });
  await commit(dir, '2026-01-01', { 'docs/RUNBOOK.md': RUNBOOK, 'specs/worker.md': spec('svc/logs/api.log') });
  introducing = await commit(dir, '2026-01-11', { 'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/queue.log') });
  await commit(dir, '2026-01-21', {
    'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/queue.log', 'svc/logs/b.log'),
  });
});

describe('history on the command line', () => {
  test('markdown in a git repository has the "Oldest drift" table; --no-blame leaves it out', async () => {
    const md = await run([...ARGV, '-f', 'markdown'], dir);
    // Logs no code writes are planned work: reported, exit 0.
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Oldest drift');
    expect(md.stdout).toContain(
      `| 21 d | \`${introducing.slice(0, 7)}\` 2026-01-11 on 2026-01-11 | log path \`svc/logs/queue.log\``,
    );
    expect(md.stdout).not.toContain('```mermaid');
    const plain = await run([...ARGV, '-f', 'markdown', '--no-blame'], dir);
    expect(plain.stdout).not.toContain('Oldest drift');
    const pr = await run([...ARGV, '-f', 'markdown', '--changed-since', 'HEAD~1'], dir);
    expect(pr.stdout).not.toContain('Oldest drift');
  });

  test('--history adds the trend: JSON points, a Mermaid chart in markdown', async () => {
    const json = await run([...ARGV, '--history', '2', '-f', 'json'], dir);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.history!.points.map((p) => [p.date.slice(0, 10), p.findings])).toEqual([
      ['2026-01-11', 1],
      ['2026-01-21', 2],
    ]);
    const md = await run([...ARGV, '--history', '3', '-f', 'markdown'], dir);
    expect(md.stdout).toContain('```mermaid\nxychart-beta\n');
    expect(md.stdout).toContain('    line [0, 1, 2]');
  });

  test('text and SARIF carry the age', async () => {
    const text = await run([...ARGV, '--blame'], dir);
    expect(text.stdout).toContain(`since ${introducing.slice(0, 7)}, 2026-01-11, 21 days`);
    const sarif = JSON.parse((await run([...ARGV, '--blame', '-f', 'sarif'], dir)).stdout);
    const result = sarif.runs[0].results.find((r: any) => r.properties.item === 'svc/logs/queue.log');
    expect(result.properties.introduced).toMatchObject({ commit: introducing, ageDays: 21 });
  });

  test('-f svg=FILE writes the trend chart', async () => {
    const out = path.join(await tempDir(), 'trend.svg');
    const r = await run([...ARGV, '-f', `svg=${out}`], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const svg = await fs.readFile(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
  });

  test('--history and --since take only what they can use', async () => {
    for (const bad of [
      ['--history', '0'],
      ['--history', '1.5'],
      ['--history', '1001'],
    ]) {
      const r = await run([...ARGV, ...bad], dir);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--history must be a whole number')]);
    }
    const r = await run([...ARGV, '--since', 'no-such-ref'], dir);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('unknown git revision "no-such-ref"')]);
  });
});
