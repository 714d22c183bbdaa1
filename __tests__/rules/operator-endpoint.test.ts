/**
 * operator-endpoint: a health, readiness, metrics, admin or status route the code serves, named
 * in a part of a spec that does not bind it to the runbook, that the runbook lacks.
 * See docs/rules/operator-endpoint.md.
 */
import { repo, runJson } from '../support/harness.js';
import { findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'operator-endpoint';

/** The rule's findings held to the markers of a repository of `files`. */
const expectMarkedRepo = (files: Record<string, string>, argv?: string[]) => marked(RULE, files, argv);

const RUNBOOK = '# Runbook\n\n## Key Endpoints\n\n- `GET /api/health`: the liveness probe.\n';
/** A service with probes, metrics, an admin action, a node status and product routes. */
const CODE = {
  'src/app.py': [
    '@app.get("/api/readyz")',
    'def ready(): ...',
    '@app.get("/api/metrics")',
    'def metrics(): ...',
    '@app.post("/api/admin/reindex")',
    'def reindex(): ...',
    '@app.get("/api/v1/status")',
    'def status(): ...',
    '@app.get("/api/orders")',
    'def orders(): ...',
    '@app.get("/api/jobs/{id}/status")',
    'def job_status(): ...',
    '@app.get("/api/health")',
    'def health(): ...',
    '',
  ].join('\n'),
  'tests/test_app.py': 'client.get("/api/livez")\n',
};

describe(RULE, () => {
  test("reports operators' routes the code serves, named outside any bound part; product routes are not", async () => {
    const spec = [
      '# API',
      '',
      '- Probe `GET /api/readyz` before routing traffic. <!-- expect: operator-endpoint -->',
      '- Scrape `GET /api/metrics` every 15 s. <!-- expect: operator-endpoint -->',
      '- Rebuild the index with `POST /api/admin/reindex`. <!-- expect: operator-endpoint -->',
      '- The node reports on `GET /api/v1/status`. <!-- expect: operator-endpoint -->',
      '- Orders are listed at `GET /api/orders`.',
      "- A job's state is at `GET /api/jobs/{id}/status`.",
      '- Liveness is `GET /api/livez`.',
      '- `GET /api/ping` answers pong.',
      '- `GET /api/health` answers 200.',
      '',
    ].join('\n');
    const { code, report } = await expectMarkedRepo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/api.md': spec, ...CODE });
    expect(code).toBe(0);
    const [ready] = findingsOf(report, RULE);
    expect([ready!.item, ready!.kind, ready!.severity]).toEqual(['GET /api/readyz', 'endpoint', 'warning']);
    expect(ready!.evidence).toEqual({ file: 'src/app.py', line: 1, verb: 'named in the code at' });
    expect(ready!.message).toBe(
      'endpoint `GET /api/readyz` is not in RUNBOOK.md; named in the code at `src/app.py:1`; ' +
        'no part of the spec binds it to the runbook, but the code shows operators need it',
    );
  });

  test('in a bound part the same route is undocumented-endpoint, an error', async () => {
    const { code, report } = await expectMarkedRepo({
      'docs/RUNBOOK.md': RUNBOOK,
      ...CODE,
      'specs/ops.md': '# Ops\n\n## Operations\n\n- Scrape `GET /api/metrics`.\n',
      'specs/api.md': '# API\n\n- Scrape `GET /api/metrics`. <!-- expect: operator-endpoint -->\n',
    });
    expect(code).toBe(1);
    expect(findingsOf(report, 'undocumented-endpoint').map((f) => [f.file, f.item, f.severity])).toEqual([
      ['specs/ops.md', 'GET /api/metrics', 'error'],
    ]);
  });

  test('silent without the code, for a spec that opts out, and for a route the runbook documents', async () => {
    const files = {
      'docs/RUNBOOK.md': `${RUNBOOK}- \`GET /api/readyz\`: the readiness probe.\n`,
      ...CODE,
      'specs/out.md': '---\nrunbook: false\n---\n# Out\n\n- Scrape `GET /api/metrics`.\n',
      'specs/ready.md': '# Ready\n\n- Probe `GET /api/readyz`.\n',
      'specs/admin.md': '# Admin\n\n- Rebuild with `POST /api/admin/reindex`. <!-- expect: operator-endpoint -->\n',
    };
    await expectMarkedRepo(files);
    const { report } = await runJson(['--no-config', '--root', '.', '--no-code'], await repo(files));
    expect(findingsOf(report, RULE)).toEqual([]);
  });

  test('an inline directive, an `ignore` selector, a waiver and a severity from `rules`', async () => {
    const spec = [
      '# API',
      '',
      '<!-- sync-check-ignore-next-line operator-endpoint -->',
      '- Probe `GET /api/readyz`.',
      '- Scrape `GET /api/metrics`.',
      '- Rebuild with `POST /api/admin/reindex`.',
      '- The node reports on `GET /api/v1/status`.',
      '',
    ].join('\n');
    const config = {
      root: '.',
      rules: { [RULE]: 'error' },
      ignore: [`${RULE}:*/metrics`],
      waivers: [
        {
          rule: RULE,
          item: 'POST /api/admin/*',
          owner: 'ops-team',
          reason: 'the admin API is internal',
          expires_at: '2099-01-01',
        },
      ],
    };
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/api.md': spec,
      ...CODE,
      'sync-check.config.json': JSON.stringify(config),
    };
    const { code, report } = await runJson([], await repo(files));
    expect(code).toBe(1);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['GET /api/v1/status', 'error']]);
    expect(report.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([
      ['GET /api/readyz', 'inline'],
      ['GET /api/metrics', 'ignore'],
      ['POST /api/admin/reindex', 'waiver'],
    ]);
  });
});
