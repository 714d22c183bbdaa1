/**
 * The text format, for people at a terminal: findings grouped by spec file, one
 * `line:col severity kind message rule` line each (ESLint-style), later mentions under a finding,
 * planned work apart after the drift, input problems, then one summary line. Colour is optional
 * and never moves a column.
 */
import { emptyCodeIndex, indexCodeFile } from '../../src/compare/code-index.js';
import { checkDocuments, formatReport, type Finding, type Report } from '../../src/index.js';
import { formatText } from '../../src/format/text.js';
import { A, B, CLEAN, clone, REPORT, RUNBOOK, SPECS } from './fixtures.js';

const plain = (report: Report): string => formatText(report, { color: false });
const coloured = (report: Report): string => formatText(report, { color: true });
const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
const lastLine = (text: string): string => text.trimEnd().split('\n').pop()!;

/** A finding line cut at its columns: position, severity, kind, then message and rule. */
function columns(line: string): { pos: string; severity: string; kind: string; rest: string } {
  expect(line.startsWith('  ')).toBe(true);
  // Each column ends in at least one space.
  for (const end of [10, 18, 27]) expect(line[end - 1]).toBe(' ');
  return {
    pos: line.slice(2, 10).trim(),
    severity: line.slice(10, 18).trim(),
    kind: line.slice(18, 27).trim(),
    rest: line.slice(27),
  };
}

const expectedLine = (f: Finding): ReturnType<typeof columns> => ({
  pos: `${f.line}:${f.column}`,
  severity: f.severity,
  kind: f.kind,
  rest: `${f.message}  ${f.rule}`,
});

const isFindingLine = (l: string): boolean => /^ {2}\d+:\d+ /.test(l);

/** A spec the code half knows: drift for what the code names, planned work for the rest. */
const PLANNED: Report = (() => {
  const index = emptyCodeIndex();
  indexCodeFile(index, 'api/app/worker.py', 'import os\nTTL = os.environ["QUEUE_TTL"]\n');
  const spec = {
    path: 'specs/w.md',
    text: '# Worker\n\nOperators follow docs/RUNBOOK.md.\n\n- Set `QUEUE_TTL` and `RETRY_LIMIT` in the environment.\n- Traces go to `api/logs/trace.log`.\n',
  };
  const runbook = { path: 'docs/RUNBOOK.md', text: '# Runbook\n\n## Log Locations\n\n- `api/logs/worker.log`\n' };
  const repository = { files: new Set(['api/app/worker.py']), makeTargets: new Map(), npmScripts: new Map() };
  return checkDocuments([spec], runbook, { codeIndex: index, repository, partial: true });
})();

