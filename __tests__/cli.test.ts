/**
 * The CLI as a function: main(argv, io) with a fake Io that captures stdout and stderr.
 * Every repository is written to a fresh directory under os.tmpdir().
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS, type Kind } from '../src/types.js';
import { STACK_FRAME, run, tempDir, repo, type Run } from './support/harness.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;
const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n- `svc/logs/api.log`\n';
const CLEAN_SPEC = '# Spec A\n\nFollow docs/RUNBOOK.md.\n\nThe worker writes `svc/logs/worker.log`.\n';
const DRIFT_SPEC = '# Spec B\n\nThe worker writes `svc/logs/other.log`.\n';
/** A bound spec with one item of every kind missing from RUNBOOK. */
const ALL_KINDS_SPEC =
  '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `svc/logs/a.log`.\n- Run `svc/scripts/a.sh` nightly.\n- Set `A_TOKEN` to the API key.\n- Serves `GET /api/a`.\n';
const TWO_LOGS_SPEC = '# B\n\nWrites `svc/logs/b.log` and `svc/logs/c.log`.\n';
const BINARY = Buffer.from([0x23, 0x20, 0x42, 0x0a, 0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x0a]);
/** Latin-1 "Café": 0xE9 is not valid UTF-8. */
const LATIN1 = Buffer.concat([
  Buffer.from('# C\n\nCaf'),
  Buffer.from([0xe9]),
  Buffer.from(' writes `svc/logs/c.log`.\n'),
]);

const cleanRepo = (): Promise<string> => repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': CLEAN_SPEC });
const driftRepo = (): Promise<string> =>
  repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': CLEAN_SPEC, 'specs/b.md': DRIFT_SPEC });

describe('exit codes', () => {
  test('0 on a clean repository', async () => {
    const r = await run([], await cleanRepo());
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('no drift');
  });

  test('1 when a spec names an item the runbook lacks', async () => {
    const r = await run([], await driftRepo());
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(r.stdout).toContain('svc/logs/other.log');
  });

  test('-C runs in another directory, relative to io.cwd', async () => {
    const dir = await driftRepo();
    const r = await run(['-C', path.basename(dir)], path.dirname(dir));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('specs/b.md');
  });

  describe('2 for input that cannot be checked, with the problem in the report and no stack trace', () => {
    const cases: Array<[string, () => Promise<string>, string[], string]> = [
      ['missing runbook', () => repo({ 'specs/a.md': CLEAN_SPEC }), [], 'docs/RUNBOOK.md'],
      ['missing runbook given by --runbook', () => cleanRepo(), ['--runbook', 'docs/NOPE.md'], 'docs/NOPE.md'],
      ['missing specs directory', () => repo({ 'docs/RUNBOOK.md': RUNBOOK }), [], 'specs'],
      ['missing specs directory given by --specs', () => cleanRepo(), ['--specs', 'nope'], 'nope'],
      [
        'specs directory with no .md files',
        () => repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/notes.txt': 'hello\n' }),
        [],
        'specs',
      ],
      ['glob matching nothing', () => cleanRepo(), ['--specs', 'specs/*.txt'], 'specs/*.txt'],
    ];
    test.each(cases)('%s', async (_label, make, argv, named) => {
      const r = await run(['--no-color', ...argv], await make());
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('Problems reading input:');
      expect(r.stdout).toContain(`  ${named}  error  `);
      expect(r.stdout).toMatch(/check incomplete/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stdout).not.toMatch(STACK_FRAME);
    });

    test('the same problems are diagnostics in the JSON report', async () => {
      const r = await run(['--format', 'json', '--runbook', 'docs/NOPE.md', '--specs', 'nope'], await cleanRepo());
      expect(r.code).toBe(2);
      const report = JSON.parse(r.stdout);
      expect(report.diagnostics.map((d: { file: string }) => d.file).sort()).toEqual(['docs/NOPE.md', 'nope']);
    });
  });

  describe('2 for usage errors, with a one-line message on stderr and no stack trace', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['unknown flag', ['--bogus'], /bogus/],
      ['bad --kinds value', ['--kinds', 'log,foo'], /--kinds.*foo/],
      ['empty --kinds', ['--kinds', ''], /--kinds/],
      ['bad --every-spec value', ['--every-spec', 'logs'], /--every-spec.*logs/],
      ['bad --format', ['--format', 'xml'], /format.*xml/s],
      ['unexpected positional argument', ['specs/extra.md'], /specs\/extra\.md/],
      ['-C to a missing directory', ['-C', 'no-such-dir'], /no-such-dir/],
      ['--cwd to a file', ['--cwd', 'docs/RUNBOOK.md'], /docs\/RUNBOOK\.md/],
      ['non-numeric --max-file-size', ['--max-file-size', 'abc'], /max-file-size/],
    ];
    test.each(cases)('%s', async (_label, argv, message) => {
      const r = await run(argv, await cleanRepo());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sync-check: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('--help');
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stderr).not.toMatch(/internal error/);
    });
  });

  test('2 (no stack trace) when --output-file points into a missing directory, and no temp file is left', async () => {
    const dir = await cleanRepo();
    const out = path.join(dir, 'no-such-dir', 'report.json');
    const r = await run(['-o', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report.json');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(path.dirname(out))).toBe(false);
  });
});

