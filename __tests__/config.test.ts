/**
 * Config files: discovery, precedence (flags > config > defaults), every key, and validation
 * errors that name the file, the line, the key and what was expected. Through main(argv, io)
 * with a fake Io; every repository is written to a fresh directory under os.tmpdir().
 */
import { STACK_FRAME, run, runJson as runJsonAs, repo } from './support/harness.js';

const runJson = (argv: string[], cwd: string) => runJsonAs<JsonReport>(argv, cwd);

interface JsonFinding {
  rule: string;
  kind: string;
  item: string;
  file: string;
  line: number;
  severity: string;
}
interface JsonReport {
  runbook: string;
  findings: JsonFinding[];
  suppressed: Array<JsonFinding & { suppression: { kind: string } }>;
  summary: { specsChecked: number; findings: number; suppressed: number; bySeverity: Record<string, number> };
  diagnostics: Array<{ file: string; code: string; message: string }>;
}

const rulesOf = (report: JsonReport): string[] => report.findings.map((f) => f.rule).sort();

const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n- `svc/logs/api.log`\n';
/** A bound spec with one item of every kind missing from RUNBOOK. */
const ALL_KINDS_SPEC =
  '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `svc/logs/a.log`.\n- Run `svc/scripts/a.sh` nightly.\n- Set `A_TOKEN` to the API key.\n- Serves `GET /api/a`.\n';
const ALL_RULES = ['undocumented-endpoint', 'undocumented-env', 'undocumented-log', 'undocumented-script'];
/** A spec that does not name the runbook: only log paths are taken from it by default. */
const UNBOUND_SPEC = '# U\n\n- Writes `svc/logs/u.log`.\n- Set `U_TOKEN` to the API key.\n';

describe('discovery', () => {
  /** In the order the run directory is searched; package.json's "sync-check" key comes last. */
  const ORDER = [
    'sync-check.config.json',
    'sync-check.config.yaml',
    'sync-check.config.yml',
    '.sync-checkrc',
    '.sync-checkrc.json',
    '.sync-checkrc.yaml',
    '.sync-checkrc.yml',
    'package.json',
  ];
  const contentFor = (name: string, runbook: string): string => {
    if (name === 'package.json')
      return `${JSON.stringify({ name: 'some-app', private: true, 'sync-check': { runbook } }, null, 2)}\n`;
    if (name.endsWith('.json') || name === '.sync-checkrc') return `${JSON.stringify({ runbook }, null, 2)}\n`;
    return `# sync-check settings\nrunbook: ${runbook}\n`;
  };

  test.each(ORDER.map((name, i) => [name, i] as const))('%s wins over every source after it', async (_name, i) => {
    // One runbook per candidate source, all present: the report says which one was used.
    const files: Record<string, string> = { 'specs/a.md': ALL_KINDS_SPEC };
    ORDER.forEach((name, j) => {
      files[`docs/R${j}.md`] = RUNBOOK;
      if (j >= i) files[name] = contentFor(name, `docs/R${j}.md`);
    });
    const { code, report, stderr } = await runJson([], await repo(files));
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.runbook).toBe(`docs/R${i}.md`);
  });

  test('.sync-checkrc may be YAML as well as JSON', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      '.sync-checkrc': 'kinds:\n  - env\n',
    });
    const { report } = await runJson([], dir);
    expect(rulesOf(report)).toEqual(['undocumented-env']);
  });

  test('no config anywhere: the defaults (every kind, specs/, docs/RUNBOOK.md)', async () => {
    const { code, report } = await runJson(
      [],
      await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': ALL_KINDS_SPEC }),
    );
    expect(code).toBe(1);
    expect(report.runbook).toBe('docs/RUNBOOK.md');
    expect(rulesOf(report)).toEqual(ALL_RULES);
  });

  test('a package.json without a "sync-check" key is not a config, even when its name is "sync-check"', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'package.json': '{\n  "name": "sync-check",\n  "scripts": { "lint": "sync-check" }\n}\n',
    });
    const { code, report, stderr } = await runJson([], dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(rulesOf(report)).toEqual(ALL_RULES);
  });

  test('a config in a parent directory is not used: discovery is in the run directory only', async () => {
    const dir = await repo({
      'sync-check.config.yaml': 'kinds: [env]\n',
      'project/docs/RUNBOOK.md': RUNBOOK,
      'project/specs/a.md': ALL_KINDS_SPEC,
    });
    const { report } = await runJson(['-C', 'project'], dir);
    expect(rulesOf(report)).toEqual(ALL_RULES);
  });

  test('-C makes the config of that directory the one discovered', async () => {
    const dir = await repo({
      'project/sync-check.config.yaml': 'kinds: [env]\n',
      'project/docs/RUNBOOK.md': RUNBOOK,
      'project/specs/a.md': ALL_KINDS_SPEC,
    });
    const { report } = await runJson(['-C', 'project'], dir);
    expect(rulesOf(report)).toEqual(['undocumented-env']);
  });
});

