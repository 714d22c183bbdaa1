/**
 * When a spec item counts as documented (README): a runbook placeholder stands for at most the
 * segment, or part of a segment, it replaces, inside a path whose other parts match; a word that
 * is only a placeholder, a bare glob, a directory or a template variable documents nothing; and
 * a literal runbook path never documents a spec's template.
 */
import { checkDocuments } from '../src/core/check-documents.js';
import type { Finding } from '../src/types.js';

const RUNBOOK = 'docs/RUNBOOK.md';
const BIND = 'Operators follow docs/RUNBOOK.md.';

function reported(specBody: string, runbookText: string): Finding[] {
  const spec = { path: 'specs/a.md', text: `# Spec\n\n${BIND}\n\n${specBody}\n` };
  return checkDocuments([spec], { path: RUNBOOK, text: `# Runbook\n\n${runbookText}\n` }).findings;
}

function items(specBody: string, runbookText: string): string[] {
  return reported(specBody, runbookText).map((f) => f.item);
}

/** Runbook words that name nothing in particular, in the styles real runbooks write them. */
const VAGUE = [
  '- Telegram: `/reply {task_id} yes`',
  '- Task `{id}` and `<name>` and `:slug`',
  '- Pin it: `"${VERSION}"` or `$TAG`',
  '- Branches `codex/*` and files `*` and `*.log` and `*.jsonl` and `*.sh`',
  '- Logs live in `api/logs/`; scripts in `api/scripts/`',
  '- Any route: `/{resource}/{id}` is not one, nor `/{id}` nor `https://{host}/{path}` nor `/{group}/{resource}/{id}`',
];

describe('a bare placeholder or glob documents no item, for every kind', () => {
  const runbook = VAGUE.join('\n');
  const KINDS: Array<[string, string, string]> = [
    ['log', 'The agent writes `api/logs/telegram.log`.', 'api/logs/telegram.log'],
    ['log, bare name', 'The agent writes `telegram.log`.', 'telegram.log'],
    ['jsonl', 'Resolutions go to `api/logs/monitor_resolutions.jsonl`.', 'api/logs/monitor_resolutions.jsonl'],
    ['script', 'Run `./scripts/run_autonomous.sh`.', './scripts/run_autonomous.sh'],
    ['script, bare name', 'Document `run_autonomous.sh`.', 'run_autonomous.sh'],
    ['python script', 'Run `python api/scripts/report_fatal.py`.', 'api/scripts/report_fatal.py'],
    ['make target', 'Run `make deploy`.', 'make deploy'],
    ['npm script', 'Run `npm run release`.', 'npm run release'],
    ['endpoint', '`GET /api/agent/status` reports status.', 'GET /api/agent/status'],
    ['endpoint without method', 'Call `curl http://localhost:8000/api/agent/metrics`.', 'GET /api/agent/metrics'],
    ['env var', 'Set `PIPELINE_AUTO_PUSH=1` to push.', 'PIPELINE_AUTO_PUSH'],
    ['env var read in code', '```python\nos.environ["DEPLOY_TOKEN"]\n```', 'DEPLOY_TOKEN'],
  ];
  // Each vague word alone: together, one could mask another's false credit.
  const cases = KINDS.flatMap(([kind, spec, item]) => VAGUE.map((line) => [kind, line, spec, item] as const));

  test.each(cases)('%s, with the runbook line %s', (_kind, line, spec, item) => {
    expect(items(spec, line)).toContain(item);
  });

  test('a flag of a documented script is not documented by a placeholder', () => {
    const found = reported(
      'Run `./scripts/check.sh --attention`.',
      `${runbook}\n- \`./scripts/check.sh {flags}\` and \`--*\``,
    );
    expect(found.map((f) => f.rule)).toEqual(['undocumented-flag']);
  });

  test('a required section is not satisfied by a placeholder heading', () => {
    const found = reported('docs/RUNBOOK.md: add a Rollback section.', `${runbook}\n\n## {section}\n\n## *`);
    expect(found.map((f) => f.rule)).toEqual(['missing-section']);
  });
});

