import { checkDocuments, type Report } from '../src/index.js';

/**
 * What each extractor reports, seen through the public core: specs that bind to an
 * (almost) empty runbook, so every item a spec names comes back as a finding.
 */

const RUNBOOK = { path: 'docs/RUNBOOK.md', text: '# Runbook\n' };
/** Names the runbook, so script/endpoint/env items are reported too; names no item itself. */
const BIND = '# Spec\n\nDocument every change in docs/RUNBOOK.md.\n\n';

function check(body: string, prefix = ''): Report {
  return checkDocuments([{ path: 'specs/a.md', text: prefix + BIND + body }], RUNBOOK);
}

function items(body: string, prefix = ''): Array<[string, string]> {
  return check(body, prefix).findings.map((f) => [f.kind, f.item]);
}

const fence = (code: string, lang = 'bash'): string => '```' + lang + '\n' + code + '\n```\n';

test('the binding sentence itself reports nothing', () => {
  const report = check('Nothing else here.\n');
  expect(report.findings).toEqual([]);
  expect(report.summary.specsBound).toBe(1);
});

describe('log paths', () => {
  test.each([
    ['a *.log path in inline code', 'The worker writes `api/logs/worker.log`.\n', 'api/logs/worker.log'],
    ['a *.jsonl path in prose', 'Events go to api/logs/events.jsonl as they happen.\n', 'api/logs/events.jsonl'],
    ['a .json file under logs/', 'State is kept in `api/logs/state.json`.\n', 'api/logs/state.json'],
    ['a bare telegram.log in prose', 'The bot writes telegram.log for now.\n', 'telegram.log'],
    ['a path in a fenced code block', fence('tail -f api/logs/agent.log'), 'api/logs/agent.log'],
    [
      'a path in a table cell (code)',
      '| Name | Path |\n|---|---|\n| agent | `api/logs/table.log` |\n',
      'api/logs/table.log',
    ],
    [
      'a path in a table cell (plain)',
      '| Name | Path |\n|---|---|\n| agent | api/logs/plain.log |\n',
      'api/logs/plain.log',
    ],
    ['a path in command substitution', fence('echo `cat api/logs/sub.log`'), 'api/logs/sub.log'],
    ['a path in $(...)', fence('n=$(wc -l api/logs/dollar.log)'), 'api/logs/dollar.log'],
    ['a path in parentheses in a code block', fence('(api/logs/paren.log)', ''), 'api/logs/paren.log'],
  ])('%s is a log', (_name, body, item) => {
    expect(items(body)).toEqual([['log', item]]);
  });

  test('a log path with a `{id}` placeholder keeps it in the item and canonicalizes it', () => {
    const f = check('Each task writes `api/logs/task_{task_id}.log`.\n').findings;
    expect(f.map((x) => [x.kind, x.item, x.canonical])).toEqual([
      ['log', 'api/logs/task_{task_id}.log', 'api/logs/task_{}.log'],
    ]);
  });

  // Every negative carries a control log path, so "nothing extracted at all" cannot pass.
  const CONTROL = '\n\nThe control writes `api/logs/control.log`.\n';
  test.each([
    ['console.log(x) in inline code', 'Use `console.log(x)` to debug.'],
    ['console.log(x) in prose', 'Use console.log(x) to debug.'],
    ['a logs directory', 'Logs live in `api/logs/`.'],
    ['a lone *.log glob in inline code', 'Rotate every `*.log` file.'],
    ['a lone *.log glob in prose', 'Rotate every *.log file.'],
    ['URLs in prose', 'See https://example.com/logs/x.log and http://host.example/a.log.'],
    ['a URL in inline code', 'Fetch `https://example.com/logs/x.log`.'],
  ])('%s is not a log', (_name, body) => {
    expect(items(body + CONTROL)).toEqual([['log', 'api/logs/control.log']]);
  });

  test('a log path with an `<id>` placeholder in inline code or a code block is a log, not a redirection', () => {
    const f = check('Each task writes `api/logs/task_<id>.log`.\n').findings;
    expect(f.map((x) => [x.kind, x.item, x.canonical])).toEqual([
      ['log', 'api/logs/task_<id>.log', 'api/logs/task_{}.log'],
    ]);
    expect(items(fence('tail -f api/logs/job_<job_id>.log'))).toEqual([['log', 'api/logs/job_<job_id>.log']]);
  });

  test('a real input redirection is still not part of a path', () => {
    expect(items(fence('./scripts/import.sh < api/logs/in.log'))).toEqual([
      ['script', './scripts/import.sh'],
      ['log', 'api/logs/in.log'],
    ]);
  });
});