describe('--config and --no-config', () => {
  const twoConfigs = (): Promise<string> =>
    repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.json': '{ "kinds": ["log"] }\n',
      'ci/strict.yaml': 'kinds: [script]\n',
    });

  test('--config FILE uses that file instead of the one discovery would find', async () => {
    const { report } = await runJson(['--config', 'ci/strict.yaml'], await twoConfigs());
    expect(rulesOf(report)).toEqual(['undocumented-script']);
  });

  test('-c is --config', async () => {
    const { report } = await runJson(['-c', 'ci/strict.yaml'], await twoConfigs());
    expect(rulesOf(report)).toEqual(['undocumented-script']);
  });

  test('without --config the discovered file is used', async () => {
    const { report } = await runJson([], await twoConfigs());
    expect(rulesOf(report)).toEqual(['undocumented-log']);
  });

  test('--config package.json reads its "sync-check" key', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.json': '{ "kinds": ["log"] }\n',
      'package.json': '{\n  "name": "app",\n  "sync-check": { "kinds": ["endpoint"] }\n}\n',
    });
    const { report } = await runJson(['--config', 'package.json'], dir);
    expect(rulesOf(report)).toEqual(['undocumented-endpoint']);
  });

  test('--config with a missing file exits 2 naming it', async () => {
    const r = await run(['--config', 'nope.yaml'], await twoConfigs());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sync-check: /);
    expect(r.stderr).toContain('nope.yaml');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('--no-config ignores every config file, even one that is invalid', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.json': '{ "kinds": ["log"], "bogus": true }\n',
      '.sync-checkrc.yml': 'kinds: [env]\n',
      'package.json': '{ "sync-check": { "kinds": ["script"] } }\n',
    });
    // Without --no-config the invalid file is an error: proof it would have been read.
    expect((await run([], dir)).code).toBe(2);
    const { code, report, stderr } = await runJson(['--no-config'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(rulesOf(report)).toEqual(ALL_RULES);
  });
});

