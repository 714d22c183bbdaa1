import { checkDocuments, type CheckDocumentsOptions, type Report, type SourceDocument } from '../src/index.js';

/** Which specs and which sections items are taken from, and how findings are grouped and ordered. */

const RUNBOOK = { path: 'docs/RUNBOOK.md', text: '# Runbook\n' };
const BIND = 'Document every change in docs/RUNBOOK.md.\n\n';

function run(specs: SourceDocument[] | string, options?: CheckDocumentsOptions): Report {
  const docs = typeof specs === 'string' ? [{ path: 'specs/a.md', text: specs }] : specs;
  return checkDocuments(docs, RUNBOOK, options);
}

function items(specs: SourceDocument[] | string, options?: CheckDocumentsOptions): Array<[string, string]> {
  return run(specs, options).findings.map((f) => [f.kind, f.item]);
}

/** One item of each kind, on one line. */
const ALL_KINDS =
  'Writes `api/logs/a.log`. Run `./scripts/x.sh`. Calls `GET /api/x`. Set `FOO_BAR` in the environment.\n';
const ALL_FOUR: Array<[string, string]> = [
  ['log', 'api/logs/a.log'],
  ['script', './scripts/x.sh'],
  ['endpoint', 'GET /api/x'],
  ['env', 'FOO_BAR'],
];
const LOG_ONLY: Array<[string, string]> = [['log', 'api/logs/a.log']];

describe('excluded sections', () => {
  test('items under "## Out of Scope" and its sub-headings are ignored; the next same-level heading ends it', () => {
    const spec =
      '# Spec\n\n' +
      BIND +
      '## Requirements\n\nWrites `api/logs/a.log`.\n\n' +
      '## Out of Scope\n\nWrites `api/logs/b.log` and runs `./scripts/b.sh`.\n\n' +
      '### Later\n\nWrites `api/logs/c.log`.\n\n' +
      '## Notes\n\nWrites `api/logs/d.log`.\n';
    expect(items(spec)).toEqual([
      ['log', 'api/logs/a.log'],
      ['log', 'api/logs/d.log'],
    ]);
  });

  test('a higher-level heading after Out of Scope ends it too', () => {
    const spec = '# Spec\n\n' + BIND + '## Out of Scope\n\n- `api/logs/b.log`\n\n# Other\n\n- `api/logs/d.log`\n';
    expect(items(spec)).toEqual([['log', 'api/logs/d.log']]);
  });

  test.each([
    'Non-goals',
    'Non goals',
    'Out-of-scope',
    'Not in scope',
    'Future Work',
    "Won't do",
    'Excluded',
    '5. Non-Goals',
    'Out of Scope (v1)',
  ])('items under "## %s" are ignored', (heading) => {
    const spec = `# Spec\n\n${BIND}## ${heading}\n\n- \`api/logs/b.log\`\n- \`./scripts/b.sh\`\n\n## Plan\n\n- \`api/logs/d.log\`\n`;
    expect(items(spec)).toEqual([['log', 'api/logs/d.log']]);
  });

  test('a heading that merely contains a similar word is not excluded', () => {
    const spec = `# Spec\n\n${BIND}## Scope\n\n- \`api/logs/a.log\`\n\n## Goals\n\n- \`api/logs/b.log\`\n`;
    expect(items(spec)).toEqual([
      ['log', 'api/logs/a.log'],
      ['log', 'api/logs/b.log'],
    ]);
  });

  test('excludeSections replaces the default list', () => {
    const spec =
      '# Spec\n\n' +
      BIND +
      '## Requirements\n\n- `api/logs/a.log`\n\n## Out of Scope\n\n- `api/logs/b.log`\n\n## Parking Lot\n\n- `api/logs/c.log`\n';
    expect(items(spec)).toEqual([
      ['log', 'api/logs/a.log'],
      ['log', 'api/logs/c.log'],
    ]);
    expect(items(spec, { excludeSections: ['Parking Lot'] })).toEqual([
      ['log', 'api/logs/a.log'],
      ['log', 'api/logs/b.log'],
    ]);
    expect(items(spec, { excludeSections: [] })).toEqual([
      ['log', 'api/logs/a.log'],
      ['log', 'api/logs/b.log'],
      ['log', 'api/logs/c.log'],
    ]);
  });
});