describe('unreadable specs', () => {
  test('a binary spec (NUL bytes) is a diagnostic naming it; the other specs are still checked', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': CLEAN_SPEC,
      'specs/b.md': DRIFT_SPEC,
      'specs/bin.md': BINARY,
    });
    const r = await run(['--format', 'json'], dir);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ file: 'specs/bin.md', severity: 'error', code: 'binary' }),
    ]);
    expect(report.findings.map((f: { file: string; item: string }) => [f.file, f.item])).toEqual([
      ['specs/b.md', 'svc/logs/other.log'],
    ]);
    expect(report.summary.specsChecked).toBe(2);
  });

  test('a non-UTF-8 spec is a diagnostic naming it; the other specs are still checked', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': CLEAN_SPEC,
      'specs/b.md': DRIFT_SPEC,
      'specs/latin1.md': LATIN1,
    });
    const r = await run(['--format', 'json'], dir);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ file: 'specs/latin1.md', severity: 'error', code: 'encoding' }),
    ]);
    expect(report.diagnostics[0].message).toMatch(/UTF-8/);
    expect(report.findings.map((f: { file: string; item: string }) => [f.file, f.item])).toEqual([
      ['specs/b.md', 'svc/logs/other.log'],
    ]);
  });

  test('text output lists both the findings and the unreadable files', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/b.md': DRIFT_SPEC,
      'specs/bin.md': BINARY,
      'specs/latin1.md': LATIN1,
    });
    const r = await run(['--no-color'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('svc/logs/other.log');
    expect(r.stdout).toMatch(/^ {2}specs\/bin\.md {2}error {2}.*NUL.*\(binary\)$/m);
    expect(r.stdout).toMatch(/^ {2}specs\/latin1\.md {2}error {2}.*UTF-8.*\(encoding\)$/m);
    expect(r.stderr).toBe('');
  });
});

