/**
 * planned-endpoint: an endpoint a runbook-bound spec names under a prefix the project serves,
 * that no code defines yet, and the runbook lacks. See docs/rules/planned-endpoint.md. Each test
 * builds a small repository and runs the CLI on it; fixtures mark the lines that must get a
 * finding with `<!-- expect: RULE -->`.
 */
import { repo, runJson } from '../support/harness.js';
import { actualOf, expectedOf, findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'planned-endpoint';
const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Key Endpoints\n\n- `GET /api/health`\n- `GET /internal/status`\n';

/** The rules' findings held to the markers of a repository of `files` beside the runbook. */
const expectMarkedRepo = (files: Record<string, string>, argv: string[] = [], rules: string[] = [RULE]) =>
  marked(rules, { 'docs/RUNBOOK.md': RUNBOOK, ...files }, ['--no-config', '--root', '.', ...argv]);

const ROUTES = { 'api/routes.py': '@app.get("/api/tasks/{task_id}")\ndef task(task_id): ...\n' };

describe(RULE, () => {
  test('a route under a served prefix that no code defines is planned; one the code defines is drift', async () => {
    const { code, report } = await expectMarkedRepo(
      {
        'specs/a.md': [
          '# Tasks',
          '',
          BOUND,
          '- `GET /api/tasks/{id}` returns a task. <!-- expect: undocumented-endpoint -->',
          '- `GET /api/tasks/{id}/logs` streams its logs. <!-- expect: planned-endpoint -->',
          '- `POST /internal/reindex` reindexes. <!-- expect: planned-endpoint -->',
          '- `GET /api/health` answers probes.',
          '',
        ].join('\n'),
        ...ROUTES,
      },
      [],
      [RULE, 'undocumented-endpoint'],
    );
    expect(code).toBe(1);
    const planned = findingsOf(report, RULE);
    expect(planned.map((f) => [f.item, f.canonical, f.kind, f.severity])).toEqual([
      ['GET /api/tasks/{id}/logs', 'GET /api/tasks/{}/logs', 'endpoint', 'warning'],
      ['POST /internal/reindex', 'POST /internal/reindex', 'endpoint', 'warning'],
    ]);
    expect(planned[0]!.message).toContain(
      '(planned: no code in the repository names this route yet; document it when it ships)',
    );
    expect(findingsOf(report, 'undocumented-endpoint')[0]!.evidence).toEqual({
      file: 'api/routes.py',
      line: 1,
      verb: 'named in the code at',
    });
  });

  test("a path under no prefix the code or the runbook serves asks nothing: another service's API", async () => {
    const { report } = await expectMarkedRepo({
      'specs/a.md': [
        '# Vendor',
        '',
        BOUND,
        '- We post to `POST /v2/notify` and read `GET /repos/{owner}/{repo}/issues`.',
        '- Our own `GET /api/notifications` lists what was sent. <!-- expect: planned-endpoint -->',
        '',
      ].join('\n'),
      'api/client.py': 'requests.post("https://vendor.example/v2/notify")\n',
    });
    expect(report.findings.filter((f) => f.file === 'specs/a.md').map((f) => f.rule)).toEqual([RULE]);
  });

  test('the code serving the path with other methods only is said, with where', async () => {
    const { report } = await expectMarkedRepo({
      'specs/a.md': `# Tasks\n\n${BOUND}- \`DELETE /api/tasks/{id}\` removes one. <!-- expect: planned-endpoint -->\n`,
      ...ROUTES,
    });
    expect(findingsOf(report, RULE)[0]!.message).toContain(
      '(planned: the code serves only `GET` on this path, at `api/routes.py:1`; document it when it ships)',
    );
  });

  test('once the code defines it, it is undocumented-endpoint; without the code, always', async () => {
    const spec = `# Jobs\n\n${BOUND}- \`GET /api/jobs/{id}/status\` reports a job.\n`;
    const rules = async (files: Record<string, string>, argv: string[] = []): Promise<string[][]> => {
      const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': spec, ...files });
      const { report } = await runJson(['--no-config', '--root', '.', ...argv], dir);
      return report.findings.filter((f) => f.file === 'specs/a.md').map((f) => [f.rule, f.item]);
    };
    const item = 'GET /api/jobs/{id}/status';
    expect(await rules({})).toEqual([[RULE, item]]);
    const route = { 'api/jobs.py': '@app.get("/api/jobs/{job_id}/status")\n' };
    expect(await rules(route)).toEqual([['undocumented-endpoint', item]]);
    expect(await rules({}, ['--no-code'])).toEqual([['undocumented-endpoint', item]]);
  });

  test('a runbook near miss is offered; an ignore selector or a `rules` severity applies', async () => {
    const spec = [
      '# Probes',
      '',
      BOUND,
      '- `GET /api/healthz` is the probe. <!-- expect: planned-endpoint -->',
      '- `GET /api/v2/tasks` lists tasks.',
      '',
    ].join('\n');
    const config = { rules: { 'planned-endpoint': 'info' }, ignore: ['planned-endpoint:GET /api/v2/*'] };
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': spec,
      'sync-check.config.json': JSON.stringify(config, null, 2),
    });
    const { code, report } = await runJson(['--root', '.'], dir);
    expect(code).toBe(0);
    expect(actualOf(report, RULE)).toEqual(expectedOf([{ path: 'specs/a.md', text: spec }], RULE));
    const [f] = findingsOf(report, RULE);
    expect(f!.severity).toBe('info');
    expect(f!.suggestion).toMatchObject({ item: 'GET /api/health', line: 5 });
    expect(report.suppressed.map((s) => [s.rule, s.item, s.suppression.kind])).toEqual([
      [RULE, 'GET /api/v2/tasks', 'ignore'],
    ]);
  });
});