describe('binding', () => {
  test('an unbound spec contributes only log paths', () => {
    const report = run('# Spec\n\n' + ALL_KINDS);
    expect(report.findings.map((f) => [f.kind, f.item])).toEqual(LOG_ONLY);
    expect(report.summary).toMatchObject({ specsChecked: 1, specsBound: 0 });
  });

  test.each([
    ['docs/RUNBOOK.md', 'Update docs/RUNBOOK.md.'],
    ['RUNBOOK.md', 'Update RUNBOOK.md when this ships.'],
    ['`docs/RUNBOOK.md` in inline code', 'Update `docs/RUNBOOK.md`.'],
    ['"document in RUNBOOK"', 'Document in RUNBOOK.'],
    ['a link to the runbook', 'See [the runbook](../docs/RUNBOOK.md).'],
  ])('a spec naming the runbook (%s) contributes every kind', (_name, sentence) => {
    const report = run(`# Spec\n\n${sentence}\n\n${ALL_KINDS}`);
    expect(report.findings.map((f) => [f.kind, f.item])).toEqual(ALL_FOUR);
    expect(report.summary.specsBound).toBe(1);
  });

  test('"the runbook" in lower case prose does not bind', () => {
    expect(items(`# Spec\n\nUpdate the runbook.\n\n${ALL_KINDS}`)).toEqual(LOG_ONLY);
  });

  test('naming the runbook only inside a "See also" section does not bind', () => {
    expect(items(`# Spec\n\n${ALL_KINDS}\n## See also\n\n- docs/RUNBOOK.md\n`)).toEqual(LOG_ONLY);
    expect(items(`# Spec\n\n${ALL_KINDS}\n## See also\n\n- [runbook](../docs/RUNBOOK.md)\n`)).toEqual(LOG_ONLY);
    expect(items(`# Spec\n\n${ALL_KINDS}\n## References\n\n- docs/RUNBOOK.md\n`)).toEqual(LOG_ONLY);
  });

  test('naming the runbook outside "See also" binds even when it is also named inside', () => {
    expect(items(`# Spec\n\nUpdate docs/RUNBOOK.md.\n\n${ALL_KINDS}\n## See also\n\n- docs/RUNBOOK.md\n`)).toEqual(
      ALL_FOUR,
    );
  });

  test('front matter `runbook: true` binds a spec that never names the runbook', () => {
    const report = run(`---\nrunbook: true\n---\n# Spec\n\n${ALL_KINDS}`);
    expect(report.findings.map((f) => [f.kind, f.item])).toEqual(ALL_FOUR);
    expect(report.summary.specsBound).toBe(1);
  });

  test('front matter `runbook: false` unbinds a spec whose text names the runbook', () => {
    const report = run(`---\nrunbook: false\n---\n# Spec\n\nUpdate docs/RUNBOOK.md.\n\n${ALL_KINDS}`);
    expect(report.findings.map((f) => [f.kind, f.item])).toEqual(LOG_ONLY);
    expect(report.summary.specsBound).toBe(0);
  });

  test('front matter `runbook: <path>` binds when it names this runbook, not another', () => {
    expect(items(`---\nrunbook: docs/RUNBOOK.md\n---\n# Spec\n\n${ALL_KINDS}`)).toEqual(ALL_FOUR);
    expect(items(`---\nrunbook: docs/OTHER.md\n---\n# Spec\n\nUpdate docs/RUNBOOK.md.\n\n${ALL_KINDS}`)).toEqual(
      LOG_ONLY,
    );
  });

  test('binding is per spec', () => {
    const report = run([
      { path: 'specs/a.md', text: `# A\n\nUpdate docs/RUNBOOK.md.\n\n${ALL_KINDS}` },
      { path: 'specs/b.md', text: `# B\n\n${ALL_KINDS}` },
    ]);
    expect(report.findings.map((f) => [f.file, f.kind])).toEqual([
      ['specs/a.md', 'log'],
      ['specs/a.md', 'script'],
      ['specs/a.md', 'endpoint'],
      ['specs/a.md', 'env'],
      ['specs/b.md', 'log'],
    ]);
    expect(report.summary).toMatchObject({ specsChecked: 2, specsBound: 1 });
  });
});

describe('options', () => {
  test('everySpecKinds takes the listed kinds from unbound specs', () => {
    const spec = `# Spec\n\n${ALL_KINDS}`;
    expect(items(spec, { everySpecKinds: ['log', 'env'] })).toEqual([
      ['log', 'api/logs/a.log'],
      ['env', 'FOO_BAR'],
    ]);
    expect(items(spec, { everySpecKinds: ['script', 'endpoint', 'env', 'log'] })).toEqual(ALL_FOUR);
  });

  test('everySpecKinds: [] takes nothing from unbound specs, everything from bound ones', () => {
    expect(items(`# Spec\n\n${ALL_KINDS}`, { everySpecKinds: [] })).toEqual([]);
    expect(items(`# Spec\n\n${BIND}${ALL_KINDS}`, { everySpecKinds: [] })).toEqual(ALL_FOUR);
  });

  test('kinds limits what is checked at all, even in bound specs', () => {
    const spec = `# Spec\n\n${BIND}${ALL_KINDS}`;
    expect(items(spec, { kinds: ['script', 'env'] })).toEqual([
      ['script', './scripts/x.sh'],
      ['env', 'FOO_BAR'],
    ]);
    expect(items(spec, { kinds: ['endpoint'] })).toEqual([['endpoint', 'GET /api/x']]);
    expect(run(spec, { kinds: ['log'] }).summary.byKind).toEqual({
      log: 1,
      script: 0,
      endpoint: 0,
      env: 0,
      file: 0,
      flag: 0,
      section: 0,
      waiver: 0,
    });
  });

  test('kinds and everySpecKinds combine', () => {
    expect(items(`# Spec\n\n${ALL_KINDS}`, { kinds: ['log', 'env'], everySpecKinds: ['env'] })).toEqual([
      ['env', 'FOO_BAR'],
    ]);
  });
});