describe('--allow-incomplete', () => {
  test('turns 2 into 1 when the readable specs have drift, still listing the diagnostic', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/b.md': DRIFT_SPEC, 'specs/bin.md': BINARY });
    expect((await run(['--no-color'], dir)).code).toBe(2);
    const r = await run(['--no-color', '--allow-incomplete'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('svc/logs/other.log');
    expect(r.stdout).toContain('Problems reading input:');
    expect(r.stdout).toContain('specs/bin.md');
  });

  test('turns 2 into 0 when the readable specs are clean, still listing the diagnostic', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': CLEAN_SPEC, 'specs/latin1.md': LATIN1 });
    expect((await run(['--no-color'], dir)).code).toBe(2);
    const r = await run(['--no-color', '--allow-incomplete'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('specs/latin1.md');
    expect(r.stdout).toContain('1 input problem');
  });

  test('does not tolerate a missing runbook: nothing could be checked', async () => {
    const r = await run(['--no-color', '--allow-incomplete', '--runbook', 'docs/NOPE.md'], await cleanRepo());
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('docs/NOPE.md');
  });

  test('does not tolerate a spec selection that matches nothing', async () => {
    const r = await run(['--no-color', '--allow-incomplete', '--specs', 'specs/nothing-*.md'], await cleanRepo());
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('glob matched no files');
  });

  test('does not hide usage errors', async () => {
    expect((await run(['--allow-incomplete', '--format', 'xml'], await cleanRepo())).code).toBe(2);
  });
});

describe('--help and --version', () => {
  test.each([['--help'], ['-h']])('%s prints usage with examples and exits 0', async (flag) => {
    const r = await run([flag], await cleanRepo());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^sync-check \[options\]/);
    expect(r.stdout).toContain('Options:');
    for (const option of [
      '--specs',
      '--runbook',
      '--cwd',
      '--format',
      '--output-file',
      '--kinds',
      '--allow-incomplete',
      '--color',
    ]) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('sync-check -C specs-fixtures/example');
    expect(r.stdout).toContain('sync-check --format json -o drift.json');
    expect(r.stdout).toMatch(/Exit codes: 0 .*1 .*2 /);
  });

  test.each([['--version'], ['-v']])('%s prints the package.json version and exits 0', async (flag) => {
    const pkg = JSON.parse(await fs.readFile(path.join(PROJECT, 'package.json'), 'utf8')) as { version: string };
    const r = await run([flag], await cleanRepo());
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('--format json', () => {
  test('prints one JSON object: findings with their fields, summary.byKind matching them, diagnostics with file and message', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'specs/b.md': TWO_LOGS_SPEC,
      'specs/bin.md': BINARY,
    });
    const r = await run(['--format', 'json'], dir, true);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout.trim().startsWith('{')).toBe(true);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual(expect.objectContaining({ version: 1, runbook: 'docs/RUNBOOK.md' }));

    expect(report.findings).toHaveLength(6);
    for (const f of report.findings) {
      expect(f).toEqual(
        expect.objectContaining({
          rule: expect.any(String),
          kind: expect.any(String),
          item: expect.any(String),
          file: expect.any(String),
          line: expect.any(Number),
          column: expect.any(Number),
          severity: expect.any(String),
          message: expect.any(String),
        }),
      );
      expect(KINDS).toContain(f.kind);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.column).toBeGreaterThanOrEqual(1);
    }
    const counted = Object.fromEntries(
      KINDS.map((k) => [k, report.findings.filter((f: { kind: Kind }) => f.kind === k).length]),
    );
    expect(counted).toEqual({ log: 3, script: 1, endpoint: 1, env: 1 });
    expect(report.summary.byKind).toEqual({ ...counted, file: 0, flag: 0, section: 0, waiver: 0 });
    expect(report.summary.findings).toBe(report.findings.length);

    expect(report.diagnostics).toHaveLength(1);
    for (const d of report.diagnostics)
      expect(d).toEqual(expect.objectContaining({ file: 'specs/bin.md', message: expect.any(String) }));
    expect(report.summary.diagnostics).toBe(report.diagnostics.length);
  });

  test('a clean run is a JSON report with empty findings', async () => {
    const r = await run(['-f', 'json'], await cleanRepo());
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([]);
    expect(report.diagnostics).toEqual([]);
    expect(report.summary.byKind).toEqual({
      log: 0,
      script: 0,
      endpoint: 0,
      env: 0,
      file: 0,
      flag: 0,
      section: 0,
      waiver: 0,
    });
  });
});

describe('--output-file', () => {
  test('writes the report to the file, nothing to stdout, and leaves no temp files in that directory', async () => {
    const dir = await driftRepo();
    const outDir = await tempDir('sync-check-out-');
    const out = path.join(outDir, 'drift.json');
    const r = await run(['--format', 'json', '--output-file', out], dir);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `sync-check: drift found: 1 finding (1 error, 0 warnings); wrote ${out}\n`,
    });
    const report = JSON.parse(await fs.readFile(out, 'utf8'));
    expect(report.findings.map((f: { item: string }) => f.item)).toEqual(['svc/logs/other.log']);
    expect(await fs.readdir(outDir)).toEqual(['drift.json']);
  });

  test('-o replaces an existing file, text without colour even when colour is the default', async () => {
    const dir = await driftRepo();
    const outDir = await tempDir('sync-check-out-');
    const out = path.join(outDir, 'drift.txt');
    await fs.writeFile(out, 'old contents that are longer than nothing\n'.repeat(100));
    const r = await run(['-o', out], dir, true);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `sync-check: drift found: 1 finding (1 error, 0 warnings); wrote ${out}\n`,
    });
    const text = await fs.readFile(out, 'utf8');
    expect(text).not.toContain('old contents');
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('svc/logs/other.log');
    expect(await fs.readdir(outDir)).toEqual(['drift.txt']);
  });

  describe('a relative -o path is relative to the directory the CLI runs in, not to the process', () => {
    let elsewhere: string;
    let before: string;
    beforeEach(async () => {
      // The process sits in a scratch directory so a misplaced report lands there, not in the project.
      elsewhere = await tempDir('sync-check-elsewhere-');
      before = process.cwd();
      process.chdir(elsewhere);
    });
    afterEach(() => {
      process.chdir(before);
    });

    test('relative to io.cwd', async () => {
      const dir = await driftRepo();
      expect((await run(['-f', 'json', '-o', 'drift.json'], dir)).code).toBe(1);
      expect({
        inRunDir: existsSync(path.join(dir, 'drift.json')),
        inProcessCwd: existsSync(path.join(elsewhere, 'drift.json')),
      }).toEqual({
        inRunDir: true,
        inProcessCwd: false,
      });
    });

    test('relative to -C ("as if started in this directory")', async () => {
      const dir = await driftRepo();
      expect((await run(['-C', path.basename(dir), '-f', 'json', '-o', 'drift.json'], path.dirname(dir))).code).toBe(1);
      expect({
        inRunDir: existsSync(path.join(dir, 'drift.json')),
        inProcessCwd: existsSync(path.join(elsewhere, 'drift.json')),
      }).toEqual({
        inRunDir: true,
        inProcessCwd: false,
      });
    });
  });
});

