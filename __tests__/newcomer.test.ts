/**
 * What a new user and an attacker hit first: options given twice or without a value, reports
 * that all go to files, advice for what the runbook itself gets wrong, sync-check's own reports
 * read back as code, settings files that are FIFOs or directories, trees of symbolic links.
 * Every case must end with a clear message and the right exit code, never a hang or a trace.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { repo, run, runJson, STACK_FRAME } from './support/harness.js';

const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `logs/app.log`\n\n## Restart\n\n- `./scripts/gone.sh`\n';
const BASE = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': '# A\n\nWrites `logs/app.log` and `logs/new.log`.\n' };
const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('options', () => {
  test.each([
    [['--specs', 'specs', '--specs', 'other'], '--specs was given 2 times (specs, other); give it once'],
    [['-C', '.', '-C', '.'], '--cwd was given 2 times'],
    [['--baseline', 'a.json', '--baseline', 'b.json'], '--baseline was given 2 times'],
    [['--changed-since', 'HEAD', '--changed-since', 'HEAD~1'], '--changed-since was given 2 times'],
    [['--link-base', 'http://x/', '--link-base', 'http://y/'], '--link-base was given 2 times'],
    [['--specs'], '--specs needs a value'],
    [['-C'], '--cwd needs a value'],
    [['--baseline'], '--baseline needs a value'],
    [['-f'], '--format needs a value'],
  ])('%j is a usage error', async (argv, message) => {
    const r = await run(['--no-config', ...argv], await repo(BASE));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('--kinds and --every-spec may repeat: their lists merge', async () => {
    const { code, report } = await runJson(['--no-config', '--kinds', 'log', '--kinds', 'script'], await repo(BASE));
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.kind).sort()).toEqual(['log']);
  });

  test('--concurrency far above the cores is capped, not obeyed', async () => {
    const { code } = await runJson(['--no-config', '--concurrency', '999'], await repo(BASE));
    expect(code).toBe(1);
  });
});

describe('reports that all go to files', () => {
  test('a failing run still says on stderr what went wrong and what it wrote', async () => {
    const dir = await repo(BASE);
    const drift = await run(['--no-config', '-f', 'json=out.json', '-f', 'markdown=out.md'], dir);
    expect([drift.code, drift.stdout]).toEqual([1, '']);
    expect(drift.stderr).toBe('sync-check: drift found: 1 finding (1 error, 0 warnings); wrote out.json, out.md\n');
    const broken = await run(['--no-config', '--runbook', 'nope.md', '-f', 'json=out.json'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^sync-check: input could not be checked \(1 problem, first: nope\.md: .*\); wrote out\.json\n$/,
    );
  });

  test('a clean run that writes only files stays quiet', async () => {
    const dir = await repo({ ...BASE, 'specs/a.md': '# A\n\nWrites `logs/app.log`.\n' });
    const r = await run(['--no-config', '-f', 'json=out.json'], dir);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  test("sync-check's own reports and baseline are never read back as code evidence", async () => {
    const dir = await repo(BASE);
    for (const f of ['json=r.json', 'sarif=r.sarif', 'junit=r.xml', 'gitlab=gl.json'])
      await run(['--no-config', '--root', '.', '-f', f], dir);
    await run(['--no-config', '--root', '.', '--write-baseline', 'b.json', '-f', 'json=r.json'], dir);
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(report.findings.filter((f) => f.evidence)).toEqual([]);
    expect(report.findings.find((f) => f.item === 'logs/new.log')!.rule).toBe('planned-log');
  });

  test('its own config is not code either: a waiver naming an item is no code writing it', async () => {
    const config =
      'waivers:\n  - rule: planned-log\n    item: logs/new.log\n    owner: ops\n    reason: ships next sprint\n    expires_at: 2999-01-01\n';
    const dir = await repo({ ...BASE, 'sync-check.config.yaml': config });
    const { report } = await runJson(['--root', '.'], dir);
    expect(report.findings.filter((f) => f.evidence?.file === 'sync-check.config.yaml')).toEqual([]);
    expect(report.suppressed.find((f) => f.item === 'logs/new.log')?.rule).toBe('planned-log');
    expect(report.findings.filter((f) => f.rule === 'waiver-stale')).toEqual([]);
  });
});

describe('what the runbook itself gets wrong', () => {
  test('the checklist says to fix it there, the Markdown report shows the message, and neither counts the runbook as a spec', async () => {
    const dir = await repo(BASE);
    const checklist = (await run(['--no-config', '--root', '.', '--no-code', '-f', 'checklist'], dir)).stdout;
    expect(checklist).toContain(
      '- [ ] Fix docs/RUNBOOK.md:9: the runbook tells operators to run `./scripts/gone.sh`, but no such file in the repository (`stale-script`)',
    );
    expect(checklist).toContain(
      'docs/RUNBOOK.md is missing 1 item named in 1 spec. 1 thing in the runbook itself needs fixing.',
    );
    expect(checklist).not.toMatch(/Add script `\.\/scripts\/gone\.sh`/);
    const markdown = (await run(['--no-config', '--root', '.', '--no-code', '-f', 'markdown'], dir)).stdout;
    expect(markdown).toContain('`stale-script`: the runbook tells operators to run `./scripts/gone.sh`');
    expect(markdown).not.toMatch(/\| \[docs\/RUNBOOK\.md\]/);
  });
});

describe('text columns', () => {
  test('a long position keeps a space before the severity', async () => {
    const spec = `# A\n\n${'x\n'.repeat(12000)}Writes \`logs/far.log\`.\n`;
    const r = await run(['--no-config', '--no-color'], await repo({ ...BASE, 'specs/a.md': spec }));
    expect(r.stdout).toMatch(/^ {2}12003:9 error {3}log {6}log path `logs\/far\.log`/m);
  });
});

describe('settings files that are not regular files', () => {
  (hasMkfifo ? test : test.skip)(
    'a FIFO as config, baseline or cache: a clear error or a rebuilt cache, never a wait',
    async () => {
      const dir = await repo(BASE);
      execFileSync('mkfifo', [path.join(dir, 'fifo')]);
      const config = await run(['-c', 'fifo'], dir);
      expect([config.code, config.stderr]).toEqual([
        2,
        expect.stringContaining('fifo: cannot read config (is not a regular file'),
      ]);
      const baseline = await run(['--no-config', '--baseline', 'fifo'], dir);
      expect([baseline.code, baseline.stderr]).toEqual([
        2,
        expect.stringContaining('cannot read baseline (is not a regular file'),
      ]);
      const cache = await run(['--no-config', '--cache-location', 'fifo'], dir);
      expect(cache.code).toBe(1);
    },
  );

  test('a discovered config that is a directory is an error, not a reason to use the next one', async () => {
    const dir = await repo({ ...BASE, '.sync-checkrc.yaml': 'rules:\n  undocumented-log: off\n' });
    await fs.mkdir(path.join(dir, 'sync-check.config.json'));
    const r = await run([], dir);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringContaining('sync-check.config.json: cannot read config (is a directory'),
    ]);
  });

  test('a JSON config with a UTF-8 byte order mark is read', async () => {
    const dir = await repo({ ...BASE, 'sync-check.config.json': '\uFEFF{"rules": {"undocumented-log": "off"}}\n' });
    const r = await run([], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});

describe('trees of symbolic links', () => {
  test('links to .., to / and out of the repository: each real file once, under its shortest path, outside links said once', async () => {
    const dir = await repo(BASE);
    await fs.mkdir(path.join(dir, 'specs/a'));
    await fs.mkdir(path.join(dir, 'specs/b'));
    await fs.symlink('..', path.join(dir, 'specs/a/l1'));
    await fs.symlink('..', path.join(dir, 'specs/b/l2'));
    await fs.symlink('/', path.join(dir, 'specs/root'));
    await fs.symlink(path.dirname(dir), path.join(dir, 'specs/up'));
    const { code, report } = await runJson(['--no-config', '--no-code'], dir);
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(['specs/a.md']);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'walk-limited',
        severity: 'warning',
        message: '2 symbolic links below specs lead outside the repository and were not followed',
      }),
    ]);
  });

  (hasMkfifo ? test : test.skip)(
    '--specs naming a FIFO reaches the reader: not a regular file, not "missing"',
    async () => {
      const dir = await repo(BASE);
      execFileSync('mkfifo', [path.join(dir, 'specs/pipe.md')]);
      const { report } = await runJson(['--no-config', '--specs', 'specs/pipe.md'], dir);
      expect(report.diagnostics).toEqual([expect.objectContaining({ file: 'specs/pipe.md', code: 'not-a-file' })]);
    },
  );
});

describe('adopting sync-check on a repository with a broken spec', () => {
  test('the baseline accepts a known input problem: reported, exit 0; a new broken spec still stops the run', async () => {
    const dir = await repo({
      ...BASE,
      'specs/a.md': '# A\n\nWrites `logs/app.log`.\n',
      'specs/bad.md': '---\ntitle: [unclosed\n---\n# Bad\n',
    });
    expect((await run(['--no-config'], dir)).code).toBe(2);
    expect((await run(['--no-config', '--write-baseline', 'base.json'], dir)).code).toBe(2);
    const baseline = JSON.parse(await fs.readFile(path.join(dir, 'base.json'), 'utf8')) as { inputProblems: unknown[] };
    expect(baseline.inputProblems).toEqual([{ file: 'specs/bad.md', code: expect.any(String) }]);
    const green = await run(['--no-config', '--no-color', '--baseline', 'base.json'], dir);
    expect(green.code).toBe(0);
    expect(green.stdout).toMatch(/specs\/bad\.md:\d+.*accepted in the baseline\)/);
    await fs.writeFile(path.join(dir, 'specs/worse.md'), '---\ntitle: [unclosed\n---\n# Worse\n');
    expect((await run(['--no-config', '--baseline', 'base.json'], dir)).code).toBe(2);
  });
});

describe('file names the system cannot open', () => {
  test('a spec whose name is not valid UTF-8 gets its own diagnostic, not "does not exist"; the others are checked', async () => {
    const dir = await repo(BASE);
    await fs.writeFile(Buffer.from(`${dir}/specs/\xff.md`, 'latin1'), '# X\n');
    const { code, report } = await runJson(['--no-config'], dir);
    expect(code).toBe(2);
    expect(report.summary.specsChecked).toBe(1);
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'unreadable-name', severity: 'error' })]);
  });
});
