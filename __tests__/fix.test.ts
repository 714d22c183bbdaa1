/**
 * fixRunbook, the pure heart of `--fix`: from a report built by checkDocuments on small in-test
 * documents, the runbook with what it lacks added in its own style, and nothing else changed. The
 * property that matters most: after the edits, checking again finds nothing fixable. unifiedDiff
 * is held to the edits: its hunks, applied to the runbook as it was, give the fixed text.
 */
import { emptyCodeIndex, indexCodeFile } from '../src/compare/code-index.js';
import type { Repository } from '../src/compare/repository.js';
import { unifiedDiff } from '../src/fix/diff.js';
import { FIXABLE_RULES, fixRunbook, type FixResult, type RunbookEdit } from '../src/fix/index.js';
import { checkDocuments, type CheckDocumentsOptions, type Finding, type Report } from '../src/index.js';

const RUNBOOK = 'docs/RUNBOOK.md';
const BINDS = 'Operators follow docs/RUNBOOK.md.';

interface Doc {
  path: string;
  text: string;
}

/** A spec bound to the runbook, `body` after the sentence that binds it (line 5 on). */
const bound = (body: string, path = 'specs/a.md'): Doc => ({ path, text: `# Spec\n\n${BINDS}\n\n${body}\n` });

interface Fixed {
  report: Report;
  result: FixResult;
  /** The report of the same specs with the fixed runbook. */
  after: Report;
}

function fix(specs: readonly Doc[], text: string, options: CheckDocumentsOptions = {}): Fixed {
  const report = checkDocuments(specs, { path: RUNBOOK, text }, options);
  const texts = new Map(specs.map((s) => [s.path, s.text]));
  const result = fixRunbook(report, { path: RUNBOOK, text }, { specText: (file) => texts.get(file) });
  const after = checkDocuments(specs, { path: RUNBOOK, text: result.text }, options);
  return { report, result, after };
}

