/**
 * Suppression: ignore selectors, inline comments in specs, and waivers, through checkDocuments
 * options and through the CLI with a config file.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkDocuments, type CheckDocumentsOptions } from '../src/core/check-documents.js';
import type { Finding, Report, SourceDocument, SuppressedFinding, Waiver } from '../src/types.js';
import { STACK_FRAME, run, runJson, repo } from './support/harness.js';

const RUNBOOK_TEXT = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n- `svc/logs/api.log`\n';
const RUNBOOK: SourceDocument = { path: 'docs/RUNBOOK.md', text: RUNBOOK_TEXT };
const BOUND = '# A\n\nFollow docs/RUNBOOK.md.\n\n';

/** A bound spec with items of every kind the runbook lacks; canonical and raw differ for the dev script. */
const MIXED =
  BOUND +
  '```sh\ncd api && ./scripts/dev_reset.sh --force\n```\n\n' + // line 6: raw ./scripts/dev_reset.sh, canonical api/scripts/dev_reset.sh
  '- Run `api/scripts/deploy.sh` nightly.\n' + // 9
  '- Serves `GET /api/users/:id`.\n' + // 10
  '- Set `LOG_LEVEL`, `LOG_FORMAT` and `API_TOKEN` in the environment.\n' + // 11
  '- Writes `svc/logs/a.log`.\n'; // 12

const check = (text: string, options: CheckDocumentsOptions = {}, file = 'specs/a.md'): Report =>
  checkDocuments([{ path: file, text }], RUNBOOK, options);
const items = (list: readonly Finding[]): string[] => list.map((f) => f.item).sort();
const brief = (f: Finding): [string, string, number] => [f.rule, f.item, f.line];

describe('the unsuppressed report the other tests start from', () => {
  test('every item of MIXED is a finding, nothing suppressed', () => {
    const r = check(MIXED);
    expect(r.findings.map(brief)).toEqual([
      ['undocumented-script', './scripts/dev_reset.sh', 6],
      ['undocumented-script', 'api/scripts/deploy.sh', 9],
      ['undocumented-endpoint', 'GET /api/users/:id', 10],
      ['undocumented-env', 'LOG_LEVEL', 11],
      ['undocumented-env', 'LOG_FORMAT', 11],
      ['undocumented-env', 'API_TOKEN', 11],
      ['undocumented-log', 'svc/logs/a.log', 12],
    ]);
    expect(r.findings.find((f) => f.item === './scripts/dev_reset.sh')!.canonical).toBe('api/scripts/dev_reset.sh');
    expect(r.suppressed).toEqual([]);
    expect(r.summary.suppressed).toBe(0);
  });
});

