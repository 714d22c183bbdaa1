/**
 * Integration test over the bundled example repository (specs-fixtures/example).
 *
 * The expected findings below were checked by hand against the fixture: each one is an item a
 * spec names that docs/RUNBOOK.md does not document in any form, and each position is the
 * 1-based line:column of the item's first mention in the spec.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../src/api.js';
import { checkDocuments } from '../src/core/check-documents.js';
import { KINDS, type Finding, type Report, type SourceDocument } from '../src/types.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = path.join(PROJECT, 'specs-fixtures', 'example');

const W010 = 'specs/010-worker-logging.md';
const Q020 = 'specs/020-queue-recovery.md';
const A040 = 'specs/040-api-reference.md';
const S050 = 'specs/050-snapshots.md';
const D060 = 'specs/060-dead-letters.md';

type Tuple = [file: string, line: number, column: number, rule: string, item: string];

const EXPECTED: Tuple[] = [
  // 010 does not name the runbook: only logs (taken from every spec) are checked.
  [W010, 4, 5, 'undocumented-log', 'svc/logs/audit.log'], // front matter `logs:` list
  [W010, 18, 40, 'undocumented-log', 'svc/logs/metrics.jsonl'], // also at 20:19 (and in Acceptance Tests, which asks nothing)
  [W010, 19, 21, 'undocumented-log', 'svc/logs/alert.jsonl'], // runbook has alerts.jsonl
  // 020 names docs/RUNBOOK.md on line 5: every kind is checked.
  [Q020, 11, 35, 'undocumented-script', 'svc/scripts/purge_dead_letters.py'],
  [Q020, 12, 38, 'undocumented-script', 'make reindex'],
  [Q020, 13, 30, 'undocumented-script', 'npm run backfill'],
  [Q020, 15, 12, 'undocumented-env', 'DEAD_LETTER_TTL_HOURS'],
  [Q020, 23, 4, 'undocumented-endpoint', 'GET /api/jobs/{id}/logs'],
  [Q020, 26, 9, 'undocumented-endpoint', 'PATCH /api/jobs/{id}'], // a curl URL, shown normalised; runbook has only GET on this path
  // 040 is unbound: only its log.
  [A040, 4, 2, 'undocumented-log', 'svc/logs/api_access.log'],
  // 050 binds itself with `runbook: true` in front matter.
  [S050, 4, 5, 'undocumented-env', 'SNAPSHOT_BUCKET'], // front matter `env:` list
  [S050, 8, 25, 'undocumented-script', 'svc/scripts/snapshot.sh'],
  // 060 requires two runbook sections in front matter; only one exists. It also passes a flag
  // the runbook never mentions to a script the runbook documents (with --dry-run only).
  [D060, 4, 5, 'missing-section', 'Dead Letters'],
  [D060, 12, 40, 'undocumented-flag', 'svc/scripts/drain_queue.py --only-failed'],
];

/** The drift rules proper: one item of one kind, missing from the runbook. */
const isItemDrift = (f: Finding): boolean => (KINDS as readonly string[]).includes(f.kind);

const tuple = (f: Finding): Tuple => [f.file, f.line, f.column, f.rule, f.item];

function find(report: Report, file: string, item: string): Finding {
  const found = report.findings.find((f) => f.file === file && f.item === item);
  if (!found)
    throw new Error(`no finding for ${item} in ${file}; findings: ${JSON.stringify(report.findings.map(tuple))}`);
  return found;
}

/** True when some finding names `text` in its item or canonical form. */
function mentions(report: Report, text: string): Finding[] {
  return report.findings.filter((f) => f.item.includes(text) || f.canonical.includes(text));
}

let report: Report;

beforeAll(async () => {
  report = await check({ specs: 'specs', runbook: 'docs/RUNBOOK.md', cwd: EXAMPLE });
});

