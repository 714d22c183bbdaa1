/** undocumented-endpoint: an HTTP endpoint a bound spec names that the runbook lacks. */
import { repo, runJson } from '../support/harness.js';
import { boundSpec, expectMarked, findingsOf, runbook } from './support.js';

const RULE = 'undocumented-endpoint';

const KEY_ENDPOINTS = runbook(
  [
    '## Key Endpoints',
    '',
    '- `GET /api/health`',
    '- `GET /api/agent/tasks/{id}`',
    '- `GET /api/v1/metrics`',
    '- `/api/users/<id>`',
  ].join('\n'),
);

describe(RULE, () => {
  test('reports each endpoint the runbook lacks; a curl URL is read as METHOD /path', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- `GET /api/health` is polled by the load balancer.',
            '- `POST /api/reports` starts a report. <!-- expect: undocumented-endpoint -->',
            '- Cancel a run with `DELETE /api/agent/runs/{id}`. <!-- expect: undocumented-endpoint -->',
            '',
            '```bash',
            'curl -X PATCH http://localhost:8000/api/jobs/{id}/status <!-- expect: undocumented-endpoint -->',
            '```',
          ].join('\n'),
        ),
      ],
      runbook: KEY_ENDPOINTS,
    });
    const curl = findingsOf(report, RULE).find((f) => f.item.startsWith('PATCH'))!;
    expect(curl.item).toBe('PATCH /api/jobs/{id}/status');
    expect(curl.written).toBe('PATCH http://localhost:8000/api/jobs/{id}/status');
  });

  test('documented in another form: a runbook template, a longer path, no method, another placeholder style', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- `GET /api/agent/tasks/42` returns one task.',
            '- Prometheus scrapes `GET /metrics`.',
            '- `PUT /api/users/:id` and `GET /api/users/{user_id}` manage users.',
            '- `GET /api/agent/tasks/{id}/log` streams its log. <!-- expect: undocumented-endpoint -->',
          ].join('\n'),
        ),
      ],
      runbook: KEY_ENDPOINTS,
    });
  });

  test('never the other way round: a literal runbook path does not document a spec template', () => {
    const report = expectMarked(RULE, {
      specs: [boundSpec('- `GET /api/agent/tasks/{id}` returns one task. <!-- expect: undocumented-endpoint -->')],
      runbook: runbook('## API\n\n- `GET /api/agent/tasks/count`'),
    });
    expect(findingsOf(report, RULE)[0]!.canonical).toBe('GET /api/agent/tasks/{}');
  });

  test('says when the runbook has the path with another method, offers a near miss, or names the home section', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- `POST /api/jobs` creates a job. <!-- expect: undocumented-endpoint -->',
            '- `GET /api/agent/taks/{id}` returns a task. <!-- expect: undocumented-endpoint -->',
            '- `GET /api/stats` returns counters. <!-- expect: undocumented-endpoint -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook(
        ['## Key Endpoints', '', '- `GET /api/jobs`', '- `GET /api/health`', '- `GET /api/agent/tasks/{id}`'].join(
          '\n',
        ),
      ),
    });
    const [method, typo, stats] = findingsOf(report, RULE);
    expect(method!.message).toBe(
      'endpoint `POST /api/jobs` is not in RUNBOOK.md; the runbook documents only `GET` on this path (RUNBOOK.md:5)',
    );
    expect(method!.suggestion).toBeUndefined();
    expect(typo!.suggestion).toMatchObject({ item: 'GET /api/agent/tasks/{id}', line: 7 });
    expect(stats!.runbookSection).toEqual({ heading: 'Key Endpoints', file: 'docs/RUNBOOK.md', line: 3 });
  });

  test('only bound parts count; an inline directive or an ignore selector silences it', () => {
    const report = expectMarked(RULE, {
      specs: [
        { path: 'specs/unbound.md', text: '# Unbound\n\n- `GET /api/stats` returns counters.\n' },
        boundSpec(
          [
            '<!-- sync-check-ignore-next-line undocumented-endpoint -->',
            '- `GET /api/debug/vars` dumps state.',
            '- `GET /api/users/7` reads a user.',
            '- `POST /api/reports` starts a report. <!-- expect: undocumented-endpoint -->',
          ].join('\n'),
          'specs/bound.md',
        ),
      ],
      runbook: runbook('## API\n\nNothing yet.'),
      options: { ignore: ['endpoint:GET /api/users/*'] },
    });
    expect(report.suppressed.map((s) => [s.item, s.suppression.kind])).toEqual([
      ['GET /api/debug/vars', 'inline'],
      ['GET /api/users/7', 'ignore'],
    ]);
  });

  test('with the code: a served route says where, an unserved one is planned, another API asks nothing', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n## Key Endpoints\n\n- `GET /api/health`\n',
      'specs/a.md': [
        '# A',
        '',
        'Operators follow docs/RUNBOOK.md.',
        '',
        '- `GET /api/stats` returns counters.',
        '- `POST /api/reports` is coming.',
        '- We call `GET /repos/{owner}/{repo}/pulls` on GitHub.',
        '',
      ].join('\n'),
      'api/app/routes.py': '@router.get("/api/stats")\ndef stats(): ...\n',
    });
    const { code, report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(code).toBe(1);
    const found = findingsOf(report, RULE);
    expect(found.map((f) => f.item)).toEqual(['GET /api/stats']);
    expect(found[0]!.evidence).toEqual({ file: 'api/app/routes.py', line: 1, verb: 'named in the code at' });
    expect(findingsOf(report, 'planned-endpoint').map((f) => f.item)).toEqual(['POST /api/reports']);
    // Without the code, the same spec is judged by the documents alone: all three are drift.
    const plain = await runJson(['--no-config', '--root', '.', '--no-code'], dir);
    expect(findingsOf(plain.report, RULE).map((f) => f.item)).toEqual([
      'GET /api/stats',
      'POST /api/reports',
      'GET /repos/{owner}/{repo}/pulls',
    ]);
  });
});
