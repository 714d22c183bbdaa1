import { checkDocuments, type Finding } from '../src/index.js';

/**
 * When a spec item counts as documented: the runbook names it in an equivalent form.
 * Every "documented" case first proves the item IS reported against an empty runbook,
 * so a broken extractor cannot make the case pass.
 */

const RUNBOOK_PATH = 'docs/RUNBOOK.md';
const BIND = '# Spec\n\nDocument every change in docs/RUNBOOK.md.\n\n';

function findings(specBody: string, runbookText: string): Finding[] {
  return checkDocuments([{ path: 'specs/a.md', text: BIND + specBody }], { path: RUNBOOK_PATH, text: runbookText })
    .findings;
}

function items(specBody: string, runbookText: string): Array<[string, string]> {
  return findings(specBody, runbookText).map((f) => [f.kind, f.item]);
}

/** The item is reported against an empty runbook, and not against `runbookText`. */
function expectDocumented(specBody: string, runbookText: string, expected: [string, string]): void {
  expect(items(specBody, '# Runbook\n')).toEqual([expected]);
  expect(items(specBody, runbookText)).toEqual([]);
}

const fence = (code: string, lang = 'bash'): string => '```' + lang + '\n' + code + '\n```\n';
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('placeholders', () => {
  test.each([
    ['{id} ~ *', 'api/logs/task_{id}.log', '- `api/logs/task_*.log`\n'],
    ['* ~ {id}', 'api/logs/task_*.log', '- `api/logs/task_{id}.log`\n'],
    ['{task_id} ~ {id}', 'api/logs/task_{task_id}.log', '- `api/logs/task_{id}.log`\n'],
    ['{id} ~ {task_id}', 'api/logs/task_{id}.log', '- `api/logs/task_{task_id}.log`\n'],
    ['{id} ~ <id> (runbook prose)', 'api/logs/task_{id}.log', 'Each task writes api/logs/task_<id>.log.\n'],
    ['{id} ~ <id> (runbook table, plain)', 'api/logs/task_{id}.log', '| Path |\n|---|\n| api/logs/task_<id>.log |\n'],
    ['{id} ~ $ID', 'api/logs/task_{id}.log', fence('tail -f api/logs/task_$ID.log')],
  ])('log %s', (_name, specPath, runbookBody) => {
    expectDocumented(`Each task writes \`${specPath}\`.\n`, `# Runbook\n\n${runbookBody}`, ['log', specPath]);
  });

  test('a placeholder matches only within its own file-name pattern', () => {
    expect(items('Each task writes `api/logs/task_{id}.log`.\n', '# R\n\n- `api/logs/other_{id}.log`\n')).toEqual([
      ['log', 'api/logs/task_{id}.log'],
    ]);
  });

  test('a placeholder does not span directories', () => {
    expect(items('Each task writes `api/logs/task_{id}.log`.\n', '# R\n\n- `api/logs/task_x/y.log`\n')).toEqual([
      ['log', 'api/logs/task_{id}.log'],
    ]);
  });

  test('log {id} ~ <id> (runbook inline code)', () => {
    expectDocumented('Each task writes `api/logs/task_{id}.log`.\n', '# Runbook\n\n- `api/logs/task_<id>.log`\n', [
      'log',
      'api/logs/task_{id}.log',
    ]);
  });

  test.each([
    ['{id} ~ {task_id}', 'GET /api/tasks/{id}', '- `GET /api/tasks/{task_id}`\n'],
    ['{id} ~ <id> (runbook prose)', 'GET /api/tasks/{id}', 'Call GET /api/tasks/<id> for one task.\n'],
    ['{id} ~ <id> (runbook inline code with method)', 'GET /api/tasks/{id}', '- `GET /api/tasks/<id>`\n'],
    ['{id} ~ :id', 'GET /api/tasks/{id}', '- `GET /api/tasks/:id`\n'],
    ['{id} ~ *', 'GET /api/tasks/{id}', '- `GET /api/tasks/*`\n'],
    [':id ~ {task_id}', 'GET /api/tasks/:id', '- `GET /api/tasks/{task_id}`\n'],
    ['<id> ~ {id}', 'GET /api/tasks/<id>', '- `GET /api/tasks/{id}`\n'],
    ['curl URL with {id}', 'PATCH /api/tasks/{id}', fence('curl -X PATCH http://localhost:8000/api/tasks/{task_id}')],
  ])('endpoint %s', (_name, specEndpoint, runbookBody) => {
    expectDocumented(`It calls \`${specEndpoint}\`.\n`, `# Runbook\n\n${runbookBody}`, ['endpoint', specEndpoint]);
  });

  test('endpoint placeholders stand for one segment only', () => {
    expect(items('It calls `GET /api/tasks/{id}/logs`.\n', '# R\n\n- `GET /api/tasks/{id}`\n')).toEqual([
      ['endpoint', 'GET /api/tasks/{id}/logs'],
    ]);
    expect(items('It calls `GET /api/tasks/{id}`.\n', '# R\n\n- `GET /api/jobs/{id}`\n')).toEqual([
      ['endpoint', 'GET /api/tasks/{id}'],
    ]);
  });

  test('endpoint {id} ~ <id> (runbook bare path in inline code)', () => {
    expectDocumented('It calls `GET /api/tasks/{id}`.\n', '# Runbook\n\n- `/api/tasks/<id>`\n', [
      'endpoint',
      'GET /api/tasks/{id}',
    ]);
  });
});