describe('ignore selectors (checkDocuments options)', () => {
  const ALL = [
    './scripts/dev_reset.sh',
    'API_TOKEN',
    'GET /api/users/:id',
    'LOG_FORMAT',
    'LOG_LEVEL',
    'api/scripts/deploy.sh',
    'svc/logs/a.log',
  ];
  const cases: Array<[string, string[]]> = [
    ['log', ['svc/logs/a.log']],
    ['env', ['API_TOKEN', 'LOG_FORMAT', 'LOG_LEVEL']],
    ['undocumented-script', ['./scripts/dev_reset.sh', 'api/scripts/deploy.sh']],
    ['undocumented-endpoint', ['GET /api/users/:id']],
    // rule-or-kind:pattern; the pattern matches the canonical item …
    ['script:api/scripts/dev_*', ['./scripts/dev_reset.sh']],
    ['undocumented-script:api/scripts/dev_*', ['./scripts/dev_reset.sh']],
    // … or the item as written.
    ['script:./scripts/dev_*', ['./scripts/dev_reset.sh']],
    ['env:LOG_*', ['LOG_FORMAT', 'LOG_LEVEL']],
    ['*:LOG_*', ['LOG_FORMAT', 'LOG_LEVEL']],
    ['*:*/scripts/*', ['./scripts/dev_reset.sh', 'api/scripts/deploy.sh']],
    ['endpoint:GET /api/users/{}', ['GET /api/users/:id']],
    ['env:LOG_LEVE?', ['LOG_LEVEL']],
    // `*` spans slashes.
    ['log:svc*', ['svc/logs/a.log']],
    // The pattern must match the whole item.
    ['env:LOG', []],
    ['log:logs/a.log', []],
    // The scope must match the rule or the kind.
    ['log:*LOG_*', []],
    ['undocumented-env:api/*', []],
  ];

  test.each(cases)('%s', (selector, ignored) => {
    const r = check(MIXED, { ignore: [selector] });
    expect(items(r.suppressed)).toEqual([...ignored].sort());
    expect(items(r.findings)).toEqual(ALL.filter((i) => !ignored.includes(i)).sort());
    for (const s of r.suppressed) {
      expect(s.suppression.kind).toBe('ignore');
      expect(s.suppression.justification).toContain(selector);
    }
    expect(r.summary.suppressed).toBe(ignored.length);
    expect(r.summary.findings).toBe(ALL.length - ignored.length);
  });

  test('several selectors: each finding is suppressed once, by the first that matches', () => {
    const r = check(MIXED, { ignore: ['env:LOG_*', 'env', 'log'] });
    expect(items(r.findings)).toEqual(['./scripts/dev_reset.sh', 'GET /api/users/:id', 'api/scripts/deploy.sh']);
    expect(r.suppressed).toHaveLength(4);
    expect(r.summary.suppressed).toBe(4);
    const why = Object.fromEntries(r.suppressed.map((s) => [s.item, s.suppression.justification]));
    expect(why.LOG_LEVEL).toContain('env:LOG_*');
    expect(why.API_TOKEN).toContain('"env"');
    expect(why['svc/logs/a.log']).toContain('"log"');
  });

  test('a suppressed finding keeps its rule, location and fingerprint', () => {
    const plain = check(MIXED).findings.find((f) => f.item === 'svc/logs/a.log')!;
    const s = check(MIXED, { ignore: ['log'] }).suppressed[0]!;
    const { suppression, ...rest } = s;
    expect(suppression.kind).toBe('ignore');
    expect(rest).toEqual(plain);
  });
});

describe('ignore selectors through the CLI and a config file', () => {
  test('ignored findings are in report.suppressed, counted in summary.suppressed, and do not fail the run', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': MIXED,
      'sync-check.config.yaml':
        'ignore:\n  - log\n  - undocumented-script\n  - "*:LOG_*"\n  - endpoint\n  - env:API_*\n',
    });
    const { code, report, stderr } = await runJson([], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(7);
    expect(report.suppressed.every((s) => s.suppression.kind === 'ignore')).toBe(true);
    expect(report.summary.suppressed).toBe(7);
    expect(report.summary.findings).toBe(0);
  });

  test('script:api/scripts/dev_* leaves other scripts reported', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': MIXED,
      'sync-check.config.json': '{ "ignore": ["script:api/scripts/dev_*"], "kinds": ["script"] }\n',
    });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(1);
    expect(items(report.findings)).toEqual(['api/scripts/deploy.sh']);
    expect(report.suppressed.map((s) => [s.item, s.suppression.kind])).toEqual([['./scripts/dev_reset.sh', 'ignore']]);
    expect(report.summary.suppressed).toBe(1);
  });

  test('the text report says how many findings were suppressed', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': MIXED,
      'sync-check.config.yaml': 'ignore: [env]\n',
    });
    const r = await run(['--no-color'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('LOG_LEVEL');
    expect(r.stdout).toMatch(/3 suppressed/);
  });
});

