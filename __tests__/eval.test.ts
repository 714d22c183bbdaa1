/**
 * The evaluation harness (npm run eval): mutation recall on a fixture repository that documents
 * every kind of item in every form, the forms it deletes, and labelled precision.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Checker } from '../src/core/check-documents.js';
import { evaluate, failed, LayoutError, readLayout } from '../src/eval/evaluate.js';
import { deleteLines, mentionsOf, type Target } from '../src/eval/forms.js';
import { labelledPrecision, LabelsError, parseLabels } from '../src/eval/labels.js';
import { EVAL_KINDS, mutationRecall } from '../src/eval/mutation.js';
import { renderText } from '../src/eval/render.js';
import type { Finding } from '../src/types.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(PROJECT, 'specs-fixtures', 'eval');

describe('mutation recall on the fixture repository', () => {
  test('every kind is tried, in both runs, and every deletion is reported', async () => {
    const layout = await readLayout(FIXTURE);
    expect(layout.repository).toBeDefined();
    const results = evaluate(layout);
    expect(results.map((r) => r.run)).toEqual(['plain', 'repository']);
    for (const r of results) {
      expect(r.report.findings).toEqual([]);
      for (const kind of EVAL_KINDS) {
        expect({ kind, pairs: r.recall.byKind[kind].pairs > 0 }).toEqual({ kind, pairs: true });
        expect(r.recall.byKind[kind].reported).toBe(r.recall.byKind[kind].pairs);
      }
      expect(r.recall.misses).toEqual([]);
    }
    expect(failed(results)).toBe(false);
    expect(renderText(layout, results)).toMatch(/^ {6}all +18 +18 +100\.0%$/m);
  });

  test('a checker that credits what the runbook no longer says is caught, with the text it relied on', async () => {
    const layout = await readLayout(FIXTURE);
    // As if the matcher read the runbook's bare glob `*.log` as the worker log.
    const remembering = (doc: { path: string; text: string }) =>
      new Checker({ ...doc, text: doc.text.replace('`*.log`', '`api/logs/worker.log`') }, {});
    const recall = mutationRecall(layout.specs, layout.runbook, {}, remembering);
    const missed = recall.misses.map((m) => `${m.spec} ${m.kind} ${m.item}`);
    expect(missed).toEqual([
      'specs/010-worker.md log api/logs/worker.log',
      'specs/020-unbound.md log api/logs/worker.log',
    ]);
    expect(recall.misses[0]!.still).toEqual({
      line: 11,
      text: 'Task logs (`*.log`) are ephemeral. Anything under `api/logs/` may be deleted after a week.',
    });
    expect(recall.byKind.log.reported).toBe(recall.byKind.log.pairs - 2);
  });

  test('a directory with neither layout file nor runbook is a clear error', async () => {
    await expect(readLayout(path.join(FIXTURE, 'specs'))).rejects.toThrow(LayoutError);
    await expect(readLayout(path.join(FIXTURE, 'missing'))).rejects.toThrow(/not a directory/);
  });

  test('the spec directories and runbook can be given instead of read from CORPUS.yaml', async () => {
    const layout = await readLayout(path.join(PROJECT, 'specs-fixtures', 'example'), {
      specs: ['specs'],
      runbook: 'docs/RUNBOOK.md',
    });
    expect(layout.specs.length).toBe(5);
    expect(layout.runbook.path).toBe('docs/RUNBOOK.md');
  });
});

describe('the forms of an item the harness deletes', () => {
  const deleted = (target: Target, lines: string[]): string[] => lines.filter(mentionsOf(target));

  test('a file: full path, a tail, a longer path, the bare name, in emphasis or brackets; not another directory, a word or a bare glob', () => {
    const target: Target = { kind: 'log', canonical: 'api/logs/agent_runner.log' };
    const lines = [
      '| `api/logs/agent_runner.log` | x |',
      'tail logs/agent_runner.log',
      'see agent_runner.log.',
      '**agent_runner.log**',
      '[api/logs/agent_runner.log]',
      'LOG=repo/api/logs/agent_runner.log',
      '`web/logs/agent_runner.log`',
      'the agent_runner writes it',
      'task logs `*.log`',
      '`/reply {task_id} yes`',
      'agent_runner_v2.log',
    ];
    expect(deleted(target, lines)).toEqual(lines.slice(0, 6));
  });

  test('a script is also named by its stem, when the stem reads as an identifier', () => {
    expect(
      deleted({ kind: 'script', canonical: 'api/scripts/run_autonomous.sh' }, ['use run_autonomous for it', 'run it']),
    ).toEqual(['use run_autonomous for it']);
    expect(deleted({ kind: 'script', canonical: 'scripts/deploy.sh' }, ['deploy it now'])).toEqual([]);
  });

  test('a template in the runbook is a form of the items it stands for, never the other way round', () => {
    expect(
      deleted({ kind: 'log', canonical: 'api/logs/task_42.log' }, [
        '`api/logs/task_{id}.log`',
        '`task_*.log`',
        '`api/logs/job_{id}.log`',
      ]),
    ).toEqual(['`api/logs/task_{id}.log`', '`task_*.log`']);
    expect(
      deleted({ kind: 'log', canonical: 'api/logs/task_{}.log' }, ['`api/logs/task_42.log`', '`task_<n>.log`']),
    ).toEqual(['`task_<n>.log`']);
  });

  test('an endpoint: with its method or none, with or without host, placeholders of any style; not another method or a longer path', () => {
    const target: Target = { kind: 'endpoint', canonical: 'PATCH /api/tasks/{}' };
    const lines = [
      '`PATCH /api/tasks/{id}`',
      'curl -X PATCH http://localhost:8000/api/tasks/:id',
      '/api/tasks/[taskId]',
      '`GET /api/tasks/{id}`',
      '/api/tasks/{id}/log',
      '/{a}/{b}/{c}',
    ];
    expect(deleted(target, lines)).toEqual(lines.slice(0, 3));
  });

  test('an env var: by name in any syntax, or a pattern covering it', () => {
    const lines = [
      'export QUEUE_URL=x',
      '`${QUEUE_URL}`',
      '<key>QUEUE_URL</key>',
      'all `QUEUE_*` settings',
      '**QUEUE_URL**',
      'QUEUE_URL_2',
      'MY_QUEUE_URL',
    ];
    expect(deleted({ kind: 'env', canonical: 'QUEUE_URL' }, lines)).toEqual(lines.slice(0, 5));
  });

  test('make and npm targets after their command; flags anywhere; sections by the words of a heading or bold lead-in', () => {
    expect(
      deleted({ kind: 'script', canonical: 'make build' }, [
        'make build',
        'make -C web build',
        'make build-all',
        'then build.',
      ]),
    ).toEqual(['make build', 'make -C web build']);
    expect(
      deleted({ kind: 'script', canonical: 'npm run dev' }, ['`cd web && npm run dev`', 'yarn dev', 'the dev server']),
    ).toEqual(['`cd web && npm run dev`', 'yarn dev']);
    expect(
      deleted({ kind: 'flag', flag: '--once' }, ['run --once', 'run --once=1', 'run [--once].', 'run --only-once']),
    ).toEqual(['run --once', 'run --once=1', 'run [--once].']);
    expect(
      deleted({ kind: 'section', anyOf: ['PostgreSQL troubleshooting'] }, [
        '## Troubleshooting PostgreSQL',
        '- **PostgreSQL troubleshooting**: x',
        '## PostgreSQL',
        'Troubleshooting PostgreSQL is hard.',
      ]),
    ).toEqual(['## Troubleshooting PostgreSQL', '- **PostgreSQL troubleshooting**: x']);
  });

  test('deleteLines keeps the original number of every kept line, across CRLF', () => {
    const cut = deleteLines('a\r\nb x\r\nc\nd x', (l) => l.includes('x'));
    expect(cut).toEqual({ text: 'a\nc', kept: [1, 3], deleted: 2 });
  });
});

describe('labelled precision', () => {
  const finding = (rule: string, item: string): Finding => ({
    rule,
    kind: 'log',
    item,
    canonical: item,
    file: 'specs/a.md',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    severity: 'error',
    message: 'm',
    otherMentions: [],
    fingerprint: item,
  });
  const labels = parseLabels(
    [
      'findings:',
      '  - { rule: undocumented-log, file: specs/a.md, item: a.log, verdict: tp, runs: [plain] }',
      '  - { rule: undocumented-log, file: specs/a.md, item: b.log, verdict: fp, why: "no code writes it" }',
      '  - { rule: undocumented-log, file: specs/a.md, item: c.log, verdict: debatable }',
      '  - { rule: undocumented-log, file: specs/a.md, item: gone.log, verdict: tp, runs: [plain] }',
      '  - { rule: undocumented-log, file: specs/a.md, item: elsewhere.log, verdict: tp, runs: [repository] }',
      'misses:',
      '  - { kind: log, file: specs/a.md, item: d.log }',
    ].join('\n'),
    'labels.yaml',
  );

  test('precision, unlabelled findings, lost true positives and known misses', () => {
    const p = labelledPrecision(
      ['a.log', 'b.log', 'c.log', 'new.log', 'd.log'].map((i) => finding('undocumented-log', i)),
      labels,
      'plain',
    );
    // d.log was a known miss: reported now, it counts as the true positive it was labelled.
    expect({ tp: p.tp, fp: p.fp, debatable: p.debatable, precision: p.precision }).toEqual({
      tp: 2,
      fp: 1,
      debatable: 1,
      precision: 2 / 3,
    });
    expect(p.falsePositives.map((f) => [f.item, f.why])).toEqual([['b.log', 'no code writes it']]);
    expect(p.unlabelled.map((f) => f.item)).toEqual(['new.log']);
    // elsewhere.log was judged in the other run only: its absence here is no regression.
    expect(p.lostTruePositives.map((l) => l.item)).toEqual(['gone.log']);
    expect(p.misses).toEqual([{ kind: 'log', file: 'specs/a.md', item: 'd.log', reported: true }]);
  });

  test('a lost true positive fails the evaluation', async () => {
    const layout = await readLayout(FIXTURE);
    const withLost = parseLabels(
      'findings:\n  - { rule: undocumented-log, file: specs/010-worker.md, item: x.log, verdict: tp }\n',
      'l.yaml',
    );
    const results = evaluate(layout, withLost, 'plain');
    expect(results[0]!.precision!.lostTruePositives.map((l) => l.item)).toEqual(['x.log']);
    expect(failed(results)).toBe(true);
  });

  test.each([
    ['not: [valid', /not valid YAML/],
    ['findings: 3', /expected a "findings:" list/],
    [
      'findings:\n  - { rule: r, file: f, item: i, verdict: maybe }',
      /findings\[0\]: "verdict" must be tp, fp or debatable/,
    ],
    ['findings:\n  - { rule: r, file: f, verdict: tp }', /findings\[0\]: "item" must be a string/],
    [
      'findings:\n  - { rule: r, file: f, item: i, verdict: tp, runs: [ci] }',
      /"runs" must be a list of plain \/ repository/,
    ],
    ['findings: []\nmisses:\n  - { kind: env }', /misses\[0\]: expected kind, file and item/],
  ])('bad labels: %s', (text, message) => {
    expect(() => parseLabels(text, 'labels.yaml')).toThrow(LabelsError);
    expect(() => parseLabels(text, 'labels.yaml')).toThrow(message);
  });
});
