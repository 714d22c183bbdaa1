/**
 * Baselines: --write-baseline records today's findings by fingerprint, --baseline reports only
 * new ones. Through main(argv, io) with a fake Io, in fresh directories under os.tmpdir().
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { STACK_FRAME, run, runJson, repo } from './support/harness.js';

interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  item: string;
}
interface BaselineJson {
  version: number;
  tool: string;
  findings: BaselineEntry[];
}

const readJson = async (file: string): Promise<BaselineJson> =>
  JSON.parse(await fs.readFile(file, 'utf8')) as BaselineJson;
const write = (dir: string, rel: string, text: string): Promise<void> => fs.writeFile(path.join(dir, rel), text);

const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n';
/** A bound spec with four findings, in two sections. */
const SPEC_A =
  '# A\n\nFollow docs/RUNBOOK.md.\n\n' +
  '## Logs\n\nThe service writes `svc/logs/a.log`.\n\n' +
  '## Operations\n\n- Run `svc/scripts/a.sh` nightly.\n- Set `A_TOKEN` to the API key.\n- Serves `GET /api/a`.\n';
const SPEC_B = '# B\n\nWrites `svc/logs/b.log` and `svc/logs/c.log`.\n';
const FINDINGS = 6;

const project = (): Promise<string> => repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': SPEC_A, 'specs/b.md': SPEC_B });

/** A project with a baseline of today's findings written to .sync-check-baseline.json. */
async function baselined(): Promise<string> {
  const dir = await project();
  const r = await run(['--write-baseline', '.sync-check-baseline.json'], dir);
  expect(r.code).toBe(1);
  return dir;
}

describe('--write-baseline', () => {
  test('writes {version: 1, tool, findings: [{fingerprint, rule, file, item}]} for every finding', async () => {
    const dir = await project();
    const before = await runJson([], dir);
    expect(before.report.findings).toHaveLength(FINDINGS);

    const r = await run(['--write-baseline', 'baseline.json'], dir);
    expect(r.stderr).toBe('');
    const data = await readJson(path.join(dir, 'baseline.json'));
    expect(data.version).toBe(1);
    expect(data.tool).toBe('sync-check');
    expect(Object.keys(data).sort()).toEqual(['findings', 'tool', 'version']);
    expect(data.findings).toHaveLength(FINDINGS);
    for (const entry of data.findings) {
      expect(Object.keys(entry).sort()).toEqual(['file', 'fingerprint', 'item', 'rule']);
      expect(entry.fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    }
    // The same findings as the report, by fingerprint.
    const fromReport = before.report.findings.map((f) => ({
      fingerprint: f.fingerprint,
      rule: f.rule,
      file: f.file,
      item: f.item,
    }));
    expect([...data.findings].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))).toEqual(
      fromReport.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)),
    );
    expect(new Set(data.findings.map((f) => f.fingerprint)).size).toBe(FINDINGS);
  });

  test('entries are sorted by file, then rule, then item', async () => {
    const dir = await project();
    await run(['--write-baseline', 'baseline.json'], dir);
    const { findings } = await readJson(path.join(dir, 'baseline.json'));
    expect(findings.map((f) => [f.file, f.rule, f.item])).toEqual([
      ['specs/a.md', 'undocumented-endpoint', 'GET /api/a'],
      ['specs/a.md', 'undocumented-env', 'A_TOKEN'],
      ['specs/a.md', 'undocumented-log', 'svc/logs/a.log'],
      ['specs/a.md', 'undocumented-script', 'svc/scripts/a.sh'],
      ['specs/b.md', 'undocumented-log', 'svc/logs/b.log'],
      ['specs/b.md', 'undocumented-log', 'svc/logs/c.log'],
    ]);
  });

  test('the file is byte-identical when written twice, and reordering the spec does not change it', async () => {
    const dir = await project();
    await run(['--write-baseline', 'one.json'], dir);
    await run(['--write-baseline', 'two.json'], dir);
    const one = await fs.readFile(path.join(dir, 'one.json'), 'utf8');
    expect(await fs.readFile(path.join(dir, 'two.json'), 'utf8')).toBe(one);
    await write(dir, 'specs/b.md', '# B\n\nWrites `svc/logs/c.log`.\n\nAlso `svc/logs/b.log`.\n');
    await run(['--write-baseline', 'three.json'], dir);
    expect(await fs.readFile(path.join(dir, 'three.json'), 'utf8')).toBe(one);
  });

  test('is written atomically: no temporary file is left next to it, and an existing file is replaced', async () => {
    const dir = await project();
    await write(dir, 'baseline.json', 'old contents that are not JSON');
    await run(['--write-baseline', 'baseline.json'], dir);
    expect((await fs.readdir(dir)).sort()).toEqual(['baseline.json', 'docs', 'specs']);
    expect((await readJson(path.join(dir, 'baseline.json'))).findings).toHaveLength(FINDINGS);
    // Into a subdirectory, as well.
    await fs.mkdir(path.join(dir, 'ci'));
    await run(['--write-baseline', 'ci/baseline.json'], dir);
    expect(await fs.readdir(path.join(dir, 'ci'))).toEqual(['baseline.json']);
  });

  test('into a missing directory: exit 2, a clear message, and nothing written', async () => {
    const dir = await project();
    const r = await run(['--write-baseline', 'nope/baseline.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope/baseline.json');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect((await fs.readdir(dir)).sort()).toEqual(['docs', 'specs']);
  });

  test('with no findings it writes an empty list', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': '# A\n\nWrites `svc/logs/worker.log`.\n' });
    const r = await run(['--write-baseline', 'baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(await readJson(path.join(dir, 'baseline.json'))).toEqual({ version: 1, tool: 'sync-check', findings: [] });
  });
});