describe('example repository: check()', () => {
  test('reports exactly the expected findings, in order', () => {
    expect(report.findings.map(tuple)).toEqual(EXPECTED);
  });

  test('has no diagnostics and checks every spec, three of them bound to the runbook', () => {
    expect(report.diagnostics).toEqual([]);
    expect(report.runbook).toBe('docs/RUNBOOK.md');
    expect(report.summary).toMatchObject({ specsChecked: 5, specsBound: 3, findings: EXPECTED.length, diagnostics: 0 });
    expect(report.summary.byKind).toEqual({
      log: 4,
      script: 4,
      endpoint: 2,
      env: 2,
      file: 0,
      flag: 1,
      section: 1,
      waiver: 0,
    });
    expect(report.summary.bySeverity).toEqual({ error: 14, warning: 0, info: 0 });
  });

  test('every item finding is an error whose kind matches its rule and whose message names the item', () => {
    for (const f of report.findings.filter(isItemDrift)) {
      expect(f.severity).toBe('error');
      expect(f.rule).toBe(`undocumented-${f.kind}`);
      expect(f.message).toContain(`\`${f.item}\` is not in RUNBOOK.md`);
      expect(f.endLine).toBe(f.line);
      expect(f.endColumn).toBe(f.column + (f.written ?? f.item).length);
    }
  });

  test('each reported item sits verbatim at its reported line:column in the spec', async () => {
    for (const f of report.findings) {
      const lines = (await fs.readFile(path.join(EXAMPLE, f.file), 'utf8')).split('\n');
      const line = lines[f.line - 1] ?? '';
      const written = f.written ?? f.item;
      expect({
        at: `${f.file}:${f.line}:${f.column}`,
        text: line.slice(f.column - 1, f.column - 1 + written.length),
      }).toEqual({
        at: `${f.file}:${f.line}:${f.column}`,
        text: written,
      });
    }
  });

  test('"did you mean": alert.jsonl suggests the runbook\'s alerts.jsonl', () => {
    const f = find(report, W010, 'svc/logs/alert.jsonl');
    expect(f.suggestion).toEqual({ item: 'svc/logs/alerts.jsonl', file: 'docs/RUNBOOK.md', line: 12, column: 4 });
    expect(f.runbookSection).toBeUndefined();
    expect(f.message).toBe(
      'log path `svc/logs/alert.jsonl` is not in RUNBOOK.md; did you mean `svc/logs/alerts.jsonl` (RUNBOOK.md:12)?',
    );
  });

  test('logs without a near match point at the runbook\'s "Log Locations" section', () => {
    for (const [file, item] of [
      [W010, 'svc/logs/audit.log'],
      [W010, 'svc/logs/metrics.jsonl'],
      [A040, 'svc/logs/api_access.log'],
    ] as const) {
      const f = find(report, file, item);
      expect(f.runbookSection).toEqual({ heading: 'Log Locations', file: 'docs/RUNBOOK.md', line: 5 });
      expect(f.suggestion).toBeUndefined();
      expect(f.message).toContain('the runbook lists log paths under "Log Locations" (RUNBOOK.md:5)');
    }
  });

  test('an endpoint without a near match points at the runbook\'s "Key Endpoints" section', () => {
    const f = find(report, Q020, 'GET /api/jobs/{id}/logs');
    expect(f.canonical).toBe('GET /api/jobs/{}/logs');
    expect(f.runbookSection).toEqual({ heading: 'Key Endpoints', file: 'docs/RUNBOOK.md', line: 33 });
    expect(f.suggestion).toBeUndefined();
  });

  test('scripts and env vars (scattered over the runbook) get neither a suggestion nor a section', () => {
    for (const [file, item] of [
      [Q020, 'svc/scripts/purge_dead_letters.py'],
      [Q020, 'make reindex'],
      [Q020, 'npm run backfill'],
      [Q020, 'DEAD_LETTER_TTL_HOURS'],
      [S050, 'SNAPSHOT_BUCKET'],
      [S050, 'svc/scripts/snapshot.sh'],
    ] as const) {
      const f = find(report, file, item);
      expect({ item, suggestion: f.suggestion, runbookSection: f.runbookSection }).toEqual({
        item,
        suggestion: undefined,
        runbookSection: undefined,
      });
    }
  });

  test('later mentions of an item in the same spec are otherMentions, not findings; mentions in a test section ask nothing', () => {
    expect(find(report, W010, 'svc/logs/metrics.jsonl').otherMentions).toEqual([
      { raw: 'svc/logs/metrics.jsonl', line: 20, column: 19 },
    ]);
    for (const f of report.findings)
      if (f.item !== 'svc/logs/metrics.jsonl') expect([f.item, f.otherMentions]).toEqual([f.item, []]);
  });

  describe('items that must NOT be reported', () => {
    test.each([
      // Documented in the runbook, in the same or an equivalent form.
      ['svc/logs/worker.log', 'worker.log'],
      ['svc/logs/job_<job_id>.log (runbook: job_{job_id}.log)', 'job_'],
      ['job_*.log in the find command', '*'],
      ['./svc/scripts/start_api.sh (runbook: ./scripts/start_api.sh from svc/)', 'start_api'],
      ['python3 svc/scripts/drain_queue.py', 'drain_queue'],
      ['make worker', 'make worker'],
      ['npm run rotate-logs', 'rotate-logs'],
      ['POST /api/jobs/{job_id}/requeue (runbook: curl -X POST .../api/jobs/:id/requeue)', 'requeue'],
      ['GET /api/jobs/<id> (runbook: GET /api/jobs/{id})', 'GET /api/jobs/<id>'],
      ['DELETE /api/queues (runbook: /api/queues, any method)', '/api/queues'],
      ['QUEUE_MAX_RETRIES', 'QUEUE_MAX_RETRIES'],
      ['WORKER_CONCURRENCY=8 (runbook: WORKER_CONCURRENCY=4)', 'WORKER_CONCURRENCY'],
      // Not items of any kind.
      ['git pull', 'git'],
      ['pkill -f worker', 'pkill'],
      ['uvicorn app.main:app', 'uvicorn'],
      ['console.log(...)', 'console'],
      ['svc/app/queue_service.py (a source file to modify)', 'queue_service'],
      ['svc/app/limits.py (a source file to modify)', 'limits'],
      ['MAX_BATCH_SIZE (a constant, not an env var)', 'MAX_BATCH_SIZE'],
      // Out of Scope section of 020.
      ['svc/scripts/migrate_v2.py (Out of Scope)', 'migrate_v2'],
      ['svc/logs/legacy.log (Out of Scope)', 'legacy'],
      // Unbound specs contribute logs only.
      ['GET /api/stats (unbound spec 040)', '/api/stats'],
      ['svc/scripts/serve.sh (unbound spec 040)', 'serve.sh'],
      ['svc/scripts/reindex.py (unbound spec 010)', 'reindex.py'],
      ['REINDEX_BATCH (unbound spec 010)', 'REINDEX_BATCH'],
    ])('%s', (_label, text) => {
      expect(mentions(report, text).filter(isItemDrift).map(tuple)).toEqual([]);
    });

    test('no finding on the lines of 020 that hold only documented, routine or out-of-scope items', () => {
      const lines = report.findings.filter((f) => f.file === Q020).map((f) => f.line);
      for (const line of [5, 9, 10, 14, 16, 20, 21, 22, 33, 34, 38])
        expect({ line, reported: lines.includes(line) }).toEqual({ line, reported: false });
    });

    test('no finding from 010 outside its three undocumented logs, and 040 reports only its log', () => {
      expect(report.findings.filter((f) => f.file === W010).map((f) => f.line)).toEqual([4, 18, 19]);
      expect(report.findings.filter((f) => f.file === A040).map((f) => f.item)).toEqual(['svc/logs/api_access.log']);
    });
  });
});

