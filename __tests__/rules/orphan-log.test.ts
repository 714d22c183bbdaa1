/** orphan-log: a log path the runbook documents that no spec names. See docs/rules/orphan-log.md. */
import { checkDocuments } from '../../src/core/check-documents.js';
import type { Repository } from '../../src/compare/repository.js';
import { repo, runJson } from '../support/harness.js';
import { actualOf, boundSpec, expectMarked, findingsOf, runbook, lineOf } from './support.js';

const RULE = 'orphan-log';

/** An empty repository: enough for the rule to run (it needs the repository at hand). */
const REPOSITORY: Repository = { files: new Set(), makeTargets: new Map(), npmScripts: new Map() };

/** 1-based line of the first line of `text` that contains `needle`. */

describe(RULE, () => {
  test('reports each runbook log path no spec names, at its runbook line, as info', () => {
    const report = expectMarked(RULE, {
      specs: [boundSpec('- The worker writes `api/logs/worker.log`.')],
      runbook: runbook(
        [
          '## Log Locations',
          '',
          '- `api/logs/worker.log`',
          '- `api/logs/legacy.log` <!-- expect: orphan-log -->',
          '- `api/logs/` holds them all.',
          '',
          '## Debugging',
          '',
          '- Follow it with `tail -f api/logs/debug.log`. <!-- expect: orphan-log -->',
        ].join('\n'),
      ),
      options: { repository: REPOSITORY },
    });
    const found = findingsOf(report, RULE);
    expect(found.map((f) => [f.item, f.kind, f.severity])).toEqual([
      ['api/logs/legacy.log', 'log', 'info'],
      ['api/logs/debug.log', 'log', 'info'],
    ]);
    expect(found[0]!.message).toBe('the runbook documents log path `api/logs/legacy.log` but no spec names it');
  });

  test('any spec naming the log in any form keeps it: bare name, template, instance, unbound spec', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- The worker log, worker.log, rotates daily.',
            '- Task 42 writes `logs/task_42.log`.',
            '- Each job writes `logs/job_{id}.log`.',
          ].join('\n'),
        ),
        { path: 'specs/b.md', text: '# Archive\n\n## Out of Scope\n\n- Pruning `api/logs/archive.log`.\n' },
      ],
      runbook: runbook(
        [
          '## Logs',
          '',
          '- `api/logs/worker.log`',
          '- `logs/task_{id}.log`',
          '- `logs/job_7.log`',
          '- `api/logs/archive.log`',
          '- `api/logs/legacy.log` <!-- expect: orphan-log -->',
        ].join('\n'),
      ),
      options: { repository: REPOSITORY },
    });
  });

  test('a bare name and the full path it abbreviates are one orphan, reported at the full path', () => {
    const book = runbook(
      [
        '## Logs',
        '',
        'Tail `events.jsonl` when in doubt.',
        '',
        '- `api/logs/events.jsonl` <!-- expect: orphan-log -->',
      ].join('\n'),
    );
    const report = expectMarked(RULE, {
      specs: [boundSpec('- Nothing about files.')],
      runbook: book,
      options: { repository: REPOSITORY },
    });
    const [orphan] = findingsOf(report, RULE);
    expect(orphan!.item).toBe('api/logs/events.jsonl');
    expect(orphan!.otherMentions.map((m) => [m.raw, m.line])).toEqual([['events.jsonl', lineOf(book.text, 'Tail')]]);
  });

  test('needs every spec, the repository and the log kind: silent otherwise', () => {
    const specs = [boundSpec('- Writes `api/logs/worker.log`.')];
    const book = runbook('## Logs\n\n- `api/logs/worker.log`\n- `api/logs/legacy.log` <!-- expect: orphan-log -->');
    const at = `${book.path}:${lineOf(book.text, 'legacy.log')} ${RULE}`;
    const check = (options: Parameters<typeof checkDocuments>[2]): string[] =>
      actualOf(checkDocuments(specs, book, options), RULE);
    expect(check({ repository: REPOSITORY })).toEqual([at]);
    expect(check({})).toEqual([]);
    expect(check({ repository: REPOSITORY, partial: true })).toEqual([]);
    expect(check({ repository: REPOSITORY, kinds: ['script', 'endpoint', 'env'] })).toEqual([]);
  });

  test('through the CLI: only with the repository at hand, and info does not fail the run', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n## Logs\n\n- `api/logs/worker.log`\n- `api/logs/legacy.log`\n',
      'specs/a.md': '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `api/logs/worker.log`.\n',
    });
    const withRepo = await runJson(['--no-config', '--root', '.', '--no-code'], dir);
    expect(withRepo.code).toBe(0);
    expect(findingsOf(withRepo.report, RULE).map((f) => [f.item, f.file, f.line])).toEqual([
      ['api/logs/legacy.log', 'docs/RUNBOOK.md', 6],
    ]);
    const without = await runJson(['--no-config'], dir);
    expect(findingsOf(without.report, RULE)).toEqual([]);
  });

  test('config: a severity from `rules`, an `ignore` selector and a waiver on the runbook file', async () => {
    const config = {
      rules: { 'orphan-log': 'warning' },
      ignore: ['orphan-log:api/logs/legacy*'],
      waivers: [
        {
          rule: 'orphan-log',
          item: 'api/logs/old.log',
          file: 'docs/RUNBOOK.md',
          owner: 'ops-team',
          reason: 'retired with the v1 API',
          expires_at: '2099-01-01',
        },
      ],
    };
    const files: Record<string, string> = {
      'docs/RUNBOOK.md':
        '# Runbook\n\n## Logs\n\n- `api/logs/legacy.log`\n- `api/logs/old.log`\n' + '- `api/logs/other.log`\n',
      'specs/a.md': '# A\n\nNothing about files.\n',
      'sync-check.config.json': `${JSON.stringify(config, null, 2)}\n`,
    };
    const { code, report, stderr } = await runJson(['--root', '.', '--no-code'], await repo(files));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['api/logs/other.log', 'warning']]);
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([
      [RULE, 'api/logs/legacy.log', 'ignore'],
      [RULE, 'api/logs/old.log', 'waiver'],
    ]);
    expect(report.findings.some((f) => f.rule === 'waiver-stale')).toBe(false);
    const off = { ...files, 'sync-check.config.json': JSON.stringify({ rules: { 'orphan-log': 'off' } }) };
    expect(findingsOf((await runJson(['--root', '.', '--no-code'], await repo(off))).report, RULE)).toEqual([]);
  });
});
