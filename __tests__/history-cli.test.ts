/**
 * History on the command line (main() run in-process), on one repository built here with known
 * commits: `--history N` puts the trend in the JSON report; `-f svg=FILE` writes it as a
 * well-formed SVG chart with a line per series; the markdown report of a git repository has the
 * "Oldest drift" table by default (not with --no-blame, in PR mode or outside git) and, with
 * --history, a Mermaid chart; text and SARIF carry each finding's introduction with --blame;
 * and --history and --since refuse what they cannot use with exit 2.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Introduced, Report } from '../src/types.js';
import { commitAt, run, runJson, tempDir, writeFiles } from './support/harness.js';

const ARGV = ['--no-config', '--root', '.', '--no-color', '--now', '2026-02-01'];

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
].join('\n');

const spec = (...lines: string[]): string =>
  [
    '# Worker',
    '',
    'Operators follow docs/RUNBOOK.md.',
    '',
    '- It serves `svc/logs/api.log` requests.',
    ...lines,
    '',
  ].join('\n');
const WORKER_LOG = '- The worker writes `svc/logs/worker.log` on each run.';
const ROTATE = '- Run `scripts/rotate.sh` nightly to rotate old logs.';

/** Commits `files` at midnight UTC of `day`, with the subject "on DAY". */
const commit = (dir: string, day: string, files: Record<string, string>): Promise<string> =>
  commitAt(dir, `${day}T00:00:00Z`, `on ${day}`, files);

let dir: string;
/** A: no drift; B: the worker log (its code writes it: an error); C: the rotate script (an error). */
let a: string;
let b: string;
let c: string;

beforeAll(async () => {
  dir = await tempDir();
  for (const args of [
    ['init', '-q'],
    ['config', 'user.name', 'Test'],
    ['config', 'user.email', 'test@example.com'],
    ['config', 'commit.gpgsign', 'false'],
  ])
    execFileSync('git', args, { cwd: dir });
  a = await commit(dir, '2026-01-01', {
    'docs/RUNBOOK.md': RUNBOOK,
    'specs/worker.md': spec(),
    'scripts/deploy.sh': '#!/bin/sh\necho deploy\n',
    'scripts/rotate.sh': '#!/bin/sh\necho rotate\n',
    'svc/worker.py': 'LOG = "svc/logs/worker.log"\n',
  });
  b = await commit(dir, '2026-01-11', { 'specs/worker.md': spec(WORKER_LOG) });
  c = await commit(dir, '2026-01-21', { 'specs/worker.md': spec(WORKER_LOG, ROTATE) });
});

describe('the trend', () => {
  test('--history 3 -f json prints history.points, oldest first', async () => {
    const { code, report } = await runJson([...ARGV, '--history', '3'], dir);
    expect(code).toBe(1);
    expect(report.history!.points.map((p) => [p.commit, p.date, p.findings])).toEqual([
      [a, '2026-01-01T00:00:00.000Z', 0],
      [b, '2026-01-11T00:00:00.000Z', 1],
      [c, '2026-01-21T00:00:00.000Z', 2],
    ]);
    expect(report.history!.commitsRead).toBe(3);
    // --history alone does not blame.
    expect(report.findings.map((f) => f.introduced)).toEqual([undefined, undefined]);
  });

  test('-f svg=trend.svg writes well-formed SVG with one polyline per series', async () => {
    const out = path.join(await tempDir(), 'trend.svg');
    const r = await run([...ARGV, '-f', `svg=${out}`], dir);
    // Every report went to a file: the failure is summed up on stderr.
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}`);
    const svg = await fs.readFile(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = new XMLParser({ ignoreAttributes: false }).parse(svg).svg;
    const polylines = [root.polyline].flat();
    // Series: all findings, log, script.
    expect(polylines).toHaveLength(3);
    expect(polylines.map((p: Record<string, string>) => p['@_points']!.split(' ').length)).toEqual([3, 3, 3]);
    const labels = [root.text].flat().map((t: unknown) => (typeof t === 'object' ? (t as any)['#text'] : t));
    expect(labels).toEqual(expect.arrayContaining(['all findings', 'log', 'script', c.slice(0, 7)]));
  });

  test('-f markdown with --history has a Mermaid xychart', async () => {
    const md = await run([...ARGV, '--history', '3', '-f', 'markdown'], dir);
    expect(md.stdout).toContain('## Trend');
    expect(md.stdout).toContain('```mermaid\nxychart-beta\n');
    expect(md.stdout).toContain('    line [0, 1, 2]');
    expect(md.stdout).toContain('    bar [0, 1, 2]');
    expect(md.stdout).toContain(`| 3 | \`${c.slice(0, 7)}\` | 2026-01-21 | 2 |`);
  });
});