describe('precedence: flags override config, config overrides defaults', () => {
  test('kinds: config [log] restricts the default; --kinds env wins over the config', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.yaml': 'kinds: [log]\n',
    });
    expect(rulesOf((await runJson([], dir)).report)).toEqual(['undocumented-log']);
    expect(rulesOf((await runJson(['--kinds', 'env'], dir)).report)).toEqual(['undocumented-env']);
  });

  test('paths in a config given with --config are relative to that file; waivers are reported at its run-relative path', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': '# A\n\nWrites `svc/logs/a.log`.\n',
      'ci/sync-check.yaml': [
        'specs: ../specs',
        'runbook: ../docs/RUNBOOK.md',
        'waivers:',
        '  - item: svc/logs/gone.log',
        '    owner: ops',
        '    reason: retired',
        '    expires_at: 2099-01-01',
        '',
      ].join('\n'),
    });
    const r = await runJson(['--config', './ci/sync-check.yaml'], dir);
    expect(r.report.runbook).toBe('docs/RUNBOOK.md');
    expect(r.report.findings.map((f) => [f.rule, f.file, f.line])).toEqual(
      [
        ['waiver-stale', 'ci/sync-check.yaml', 4],
        ['undocumented-log', 'specs/a.md', 3],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
  });

  test('specs and runbook from config replace the defaults; --runbook and --specs replace the config', async () => {
    const dir = await repo({
      'ops/RUNBOOK.md': RUNBOOK,
      'ops/OTHER.md': '# Other\n\n## Logs\n\n- `svc/logs/d.log`\n',
      'documents/d.md': '# D\n\nWrites `svc/logs/d.log`.\n',
      'more/m.md': '# M\n\nWrites `svc/logs/m.log`.\n',
      'sync-check.config.yaml': 'specs: documents\nrunbook: ops/RUNBOOK.md\n',
    });
    const fromConfig = await runJson([], dir);
    expect(fromConfig.report.runbook).toBe('ops/RUNBOOK.md');
    expect(fromConfig.report.findings.map((f) => [f.file, f.item])).toEqual([['documents/d.md', 'svc/logs/d.log']]);

    const runbookFlag = await runJson(['--runbook', 'ops/OTHER.md'], dir);
    expect(runbookFlag.code).toBe(0);
    expect(runbookFlag.report.runbook).toBe('ops/OTHER.md');

    const specsFlag = await runJson(['--specs', 'more'], dir);
    expect(specsFlag.report.findings.map((f) => [f.file, f.item])).toEqual([['more/m.md', 'svc/logs/m.log']]);
  });

  test('everySpec: config takes env from specs that do not name the runbook; --every-spec overrides it', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/u.md': UNBOUND_SPEC,
      'sync-check.config.yml': 'everySpec: [log, env]\n',
    });
    expect(rulesOf((await runJson(['--no-config'], dir)).report)).toEqual(['undocumented-log']);
    expect(rulesOf((await runJson([], dir)).report)).toEqual(['undocumented-env', 'undocumented-log']);
    expect(rulesOf((await runJson(['--every-spec', 'env'], dir)).report)).toEqual(['undocumented-env']);
  });

  test('excludeSections: items under a configured section title are ignored; --exclude-section overrides it', async () => {
    const spec =
      '# S\n\nFollow docs/RUNBOOK.md.\n\n## Legacy\n\nWrites `svc/logs/legacy.log`.\n\n## Future\n\nWrites `svc/logs/future.log`.\n';
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/s.md': spec,
      'sync-check.config.yaml': 'excludeSections:\n  - Legacy\n',
    });
    expect((await runJson(['--no-config'], dir)).report.findings.map((f) => f.item).sort()).toEqual([
      'svc/logs/future.log',
      'svc/logs/legacy.log',
    ]);
    expect((await runJson([], dir)).report.findings.map((f) => f.item)).toEqual(['svc/logs/future.log']);
    expect((await runJson(['--exclude-section', 'Future'], dir)).report.findings.map((f) => f.item)).toEqual([
      'svc/logs/legacy.log',
    ]);
  });

  test('maxFileSize: a spec over the configured size is skipped with a diagnostic; --max-file-size overrides it', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.json': '{ "maxFileSize": 100 }\n',
    });
    const small = await runJson([], dir);
    expect(small.code).toBe(2);
    expect(small.report.diagnostics.map((d) => d.file)).toContain('specs/a.md');
    const big = await runJson(['--max-file-size', '100000'], dir);
    expect(big.code).toBe(1);
    expect(big.report.diagnostics).toEqual([]);
    expect(rulesOf(big.report)).toEqual(ALL_RULES);
  });
});

describe('systemCommands', () => {
  const SPEC = '# Build\n\nFollow docs/RUNBOOK.md.\n\n```sh\n./gradlew build\nbin/rails server\n```\n';

  test('without config, ./gradlew and bin/rails in a bound spec are scripts the runbook lacks', async () => {
    const { code, report } = await runJson([], await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/build.md': SPEC }));
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.item])).toEqual([
      ['undocumented-script', './gradlew'],
      ['undocumented-script', 'bin/rails'],
    ]);
  });

  test('with systemCommands: [gradlew, bin/rails] they are not scripts', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/build.md': SPEC,
      'sync-check.config.yaml': 'systemCommands: [gradlew, bin/rails]\n',
    });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  test('only the listed commands are exempt', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/build.md': SPEC,
      'sync-check.config.yaml': 'systemCommands: [gradlew]\n',
    });
    const { report } = await runJson([], dir);
    expect(report.findings.map((f) => f.item)).toEqual(['bin/rails']);
  });
});