const fixable = (report: Report): Finding[] => report.findings.filter((f) => FIXABLE_RULES.has(f.rule));
const rulesOf = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.rule} ${f.item}`);
/** Every line the edits add, in order. */
const added = (result: FixResult): string[] => result.edits.flatMap((e) => e.lines);

/** The runbook's lines as the CLI gives them to unifiedDiff: BOM off, split on line ends, no last empty line. */
function linesOf(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Applies a unified diff of insertions only (context and `+` lines) to `before`, checking every context line. */
function applyInsertions(before: readonly string[], diff: string): string[] {
  const lines = diff.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.slice(0, 2)).toEqual([`--- a/${RUNBOOK}`, `+++ b/${RUNBOOK}`]);
  const out: string[] = [];
  let at = 0;
  let i = 2;
  while (i < lines.length) {
    const header = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[i]!);
    expect(header).not.toBeNull();
    const [oldStart, oldLength, newStart, newLength] = header!.slice(1).map(Number) as [number, number, number, number];
    const from = oldLength === 0 ? oldStart : oldStart - 1;
    // Lines between hunks are kept as they were.
    expect(from).toBeGreaterThanOrEqual(at);
    out.push(...before.slice(at, from));
    expect(newStart).toBe(oldLength === 0 && out.length === 0 ? 1 : out.length + 1);
    at = from;
    let oldSeen = 0;
    let newSeen = 0;
    for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
      const line = lines[i]!;
      if (line.startsWith('+')) {
        out.push(line.slice(1));
        newSeen++;
      } else {
        expect(line.startsWith(' ')).toBe(true);
        expect(line.slice(1)).toBe(before[at]);
        out.push(before[at]!);
        at++;
        oldSeen++;
        newSeen++;
      }
    }
    expect([oldSeen, newSeen]).toEqual([oldLength, newLength]);
  }
  out.push(...before.slice(at));
  return out;
}

describe('each kind the runbook lacks is added where it keeps that kind', () => {
  const spec = bound(
    [
      '- The worker writes `svc/logs/worker.log` on each run.',
      '- Run `scripts/rotate.sh` nightly to rotate old logs.',
      '- Set `API_TOKEN` to the deploy key.',
      '- The service answers `GET /api/health` for probes.',
    ].join('\n'),
  );
  const runbook = [
    '# Runbook',
    '',
    '## Logs',
    '',
    '| Path | Purpose |',
    '|---|---|',
    '| `svc/logs/api.log` | requests |',
    '',
    '## Endpoints',
    '',
    '| Endpoint | Purpose |',
    '|---|---|',
    '| `GET /api/status` | status page |',
    '',
    '## Scripts',
    '',
    '- `scripts/deploy.sh` — ships a release',
    '',
    '## Environment',
    '',
    '- `DB_URL` — the database',
    '',
    '## Escalation',
    '',
    'Page the on-call engineer.',
    '',
  ].join('\n');

  test('a log and an endpoint get a table row, a script and an env var a list entry; nothing fixable is left', () => {
    const { report, result, after } = fix([spec], runbook);
    expect(rulesOf(fixable(report))).toEqual([
      'undocumented-log svc/logs/worker.log',
      'undocumented-script scripts/rotate.sh',
      'undocumented-env API_TOKEN',
      'undocumented-endpoint GET /api/health',
    ]);
    expect(result.edits.map((e) => [e.before, e.how, e.lines])).toEqual([
      [7, 'table-row', ['| `svc/logs/worker.log` | The worker writes `svc/logs/worker.log` on each run. |']],
      [13, 'table-row', ['| `GET /api/health` | The service answers `GET /api/health` for probes. |']],
      [17, 'list-entry', ['- `scripts/rotate.sh` — Run `scripts/rotate.sh` nightly to rotate old logs.']],
      [21, 'list-entry', ['- `API_TOKEN` — Set `API_TOKEN` to the deploy key.']],
    ]);
    expect(result.fixed).toHaveLength(4);
    expect(result.left).toEqual([]);
    // The property that matters: checked again, the runbook lacks nothing a fix could add.
    expect(fixable(after)).toEqual([]);
    expect(after.findings).toEqual([]);
  });

  test('nothing but the new lines changes: the old lines are all there, in order', () => {
    const { result } = fix([spec], runbook);
    const fixedLines = result.text.split('\n');
    const newLines = new Set(added(result));
    expect(fixedLines.filter((l) => !newLines.has(l))).toEqual(runbook.split('\n'));
  });

  test('a numbered list counts on from its last entry, for each entry added', () => {
    const { result, after } = fix(
      [bound('- Run `scripts/a.sh` nightly.\n- Run `scripts/c.sh` weekly.')],
      '# Runbook\n\n## Scripts\n\n1. `scripts/b.sh` — b\n2. `scripts/d.sh` — d\n',
    );
    expect(result.edits).toEqual([
      {
        before: 6,
        how: 'list-entry',
        lines: ['3. `scripts/a.sh` — Run `scripts/a.sh` nightly.', '4. `scripts/c.sh` — Run `scripts/c.sh` weekly.'],
        fingerprints: result.fixed.map((f) => f.fingerprint),
      },
    ]);
    expect(fixable(after)).toEqual([]);
  });
});

describe('a new table row keeps the table style', () => {
  // The spec gives a short purpose in its own table, so padded cells can keep their widths.
  const spec = bound('| Path | Purpose |\n|---|---|\n| `svc/logs/jobs.log` | jobs |');
  const cases: Array<[string, string[], string]> = [
    [
      'leading and trailing pipes',
      ['| Path | Purpose |', '|---|---|', '| `svc/logs/api.log` | requests |'],
      '| `svc/logs/jobs.log` | jobs |',
    ],
    [
      'aligned columns: padded cells keep their widths',
      [
        '| Path                  | Purpose    |',
        '| --------------------- | ---------- |',
        '| `svc/logs/api.log`    | requests   |',
      ],
      '| `svc/logs/jobs.log`   | jobs       |',
    ],
    ['compact cells', ['|Path|Purpose|', '|---|---|', '|`svc/logs/api.log`|requests|'], '|`svc/logs/jobs.log`|jobs|'],
    [
      'the item in the second column',
      ['| Name | Path | Notes |', '|---|---|---|', '| api | `svc/logs/api.log` | requests |'],
      '|  | `svc/logs/jobs.log` | jobs |',
    ],
    [
      'a purpose column named "Description", not next to the item',
      ['| Path | Owner | Description |', '|---|---|---|', '| `svc/logs/api.log` | ops | requests |'],
      '| `svc/logs/jobs.log` |  | jobs |',
    ],
    [
      'an indented table',
      ['  | Path | Purpose |', '  |---|---|', '  | `svc/logs/api.log` | requests |'],
      '  | `svc/logs/jobs.log` | jobs |',
    ],
  ];

  test.each(cases)('%s', (_label, table, row) => {
    const runbook = ['# Runbook', '', '## Logs', '', ...table, '', '## Escalation', '', 'Page on-call.', ''].join('\n');
    const { result, after } = fix([spec], runbook);
    expect(result.edits.map((e) => [e.before, e.how, e.lines])).toEqual([[7, 'table-row', [row]]]);
    expect(result.text).toBe(runbook.replace(`${table[2]}\n`, `${table[2]}\n${row}\n`));
    expect(fixable(after)).toEqual([]);
  });

  test('an aligned table keeps the widths a longer purpose fits in, and lets the rest run over', () => {
    const { result } = fix(
      [bound('- The worker writes `svc/logs/jobs.log` on each run.')],
      '# Runbook\n\n| Path                  | Purpose    |\n| --------------------- | ---------- |\n| `svc/logs/api.log`    | requests   |\n',
    );
    expect(added(result)).toEqual(['| `svc/logs/jobs.log`   | The worker writes `svc/logs/jobs.log` on each run. |']);
  });
});

describe('line endings, BOM and the final newline are kept', () => {
  const spec = bound('- The worker writes `svc/logs/jobs.log` on each run.\n- Set `API_TOKEN` to the deploy key.');
  const lf = '# Runbook\n\n## Logs\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/api.log` | requests |\n';

  test('a CRLF runbook keeps CRLF on every line, the new ones included', () => {
    const crlf = lf.replace(/\n/g, '\r\n');
    const { result, after } = fix([spec], crlf);
    // A table row and a new section (blank lines, heading, entry): all of them end in CRLF.
    expect(result.edits.map((e) => e.how)).toEqual(['table-row', 'section']);
    expect(result.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(result.text.endsWith('\r\n')).toBe(true);
    expect(result.text).toBe(fix([spec], lf).result.text.replace(/\n/g, '\r\n'));
    expect(fixable(after)).toEqual([]);
  });

  test('a runbook starting with a BOM keeps it, once, and gets the same edits', () => {
    const { result, after } = fix([spec], `\uFEFF${lf}`);
    expect(result.text.startsWith('\uFEFF')).toBe(true);
    expect(result.text.slice(1)).not.toContain('\uFEFF');
    expect(result.text).toBe(`\uFEFF${fix([spec], lf).result.text}`);
    expect(fixable(after)).toEqual([]);
  });

  test('a final newline stays, and a runbook without one gets none', () => {
    const withNewline = fix([spec], lf).result.text;
    expect(withNewline.endsWith('- `API_TOKEN` — Set `API_TOKEN` to the deploy key.\n')).toBe(true);
    const without = fix([spec], lf.slice(0, -1));
    expect(without.result.text).toBe(withNewline.slice(0, -1));
    expect(fixable(without.after)).toEqual([]);
    // A table ending the text without a newline: the row goes after it, still with none at the end.
    const tableOnly = fix([bound('| Path | Purpose |\n|---|---|\n| `svc/logs/jobs.log` | jobs |')], lf.slice(0, -1));
    expect(tableOnly.result.text).toBe(`${lf}| \`svc/logs/jobs.log\` | jobs |`);
  });
});