describe('a placeholder stands for the part of a path it replaces', () => {
  const runbook = '| `api/logs/task_{id}.log` | per task |';

  test.each(['api/logs/task_42.log', 'api/logs/task_{task_id}.log', 'api/logs/task_*.log', 'task_42.log'])(
    '`%s` is documented by `api/logs/task_{id}.log`',
    (log) => {
      expect(items(`Each task writes \`${log}\`.`, runbook)).toEqual([]);
    },
  );

  test.each(['api/logs/telegram.log', 'api/other/task_42.log', 'api/logs/job_42.log'])('`%s` is not', (log) => {
    expect(items(`The agent writes \`${log}\`.`, runbook)).toEqual([log]);
  });

  test('`/api/tasks/{id}` documents `/api/tasks/123` and `/api/tasks/:task_id`, not `/api/tasks/{id}/log`', () => {
    const rb = '- `GET /api/tasks/{id}`: one task';
    expect(items('`GET /api/tasks/123` returns a task.', rb)).toEqual([]);
    expect(items('`GET /api/tasks/:task_id` returns a task.', rb)).toEqual([]);
    expect(items('`GET /api/tasks/{id}/log` returns its log.', rb)).toEqual(['GET /api/tasks/{id}/log']);
  });

  test('a literal runbook path never documents a spec template', () => {
    // The seed runbook's `GET /api/agent/tasks/count` once hid the specs' `GET /api/agent/tasks/{id}`.
    const rb = '- `GET /api/agent/tasks/count`: how many';
    expect(items('`GET /api/agent/tasks/{id}` returns a task.', rb)).toEqual(['GET /api/agent/tasks/{id}']);
    expect(items('Each task writes `api/logs/task_{id}.log`.', '| `api/logs/task_7.log` | one task |')).toEqual([
      'api/logs/task_{id}.log',
    ]);
  });

  test('a directory that is only a placeholder stands for one directory', () => {
    expect(items('The worker writes `api/logs/worker.log`.', '- `tail -f $LOG_DIR/worker.log`')).toEqual([]);
    expect(items('The worker writes `api/logs/worker.log`.', '- `<app>/logs/worker.log`')).toEqual([]);
    expect(items('The worker writes `api/logs/worker.log`.', '- `<app>/other/worker.log`')).toEqual([
      'api/logs/worker.log',
    ]);
  });

  test('the same template in both documents is documented', () => {
    expect(items('`GET /api/tasks/{task_id}` returns a task.', '- `GET /api/tasks/:id`')).toEqual([]);
    expect(items('Each task writes `api/logs/task_<id>.log`.', runbook)).toEqual([]);
  });
});

describe('an ambiguous short mention is reported, and the message says why', () => {
  test('a bare name the runbook also gives another directory for', () => {
    const rb = '- `web/logs/status.log`: the web app\n- `status.log`: see above';
    const [finding] = reported('The API writes `api/logs/status.log`.', rb);
    expect(finding?.item).toBe('api/logs/status.log');
    expect(finding?.message).toMatch(
      /`status\.log` \(RUNBOOK\.md:4\) does not count, as it could be `web\/logs\/status\.log` \(RUNBOOK\.md:3\)/,
    );
  });
});

describe('a spec glob stands for whatever it matches', () => {
  test('`/tmp/app-*.log` is documented by a file it matches; a named template is not', () => {
    const rb = '| `/tmp/app-web.log` | web |';
    expect(items('Follow them with `tail -f /tmp/app-*.log`.', rb)).toEqual([]);
    expect(items('Each run writes `/tmp/app-{run}.log`.', rb)).toEqual(['/tmp/app-{run}.log']);
    expect(items('Follow them with `tail -f /tmp/other-*.log`.', rb)).toEqual(['/tmp/other-*.log']);
  });

  test('`/v1/*` and a shell variable in a URL are documented by an endpoint they match', () => {
    const rb = '- `GET /v1/mode`: the mode';
    expect(
      items('The relay serves the `/v1/*` API:\n\n```bash\ncurl http://localhost:9473/v1/$endpoint\n```', rb),
    ).toEqual([]);
    expect(items('`GET /v1/{name}` returns one.', rb)).toEqual(['GET /v1/{name}']);
  });
});