describe('blame', () => {
  test('-f markdown in a git repository has the "Oldest drift" table, and no chart without --history', async () => {
    const md = await run([...ARGV, '-f', 'markdown'], dir);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('## Oldest drift');
    expect(md.stdout).toContain(
      `| 21 d | \`${b.slice(0, 7)}\` 2026-01-11 on 2026-01-11 | log path \`svc/logs/worker.log\``,
    );
    expect(md.stdout).toContain(
      `| 11 d | \`${c.slice(0, 7)}\` 2026-01-21 on 2026-01-21 | script \`scripts/rotate.sh\``,
    );
    // The oldest first.
    expect(md.stdout.indexOf('21 d')).toBeLessThan(md.stdout.indexOf('11 d'));
    expect(md.stdout).not.toContain('```mermaid');
  });

  test('--no-blame -f markdown, PR mode and a directory outside git have no "Oldest drift"', async () => {
    const off = await run([...ARGV, '--no-blame', '-f', 'markdown'], dir);
    expect(off.stdout).toContain('svc/logs/worker.log');
    expect(off.stdout).not.toContain('Oldest drift');
    const pr = await run([...ARGV, '-f', 'markdown', '--changed-since', 'HEAD~1'], dir);
    expect(pr.stdout).toContain('scripts/rotate.sh');
    expect(pr.stdout).not.toContain('Oldest drift');

    const plain = await tempDir();
    await writeFiles(plain, { 'docs/RUNBOOK.md': RUNBOOK, 'specs/worker.md': spec(WORKER_LOG) });
    const outside = await run([...ARGV, '-f', 'markdown'], plain);
    expect(outside.stdout).toContain('svc/logs/worker.log');
    expect(outside.stdout).not.toContain('Oldest drift');
    // Blame was not asked for, so there is no warning that it could not be done.
    expect(outside.stdout).not.toContain('history-limited');
  });

  test('-f text --blame shows "since <7-char commit>", date and age under each finding', async () => {
    const text = await run([...ARGV, '--blame'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`since ${b.slice(0, 7)}, 2026-01-11, 21 days`);
    expect(text.stdout).toContain(`since ${c.slice(0, 7)}, 2026-01-21, 11 days`);
    const without = await run([...ARGV, '--no-blame'], dir);
    expect(without.stdout).not.toContain('since ');
  });

  test('-f sarif --blame puts the introduction in result.properties.introduced', async () => {
    const r = await run([...ARGV, '--blame', '-f', 'sarif'], dir);
    const sarif = JSON.parse(r.stdout) as {
      runs: Array<{ results: Array<{ properties: { item: string; introduced?: Introduced } }> }>;
    };
    const introduced = Object.fromEntries(
      sarif.runs[0]!.results.map((x) => [x.properties.item, x.properties.introduced]),
    );
    expect(introduced).toEqual({
      'svc/logs/worker.log': { commit: b, date: '2026-01-11T00:00:00.000Z', summary: 'on 2026-01-11', ageDays: 21 },
      'scripts/rotate.sh': { commit: c, date: '2026-01-21T00:00:00.000Z', summary: 'on 2026-01-21', ageDays: 11 },
    });
  });

  test('--since limits --blame: drift already there at the first commit read is "at least" that old', async () => {
    // --since A reads B and C: A itself is not checked, so B's finding may be older than B.
    const { report } = await runJson([...ARGV, '--blame', '--since', a], dir);
    expect(report.findings.map((f) => [f.item, f.introduced])).toEqual([
      [
        'svc/logs/worker.log',
        { commit: b, date: '2026-01-11T00:00:00.000Z', summary: 'on 2026-01-11', ageDays: 21, atLeast: true },
      ],
      ['scripts/rotate.sh', { commit: c, date: '2026-01-21T00:00:00.000Z', summary: 'on 2026-01-21', ageDays: 11 }],
    ]);
    const later = (await runJson<Report>([...ARGV, '--blame', '--since', '2026-01-15'], dir)).report;
    expect(later.findings.map((f) => [f.item, f.introduced])).toEqual([
      ['svc/logs/worker.log', expect.objectContaining({ commit: c, atLeast: true })],
      ['scripts/rotate.sh', expect.objectContaining({ commit: c, atLeast: true })],
    ]);
  });
});

describe('usage errors', () => {
  test('--history 0 is a usage error: exit 2', async () => {
    const r = await run([...ARGV, '--history', '0'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--history must be a whole number');
  });

  test('--history takes only a whole number up to the commit limit', async () => {
    for (const bad of ['1.5', '-1', '1001']) {
      const r = await run([...ARGV, '--history', bad], dir);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.stderr).toContain('--history must be a whole number');
    }
  });

  test('--since an unknown revision: exit 2 and the revision named', async () => {
    const r = await run([...ARGV, '--history', '3', '--since', 'no-such-ref'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown git revision "no-such-ref"');
  });
});