describe('with no table or list of its kind, an item gets a new section', () => {
  const spec = bound(
    [
      '- The worker writes `svc/logs/worker.log` on each run.',
      '- Run `scripts/rotate.sh` nightly to rotate old logs.',
      '- Set `API_TOKEN` to the deploy key.',
      '- The service answers `GET /api/health` for probes.',
    ].join('\n'),
  );
  const sections = [
    '## Logs',
    '',
    '- `svc/logs/worker.log` — The worker writes `svc/logs/worker.log` on each run.',
    '',
    '## Scripts',
    '',
    '- `scripts/rotate.sh` — Run `scripts/rotate.sh` nightly to rotate old logs.',
    '',
    '## Environment Variables',
    '',
    '- `API_TOKEN` — Set `API_TOKEN` to the deploy key.',
    '',
    '## Endpoints',
    '',
    '- `GET /api/health` — The service answers `GET /api/health` for probes.',
  ];

  test('appended at the end, one per kind, after the last line that is not blank', () => {
    const { result, after } = fix([spec], '# Runbook\n\n## Escalation\n\nPage on-call.\n');
    expect(result.text).toBe(['# Runbook', '', '## Escalation', '', 'Page on-call.', '', ...sections, ''].join('\n'));
    expect(result.edits.map((e) => e.how)).toEqual(['section', 'section', 'section', 'section']);
    expect(fixable(after)).toEqual([]);
  });

  test('before a trailing "See also" section', () => {
    const runbook = '# Runbook\n\n## Escalation\n\nPage on-call.\n\n## See also\n\n- [Design](DESIGN.md)\n';
    const { result, after } = fix([spec], runbook);
    expect(result.text).toBe(
      [
        '# Runbook',
        '',
        '## Escalation',
        '',
        'Page on-call.',
        '',
        ...sections,
        '',
        '## See also',
        '',
        '- [Design](DESIGN.md)',
        '',
      ].join('\n'),
    );
    expect(fixable(after)).toEqual([]);
  });

  test('several items of one kind go under one new heading, in one edit', () => {
    const { result, after } = fix(
      [bound('- The worker writes `svc/logs/worker.log` on each run.\n- Alerts go to `svc/logs/alerts.jsonl`.')],
      '# Runbook\n\nIntro.\n',
    );
    expect(result.edits).toEqual([
      {
        before: 3,
        how: 'section',
        lines: [
          '',
          '## Logs',
          '',
          '- `svc/logs/worker.log` — The worker writes `svc/logs/worker.log` on each run.',
          '- `svc/logs/alerts.jsonl` — Alerts go to `svc/logs/alerts.jsonl`.',
        ],
        fingerprints: result.fixed.map((f) => f.fingerprint),
      },
    ]);
    expect(result.fixed).toHaveLength(2);
    expect(result.text.match(/^## Logs$/gm)).toHaveLength(1);
    expect(fixable(after)).toEqual([]);
  });

  test('the new heading takes the depth of the runbook’s sections', () => {
    const { result } = fix([bound('- Set `API_TOKEN` to the deploy key.')], '# Runbook\n\n### Ops\n\nText.\n');
    expect(result.text).toBe(
      '# Runbook\n\n### Ops\n\nText.\n\n### Environment Variables\n\n- `API_TOKEN` — Set `API_TOKEN` to the deploy key.\n',
    );
  });
});

describe('missing-section', () => {
  const ask: Doc = {
    path: 'specs/s.md',
    text: '---\nrunbook-sections:\n  - Rollback\n  - Backups\n---\n# Spec\n',
  };

  test('each required section gets a heading and a TODO naming where it was asked for', () => {
    const runbook = '# Runbook\n\n## Escalation\n\nPage on-call.\n\n## See also\n\n- [Design](DESIGN.md)\n';
    const { report, result, after } = fix([ask], runbook);
    expect(rulesOf(report.findings)).toEqual(['missing-section Rollback', 'missing-section Backups']);
    expect(result.text).toBe(
      [
        '# Runbook',
        '',
        '## Escalation',
        '',
        'Page on-call.',
        '',
        '## Rollback',
        '',
        'TODO: write this section (asked for by specs/s.md:3).',
        '',
        '## Backups',
        '',
        'TODO: write this section (asked for by specs/s.md:4).',
        '',
        '## See also',
        '',
        '- [Design](DESIGN.md)',
        '',
      ].join('\n'),
    );
    expect(result.edits.map((e) => [e.how, e.fingerprints])).toEqual([
      ['section', [report.findings[0]!.fingerprint]],
      ['section', [report.findings[1]!.fingerprint]],
    ]);
    expect(after.findings).toEqual([]);
  });

  test('a runbook with only its title gets second-level headings', () => {
    const { result, after } = fix(
      [{ path: 'specs/s.md', text: '---\nrunbook-sections: [Rollback]\n---\n# S\n' }],
      '# Runbook\n',
    );
    expect(result.text).toBe('# Runbook\n\n## Rollback\n\nTODO: write this section (asked for by specs/s.md:2).\n');
    expect(after.findings).toEqual([]);
  });
});

describe('purposes', () => {
  // A table of logs, so each case's purpose is the second cell of the one row added.
  const runbook = '# Runbook\n\n## Logs\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/api.log` | requests |\n';
  const purposeOf = (body: string): string => {
    const { result, after } = fix([bound(body)], runbook);
    expect(fixable(after)).toEqual([]);
    const rows = added(result);
    expect(rows).toHaveLength(1);
    return /^\| `svc\/logs\/jobs\.log` \| (.*) \|$/.exec(rows[0]!)![1]!;
  };

  test('from the sentence that names the item, not the sentences around it', () => {
    expect(purposeOf('Logs rotate daily. The worker writes `svc/logs/jobs.log` on each run. Nothing else.')).toBe(
      'The worker writes `svc/logs/jobs.log` on each run.',
    );
  });

  test('from a sentence wrapped over two lines, joined', () => {
    expect(
      purposeOf('The worker appends one line per job to\n`svc/logs/jobs.log` so operators can trace it. Next.'),
    ).toBe('The worker appends one line per job to `svc/logs/jobs.log` so operators can trace it.');
  });

  test("from a spec table's Purpose or Description column", () => {
    expect(purposeOf('| Path | Purpose |\n|---|---|\n| `svc/logs/jobs.log` | one line per job |')).toBe(
      'one line per job',
    );
    expect(
      purposeOf('| File | Owner | Description |\n|---|---|---|\n| `svc/logs/jobs.log` | ops | one line per job |'),
    ).toBe('one line per job');
  });

  const todo = 'TODO: describe it (named in specs/a.md:5)';
  test.each([
    ['names another item in a code span', 'The worker writes `svc/logs/jobs.log` and reads `svc/logs/api.log`.'],
    ['names an env var in a code span', 'The worker writes `svc/logs/jobs.log` when `DEBUG_MODE` is on.'],
    ['contains a link', 'The worker writes `svc/logs/jobs.log` (see [the guide](GUIDE.md)).'],
    ['contains a URL', 'The worker writes `svc/logs/jobs.log`, as https://example.com/logs says.'],
    ['says nothing besides the item', '- `svc/logs/jobs.log`'],
  ])('not taken when the sentence %s: a TODO names spec:line', (_label, body) => {
    expect(purposeOf(body)).toBe(todo);
  });

  test('not taken from inside a fenced code block', () => {
    expect(purposeOf('Inspect it:\n\n```bash\ntail -f svc/logs/jobs.log  # the jobs log\n```')).toBe(
      'TODO: describe it (named in specs/a.md:8)',
    );
    expect(purposeOf('~~~\ncat svc/logs/jobs.log\n~~~')).toBe('TODO: describe it (named in specs/a.md:6)');
  });

  test('a `|` in a purpose is escaped in the table cell, and the row keeps its two cells', () => {
    expect(purposeOf('The worker writes `svc/logs/jobs.log` as a | separated file.')).toBe(
      'The worker writes `svc/logs/jobs.log` as a \\| separated file.',
    );
  });

  test('a long purpose is cut with an ellipsis', () => {
    const purpose = purposeOf(`The worker writes \`svc/logs/jobs.log\` ${'and keeps on writing words '.repeat(8)}.`);
    expect(purpose.length).toBe(140);
    expect(purpose.endsWith('…')).toBe(true);
  });

  test('without a spec reader every purpose is a TODO', () => {
    const spec = bound('The worker writes `svc/logs/jobs.log` on each run.');
    const report = checkDocuments([spec], { path: RUNBOOK, text: runbook });
    const result = fixRunbook(report, { path: RUNBOOK, text: runbook });
    expect(added(result)).toEqual([`| \`svc/logs/jobs.log\` | ${todo} |`]);
  });
});

describe('what a fix never touches', () => {
  test('planned, stale and orphan findings are left for a person, with no edit', () => {
    const code = emptyCodeIndex();
    indexCodeFile(code, 'api/worker.py', 'import os\nTTL = os.environ["QUEUE_TTL"]\n');
    const repository: Repository = { files: new Set(['api/worker.py']), makeTargets: new Map(), npmScripts: new Map() };
    const spec = bound(
      [
        '- Set `QUEUE_TTL` in the environment.',
        '- Traces go to `api/logs/trace.log`.',
        '- Run `scripts/ship.sh` to ship.',
      ].join('\n'),
    );
    const runbook = [
      '# Runbook',
      '',
      '## Logs',
      '',
      '- `api/logs/worker.log`',
      '',
      'Settings live in `config/app.yml`.',
      'Run `scripts/old.sh` to clean up.',
      '',
    ].join('\n');
    const { report, result, after } = fix([spec], runbook, { codeIndex: code, repository });
    expect(rulesOf(report.findings).sort()).toEqual([
      'orphan-log api/logs/worker.log',
      'planned-log api/logs/trace.log',
      'planned-script scripts/ship.sh',
      'stale-file config/app.yml',
      'stale-script scripts/old.sh',
      'undocumented-env QUEUE_TTL',
    ]);
    expect(rulesOf(result.fixed)).toEqual(['undocumented-env QUEUE_TTL']);
    expect(rulesOf(result.left).sort()).toEqual([
      'orphan-log api/logs/worker.log',
      'planned-log api/logs/trace.log',
      'planned-script scripts/ship.sh',
      'stale-file config/app.yml',
      'stale-script scripts/old.sh',
    ]);
    for (const f of result.left) expect(FIXABLE_RULES.has(f.rule)).toBe(false);
    // The one edit answers the env var only; the planned items are not added, the stale ones not removed.
    expect(result.edits.map((e) => [e.how, e.fingerprints])).toEqual([['section', [result.fixed[0]!.fingerprint]]]);
    expect(added(result)).toEqual([
      '',
      '## Environment Variables',
      '',
      '- `QUEUE_TTL` — Set `QUEUE_TTL` in the environment.',
    ]);
    expect(result.text.startsWith(runbook.trimEnd())).toBe(true);
    expect(rulesOf(after.findings).sort()).toEqual(rulesOf(result.left).sort());
  });

  test('a report with only findings of other rules gives no edit and the same text', () => {
    const repository: Repository = { files: new Set(), makeTargets: new Map(), npmScripts: new Map() };
    const runbook = '# Runbook\n\n## Logs\n\n- `api/logs/legacy.log`\n';
    const { result } = fix([bound('Nothing to run.')], runbook, { repository });
    expect(rulesOf(result.left)).toEqual(['orphan-log api/logs/legacy.log']);
    expect(result).toMatchObject({ text: runbook, edits: [], fixed: [] });
  });

  test('the same item named by two specs gets one line, its edit answering both findings', () => {
    const specs = [
      bound('- The worker writes `svc/logs/jobs.log` on each run.'),
      bound('- The reaper also reads `svc/logs/jobs.log`.', 'specs/b.md'),
    ];
    const { report, result, after } = fix(specs, '# Runbook\n\n## Logs\n\n- `svc/logs/api.log` — requests\n');
    const findings = fixable(report);
    expect(findings.map((f) => [f.file, f.item])).toEqual([
      ['specs/a.md', 'svc/logs/jobs.log'],
      ['specs/b.md', 'svc/logs/jobs.log'],
    ]);
    expect(result.edits).toEqual([
      {
        before: 5,
        how: 'list-entry',
        lines: ['- `svc/logs/jobs.log` — The worker writes `svc/logs/jobs.log` on each run.'],
        fingerprints: findings.map((f) => f.fingerprint),
      },
    ]);
    expect(result.fixed).toHaveLength(2);
    expect(fixable(after)).toEqual([]);
  });
});

describe('idempotency: fixing the fixed runbook changes nothing', () => {
  const specs = [
    bound(
      [
        '- The worker writes `svc/logs/worker.log` on each run.',
        '- Alerts go to `svc/logs/alerts.jsonl` and `svc/logs/pages.jsonl`.',
        '- Run `scripts/rotate.sh` nightly.',
        '- Set `API_TOKEN` to the deploy key.',
        '- The service answers `GET /api/health` for probes.',
      ].join('\n'),
    ),
    { path: 'specs/s.md', text: '---\nrunbook-sections: [Rollback]\n---\n# S\n' },
  ];
  test.each([
    [
      'tables and lists',
      '# Runbook\n\n## Logs\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/api.log` | requests |\n\n## Scripts\n\n- `scripts/deploy.sh` — ships\n',
    ],
    ['new sections only', '# Runbook\n\nIntro.\n\n## See also\n\n- [Design](DESIGN.md)\n'],
    ['CRLF and a BOM', '\uFEFF# Runbook\r\n\r\n## Env\r\n\r\n- `DB_URL` — the database\r\n'],
    [
      'no final newline',
      '# Runbook\n\n## Endpoints\n\n| Endpoint | Purpose |\n|---|---|\n| `GET /api/status` | status |',
    ],
  ])('%s', (_label, runbook) => {
    const first = fix(specs, runbook);
    expect(first.result.edits.length).toBeGreaterThan(0);
    expect(fixable(first.after)).toEqual([]);
    const second = fix(specs, first.result.text);
    expect(second.result.edits).toEqual([]);
    expect(second.result.fixed).toEqual([]);
    expect(second.result.text).toBe(first.result.text);
  });
});

describe('unifiedDiff', () => {
  const spec = bound(
    [
      '- The worker writes `svc/logs/worker.log` on each run.',
      '- Set `API_TOKEN` to the deploy key.',
      '- Run `scripts/rotate.sh` nightly.',
    ].join('\n'),
  );
  const filler = Array.from({ length: 12 }, (_, i) => `Step ${i + 1}.`);
  const runbook = [
    '# Runbook',
    '',
    '## Logs',
    '',
    '| Path | Purpose |',
    '|---|---|',
    '| `svc/logs/api.log` | requests |',
    '',
    '## Procedure',
    '',
    ...filler,
    '',
    '## Scripts',
    '',
    '- `scripts/deploy.sh` — ships',
    '',
    '## Escalation',
    '',
    'Page on-call.',
    '',
  ].join('\n');

  test('applied to the runbook as it was, its hunks give the fixed text; edits far apart are two hunks', () => {
    const { result } = fix([spec], runbook);
    expect(result.edits.map((e) => [e.before, e.how])).toEqual([
      [7, 'table-row'],
      [26, 'list-entry'],
      [30, 'section'],
    ]);
    const before = linesOf(runbook);
    const diff = unifiedDiff(RUNBOOK, runbook, result.edits);
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
    expect(diff).toContain('\n@@ -5,6 +5,7 @@\n');
    expect(diff).toContain('\n@@ -24,7 +25,12 @@\n');
    expect(applyInsertions(before, diff)).toEqual(linesOf(result.text));
    // Every added line, and only those, is a `+` line.
    expect(
      diff
        .split('\n')
        .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
        .map((l) => l.slice(1)),
    ).toEqual(added(result));
  });

  test('edits near each other share a hunk', () => {
    const { result } = fix(
      [bound('- The worker writes `svc/logs/worker.log` on each run.\n- Set `API_TOKEN` to the deploy key.')],
      '# Runbook\n\n## Logs\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/api.log` | requests |\n\n## Env\n\n- `DB_URL` — the database\n',
    );
    expect(result.edits.map((e) => e.how)).toEqual(['table-row', 'list-entry']);
    const text =
      '# Runbook\n\n## Logs\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/api.log` | requests |\n\n## Env\n\n- `DB_URL` — the database\n';
    const before = linesOf(text);
    const diff = unifiedDiff(RUNBOOK, text, result.edits);
    expect(diff.match(/^@@ /gm)).toHaveLength(1);
    expect(applyInsertions(before, diff)).toEqual(linesOf(result.text));
  });

  test('a new file’s worth of lines after a one-line runbook, and no diff without edits', () => {
    const { result } = fix([spec], '# Runbook\n');
    const diff = unifiedDiff(RUNBOOK, '# Runbook\n', result.edits);
    expect(diff.startsWith(`--- a/${RUNBOOK}\n+++ b/${RUNBOOK}\n@@ -1,1 +1,`)).toBe(true);
    expect(applyInsertions(['# Runbook'], diff)).toEqual(linesOf(result.text));
    const none: RunbookEdit[] = [];
    expect(unifiedDiff(RUNBOOK, '# Runbook\n', none)).toBe('');
  });
});

describe('regressions found in review', () => {
  const logSpec = bound('- The worker writes `svc/logs/a.log` daily.');

  test('a table without outer pipes gets a row spaced like its own', () => {
    const { result } = fix([logSpec], '# R\n\nPath | Purpose\n---|---\n`svc/logs/b.log` | b\n');
    expect(added(result)).toEqual(['`svc/logs/a.log` | The worker writes `svc/logs/a.log` daily.']);
  });

  test('an escaped pipe in a spec table cell stays one escaped pipe', () => {
    const spec = bound('| Path | Purpose |\n|---|---|\n| `svc/logs/a.log` | a \\| b |');
    const { result } = fix([spec], '# R\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/b.log` | b |\n');
    expect(added(result)).toEqual(['| `svc/logs/a.log` | a \\| b |']);
  });

  test('a new list entry goes after the last item with its continuation lines and nested items', () => {
    const runbook = '# R\n\n- `scripts/b.sh` — b\n  runs as root.\n  - `scripts/c.sh` — c\n\n## Other\n\nText.\n';
    const { result } = fix([bound('- Run `scripts/a.sh` nightly.')], runbook);
    expect(result.text).toContain('  - `scripts/c.sh` — c\n- `scripts/a.sh` — Run `scripts/a.sh` nightly.\n\n## Other');
  });

  test('at the end of the text, a row or entry comes before a new section', () => {
    const runbook = '# R\n\n## Scripts\n\n- `scripts/b.sh` — b\n';
    const { result } = fix([bound('- Set `API_TOKEN` to the key.\n- Run `scripts/a.sh` nightly.')], runbook);
    expect(result.text).toBe(
      '# R\n\n## Scripts\n\n- `scripts/b.sh` — b\n- `scripts/a.sh` — Run `scripts/a.sh` nightly.\n\n## Environment Variables\n\n- `API_TOKEN` — Set `API_TOKEN` to the key.\n',
    );
  });

  test('lines keep their own endings in a runbook that mixes them', () => {
    const runbook = '# R\r\n\r\nIntro.\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/b.log` | b |\n';
    const { result } = fix([logSpec], runbook);
    expect(result.text.startsWith('# R\r\n\r\nIntro.\n\n| Path | Purpose |\n')).toBe(true);
  });

  /** Applies a unified diff the way `git apply` reads one: line endings and "no newline" markers included. */
  function applyDiff(text: string, diff: string): string {
    const before = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const lines = diff.split('\n').slice(2);
    lines.pop();
    const out: string[] = [];
    let at = 0;
    for (let i = 0; i < lines.length; i++) {
      const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(lines[i]!);
      if (header) {
        const from = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1;
        out.push(...before.slice(at, from));
        at = from;
        continue;
      }
      const line = lines[i]!;
      const ends = lines[i + 1] !== '\\ No newline at end of file';
      if (line.startsWith('\\')) continue;
      if (line.startsWith(' ') || line.startsWith('-')) {
        expect(before[at]).toBe(line.slice(1) + (ends ? '\n' : ''));
        at++;
      }
      if (line.startsWith(' ') || line.startsWith('+')) out.push(line.slice(1) + (ends ? '\n' : ''));
    }
    out.push(...before.slice(at));
    return out.join('');
  }

  test.each([
    ['CRLF', '# R\r\n\r\n| Path | Purpose |\r\n|---|---|\r\n| `svc/logs/b.log` | b |\r\n'],
    ['no final newline', '# R\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/b.log` | b |'],
    ['a BOM', '\uFEFF# R\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/b.log` | b |\n'],
    ['no final newline, text appended', '# R\n\nNothing listed yet.'],
  ])('the diff of a runbook with %s applies to it and gives the fixed text', (_, runbook) => {
    const { result } = fix([logSpec], runbook);
    expect(result.edits.length).toBeGreaterThan(0);
    const diff = unifiedDiff(RUNBOOK, runbook, result.edits);
    expect(applyDiff(runbook, diff)).toBe(result.text);
  });
});

describe('sections and rows the runbook already has', () => {
  test('a section of the new section’s title is used, not added again', () => {
    const runbook = '# R\n\n## Logs\n\nLogs are kept for a week.\n\n## Other\n\nText.\n';
    const { result, after } = fix([bound('- The worker writes `svc/logs/a.log` daily.')], runbook);
    expect(result.text).toBe(
      '# R\n\n## Logs\n\nLogs are kept for a week.\n\n- `svc/logs/a.log` — The worker writes `svc/logs/a.log` daily.\n\n## Other\n\nText.\n',
    );
    expect(fixable(after)).toEqual([]);
  });

  test('a ragged last row is not the model: the header’s columns are', () => {
    const runbook = '# R\n\n| Path | Purpose |\n|---|---|\n| `svc/logs/b.log` |\n';
    const { result } = fix([bound('- The worker writes `svc/logs/a.log` daily.')], runbook);
    expect(added(result)).toEqual(['| `svc/logs/a.log` | The worker writes `svc/logs/a.log` daily. |']);
  });
});

describe('a list item that holds a fenced block', () => {
  test('a new entry goes after the block, not between the item and it', () => {
    const runbook = '# R\n\n1. Run `scripts/b.sh`:\n   ```bash\n   scripts/b.sh --all\n   ```\n\n## Other\n\nText.\n';
    const { result } = fix([bound('- Run `scripts/a.sh` nightly.')], runbook);
    expect(result.text).toContain('   scripts/b.sh --all\n   ```\n2. `scripts/a.sh` — Run `scripts/a.sh` nightly.\n');
  });
});

describe('second review', () => {
  test('a required title with " / " in it is written whole, and a second run adds nothing', () => {
    const spec = { path: 'specs/s.md', text: '---\nrunbook-sections: [Backup / Restore]\n---\n# S\n' };
    const { result, after } = fix([spec], '# R\n\nIntro.\n');
    expect(added(result)).toContain('## Backup / Restore');
    expect(fixable(after)).toEqual([]);
  });

  test('a setext section of the new title is used', () => {
    const runbook = 'Runbook\n=======\n\nEnvironment Variables\n---------------------\n\nSet these in the unit file.\n';
    const { result } = fix([bound('- Set `API_TOKEN` to the deploy key.')], runbook);
    expect(result.text).toBe(`${runbook}\n- \`API_TOKEN\` — Set \`API_TOKEN\` to the deploy key.\n`);
  });

  test('headings inside an HTML comment are no section', () => {
    const runbook = '# R\n\n<!--\n## Environment Variables\nDraft\n-->\n\n## Maintenance\n\nText.\n';
    const { result } = fix([bound('- Set `API_TOKEN` to the deploy key.')], runbook);
    expect(
      result.text.endsWith('## Environment Variables\n\n- `API_TOKEN` — Set `API_TOKEN` to the deploy key.\n'),
    ).toBe(true);
    expect(result.text).toContain('<!--\n## Environment Variables\nDraft\n-->');
  });

  test('a new entry goes after a lazy continuation line of the last item', () => {
    const runbook = '# R\n\n- `scripts/b.sh` — b\nand more about b.\n\n## Other\n\nText.\n';
    const { result } = fix([bound('- Run `scripts/a.sh` nightly.')], runbook);
    expect(result.text).toContain('and more about b.\n- `scripts/a.sh` — Run `scripts/a.sh` nightly.\n');
  });

  test('a purpose that repeats its item before a dash loses the repetition', () => {
    const { result } = fix(
      [bound('- `scripts/a.sh` — rotates old logs.')],
      '# R\n\n## Scripts\n\n- `scripts/b.sh` — b\n',
    );
    expect(added(result)).toEqual(['- `scripts/a.sh` — rotates old logs.']);
  });
});