describe('rules: per-rule severity', () => {
  const DRIFT = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/b.md': '# B\n\nThe worker writes `svc/logs/other.log`.\n' };

  test('baseline: the finding is an error and exits 1', async () => {
    const { code, report } = await runJson([], await repo(DRIFT));
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.severity)).toEqual(['error']);
  });

  test('undocumented-log: warning makes the finding a warning, and warnings do not fail', async () => {
    const dir = await repo({ ...DRIFT, 'sync-check.config.yaml': 'rules:\n  undocumented-log: warning\n' });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['undocumented-log', 'warning']]);
    expect(report.summary.bySeverity).toMatchObject({ error: 0, warning: 1 });
  });

  test('--max-warnings 0 then exits 1; --max-warnings 1 exits 0', async () => {
    const dir = await repo({ ...DRIFT, 'sync-check.config.yaml': 'rules:\n  undocumented-log: warning\n' });
    expect((await run(['--max-warnings', '0'], dir)).code).toBe(1);
    expect((await run(['--max-warnings', '1'], dir)).code).toBe(0);
  });

  test('info findings never fail, even with --max-warnings 0', async () => {
    const dir = await repo({ ...DRIFT, 'sync-check.config.yaml': 'rules:\n  undocumented-log: info\n' });
    const { code, report } = await runJson(['--max-warnings', '0'], dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => f.severity)).toEqual(['info']);
  });

  test('off removes the findings of that rule only', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.json': '{ "rules": { "undocumented-log": "off" } }\n',
    });
    const { report } = await runJson([], dir);
    expect(rulesOf(report)).toEqual(['undocumented-endpoint', 'undocumented-env', 'undocumented-script']);
    expect(report.findings.some((f) => f.item === 'svc/logs/a.log')).toBe(false);

    const onlyLog = await repo({ ...DRIFT, 'sync-check.config.yaml': 'rules:\n  undocumented-log: off\n' });
    const r = await runJson([], onlyLog);
    expect(r.code).toBe(0);
    expect(r.report.findings).toEqual([]);
    expect(r.report.summary.findings).toBe(0);
  });
});