describe('text output', () => {
  let r: Run;
  beforeAll(async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': ALL_KINDS_SPEC, 'specs/b.md': TWO_LOGS_SPEC });
    r = await run(['--no-color'], dir);
  });

  test('exits 1 with nothing on stderr and no ANSI escapes', () => {
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
  });

  test('groups findings under one header line per spec file', () => {
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l === 'specs/a.md')).toHaveLength(1);
    expect(lines.filter((l) => l === 'specs/b.md')).toHaveLength(1);
    const a = lines.indexOf('specs/a.md');
    const b = lines.indexOf('specs/b.md');
    expect(a).toBeLessThan(b);
    const underA = lines.slice(a + 1, b).filter((l) => l.startsWith('  '));
    const underB = lines.slice(b + 1).filter((l) => /^ {2}\d+:\d+ /.test(l));
    expect(underA.map((l) => /`([^`]+)`/.exec(l)?.[1])).toEqual([
      'svc/logs/a.log',
      'svc/scripts/a.sh',
      'A_TOKEN',
      'GET /api/a',
    ]);
    expect(underB.map((l) => /`([^`]+)`/.exec(l)?.[1])).toEqual(['svc/logs/b.log', 'svc/logs/c.log']);
  });

  test('each finding shows line:column, severity, kind, message and rule', () => {
    expect(r.stdout).toMatch(
      /^ {2}5:11 +error +log +log path `svc\/logs\/a\.log` is not in RUNBOOK\.md.* {2}undocumented-log$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}6:8 +error +script +script `svc\/scripts\/a\.sh` is not in RUNBOOK\.md +undocumented-script$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}8:11 +error +endpoint +endpoint `GET \/api\/a` is not in RUNBOOK\.md {2}undocumented-endpoint$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}3:30 +error +log +log path `svc\/logs\/c\.log` is not in RUNBOOK\.md.* {2}undocumented-log$/m,
    );
  });

  test('ends with a summary line counting findings by kind', () => {
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe(
      '✖ 6 findings (log 3, script 1, endpoint 1, env 1) in 2 files; 2 specs checked (1 bound to docs/RUNBOOK.md)',
    );
    expect(r.stdout.endsWith('\n')).toBe(true);
  });

  test('shows "also mentioned at" for later mentions', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': '# A\n\nWrites `svc/logs/x.log`.\n\nCheck `svc/logs/x.log` daily.\n',
    });
    const out = await run(['--no-color'], dir);
    expect(out.stdout).toMatch(/^ {2}3:9 .*svc\/logs\/x\.log.*\n {10}also mentioned at 5:8$/m);
  });

  test('colour: io.colorDefault decides, --color / --no-color override it', async () => {
    const dir = await driftRepo();
    expect((await run([], dir, false)).stdout).not.toMatch(ANSI);
    expect((await run([], dir, true)).stdout).toMatch(ANSI);
    expect((await run(['--color'], dir, false)).stdout).toMatch(ANSI);
    expect((await run(['--no-color'], dir, true)).stdout).not.toMatch(ANSI);
  });
});