describe('scripts', () => {
  test.each([
    ['./scripts/x.sh in a code block', fence('./scripts/deploy.sh'), 'script', './scripts/deploy.sh'],
    ['./scripts/x.sh in inline code', 'Deploy with `./scripts/deploy.sh`.\n', 'script', './scripts/deploy.sh'],
    ['python3 scripts/x.py', fence('python3 scripts/backfill.py'), 'script', 'scripts/backfill.py'],
    [
      '.venv/bin/python scripts/x.py',
      fence('.venv/bin/python scripts/check_pipeline.py'),
      'script',
      'scripts/check_pipeline.py',
    ],
    ['node tools/x.js --flag', fence('node tools/gen.js --flag'), 'script', 'tools/gen.js'],
    ['make target', fence('make migrate'), 'script', 'make migrate'],
    ['make target in inline code', 'Then run `make migrate`.\n', 'script', 'make migrate'],
    ['npm run name', fence('npm run build:web'), 'script', 'npm run build:web'],
    ['check.py --json', fence('check.py --json'), 'script', 'check.py'],
    ['check.py --json in inline code', 'Verify with `check.py --json`.\n', 'script', 'check.py'],
    [
      'a scripts/ path in a Files-to-modify list (code)',
      '## Files to modify\n\n- `api/scripts/seed.py`\n',
      'script',
      'api/scripts/seed.py',
    ],
    [
      'a scripts/ path in a Files-to-modify list (plain)',
      '## Files to modify\n\n- api/scripts/seed.py\n',
      'script',
      'api/scripts/seed.py',
    ],
  ])('%s is a script', (_name, body, kind, item) => {
    expect(items(body)).toEqual([[kind, item]]);
  });

  test('the canonical form of ./scripts/x.sh drops the ./', () => {
    expect(check(fence('./scripts/deploy.sh')).findings.map((f) => f.canonical)).toEqual(['scripts/deploy.sh']);
  });

  const CONTROL_CMD = './scripts/control.sh';
  test.each([
    ['git status', 'git status'],
    ['git push', 'git push origin main'],
    ['pkill', 'pkill -f uvicorn'],
    ['uvicorn app.main:app', 'uvicorn app.main:app --reload --port 8000'],
    ['curl', 'curl -s https://example.com/health'],
    ['npm install', 'npm install'],
    ['python -m pkg', 'python -m pkg.tool --once'],
    ['.venv/bin/pytest', '.venv/bin/pytest -q'],
    ['package-lock.json', 'cat package-lock.json'],
    ['a lone file path', 'api/app/service.py'],
  ])('%s in a code block is not a script', (_name, cmd) => {
    expect(items(fence(`${cmd}\n${CONTROL_CMD}`))).toEqual([['script', CONTROL_CMD]]);
  });

  test('files in a Files-to-modify table are not scripts unless under scripts/', () => {
    const body =
      '## Files to Modify\n\n| File | Change |\n|---|---|\n' +
      '| `api/app/service.py` | logic |\n| `docs/X.md` | docs |\n| `package-lock.json` | deps |\n| `api/scripts/control.py` | new |\n';
    expect(items(body)).toEqual([['script', 'api/scripts/control.py']]);
  });

  test('docs and lock files in a list are not scripts', () => {
    expect(items('- `docs/X.md`\n- `package-lock.json`\n- `api/app/service.py`\n- `api/scripts/control.py`\n')).toEqual(
      [['script', 'api/scripts/control.py']],
    );
  });

  test('"make sure" in prose is not a make target', () => {
    expect(items('Make sure the worker is idle; please make sure twice. Then run `make control`.\n')).toEqual([
      ['script', 'make control'],
    ]);
  });
});