describe('--baseline', () => {
  test('exits 0 with no findings: they are all in report.suppressed with kind baseline', async () => {
    const dir = await baselined();
    const { code, report, stderr } = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(FINDINGS);
    expect(report.suppressed.every((s) => s.suppression.kind === 'baseline')).toBe(true);
    expect(report.summary.suppressed).toBe(FINDINGS);
    expect(report.summary.findings).toBe(0);
  });

  test('the text report says there is no new drift', async () => {
    const dir = await baselined();
    const r = await run(['--no-color', '--baseline', '.sync-check-baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('svc/logs/a.log');
  });

  describe('baseline keys survive line churn', () => {
    const churn: Array<[string, string]> = [
      [
        'lines inserted above the findings',
        `# A\n\nIntro.\n\nMore intro.\n\n> A note.\n\n${SPEC_A.slice('# A\n\n'.length)}`,
      ],
      [
        'sections reordered',
        '# A\n\n## Operations\n\n- Run `svc/scripts/a.sh` nightly.\n- Set `A_TOKEN` to the API key.\n- Serves `GET /api/a`.\n\n' +
          '## Logs\n\nThe service writes `svc/logs/a.log`.\n\nFollow docs/RUNBOOK.md.\n',
      ],
      [
        'list items reordered',
        '# A\n\nFollow docs/RUNBOOK.md.\n\n## Logs\n\nThe service writes `svc/logs/a.log`.\n\n## Operations\n\n- Serves `GET /api/a`.\n- Set `A_TOKEN` to the API key.\n- Run `svc/scripts/a.sh` nightly.\n',
      ],
      [
        "the finding line's other words changed",
        '# A\n\nFollow docs/RUNBOOK.md.\n\n## Logs\n\nEvery hour the daemon appends JSON lines to `svc/logs/a.log` for auditing.\n\n' +
          '## Operations\n\n- Operators run `svc/scripts/a.sh` once per night.\n- Export `A_TOKEN` (the API key) before starting.\n- Also answers `GET /api/a` for health checks.\n',
      ],
    ];
    test.each(churn)('%s: still exit 0', async (_label, text) => {
      const dir = await baselined();
      await write(dir, 'specs/a.md', text);
      // Without the baseline the same findings are still there: the churn did not fix anything.
      const without = await runJson([], dir);
      expect(without.report.findings).toHaveLength(FINDINGS);
      const { code, report } = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
      expect(report.findings).toEqual([]);
      expect(code).toBe(0);
      expect(report.suppressed).toHaveLength(FINDINGS);
    });
  });

  test('a new log path added to a spec: exit 1 with exactly that one finding', async () => {
    const dir = await baselined();
    await write(dir, 'specs/b.md', `${SPEC_B}\nIt also writes \`svc/logs/new.log\`.\n`);
    const { code, report } = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.file, f.item])).toEqual([
      ['undocumented-log', 'specs/b.md', 'svc/logs/new.log'],
    ]);
    expect(report.summary.findings).toBe(1);
    expect(report.suppressed).toHaveLength(FINDINGS);
  });

  test('renaming an item is a new finding', async () => {
    const dir = await baselined();
    await write(dir, 'specs/b.md', SPEC_B.replace('svc/logs/c.log', 'svc/logs/c-renamed.log'));
    const { code, report } = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.item)).toEqual(['svc/logs/c-renamed.log']);
    expect(report.suppressed).toHaveLength(FINDINGS - 1);
  });

  test('the same item in another spec is a new finding', async () => {
    const dir = await baselined();
    await write(dir, 'specs/c.md', '# C\n\nWrites `svc/logs/b.log`.\n');
    const { code, report } = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.item])).toEqual([['specs/c.md', 'svc/logs/b.log']]);
  });

  test('a fixed finding just disappears: still exit 0', async () => {
    const dir = await baselined();
    await write(dir, 'specs/b.md', '# B\n\nWrites `svc/logs/b.log`.\n');
    const { code, report } = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
    expect(code).toBe(0);
    expect(report.suppressed).toHaveLength(FINDINGS - 1);
  });

  const broken: Array<[string, string | undefined, RegExp]> = [
    ['missing', undefined, /cannot read|no such file/],
    ['not JSON', '{"version": 1, "findings": [', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['JSON but not a baseline', '{"hello": "world"}', /not a sync-check baseline/],
    ['a version it does not know', '{"version": 2, "tool": "sync-check", "findings": []}', /not a sync-check baseline/],
    [
      'findings without fingerprints',
      '{"version": 1, "tool": "sync-check", "findings": [{"rule": "undocumented-log"}]}',
      /not a sync-check baseline/,
    ],
    ['null', 'null', /not a sync-check baseline/],
  ];
  test.each(broken)(
    'a baseline file that is %s: exit 2 with a clear message naming it',
    async (_label, contents, message) => {
      const dir = await project();
      if (contents !== undefined) await write(dir, 'baseline.json', contents);
      const r = await run(['--baseline', 'baseline.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sync-check: /);
      expect(r.stderr).toContain('baseline.json');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stderr).not.toMatch(/internal error/);
    },
  );
});