/**
 * Controls: the items above are absent because of the runbook, the binding rule or the
 * excluded section, not because the extractor never saw them. Each test changes exactly one
 * of those and expects the item to show up.
 */
describe('example repository: the suppressed items are suppressed for the right reason', () => {
  let specs: SourceDocument[];
  let runbookText: string;

  beforeAll(async () => {
    const names = (await fs.readdir(path.join(EXAMPLE, 'specs'))).filter((n) => n.endsWith('.md')).sort();
    specs = await Promise.all(
      names.map(async (n) => ({ path: `specs/${n}`, text: await fs.readFile(path.join(EXAMPLE, 'specs', n), 'utf8') })),
    );
    runbookText = await fs.readFile(path.join(EXAMPLE, 'docs', 'RUNBOOK.md'), 'utf8');
  });

  test('unbound 040: GET /api/stats and svc/scripts/serve.sh are reported once every kind is taken from every spec', async () => {
    const all = await check({ specs: 'specs', runbook: 'docs/RUNBOOK.md', cwd: EXAMPLE, everySpecKinds: KINDS });
    const items040 = all.findings.filter((f) => f.file === A040).map(tuple);
    expect(items040).toEqual([
      [A040, 3, 25, 'undocumented-endpoint', 'GET /api/stats'],
      [A040, 4, 2, 'undocumented-log', 'svc/logs/api_access.log'],
      [A040, 4, 46, 'undocumented-script', 'svc/scripts/serve.sh'],
    ]);
  });

  test('Out of Scope: migrate_v2.py and legacy.log are reported once no section is excluded', async () => {
    const all = await check({ specs: 'specs', runbook: 'docs/RUNBOOK.md', cwd: EXAMPLE, excludeSections: [] });
    expect(all.findings.filter((f) => f.line === 38).map(tuple)).toEqual([
      [Q020, 38, 22, 'undocumented-script', 'svc/scripts/migrate_v2.py'],
      [Q020, 38, 59, 'undocumented-log', 'svc/logs/legacy.log'],
    ]);
  });

  describe('against a runbook that documents nothing, the runbook-matched items are reported', () => {
    let bare: Report;
    beforeAll(() => {
      bare = checkDocuments(specs, {
        path: 'docs/RUNBOOK.md',
        text: '# Ops Runbook\n\n## Log Locations\n\nNothing yet.\n',
      });
    });

    test.each([
      [W010, 14, 'svc/logs/worker.log'],
      [Q020, 9, './svc/scripts/start_api.sh'],
      [Q020, 10, 'svc/scripts/drain_queue.py'],
      [Q020, 10, 'make worker'],
      [Q020, 12, 'npm run rotate-logs'],
      [Q020, 16, 'QUEUE_MAX_RETRIES'],
      [Q020, 16, 'WORKER_CONCURRENCY'],
      [Q020, 20, 'POST /api/jobs/{job_id}/requeue'],
      [Q020, 21, 'GET /api/jobs/<id>'],
      [Q020, 22, 'DELETE /api/queues'],
    ])('%s:%d %s', (file, line, item) => {
      expect(bare.findings.filter((f) => f.file === file && f.item === item).map((f) => f.line)).toEqual([line]);
    });

    test('the bare `worker.log` on line 17 is a later mention of svc/logs/worker.log', () => {
      expect(find(bare, W010, 'svc/logs/worker.log').otherMentions).toEqual([
        { raw: 'worker.log', line: 17, column: 27 },
      ]);
    });

    test('the per-job log `svc/logs/job_<job_id>.log` (010 line 15) is extracted as a log path', () => {
      // It is in backticks on line 15; `<job_id>` is a placeholder, like `{job_id}` in the runbook.
      const line15 = specs.find((s) => s.path === W010)!.text.split('\n')[14]!;
      const column = line15.indexOf('svc/logs/job_<job_id>.log') + 1;
      const f = bare.findings.find((x) => x.file === W010 && x.canonical === 'svc/logs/job_{}.log');
      expect(f && [f.line, f.column, f.item]).toEqual([15, column, 'svc/logs/job_<job_id>.log']);
    });

    test('routine commands, source files and constants are never items, whatever the runbook says', () => {
      for (const text of ['git', 'pkill', 'uvicorn', 'console', 'queue_service', 'limits', 'MAX_BATCH_SIZE']) {
        expect({ text, found: mentions(bare, text).map(tuple) }).toEqual({ text, found: [] });
      }
    });

    test('the real runbook documents all of them', () => {
      const real = checkDocuments(specs, { path: 'docs/RUNBOOK.md', text: runbookText });
      expect(real.findings.map(tuple)).toEqual(EXPECTED);
    });
  });
});