describe('endpoints', () => {
  test.each([
    ['GET /api/x in prose', 'The client calls GET /api/status every minute.\n', 'GET /api/status', 'GET /api/status'],
    [
      'GET /api/x in inline code',
      'The client calls `GET /api/status` every minute.\n',
      'GET /api/status',
      'GET /api/status',
    ],
    ['a bare /api/x in inline code', 'Health is at `/api/health`.\n', '/api/health', '/api/health'],
    ['a bare /api/x in a code block', fence('/api/health'), '/api/health', '/api/health'],
    [
      'METHOD /api/x/{id} in prose',
      'Retry with POST /api/tasks/{task_id}/retry.\n',
      'POST /api/tasks/{task_id}/retry',
      'POST /api/tasks/{}/retry',
    ],
  ])('%s is an endpoint', (_name, body, item, canonical) => {
    const f = check(body).findings;
    expect(f.map((x) => [x.kind, x.item])).toEqual([['endpoint', item]]);
    expect(f[0]!.canonical).toBe(canonical);
  });

  test('curl -X PATCH http://localhost:8000/api/tasks/{id} is PATCH /api/tasks/{}', () => {
    const f = check(fence('curl -X PATCH http://localhost:8000/api/tasks/{id}')).findings;
    expect(f.map((x) => [x.kind, x.canonical])).toEqual([['endpoint', 'PATCH /api/tasks/{}']]);
    // Shown normalised; kept as written too.
    expect(f[0]!.item).toBe('PATCH /api/tasks/{id}');
    expect(f[0]!.written).toContain('http://localhost:8000/api/tasks/{id}');
  });

  test('curl -X PATCH with a quoted URL and a body keeps the explicit method', () => {
    const f = check(fence(`curl -X PATCH "http://localhost:8000/api/tasks/{id}" -d '{"a":1}'`)).findings;
    expect(f.map((x) => [x.kind, x.canonical])).toEqual([['endpoint', 'PATCH /api/tasks/{}']]);
  });

  test('curl with -d and no -X is a POST; without a body it is a GET', () => {
    const post = check(fence(`curl -d '{"a":1}' http://localhost:8000/api/tasks`)).findings;
    expect(post.map((x) => [x.kind, x.item, x.canonical])).toEqual([
      ['endpoint', 'POST /api/tasks', 'POST /api/tasks'],
    ]);
    const get = check(fence('curl http://localhost:8000/api/tasks')).findings;
    expect(get.map((x) => [x.kind, x.canonical])).toEqual([['endpoint', 'GET /api/tasks']]);
  });

  const CONTROL = '\n\nThe control calls `GET /api/control`.\n';
  test.each([
    ['a bare /api/x in plain prose', 'Health is at /api/health in prose.'],
    ['a Telegram-style /reply in inline code', 'Send `/reply` to the bot.'],
    ['a Telegram-style /reply in prose', 'Or send /reply with text.'],
    ['a file path in inline code', 'Run with `/usr/bin/python3`.'],
    ['a file path in prose', 'Run with /usr/bin/python3 here.'],
    ['a file path in a code block', fence('/usr/bin/python3 -V')],
  ])('%s is not an endpoint', (_name, body) => {
    expect(items(body + CONTROL)).toEqual([['endpoint', 'GET /api/control']]);
  });

  test('a bare /api/x/<id> in inline code keeps its placeholder', () => {
    const f = check('One task is at `/api/tasks/<id>`.\n').findings;
    expect(f.map((x) => [x.kind, x.item, x.canonical])).toEqual([['endpoint', '/api/tasks/<id>', '/api/tasks/{}']]);
  });
});