describe('validation errors: exit 2, a message naming the file, the line, the key and what was expected', () => {
  /** [label, file name, contents, line, key, what was expected]. Line 1 is a comment in YAML files. */
  const cases: Array<[string, string, string, number, string, RegExp]> = [
    [
      'unknown key',
      'sync-check.config.yml',
      '# settings\nkinds: [log]\ncolour: true\n',
      3,
      'colour',
      /unknown setting/,
    ],
    [
      'unknown key in JSON',
      'sync-check.config.json',
      '{\n  "kinds": ["log"],\n  "bogus": 1\n}\n',
      3,
      'bogus',
      /unknown setting/,
    ],
    ['kinds as a string instead of a list', 'sync-check.config.yaml', '# settings\nkinds: "log"\n', 2, 'kinds', /list/],
    [
      'unknown kind',
      'sync-check.config.yaml',
      '# settings\nkinds:\n  - log\n  - logs\n',
      4,
      'kinds[1]',
      /one of log, script, endpoint, env/,
    ],
    [
      'unknown kind in everySpec',
      '.sync-checkrc.yml',
      '# settings\neverySpec: [log, envs]\n',
      2,
      'everySpec[1]',
      /one of log, script, endpoint, env/,
    ],
    [
      'unknown rule id',
      'sync-check.config.yaml',
      '# settings\nrules:\n  undocumented-log: warning\n  undocumented-logs: warning\n',
      4,
      'rules.undocumented-logs',
      /rule id/,
    ],
    [
      'bad level',
      'sync-check.config.yaml',
      '# settings\nrules:\n  undocumented-log: fatal\n',
      3,
      'rules.undocumented-log',
      /error \| warning \| info \| off/,
    ],
    [
      'bad ignore selector scope',
      'sync-check.config.yaml',
      '# settings\nignore:\n  - log\n  - logz:svc/*\n',
      4,
      'ignore[1]',
      /logz/,
    ],
    [
      'ignore selector with an empty pattern',
      'sync-check.config.yaml',
      '# settings\nignore:\n  - "env:"\n',
      3,
      'ignore[0]',
      /empty/,
    ],
    [
      'waiver missing owner',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    reason: migrating\n    expires_at: 2026-01-01\n',
      3,
      'waivers[0].owner',
      /owner/,
    ],
    [
      'waiver missing reason',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    owner: alice\n    reason: r\n    expires_at: 2026-01-01\n  - item: x\n    owner: bob\n    expires_at: 2026-01-01\n',
      7,
      'waivers[1].reason',
      /reason/,
    ],
    [
      'waiver missing expires_at',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    owner: alice\n    reason: migrating\n',
      3,
      'waivers[0].expires_at',
      /expires_at/,
    ],
    [
      'waiver with an unknown field',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    owner: alice\n    reason: migrating\n    expires: 2026-01-01\n',
      6,
      'waivers[0].expires',
      /expires_at/,
    ],
    [
      'bad expires_at',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    owner: alice\n    reason: migrating\n    expires_at: next week\n',
      3,
      'waivers[0].expires_at',
      /ISO 8601/,
    ],
    [
      'expires_at on a day that does not exist',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    owner: alice\n    reason: migrating\n    expires_at: 2026-02-30\n',
      3,
      'waivers[0].expires_at',
      /ISO 8601/,
    ],
    [
      'expires_at in month 13',
      'sync-check.config.yaml',
      '# settings\nwaivers:\n  - item: svc/logs/a.log\n    owner: alice\n    reason: migrating\n    expires_at: 2026-13-01\n',
      3,
      'waivers[0].expires_at',
      /ISO 8601/,
    ],
    [
      'maxFileSize not a number',
      'sync-check.config.json',
      '{\n  "maxFileSize": "big"\n}\n',
      2,
      'maxFileSize',
      /positive number/,
    ],
    [
      'wrong type in package.json "sync-check"',
      'package.json',
      '{\n  "name": "app",\n  "sync-check": {\n    "kinds": "log"\n  }\n}\n',
      4,
      'kinds',
      /list/,
    ],
  ];

  test.each(cases)('%s', async (_label, file, contents, line, key, expected) => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': ALL_KINDS_SPEC, [file]: contents });
    const r = await run([], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sync-check: /);
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toContain(`"${key}"`);
    expect(r.stderr).toMatch(/expected/);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  test('the same errors come from a file given by --config, named as given', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'ci/sync.yaml': '# settings\n\nkinds: [log, nope]\n',
    });
    const r = await run(['--config', 'ci/sync.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ci/sync.yaml:3:');
    expect(r.stderr).toContain('"kinds[1]"');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  const syntax: Array<[string, string, string, number, RegExp]> = [
    ['invalid YAML', 'sync-check.config.yaml', '# settings\nkinds: [log]\nrunbook: a: b\n', 3, /not valid YAML/],
    ['invalid YAML (bad indentation)', '.sync-checkrc.yaml', 'kinds:\n  - log\n - env\n', 3, /not valid YAML/],
    [
      'invalid JSON',
      'sync-check.config.json',
      '{\n  "kinds": ["log"]\n  "runbook": "docs/RUNBOOK.md"\n}\n',
      3,
      /not valid JSON/,
    ],
    [
      'duplicate key',
      'sync-check.config.yml',
      'kinds: [log]\nrunbook: docs/RUNBOOK.md\nkinds: [env]\n',
      3,
      /unique|duplicate/i,
    ],
    [
      'a trailing comma in a .json config (YAML would accept it)',
      'sync-check.config.json',
      '{\n  "kinds": ["log",]\n}\n',
      2,
      /not valid JSON/,
    ],
    ['YAML syntax in a .json config', 'sync-check.config.json', 'kinds: [log]\n', 1, /not valid JSON/],
    ['an empty kinds list', 'sync-check.config.yaml', '# settings\nkinds: []\n', 2, /at least one of log/],
  ];
  test.each(syntax)('%s: exit 2 with the file and its line', async (_label, file, contents, line, expected) => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': ALL_KINDS_SPEC, [file]: contents });
    const r = await run([], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line}:`);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  test('a valid config with every key is accepted', async () => {
    const config = [
      'specs: specs',
      'runbook: docs/RUNBOOK.md',
      'root: .',
      'kinds: [log, script, endpoint, env]',
      'everySpec: [log]',
      'excludeSections: [Out of Scope]',
      'systemCommands: [gradlew]',
      'rules:',
      '  undocumented-env: warning',
      '  waiver-stale: off',
      '  orphan-log: off',
      '  orphan-endpoint: off',
      'ignore:',
      '  - "endpoint:GET /api/*"',
      'waivers:',
      '  - rule: script',
      '    item: svc/scripts/*',
      '    file: specs/*.md',
      '    owner: alice',
      '    reason: scripts move to the ops repo in Q3',
      '    expires_at: 2099-12-31',
      'maxFileSize: 100000',
      // The repository here is specs and a runbook: with its (absent) code read, every item would be planned.
      'code: false',
      'codeIgnore: [fixtures]',
      '',
    ].join('\n');
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': ALL_KINDS_SPEC,
      'sync-check.config.yaml': config,
    });
    const { code, report, stderr } = await runJson([], dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['undocumented-log', 'error'],
      ['undocumented-env', 'warning'],
    ]);
    // root: . puts the repository at hand: the script is not in it, so it is planned work.
    expect(report.suppressed.map((f) => [f.rule, f.suppression.kind]).sort()).toEqual([
      ['planned-script', 'waiver'],
      ['undocumented-endpoint', 'ignore'],
    ]);
  });
});