describe('text', () => {
  const out = plain(REPORT);
  const lines = out.split('\n');

  it('groups findings under their spec file, one `line:col severity kind message rule` line each', () => {
    expect(lines[0]).toBe(A);
    expect(lines[1]).toBe(
      '  3:20    error   log      log path `api/logs/metrics.jsonl` is not in RUNBOOK.md; ' +
        'the runbook lists log paths under "Log Locations" (RUNBOOK.md:3)  undocumented-log',
    );
    // Headings are the unindented lines: each spec with findings once, in report order.
    expect(lines.filter((l) => l !== '' && !l.startsWith(' ')).slice(0, 2)).toEqual([A, B]);
    const findingLines = lines.filter(isFindingLine);
    expect(findingLines.map(columns)).toEqual(REPORT.findings.map(expectedLine));
    // Each finding sits under its own file's heading, before the next one.
    for (const f of REPORT.findings) {
      const at = lines.findIndex(
        (l) => l.startsWith(`  ${f.line}:${f.column} `) && l.endsWith(`${f.message}  ${f.rule}`),
      );
      expect(at).toBeGreaterThan(0);
      const heading = lines
        .slice(0, at)
        .filter((l) => l !== '' && !l.startsWith(' '))
        .pop();
      expect([f.item, heading]).toEqual([f.item, f.file]);
    }
    // A blank line closes each file's group.
    expect(lines[lines.indexOf(B) - 1]).toBe('');
  });

  it('shows warnings and info with their own severity word, in the same columns', () => {
    expect(columns(lines.find((l) => l.includes('QUEUE_TTL_HOURS'))!)).toMatchObject({
      severity: 'warning',
      kind: 'env',
    });
    expect(columns(lines.find((l) => l.includes('POST /api/jobs'))!)).toMatchObject({
      severity: 'info',
      kind: 'endpoint',
    });
  });

  it('keeps a space before the severity when the position is wider than its column', () => {
    const r = clone(REPORT);
    Object.assign(r.findings[0]!, { line: 12003, column: 160 });
    expect(plain(r)).toContain('\n  12003:160 error   log      log path `api/logs/metrics.jsonl`');
  });

  it('lists later mentions of the item under its finding', () => {
    const metrics = lines.indexOf(lines.find((l) => l.includes('`api/logs/metrics.jsonl`'))!);
    expect(lines[metrics + 1]).toBe(`${' '.repeat(10)}also mentioned at 6:25`);
    expect(lines.filter((l) => l.includes('also mentioned at'))).toHaveLength(
      REPORT.findings.filter((f) => f.otherMentions.length > 0).length,
    );
    const several = checkDocuments(
      [
        {
          path: 'specs/m.md',
          text: '# M\n\nWrites `api/logs/x.log`.\n\nAgain `api/logs/x.log` and `api/logs/x.log`.\n',
        },
      ],
      RUNBOOK,
    );
    expect(plain(several).split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^ {2}3:9 {5}error {3}log {6}log path `api\/logs\/x\.log` .* {2}undocumented-log$/),
      `${' '.repeat(10)}also mentioned at 5:8, 5:29`,
    ]);
  });

  it('lists planned work apart, after all the drift, with its count', () => {
    const { findings } = PLANNED;
    expect(findings.map((f) => [f.rule, f.item])).toEqual([
      ['undocumented-env', 'QUEUE_TTL'],
      ['planned-env', 'RETRY_LIMIT'],
      ['planned-log', 'api/logs/trace.log'],
    ]);
    const text = plain(PLANNED).split('\n');
    const header = text.indexOf(
      "Planned or internal work (2): not in the repository's code yet, or named only as files a change touches",
    );
    expect(header).toBeGreaterThan(0);
    expect(text[header + 1]).toBe('');
    const before = text.slice(0, header);
    const after = text.slice(header);
    expect(before.filter(isFindingLine).map((l) => columns(l).rest)).toEqual([
      expect.stringMatching(/QUEUE_TTL.*undocumented-env$/),
    ]);
    expect(after.filter(isFindingLine).map((l) => columns(l).rest)).toEqual([
      expect.stringMatching(/RETRY_LIMIT.*planned-env$/),
      expect.stringMatching(/trace\.log.*planned-log$/),
    ]);
    // The spec gets a heading in each part: its drift, then its planned work.
    expect(text.filter((l) => l === 'specs/w.md')).toHaveLength(2);
    expect(after[2]).toBe('specs/w.md');
    // Nothing planned, no such section.
    expect(out).not.toContain('Planned or internal work');
  });

  it('lists problems reading input after the findings, each with its code', () => {
    const start = lines.indexOf('Problems reading input:');
    expect(start).toBeGreaterThan(lines.map(isFindingLine).lastIndexOf(true));
    expect(lines[start + 1]).toBe(
      `  specs/c-broken.md:1:4  error  ${REPORT.diagnostics[0]!.message}  (frontmatter-language)`,
    );
    expect(lines[start + 2]).toBe('');
    expect(plain(CLEAN)).not.toContain('Problems reading input');
  });

  it("shows as much of a problem's position as is known, and says when the baseline accepts it", () => {
    const r = clone(CLEAN);
    r.diagnostics.push(
      { file: 'specs/x.md', line: 4, severity: 'warning', code: 'read-warning', message: 'no column' },
      { file: 'specs/y.md', column: 7, severity: 'warning', code: 'read-warning', message: 'a column but no line' },
      { file: 'specs', severity: 'error', code: 'read-error', message: 'unreadable', baselined: true },
    );
    r.summary.diagnostics = r.diagnostics.length;
    const text = plain(r).split('\n');
    expect(text.slice(0, 5)).toEqual([
      'Problems reading input:',
      '  specs/x.md:4  warning  no column  (read-warning)',
      '  specs/y.md  warning  a column but no line  (read-warning)',
      '  specs  error  unreadable  (read-error, accepted in the baseline)',
      '',
    ]);
  });

  describe('summary line', () => {
    it('no drift: only the scope', () => {
      expect(plain(CLEAN)).toBe('✔ no drift: 1 spec checked (0 bound to docs/RUNBOOK.md)\n');
    });

    it('findings: counted by kind, with the files they are in and the input problems', () => {
      expect(lastLine(out)).toBe(
        '✖ 5 findings (log 2, script 1, endpoint 1, env 1) in 2 files; 3 specs checked (1 bound to docs/RUNBOOK.md); 1 input problem',
      );
      expect(out.endsWith(`${lastLine(out)}\n`)).toBe(true);
    });

    it('one finding: singular words, only the kinds that have findings', () => {
      const one = checkDocuments([{ path: 'specs/m.md', text: '# M\n\nWrites `api/logs/x.log`.\n' }], RUNBOOK);
      expect(lastLine(plain(one))).toBe('✖ 1 finding (log 1) in 1 file; 1 spec checked (0 bound to docs/RUNBOOK.md)');
    });

    it('names every runbook of a set and counts suppressed findings', () => {
      const r = checkDocuments(SPECS, [RUNBOOK, { path: 'docs/ops.md', text: '# Ops\n' }], { ignore: ['env'] });
      expect(r.summary.suppressed).toBe(1);
      expect(lastLine(plain(r))).toBe(
        '✖ 4 findings (log 2, script 1, endpoint 1) in 2 files; 3 specs checked (1 bound to docs/RUNBOOK.md and docs/ops.md); ' +
          '1 suppressed; 1 input problem',
      );
    });

    it('no findings but a file that could not be read: the check is incomplete, not clean', () => {
      const r = checkDocuments(
        [SPECS[2]!, { path: 'specs/ok.md', text: '# OK\n\nWrites `api/logs/app.log`.\n' }],
        RUNBOOK,
      );
      expect(r.findings).toEqual([]);
      const text = plain(r);
      expect(lastLine(text)).toBe('✖ check incomplete: 1 input problem; 2 specs checked (0 bound to docs/RUNBOOK.md)');
      expect(text).not.toContain('no drift');
    });

    it('no findings and only a warning about the input: no drift, with the problem counted', () => {
      const r = checkDocuments(
        [{ path: 'specs/y.md', text: '---\nx: !!js/function "function(){}"\n---\n# Y\n' }],
        RUNBOOK,
      );
      expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'frontmatter-warning']]);
      const text = plain(r);
      expect(text).toContain('Problems reading input:\n  specs/y.md:2:1  warning  ');
      expect(lastLine(text)).toBe('✔ no drift: 1 spec checked (0 bound to docs/RUNBOOK.md); 1 input problem');
    });

    it('a baseline the change added to is called out just before it', () => {
      const r = { ...clone(CLEAN), baselineAdded: { file: '.sync-check-baseline.json', entries: 2 } };
      expect(plain(r).split('\n')).toEqual([
        'This pull request adds 2 entries to the baseline (.sync-check-baseline.json): the findings they match are not reported here. Review the baseline change like code.',
        '',
        '✔ no drift: 1 spec checked (0 bound to docs/RUNBOOK.md)',
        '',
      ]);
    });
  });

  describe('colour', () => {
    const reports = { REPORT, CLEAN, PLANNED };

    it('off: not one escape character', () => {
      for (const report of Object.values(reports)) expect(plain(report)).not.toContain('\u001b');
      expect(formatReport(REPORT, 'text', { color: false })).not.toContain('\u001b');
    });

    it('on: only SGR sequences, and the same text once they are stripped, so the columns line up', () => {
      for (const [name, report] of Object.entries(reports)) {
        const text = coloured(report);
        expect(text).toContain('\u001b[');
        expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
        expect({ name, text: stripAnsi(text) }).toEqual({ name, text: plain(report) });
      }
      const stripped = stripAnsi(coloured(REPORT)).split('\n');
      expect(stripped.filter(isFindingLine).map(columns)).toEqual(REPORT.findings.map(expectedLine));
    });

    it('on: each severity in its own colour', () => {
      const text = coloured(REPORT);
      const lineOf = (item: string): string => text.split('\n').find((l) => l.includes(`\`${item}\``))!;
      expect(lineOf('scripts/backfill.sh')).toContain('\u001b[31merror\u001b[39m');
      expect(lineOf('QUEUE_TTL_HOURS')).toContain('\u001b[33mwarning\u001b[39m');
      expect(lineOf('POST /api/jobs/{id}/retry')).toContain('\u001b[34minfo\u001b[39m');
    });
  });
});