describe('inline comments in a spec', () => {
  const inline = (r: Report): Array<[string, number, string]> =>
    r.suppressed.map((s) => [s.item, s.line, s.suppression.kind]);

  test('<!-- sync-check-ignore-next-line --> silences the line after it, and only that line', () => {
    const r = check(
      `${BOUND}<!-- sync-check-ignore-next-line -->\nWrites \`svc/logs/a.log\`.\nWrites \`svc/logs/b.log\`.\n`,
    );
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/b.log', 7]]);
    expect(inline(r)).toEqual([['svc/logs/a.log', 6, 'inline']]);
    expect(r.suppressed[0]!.suppression.justification).toContain('sync-check-ignore-next-line');
    expect(r.summary.suppressed).toBe(1);
  });

  test('ignore-next-line at the end of a line silences the next line of the same paragraph', () => {
    const r = check(
      `${BOUND}Writes \`svc/logs/a.log\`. <!-- sync-check-ignore-next-line -->\nWrites \`svc/logs/b.log\`.\n`,
    );
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 5]]);
    expect(inline(r)).toEqual([['svc/logs/b.log', 6, 'inline']]);
  });

  test('<!-- sync-check-ignore-line --> at the end of a line silences that line', () => {
    const r = check(`${BOUND}Writes \`svc/logs/a.log\`. <!-- sync-check-ignore-line -->\nWrites \`svc/logs/b.log\`.\n`);
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/b.log', 6]]);
    expect(inline(r)).toEqual([['svc/logs/a.log', 5, 'inline']]);
  });

  test('<!-- sync-check-ignore-line --> at the start of a line silences that line: the item is suppressed, not lost', () => {
    const r = check(
      `${BOUND}<!-- sync-check-ignore-line --> Writes \`svc/logs/a.log\`.\n\nWrites \`svc/logs/b.log\`.\n`,
    );
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/b.log', 7]]);
    expect(inline(r)).toEqual([['svc/logs/a.log', 5, 'inline']]);
  });

  test('an ordinary comment at the start of a line does not hide the item after it', () => {
    const r = check(`${BOUND}<!-- TODO: ask ops --> Writes \`svc/logs/a.log\`.\n`);
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 5]]);
  });

  test('<!-- sync-check-disable --> … <!-- sync-check-enable --> silences everything between, across blocks and sections', () => {
    const text =
      `${BOUND}Writes \`svc/logs/before.log\`.\n\n` + // 5
      '<!-- sync-check-disable -->\n\n' + // 7
      'Writes `svc/logs/a.log`.\n\n' + // 9
      '## Ops\n\n' +
      '- Set `A_TOKEN` to the API key.\n\n' + // 13
      '<!-- sync-check-enable -->\n\n' + // 15
      'Writes `svc/logs/after.log`.\n'; // 17
    const r = check(text);
    expect(r.findings.map(brief)).toEqual([
      ['undocumented-log', 'svc/logs/before.log', 5],
      ['undocumented-log', 'svc/logs/after.log', 17],
    ]);
    expect(inline(r).sort()).toEqual([
      ['A_TOKEN', 13, 'inline'],
      ['svc/logs/a.log', 9, 'inline'],
    ]);
    expect(r.summary.suppressed).toBe(2);
  });

  test('a disable without an enable lasts to the end of the spec', () => {
    const r = check(
      `${BOUND}Writes \`svc/logs/before.log\`.\n\n<!-- sync-check-disable -->\n\nWrites \`svc/logs/a.log\`.\n\n## Later\n\nWrites \`svc/logs/b.log\`.\n`,
    );
    expect(items(r.findings)).toEqual(['svc/logs/before.log']);
    expect(items(r.suppressed)).toEqual(['svc/logs/a.log', 'svc/logs/b.log']);
  });

  test('a directive with a rule selector silences only that rule', () => {
    const r = check(
      `${BOUND}<!-- sync-check-ignore-next-line undocumented-env -->\nWrites \`svc/logs/a.log\` unless \`LOG_LEVEL\` is set in the environment.\n`,
    );
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 6]]);
    expect(inline(r)).toEqual([['LOG_LEVEL', 6, 'inline']]);
    expect(r.suppressed[0]!.suppression.justification).toContain('undocumented-env');
  });

  test('a directive with a kind:pattern selector silences only the items it matches', () => {
    const text =
      `${BOUND}<!-- sync-check-disable env:LOG_* -->\n\n` +
      'Set `LOG_LEVEL` and `API_TOKEN` in the environment; it writes `svc/logs/a.log`.\n\n' + // 7
      '<!-- sync-check-enable -->\n\n' +
      'Set `LOG_FORMAT` in the environment.\n'; // 11
    const r = check(text);
    expect(r.findings.map(brief).sort()).toEqual([
      ['undocumented-env', 'API_TOKEN', 7],
      ['undocumented-env', 'LOG_FORMAT', 11],
      ['undocumented-log', 'svc/logs/a.log', 7],
    ]);
    expect(inline(r)).toEqual([['LOG_LEVEL', 7, 'inline']]);
  });

  test('several selectors in one directive', () => {
    const r = check(
      `${BOUND}Set \`LOG_LEVEL\` and \`API_TOKEN\` in the environment; it writes \`svc/logs/a.log\`. <!-- sync-check-ignore-line env:LOG_* log -->\n`,
    );
    expect(items(r.findings)).toEqual(['API_TOKEN']);
    expect(items(r.suppressed)).toEqual(['LOG_LEVEL', 'svc/logs/a.log']);
  });

  test('an item mentioned twice with only the first mention silenced is reported at the second mention', () => {
    const text = `${BOUND}Writes \`svc/logs/a.log\`. <!-- sync-check-ignore-line -->\n\nLater it rotates \`svc/logs/a.log\` again.\n`;
    const plain = check(text.replace(' <!-- sync-check-ignore-line -->', ''));
    expect(plain.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 5]]);
    const r = check(text);
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 7]]);
    expect(r.findings[0]!.otherMentions).toEqual([]);
    expect(r.suppressed).toEqual([]);
    expect(r.summary.suppressed).toBe(0);
  });

  test('an item whose every mention is silenced goes to report.suppressed, once, with kind inline', () => {
    const text =
      `${BOUND}<!-- sync-check-ignore-next-line -->\nWrites \`svc/logs/a.log\`.\n\n` +
      'Later it rotates `svc/logs/a.log` again. <!-- sync-check-ignore-line log -->\n';
    const r = check(text);
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toHaveLength(1);
    const s = r.suppressed[0]! as SuppressedFinding;
    expect([s.rule, s.item, s.suppression.kind]).toEqual(['undocumented-log', 'svc/logs/a.log', 'inline']);
    expect(s.suppression.justification).toMatch(/sync-check-ignore/);
    expect(r.summary).toMatchObject({ findings: 0, suppressed: 1 });
  });

  test('a directive inside a fenced code block is code, not a directive: the item is still reported', () => {
    const text = `${BOUND}\`\`\`sh\n<!-- sync-check-ignore-next-line -->\ntail -f svc/logs/a.log\n\`\`\`\n`;
    const r = check(text);
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 7]]);
    expect(r.suppressed).toEqual([]);
  });

  test('a disable inside a fenced code block does not silence the prose after it', () => {
    const text = `${BOUND}\`\`\`html\n<!-- sync-check-disable -->\n\`\`\`\n\nWrites \`svc/logs/a.log\`.\n`;
    const r = check(text);
    expect(r.findings.map(brief)).toEqual([['undocumented-log', 'svc/logs/a.log', 9]]);
    expect(r.suppressed).toEqual([]);
  });

  test('a directive inside an indented code block or inline code is not a directive either', () => {
    const indented = check(`${BOUND}    <!-- sync-check-ignore-next-line -->\n    tail -f svc/logs/a.log\n`);
    expect(items(indented.findings)).toEqual(['svc/logs/a.log']);
    expect(indented.suppressed).toEqual([]);
    const code = check(
      `${BOUND}Write \`<!-- sync-check-disable -->\` to silence a block.\n\nWrites \`svc/logs/a.log\`.\n`,
    );
    expect(items(code.findings)).toEqual(['svc/logs/a.log']);
    expect(code.suppressed).toEqual([]);
  });

  test('an unrelated comment or a misspelt directive silences nothing', () => {
    for (const comment of [
      '<!-- ignore-next-line -->',
      '<!-- sync-check-ignore-nextline -->',
      '<!-- sync-check: ignore-next-line -->',
    ]) {
      const r = check(`${BOUND}${comment}\nWrites \`svc/logs/a.log\`.\n`);
      expect(items(r.findings)).toEqual(['svc/logs/a.log']);
      expect(r.suppressed).toEqual([]);
    }
  });

  test('inline comments work through the CLI: exit 0 when every finding is silenced', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': `${BOUND}<!-- sync-check-ignore-next-line -->\nWrites \`svc/logs/a.log\`.\n`,
    });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.file, s.item, s.suppression.kind])).toEqual([
      ['specs/a.md', 'svc/logs/a.log', 'inline'],
    ]);
    expect(report.summary.suppressed).toBe(1);
  });
});