describe('bare names and full paths', () => {
  test('a bare name in the spec is documented by the full path in the runbook', () => {
    expectDocumented('The runner writes `agent_runner.log`.\n', '# Runbook\n\n- `api/logs/agent_runner.log`\n', [
      'log',
      'agent_runner.log',
    ]);
  });

  test('a full path in the spec is documented by the bare name in the runbook (code or prose)', () => {
    const spec = 'The runner writes `api/logs/agent_runner.log`.\n';
    expectDocumented(spec, '# Runbook\n\nCheck `agent_runner.log` first.\n', ['log', 'api/logs/agent_runner.log']);
    expectDocumented(spec, '# Runbook\n\nCheck agent_runner.log first.\n', ['log', 'api/logs/agent_runner.log']);
  });

  test('a shorter runbook path that ends the spec path documents it', () => {
    expectDocumented('The runner writes `api/logs/agent_runner.log`.\n', '# Runbook\n\n- `logs/agent_runner.log`\n', [
      'log',
      'api/logs/agent_runner.log',
    ]);
  });

  test('the same file name under another directory does not document it, and is suggested', () => {
    const f = findings(
      'The runner writes `api/logs/agent_runner.log`.\n',
      '# Runbook\n\n- `web/logs/agent_runner.log`\n',
    );
    expect(f.map((x) => [x.kind, x.item])).toEqual([['log', 'api/logs/agent_runner.log']]);
    expect(f[0]!.suggestion?.item).toBe('web/logs/agent_runner.log');
  });

  test('an ambiguous bare runbook name does not document a full path when the runbook names that file elsewhere', () => {
    const spec = 'The runner writes `api/logs/agent_runner.log`.\n';
    // Alone, the bare name documents the full path ...
    expect(items(spec, '# Runbook\n\nCheck `agent_runner.log` first.\n')).toEqual([]);
    // ... but not when the runbook shows it means web/logs/agent_runner.log.
    const ambiguous = '# Runbook\n\nCheck `agent_runner.log` first.\n\n- `web/logs/agent_runner.log`\n';
    expect(items(spec, ambiguous)).toEqual([['log', 'api/logs/agent_runner.log']]);
  });
});

describe('scripts named in other forms', () => {
  test('extensionless spec script ~ runbook script with extension', () => {
    expectDocumented(
      'Start it with `./scripts/start_with_telegram`.\n',
      '# Runbook\n\nRun `./scripts/start_with_telegram.sh`.\n',
      ['script', './scripts/start_with_telegram'],
    );
  });

  test('spec script with extension ~ extensionless name in the runbook', () => {
    const spec = 'Start it with `./scripts/start_with_telegram.sh`.\n';
    expectDocumented(spec, '# Runbook\n\nRun `start_with_telegram`.\n', ['script', './scripts/start_with_telegram.sh']);
    expectDocumented(spec, '# Runbook\n\nUse start_with_telegram to start.\n', [
      'script',
      './scripts/start_with_telegram.sh',
    ]);
    // A different name is not a match.
    expect(items(spec, '# Runbook\n\nRun `start_with_telegraf`.\n')).toEqual([
      ['script', './scripts/start_with_telegram.sh'],
    ]);
  });

  test('runbook `cd api && .venv/bin/python scripts/x.py` documents api/scripts/x.py', () => {
    expectDocumented(
      'Check with `api/scripts/check_pipeline.py`.\n',
      '# Runbook\n\n' + fence('cd api && .venv/bin/python scripts/check_pipeline.py'),
      ['script', 'api/scripts/check_pipeline.py'],
    );
  });

  test('make targets and npm scripts match by name', () => {
    expectDocumented('Run `make deploy`.\n', '# Runbook\n\n' + fence('make deploy'), ['script', 'make deploy']);
    expect(items('Run `make deploy`.\n', '# Runbook\n\n' + fence('make deploy-all'))).toEqual([
      ['script', 'make deploy'],
    ]);
    expectDocumented('Run `npm run build`.\n', '# Runbook\n\n' + fence('npm run build'), ['script', 'npm run build']);
  });
});