describe('grouping of mentions', () => {
  test('one finding per item per spec, at the first mention, later mentions in otherMentions', () => {
    const spec = `# Spec\n\nWrites \`api/logs/a.log\`.\n\nAgain \`api/logs/a.log\` here.\n\n\`\`\`bash\ntail api/logs/a.log\n\`\`\`\n`;
    const f = run(spec).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'log', item: 'api/logs/a.log', line: 3, column: 9 });
    expect(f[0]!.otherMentions).toEqual([
      { raw: 'api/logs/a.log', line: 5, column: 8 },
      { raw: 'api/logs/a.log', line: 8, column: 6 },
    ]);
  });

  test('an item mentioned once has no other mentions', () => {
    expect(run('Writes `api/logs/a.log`.\n').findings[0]!.otherMentions).toEqual([]);
  });

  test('the same item in two specs is one finding in each', () => {
    const report = run([
      { path: 'specs/b.md', text: 'Writes `api/logs/x.log`.\n' },
      { path: 'specs/a.md', text: 'Writes `api/logs/x.log`.\n\nAnd `api/logs/x.log`.\n' },
    ]);
    expect(report.findings.map((f) => [f.file, f.item, f.otherMentions.length])).toEqual([
      ['specs/a.md', 'api/logs/x.log', 1],
      ['specs/b.md', 'api/logs/x.log', 0],
    ]);
  });

  test('a bare name and the full path in the same spec are one finding, named by the full path', () => {
    const spec =
      '# Spec\n\nRotate agent_runner.log daily.\n\nIt lives at `api/logs/agent_runner.log`.\n\nAgain agent_runner.log.\n';
    const f = run(spec).findings;
    expect(f.map((x) => [x.kind, x.item, x.canonical])).toEqual([
      ['log', 'api/logs/agent_runner.log', 'api/logs/agent_runner.log'],
    ]);
    // At the first mention (the bare name) ...
    expect(f[0]).toMatchObject({ line: 3, column: 8 });
    // ... with the later ones listed.
    expect(f[0]!.otherMentions).toEqual([
      { raw: 'api/logs/agent_runner.log', line: 5, column: 14 },
      { raw: 'agent_runner.log', line: 7, column: 7 },
    ]);
  });

  test('a bare name shared by two different full paths is not merged into either', () => {
    const spec = '# Spec\n\nSee agent_runner.log.\n\n- `api/logs/agent_runner.log`\n- `web/logs/agent_runner.log`\n';
    expect(items(spec)).toEqual([
      ['log', 'agent_runner.log'],
      ['log', 'api/logs/agent_runner.log'],
      ['log', 'web/logs/agent_runner.log'],
    ]);
  });

  test('different placeholder spellings of one path are one finding', () => {
    const f = run('Writes `api/logs/task_{id}.log`.\n\nSee also api/logs/task_*.log.\n').findings;
    expect(f.map((x) => [x.item, x.canonical])).toEqual([['api/logs/task_{id}.log', 'api/logs/task_{}.log']]);
    expect(f[0]!.otherMentions.map((m) => m.raw)).toEqual(['api/logs/task_*.log']);
  });
});

describe('ordering', () => {
  test('findings are ordered by file, then line, then column, whatever the input order', () => {
    const report = run([
      { path: 'specs/b.md', text: 'x `api/logs/b1.log`\n\n`api/logs/b0.log`\n' },
      { path: 'specs/a.md', text: `${BIND}x \`api/logs/a2.log\` and \`./scripts/a1.sh\`\n\n\`api/logs/a0.log\`\n` },
    ]);
    expect(report.findings.map((f) => [f.file, f.line, f.column, f.item])).toEqual([
      ['specs/a.md', 3, 4, 'api/logs/a2.log'],
      ['specs/a.md', 3, 26, './scripts/a1.sh'],
      ['specs/a.md', 5, 2, 'api/logs/a0.log'],
      ['specs/b.md', 1, 4, 'api/logs/b1.log'],
      ['specs/b.md', 3, 2, 'api/logs/b0.log'],
    ]);
  });

  test('the runbook is never checked as a spec', () => {
    const report = checkDocuments(
      [
        { path: 'docs/RUNBOOK.md', text: 'Writes `api/logs/z.log`.\n' },
        { path: 'specs/a.md', text: 'Writes `api/logs/a.log`.\n' },
      ],
      { path: 'docs/RUNBOOK.md', text: '# Runbook\n' },
    );
    expect(report.findings.map((f) => [f.file, f.item])).toEqual([['specs/a.md', 'api/logs/a.log']]);
    expect(report.summary.specsChecked).toBe(1);
  });
});