describe('--baseline with --write-baseline', () => {
  test('rewrites the baseline: still-present baselined findings and new ones kept, fixed ones dropped', async () => {
    const dir = await baselined();
    const old = await readJson(path.join(dir, '.sync-check-baseline.json'));
    // Fix c.log, add new.log.
    await write(dir, 'specs/b.md', '# B\n\nWrites `svc/logs/b.log` and `svc/logs/new.log`.\n');
    const r = await runJson(
      ['--baseline', '.sync-check-baseline.json', '--write-baseline', '.sync-check-baseline.json'],
      dir,
    );
    expect(r.report.findings.map((f) => f.item)).toEqual(['svc/logs/new.log']);

    const rewritten = await readJson(path.join(dir, '.sync-check-baseline.json'));
    const items = rewritten.findings.map((f) => f.item).sort();
    expect(items).toEqual([
      'A_TOKEN',
      'GET /api/a',
      'svc/logs/a.log',
      'svc/logs/b.log',
      'svc/logs/new.log',
      'svc/scripts/a.sh',
    ]);
    expect(items).not.toContain('svc/logs/c.log');
    // Entries kept are unchanged.
    for (const entry of rewritten.findings.filter((f) => f.item !== 'svc/logs/new.log'))
      expect(old.findings).toContainEqual(entry);
    expect((await fs.readdir(dir)).sort()).toEqual(['.sync-check-baseline.json', 'docs', 'specs']);

    // The rewritten baseline now accepts everything.
    const after = await runJson(['--baseline', '.sync-check-baseline.json'], dir);
    expect(after.code).toBe(0);
    expect(after.report.findings).toEqual([]);
  });

  test('findings suppressed by other means (ignore, inline) are not written to the baseline', async () => {
    const dir = await project();
    await write(dir, 'sync-check.config.yaml', 'ignore: [env]\n');
    await write(
      dir,
      'specs/b.md',
      '# B\n\n<!-- sync-check-ignore-next-line -->\nWrites `svc/logs/b.log` and `svc/logs/c.log`.\n',
    );
    await run(['--write-baseline', 'baseline.json'], dir);
    const items = (await readJson(path.join(dir, 'baseline.json'))).findings.map((f) => f.item).sort();
    expect(items).toEqual(['GET /api/a', 'svc/logs/a.log', 'svc/scripts/a.sh']);
  });
});