describe('waivers (checkDocuments options)', () => {
  const SOURCE = { file: 'sync-check.config.yaml', line: 7, column: 1 };
  const waiver = (over: Partial<Waiver> = {}): Waiver => ({
    item: 'svc/logs/a.log',
    owner: 'alice',
    reason: 'moving to the ops repo',
    expiresAt: '2026-01-01',
    source: SOURCE,
    ...over,
  });
  const SPEC = `${BOUND}Writes \`svc/logs/a.log\` and \`svc/logs/b.log\`.\n`;
  const BEFORE = new Date('2025-06-01T00:00:00Z');
  const AFTER = new Date('2030-01-01T00:00:00Z');

  test('a live waiver suppresses the finding, with owner and reason in the justification', () => {
    const r = check(SPEC, { waivers: [waiver()], now: BEFORE });
    expect(items(r.findings)).toEqual(['svc/logs/b.log']);
    expect(r.suppressed).toHaveLength(1);
    const s = r.suppressed[0]!;
    expect([s.item, s.suppression.kind]).toEqual(['svc/logs/a.log', 'waiver']);
    expect(s.suppression.justification).toContain('alice');
    expect(s.suppression.justification).toContain('moving to the ops repo');
    expect(r.summary.suppressed).toBe(1);
  });

  test('an expired waiver stops suppressing: the finding is reported, and so is a waiver-expired error at the waiver', () => {
    const r = check(SPEC, { waivers: [waiver()], now: AFTER });
    expect(r.suppressed).toEqual([]);
    expect(r.findings.map((f) => [f.rule, f.kind, f.item, f.severity, f.file, f.line])).toEqual(
      expect.arrayContaining([
        ['undocumented-log', 'log', 'svc/logs/a.log', 'error', 'specs/a.md', 5],
        ['waiver-expired', 'waiver', 'svc/logs/a.log', 'error', 'sync-check.config.yaml', 7],
      ]),
    );
    expect(r.findings).toHaveLength(3);
    const expired = r.findings.find((f) => f.rule === 'waiver-expired')!;
    expect(expired.message).toContain('2026-01-01');
    expect(expired.message).toContain('alice');
    expect(r.summary.byKind.waiver).toBe(1);
    expect(r.findings.some((f) => f.rule === 'waiver-stale')).toBe(false);
  });

  test('an expired waiver that no longer matches anything is still reported as expired', () => {
    const r = check(`${BOUND}Writes \`svc/logs/b.log\`.\n`, { waivers: [waiver()], now: AFTER });
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['undocumented-log', 'waiver-expired']);
  });

  test('a waiver that matches nothing is waiver-stale, a warning at the waiver', () => {
    const r = check(SPEC, { waivers: [waiver({ item: 'svc/logs/gone.log' })], now: BEFORE });
    expect(items(r.findings)).toEqual(['svc/logs/a.log', 'svc/logs/b.log', 'svc/logs/gone.log']);
    const stale = r.findings.find((f) => f.rule === 'waiver-stale')!;
    expect([stale.kind, stale.severity, stale.file, stale.line]).toEqual([
      'waiver',
      'warning',
      'sync-check.config.yaml',
      7,
    ]);
    expect(r.suppressed).toEqual([]);
  });

  test('expires_at as a day lasts to the end of that day, UTC', () => {
    const lastMoment = check(SPEC, { waivers: [waiver()], now: new Date('2026-01-01T23:59:59.999Z') });
    expect(lastMoment.suppressed.map((s) => s.suppression.kind)).toEqual(['waiver']);
    expect(lastMoment.findings.some((f) => f.rule === 'waiver-expired')).toBe(false);
    const nextDay = check(SPEC, { waivers: [waiver()], now: new Date('2026-01-02T00:00:00.000Z') });
    expect(nextDay.suppressed).toEqual([]);
    expect(nextDay.findings.map((f) => f.rule)).toContain('waiver-expired');
  });

  test('expires_at with a time expires at that time', () => {
    const w = waiver({ expiresAt: '2026-01-01T12:00:00Z' });
    expect(check(SPEC, { waivers: [w], now: new Date('2026-01-01T11:59:59Z') }).suppressed).toHaveLength(1);
    expect(check(SPEC, { waivers: [w], now: new Date('2026-01-01T12:00:01Z') }).suppressed).toHaveLength(0);
  });

  test('rule and file narrow what a waiver covers', () => {
    const otherRule = check(SPEC, { waivers: [waiver({ rule: 'undocumented-env' })], now: BEFORE });
    expect(otherRule.suppressed).toEqual([]);
    expect(otherRule.findings.map((f) => f.rule)).toContain('waiver-stale');

    const byKind = check(SPEC, { waivers: [waiver({ rule: 'log' })], now: BEFORE });
    expect(items(byKind.suppressed)).toEqual(['svc/logs/a.log']);

    const otherFile = check(SPEC, { waivers: [waiver({ file: 'specs/b.md' })], now: BEFORE });
    expect(otherFile.suppressed).toEqual([]);

    const thisFile = check(SPEC, { waivers: [waiver({ file: 'specs/*.md', item: 'svc/logs/*' })], now: BEFORE });
    expect(items(thisFile.suppressed)).toEqual(['svc/logs/a.log', 'svc/logs/b.log']);
    expect(thisFile.findings).toEqual([]);
  });
});