describe('env vars', () => {
  test.each([
    [
      'FOO_BAR=1 ./run.sh in a code block',
      fence('FOO_BAR=1 ./run.sh'),
      [
        ['env', 'FOO_BAR'],
        ['script', './run.sh'],
      ],
    ],
    [
      'FOO_BAR=1 ./run.sh in inline code',
      'Run `FOO_BAR=1 ./run.sh` once.\n',
      [
        ['env', 'FOO_BAR'],
        ['script', './run.sh'],
      ],
    ],
    ['export FOO_BAR=1', fence('export FOO_BAR=1'), [['env', 'FOO_BAR']]],
    ['$FOO_BAR in a code block', fence('echo $FOO_BAR'), [['env', 'FOO_BAR']]],
    ['${FOO_BAR} in a code block', fence('echo ${FOO_BAR}'), [['env', 'FOO_BAR']]],
    ['$FOO_BAR in inline code', 'Use `$FOO_BAR` here.\n', [['env', 'FOO_BAR']]],
    ['os.environ["FOO_BAR"] in a python block', fence('x = os.environ["FOO_BAR"]', 'python'), [['env', 'FOO_BAR']]],
    ['os.environ["FOO_BAR"] in inline code', 'It reads `os.environ["FOO_BAR"]` on start.\n', [['env', 'FOO_BAR']]],
    ['set `LOG_LEVEL`', 'Set `LOG_LEVEL` to debug.\n', [['env', 'LOG_LEVEL']]],
    [
      'configurable via env (for example LOG_LEVEL)',
      'Verbosity is configurable via env (for example LOG_LEVEL).\n',
      [['env', 'LOG_LEVEL']],
    ],
    ['configurable via env (LOG_LEVEL)', 'Verbosity is configurable via env (LOG_LEVEL).\n', [['env', 'LOG_LEVEL']]],
    [
      'configurable via env (e.g. LOG_LEVEL)',
      'Verbosity is configurable via env (e.g. LOG_LEVEL).\n',
      [['env', 'LOG_LEVEL']],
    ],
    [
      'configurable via env vars, e.g. `LOG_LEVEL`',
      'Configurable via env vars, e.g. `LOG_LEVEL`.\n',
      [['env', 'LOG_LEVEL']],
    ],
  ])('%s is an env var', (_name, body, expected) => {
    expect(items(body)).toEqual(expected);
  });

  test('front matter env: [A_B]', () => {
    expect(items('Body.\n', '---\nenv: [A_B]\n---\n')).toEqual([['env', 'A_B']]);
  });

  test('front matter env as a block list and as a mapping', () => {
    expect(items('Body.\n', '---\nenv:\n  - A_B\n---\n')).toEqual([['env', 'A_B']]);
    expect(items('Body.\n', '---\nenv:\n  C_D: 1\n---\n')).toEqual([['env', 'C_D']]);
  });

  test('an UPPER_SNAKE name under another front matter key is not an env var', () => {
    expect(items('Set `CONTROL_VAR` in the environment.\n', '---\ntitle: A_B\n---\n')).toEqual([
      ['env', 'CONTROL_VAR'],
    ]);
  });

  const CONTROL = '\n\nSet `CONTROL_VAR` in the environment.\n';
  test.each([
    ['MIN_TASKS=10 in a "Default" table cell', '| Setting | Default |\n|---|---|\n| min tasks | MIN_TASKS=10 |'],
    ['`MIN_TASKS` alone in a table cell', '| Constant | Default |\n|---|---|\n| `MIN_TASKS` | 10 |'],
    ['a constant in prose with no env wording', 'The MAX_RETRIES constant caps retries.'],
    ['HOME and PATH in a code block', fence('export HOME=/x PATH=/y\necho $HOME $PATH')],
    ['HOME and PATH in prose', 'Set `HOME` and set `PATH` env vars.'],
  ])('%s is not an env var', (_name, body) => {
    expect(items(body + CONTROL)).toEqual([['env', 'CONTROL_VAR']]);
  });

  test('`MIN_TASKS=10` (inline code) in a "Default" table cell is not an env var', () => {
    expect(items('| Setting | Default |\n|---|---|\n| min tasks | `MIN_TASKS=10` |' + CONTROL)).toEqual([
      ['env', 'CONTROL_VAR'],
    ]);
  });
});

describe('env vars named by structure or listed after a cue', () => {
  const envOf = (body: string): string[] =>
    checkDocuments([{ path: 'specs/a.md', text: `# A\n\nOperators follow docs/RUNBOOK.md.\n\n${body}\n` }], {
      path: 'docs/RUNBOOK.md',
      text: '# R\n',
    })
      .findings.filter((f) => f.kind === 'env')
      .map((f) => f.item);

  test('`-e NAME=value` and `--env NAME=value` in a command', () => {
    expect(
      envOf('```bash\ndocker run -d \\\n  -e POSTGRES_USER=dev \\\n  --env POSTGRES_DB=app \\\n  postgres\n```'),
    ).toEqual(['POSTGRES_USER', 'POSTGRES_DB']);
    expect(envOf('```bash\ngrep -e FATAL_ERROR api/app.txt\n```')).toEqual([]);
  });

  test('`${NAME}` and `${NAME:-default}` interpolation in a compose or YAML block', () => {
    expect(
      envOf('```yaml\nservices:\n  node:\n    image: ${NODE_IMAGE:-node:latest}\n    command: run ${NODE_ARGS}\n```'),
    ).toEqual(['NODE_IMAGE', 'NODE_ARGS']);
    // In JavaScript `${X}` is a program variable in a template literal.
    expect(envOf('```ts\nfetch(`${BASE_URL}/api/x`);\n```')).toEqual([]);
  });

  test('"via X, Y": every name in the list, not a name merely near one', () => {
    expect(envOf('Interleaved at 20% via PIPELINE_META_BACKLOG, PIPELINE_META_RATIO.')).toEqual([
      'PIPELINE_META_BACKLOG',
      'PIPELINE_META_RATIO',
    ]);
    expect(envOf('Tuned via `QUEUE_DEPTH` and `QUEUE_WAIT`.')).toEqual(['QUEUE_DEPTH', 'QUEUE_WAIT']);
    expect(envOf('The MAX_RETRIES, MAX_DEPTH constants live in code.')).toEqual([]);
    // "with" does not make a name configuration, so neither does the list it heads.
    expect(envOf('Works with MAX_RETRIES and MAX_DEPTH.')).toEqual([]);
  });
});