describe('the directory a runbook command runs in', () => {
  const SPEC_API = 'Start with `api/scripts/start.sh`.\n';
  const SPEC_WEB = 'Start with `web/scripts/start.sh`.\n';
  const PROSE_HINT = '# Runbook\n\nStart the API (from api/):\n\n' + fence('./scripts/start.sh');
  const COMMENT_HINT = '# Runbook\n\n' + fence('# Start API (from api/)\n./scripts/start.sh');
  const CD = '# Runbook\n\n' + fence('cd api && ./scripts/start.sh');
  const NO_HINT = '# Runbook\n\nStart the API:\n\n' + fence('./scripts/start.sh');

  test('a "(from api/)" hint in the prose before the block resolves ./scripts/x.sh to api/scripts/x.sh', () => {
    expectDocumented(SPEC_API, PROSE_HINT, ['script', 'api/scripts/start.sh']);
  });

  test('a "# Start API (from api/)" comment in the block resolves ./scripts/x.sh to api/scripts/x.sh', () => {
    expectDocumented(SPEC_API, COMMENT_HINT, ['script', 'api/scripts/start.sh']);
  });

  test('`cd api &&` resolves ./scripts/x.sh to api/scripts/x.sh', () => {
    expectDocumented(SPEC_API, CD, ['script', 'api/scripts/start.sh']);
  });

  test('the cwd matters: web/scripts/x.sh is not documented by a command run in api/', () => {
    for (const runbook of [CD, PROSE_HINT, COMMENT_HINT]) {
      const f = findings(SPEC_WEB, runbook);
      expect(f.map((x) => [x.kind, x.item])).toEqual([['script', 'web/scripts/start.sh']]);
      expect(f[0]!.suggestion?.item).toBe('./scripts/start.sh');
    }
    // Without a directory, the shorter `scripts/start.sh` does document it.
    expect(items(SPEC_WEB, NO_HINT)).toEqual([]);
  });
});

describe('endpoint methods', () => {
  const TABLE = '# Runbook\n\n## Key Endpoints\n\n| Endpoint | Purpose |\n|---|---|\n| `/api/tasks` | tasks |\n';

  test('an endpoint without a method in the runbook matches any method', () => {
    expectDocumented('It calls `POST /api/tasks`.\n', TABLE, ['endpoint', 'POST /api/tasks']);
    expectDocumented('It calls `DELETE /api/tasks`.\n', TABLE, ['endpoint', 'DELETE /api/tasks']);
  });

  test('a bare runbook path in plain prose still documents (the runbook is read generously)', () => {
    expectDocumented('It calls `GET /api/tasks`.\n', '# Runbook\n\nTasks are listed at /api/tasks.\n', [
      'endpoint',
      'GET /api/tasks',
    ]);
  });

  test('a method-less runbook path on another route does not match', () => {
    expect(items('It calls `POST /api/tasks`.\n', TABLE.replace('/api/tasks', '/api/jobs'))).toEqual([
      ['endpoint', 'POST /api/tasks'],
    ]);
  });

  test('a method mismatch says which methods the runbook documents on the path, never "did you mean" another operation', () => {
    const runbook = '# Runbook\n\nIntro.\n\n- `GET /api/tasks`\n';
    const f = findings('It calls `POST /api/tasks`.\n', runbook);
    expect(f.map((x) => [x.kind, x.item])).toEqual([['endpoint', 'POST /api/tasks']]);
    expect(f[0]!.suggestion).toBeUndefined();
    expect(f[0]!.message).toContain(
      `the runbook documents only \`GET\` on this path (RUNBOOK.md:${lineOf(runbook, 'GET /api/tasks')})`,
    );
    expect(f[0]!.message).not.toContain('did you mean');
  });

  test('a near path with the same method is still a "did you mean"', () => {
    const runbook = '# Runbook\n\nIntro.\n\n- `GET /api/task-stats`\n';
    const f = findings('It calls `GET /api/tasks-stats`.\n', runbook);
    expect(f[0]!.suggestion?.item).toBe('GET /api/task-stats');
  });
});

describe('"did you mean" suggestions', () => {
  test('a typo alert.jsonl vs alerts.jsonl is reported with a suggestion', () => {
    const runbook =
      '# Runbook\n\n## Log Locations\n\n| Path | Purpose |\n|---|---|\n| `api/logs/alerts.jsonl` | alerts |\n';
    const f = findings('Alerts go to `api/logs/alert.jsonl`.\n', runbook);
    expect(f.map((x) => [x.kind, x.item])).toEqual([['log', 'api/logs/alert.jsonl']]);
    expect(f[0]!.suggestion).toEqual({
      item: 'api/logs/alerts.jsonl',
      file: RUNBOOK_PATH,
      line: lineOf(runbook, 'alerts.jsonl'),
      column: 4,
    });
    expect(f[0]!.runbookSection).toBeUndefined();
  });

  test('an env var typo is suggested too', () => {
    const f = findings('Set `FOO_BARR` in the environment.\n', '# Runbook\n\nSet `FOO_BAR`.\n');
    expect(f.map((x) => [x.kind, x.item, x.suggestion?.item])).toEqual([['env', 'FOO_BARR', 'FOO_BAR']]);
  });

  test('an unrelated runbook item is not suggested', () => {
    const f = findings('Alerts go to `api/logs/alert.jsonl`.\n', '# Runbook\n\n- `api/logs/worker.log`\n');
    expect(f.map((x) => [x.kind, x.item])).toEqual([['log', 'api/logs/alert.jsonl']]);
    expect(f[0]!.suggestion).toBeUndefined();
  });
});