describe('waivers through the CLI and a config file', () => {
  const SPEC = `${BOUND}Writes \`svc/logs/a.log\`.\n`;
  const CONFIG =
    '# waivers\n' + // 1
    'waivers:\n' + // 2
    '  - rule: undocumented-log\n' + // 3: the waiver starts here
    '    item: svc/logs/a.log\n' +
    '    owner: alice\n' +
    '    reason: moving to the ops repo\n' +
    '    expires_at: 2026-01-01\n';

  const waiverRepo = (): Promise<string> =>
    repo({ 'docs/RUNBOOK.md': RUNBOOK_TEXT, 'specs/a.md': SPEC, 'sync-check.config.yaml': CONFIG });

  test('before expiry: exit 0, the finding suppressed by the waiver', async () => {
    const { code, report } = await runJson(['--now', '2025-12-31'], await waiverRepo());
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.item, s.suppression.kind])).toEqual([['svc/logs/a.log', 'waiver']]);
    expect(report.suppressed[0]!.suppression.justification).toMatch(
      /alice.*moving to the ops repo|moving to the ops repo.*alice/,
    );
    expect(report.summary.suppressed).toBe(1);
  });

  test('on the day itself the waiver still holds', async () => {
    expect((await run(['--now', '2026-01-01'], await waiverRepo())).code).toBe(0);
    expect((await run(['--now', '2026-01-01T23:59:00Z'], await waiverRepo())).code).toBe(0);
  });

  test("--now 2030-01-01: exit 1, the finding and a waiver-expired error at the waiver's line in the config", async () => {
    const { code, report } = await runJson(['--now', '2030-01-01'], await waiverRepo());
    expect(code).toBe(1);
    expect(report.suppressed).toEqual([]);
    expect(report.findings.map((f) => [f.rule, f.kind, f.severity, f.file, f.line])).toEqual([
      ['undocumented-log', 'log', 'error', 'specs/a.md', 5],
      ['waiver-expired', 'waiver', 'error', 'sync-check.config.yaml', 3],
    ]);
  });

  test('a waiver in a JSON config is located at its own line', async () => {
    const json =
      '{\n  "waivers": [\n    {\n      "item": "svc/logs/a.log",\n      "owner": "alice",\n      "reason": "r",\n      "expires_at": "2026-01-01"\n    }\n  ]\n}\n';
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK_TEXT, 'specs/a.md': SPEC, 'sync-check.config.json': json });
    const { report } = await runJson(['--now', '2030-01-01'], dir);
    const expired = report.findings.find((f) => f.rule === 'waiver-expired')!;
    expect([expired.file, expired.line]).toEqual(['sync-check.config.json', 3]);
  });

  test('a stale waiver is a warning: exit 0, but --max-warnings 0 fails; rules can turn it off', async () => {
    const config = CONFIG.replace('svc/logs/a.log', 'svc/logs/gone.log');
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': `${BOUND}Nothing to see.\n`,
      'sync-check.config.yaml': config,
    });
    const { code, report } = await runJson(['--now', '2025-06-01'], dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.severity, f.file, f.line])).toEqual([
      ['waiver-stale', 'warning', 'sync-check.config.yaml', 3],
    ]);
    expect((await run(['--now', '2025-06-01', '--max-warnings', '0'], dir)).code).toBe(1);

    await fs.writeFile(path.join(dir, 'sync-check.config.yaml'), `${config}rules:\n  waiver-stale: off\n`);
    const off = await runJson(['--now', '2025-06-01', '--max-warnings', '0'], dir);
    expect(off.code).toBe(0);
    expect(off.report.findings).toEqual([]);
  });

  test('a bad --now is a usage error', async () => {
    const r = await run(['--now', 'tomorrow-ish'], await waiverRepo());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--now');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
