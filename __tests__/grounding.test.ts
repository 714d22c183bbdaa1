/**
 * Grounding: every item a spec names is held against the repository's own code before it is
 * called drift. Each test builds a small repository (specs, runbook, code, package.json files,
 * Makefiles) in a temporary directory and runs the CLI on it; the plain runs use the core
 * without any repository.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkDocuments } from '../src/core/check-documents.js';
import { emptyCodeIndex, indexCodeFile } from '../src/compare/code-index.js';
import { isCodePath, ignoredDirectories, scanRepositoryCode } from '../src/io/code-scan.js';
import type { Finding, Report } from '../src/types.js';
import { repo, run, runJson } from './support/harness.js';

const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `api/logs/worker.log`\n\n## Key Endpoints\n\n- `GET /api/health`\n';

const check = async (
  files: Record<string, string | Buffer>,
  extra: string[] = [],
): Promise<{ code: number; report: Report }> =>
  runJson(['--no-config', '--root', '.', ...extra], await repo({ 'docs/RUNBOOK.md': RUNBOOK, ...files }));
const specFindings = (r: Report): Finding[] => r.findings.filter((f) => f.file.startsWith('specs/'));
const rules = (r: Report): Array<[string, string]> => specFindings(r).map((f) => [f.rule, f.item]);

describe('code as the second source of truth', () => {
  const SPEC = `# Worker\n\n${BOUND}- Set \`QUEUE_TTL\` and \`RETRY_LIMIT\` in the environment.\n- Metrics go to \`api/logs/metrics.jsonl\`; traces to \`api/logs/trace.log\`.\n`;
  const CODE = {
    'api/app/worker.py': 'import os\nTTL = os.environ["QUEUE_TTL"]\nMETRICS = LOG_DIR / "metrics.jsonl"\n',
  };

  test('an item the code names is drift, and the finding says where; one it does not is planned (a warning)', async () => {
    const { code, report } = await check({ 'specs/w.md': SPEC, ...CODE });
    expect(code).toBe(1);
    expect(specFindings(report).map((f) => [f.rule, f.item, f.severity])).toEqual([
      ['undocumented-env', 'QUEUE_TTL', 'error'],
      ['planned-env', 'RETRY_LIMIT', 'warning'],
      ['undocumented-log', 'api/logs/metrics.jsonl', 'error'],
      ['planned-log', 'api/logs/trace.log', 'warning'],
    ]);
    const [ttl, , metrics] = specFindings(report);
    expect(ttl!.evidence).toEqual({ file: 'api/app/worker.py', line: 2, verb: 'read by' });
    expect(ttl!.message).toContain('read by `api/app/worker.py:2`');
    expect(metrics!.message).toContain('written by `api/app/worker.py:3`');
  });

  test('only planned work left: exit 0, so a gate does not fail on it', async () => {
    const spec = `# Worker\n\n${BOUND}- Traces go to \`api/logs/trace.log\`.\n`;
    const { code, report } = await check({ 'specs/w.md': spec, 'api/app/worker.py': 'pass\n' });
    expect(code).toBe(0);
    expect(rules(report)).toEqual([['planned-log', 'api/logs/trace.log']]);
  });

  test.each([
    [
      'markdown',
      /### specs\/w\.md[\s\S]*read by api\/app\/worker\.py:2[\s\S]*## Planned work[\s\S]*`RETRY_LIMIT`.*planned: no code in the repository reads it from the environment yet/,
    ],
    [
      'checklist',
      /- \[ \] Add environment variable `QUEUE_TTL` \(named at specs\/w\.md:5; read by api\/app\/worker\.py:2\)[\s\S]*### Planned work[\s\S]*RETRY_LIMIT/,
    ],
    ['text', /read by `api\/app\/worker\.py:2`[\s\S]*Planned or internal work \(2\)[\s\S]*RETRY_LIMIT/],
    ['sarif', /read by `api\/app\/worker\.py:2`/],
    ['github', /::error file=specs\/w\.md,line=5.*read by `api\/app\/worker\.py:2`/],
    ['junit', /read by `api\/app\/worker\.py:2`/],
    ['gitlab', /read by `api\/app\/worker\.py:2`/],
  ])('%s: says where the code names it; planned work comes after the drift', async (format, expected) => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': SPEC, ...CODE });
    const r = await run(['--no-config', '--root', '.', '-f', format], dir);
    expect(r.stdout).toMatch(expected);
  });

  test('a close name in the code is offered: the spec more likely misnames the file than plans it', async () => {
    const spec = `# Friction\n\nEvents go to \`api/logs/friction.jsonl\`.\n`;
    const runbook = `${RUNBOOK}\nMigrate \`friction_events.jsonl\` into the database.\n`;
    const { report } = await runJson(
      ['--no-config', '--root', '.'],
      await repo({
        'docs/RUNBOOK.md': runbook,
        'specs/f.md': spec,
        'api/app/friction.py': 'PATH = logs_dir / "friction_events.jsonl"\n',
      }),
    );
    const [f] = specFindings(report);
    expect([f!.rule, f!.item]).toEqual(['planned-log', 'api/logs/friction.jsonl']);
    expect(f!.message).toContain('(no code in the repository names this file)');
    expect(f!.message).not.toContain('planned');
    expect(f!.message).toContain(
      'did you mean `friction_events.jsonl`? The code writes it (`api/app/friction.py:1`) and RUNBOOK.md:11 documents it',
    );
    expect(f!.suggestion).toMatchObject({ item: 'friction_events.jsonl', line: 11 });
  });

  test('--no-code and `code: false` judge by the documents and the file list alone', async () => {
    const files = { 'specs/w.md': SPEC, ...CODE };
    const off = await check(files, ['--no-code']);
    expect(rules(off.report).map(([rule]) => rule)).toEqual([
      'undocumented-env',
      'undocumented-env',
      'undocumented-log',
      'undocumented-log',
    ]);
    expect(specFindings(off.report).every((f) => f.evidence === undefined)).toBe(true);
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      ...files,
      'sync-check.config.yaml': 'root: .\ncode: false\n',
    });
    expect(rules((await runJson([], dir)).report)).toEqual(rules(off.report));
  });

  test('a `code` key that is not a boolean is a config error (exit 2)', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/w.md': SPEC,
      'sync-check.config.yaml': 'code: maybe\n',
    });
    const r = await run([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sync-check\.config\.yaml:1:.*code.*true or false/);
  });
});

describe('what the code scan reads', () => {
  const SPEC = `# S\n\n${BOUND}- Set \`SECRET_A\`, \`SECRET_B\`, \`SECRET_C\`, \`SECRET_D\`, \`SECRET_E\` and \`SECRET_F\` in the environment.\n`;
  const planned = (r: Report): string[] =>
    specFindings(r)
      .filter((f) => f.rule === 'planned-env')
      .map((f) => f.item);

  test('prose, vendored trees, git-ignored build output, binaries and --code-ignore paths are not evidence', async () => {
    const { report } = await check(
      {
        'specs/s.md': SPEC,
        'README.md': 'Set SECRET_A.\n',
        'node_modules/lib/index.js': 'process.env.SECRET_B\n',
        'vendor/x/y.go': 'os.Getenv("SECRET_C")\n',
        '.gitignore': 'build/\n',
        'build/out.js': 'process.env.SECRET_D\n',
        'bin/tool': Buffer.concat([Buffer.from('SECRET_E\0'), Buffer.alloc(16)]),
        'fixtures/sample.env': 'SECRET_F=1\n',
      },
      ['--code-ignore', 'fixtures'],
    );
    expect(planned(report)).toEqual(['SECRET_A', 'SECRET_B', 'SECRET_C', 'SECRET_D', 'SECRET_E', 'SECRET_F']);
  });

  test("the same names in source, config and compose files are evidence; what only a CI workflow sets is CI's", async () => {
    const { report } = await check({
      'specs/s.md': SPEC,
      'src/a.ts': 'process.env.SECRET_A\n',
      'config/app.toml': 'b = "${SECRET_B}"\n',
      'docker-compose.yml': 'environment:\n  - SECRET_C=1\n',
      '.github/workflows/ci.yml': 'env:\n  SECRET_D: x\n',
      'deploy/.env.example': 'SECRET_E=\n',
      'scripts/run.sh': 'echo "$SECRET_F"\n',
    });
    expect(planned(report)).toEqual([]);
    expect(specFindings(report).map((f) => [f.item, f.evidence?.verb])).toEqual([
      ['SECRET_A', 'read by'],
      ['SECRET_B', 'read by'],
      ['SECRET_C', 'set in'],
      ['SECRET_E', 'set in'],
      ['SECRET_F', 'set in'],
    ]);
  });

  test('a file is read only --max-file-size far', async () => {
    const big = `${'x'.repeat(2000)}\nprocess.env.SECRET_A\n`;
    const { report } = await check({ 'specs/s.md': SPEC, 'src/big.js': big }, ['--max-file-size', '1000']);
    expect(planned(report)).toContain('SECRET_A');
  });

  test('isCodePath and ignoredDirectories: the rules, by path alone', () => {
    expect(
      ['src/a.py', 'Dockerfile', 'api/.env.example', '.github/workflows/ci.yml', 'package.json'].every((f) =>
        isCodePath(f),
      ),
    ).toBe(true);
    expect(
      [
        'docs/x.md',
        'notes.txt',
        'data/rows.jsonl',
        'node_modules/a/b.js',
        'a/vendor/b.go',
        'web/app.min.js',
        'package-lock.json',
        'logo.png',
      ].some((f) => isCodePath(f)),
    ).toBe(false);
    expect(isCodePath('out/x.js', ignoredDirectories('# build\nout/\n*.log\n!keep/\n'))).toBe(false);
    expect([...ignoredDirectories('/dist/\nnode_modules\n*.tmp\ncoverage/\ndocs/build/\n')]).toEqual([
      'dist',
      '*/node_modules',
      '*/coverage',
      'docs/build',
    ]);
  });

  test('a scan reuses the previous scan of a file whose content is unchanged', async () => {
    const dir = await repo({ 'a.py': 'X = "one.log"\n', 'b.py': 'Y = "two.log"\n' });
    const first = scanRepositoryCode(dir, ['a.py', 'b.py'], new Set(), 1 << 20);
    await fs.writeFile(path.join(dir, 'b.py'), 'Y = "three.log"\n');
    const reused = new Map(first.scans);
    const sentinel = {
      names: [['from-cache.log', 1]],
      env: [],
      consts: [],
      templates: [],
      keys: [],
      paths: [],
      called: [],
      flags: [],
    } as never;
    reused.set('a.py', [first.scans.get('a.py')![0], sentinel]);
    const second = scanRepositoryCode(dir, ['a.py', 'b.py'], new Set(), 1 << 20, reused);
    expect(second.index.names.has('from-cache.log')).toBe(true);
    expect(second.index.names.has('three.log')).toBe(true);
    expect(second.hash).not.toBe(first.hash);
  });
});

describe('a file the repository tracks is not a runtime log', () => {
  test('a committed data file a spec names asks nothing of the runbook', async () => {
    const spec = `# Ideas\n\nThe portfolio lives in \`data/ideas/portfolio.json\`; the worker appends to \`api/logs/events.jsonl\`.\n`;
    const { report } = await check({
      'specs/i.md': spec,
      'data/ideas/portfolio.json': '{}\n',
      'api/app/w.py': 'open("logs/events.jsonl")\n',
    });
    expect(rules(report)).toEqual([['undocumented-log', 'api/logs/events.jsonl']]);
  });

  test('a runbook data file nothing writes and the repository lacks is stale; what the code writes never is', async () => {
    const runbook = `${RUNBOOK}- \`api/logs/state.json\`\n- \`api/logs/gone.json\`\n`;
    const dir = await repo({
      'docs/RUNBOOK.md': runbook,
      'specs/s.md': '# S\n\nNothing.\n',
      'api/app/state.py': 'STATE = "state.json"\n',
    });
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    const mine = report.findings.filter((f) => f.item.endsWith('.json')).map((f) => [f.rule, f.item]);
    expect(mine).toEqual([
      ['orphan-log', 'api/logs/state.json'],
      ['stale-file', 'api/logs/gone.json'],
    ]);
  });

  test('without a repository, a data file kept with the documentation is not a log either', () => {
    const spec = { path: 'specs/s.md', text: '# S\n\nSee `docs/examples/sample.json` and `api/logs/run.jsonl`.\n' };
    const report = checkDocuments([spec], { path: 'docs/RUNBOOK.md', text: RUNBOOK });
    expect(report.findings.map((f) => f.item)).toEqual(['api/logs/run.jsonl']);
  });
});

describe('endpoints the project serves', () => {
  const ROUTER = 'router = APIRouter()\n\n@router.get("/agent/tasks/{task_id}")\ndef task(task_id): ...\n';
  const MAIN = 'app.include_router(router, prefix="/api")\n';

  test('a route the code defines (under a mounted prefix) is drift, with where', async () => {
    const spec = `# Tasks\n\n${BOUND}- \`GET /api/agent/tasks/{id}\` returns one task.\n`;
    const { report } = await check({ 'specs/t.md': spec, 'api/routers/agent.py': ROUTER, 'api/main.py': MAIN });
    const [f] = specFindings(report);
    expect([f!.rule, f!.item]).toEqual(['undocumented-endpoint', 'GET /api/agent/tasks/{id}']);
    expect(f!.message).toContain('named in the code at `api/routers/agent.py:3`');
  });

  test('a path under a prefix the project serves, that no code defines yet, is planned', async () => {
    const spec = `# Store\n\n${BOUND}- \`GET /api/agent/store-status\` reports the store.\n`;
    const { report } = await check({ 'specs/s.md': spec, 'api/routers/agent.py': ROUTER, 'api/main.py': MAIN });
    expect(rules(report)).toEqual([['planned-endpoint', 'GET /api/agent/store-status']]);
  });

  test('a third-party API the code calls on another host, or a path under no served prefix, asks nothing', async () => {
    const spec = `# GitHub\n\n${BOUND}- We read \`GET /repos/{owner}/{repo}/issues\` and post to \`POST /v2/notify\`.\n`;
    const client =
      'URL = f"{GITHUB_API}/repos/{owner}/{repo}/issues"\nrequests.get("https://api.github.com/repos/a/b/issues")\n';
    const { report } = await check({ 'specs/g.md': spec, 'api/github.py': client, 'api/main.py': MAIN });
    expect(rules(report)).toEqual([]);
  });

  test('a route the code serves with other methods only: planned, and the message says which', async () => {
    const spec = `# Tasks\n\n${BOUND}- \`DELETE /api/agent/tasks/{id}\` removes a task.\n`;
    const { report } = await check({ 'specs/t.md': spec, 'api/routers/agent.py': ROUTER, 'api/main.py': MAIN });
    const [f] = specFindings(report);
    expect([f!.rule, f!.item]).toEqual(['planned-endpoint', 'DELETE /api/agent/tasks/{id}']);
    expect(f!.message).toContain('the code serves only `GET` on this path, at `api/routers/agent.py:3`');
  });

  test("a route named by one shared segment only is not the spec's (`/tick` is not `/relay/tick`)", async () => {
    const spec = `# Relay\n\n${BOUND}- \`POST /api/relay/tick\` advances the clock.\n`;
    const { report } = await check({
      'specs/r.md': spec,
      'web/client.ts': 'const BASE = "/api";\npost(BASE + "/tick");\n',
    });
    expect(rules(report)).toEqual([['planned-endpoint', 'POST /api/relay/tick']]);
  });

  test('a placeholder in a code comment (`/api/{resource}/{id}`) defines no route', async () => {
    const spec = `# Store\n\n${BOUND}- \`GET /api/agent/store-status\` reports the store.\n`;
    const { report } = await check({
      'specs/s.md': spec,
      'api/conventions.py': '# REST: "/api/{resource}/{id}"\n',
      'api/main.py': MAIN,
    });
    expect(rules(report)).toEqual([['planned-endpoint', 'GET /api/agent/store-status']]);
  });

  test('a concrete instance folds into the templated route of the same spec', async () => {
    const spec = `# Jobs\n\n${BOUND}- \`GET /api/jobs/{id}/status\` reports a job.\n\n\`\`\`bash\ncurl http://localhost:8000/api/jobs/42/status\n\`\`\`\n`;
    const { report } = await check({ 'specs/j.md': spec, 'api/jobs.py': '@app.get("/api/jobs/{job_id}/status")\n' });
    const found = specFindings(report);
    expect(found.map((f) => f.item)).toEqual(['GET /api/jobs/{id}/status']);
    expect(found[0]!.otherMentions.map((m) => m.line)).toEqual([8]);
  });

  test('a curl URL is shown normalised; the runbook documenting only another method on the path says so', async () => {
    const spec = `# Jobs\n\n${BOUND}\`\`\`bash\ncurl -X PATCH "http://localhost:8000/api/health?verbose=1"\n\`\`\`\n`;
    const { report } = await check({ 'specs/j.md': spec, 'api/app.py': '@app.patch("/api/health")\n' });
    const [f] = specFindings(report);
    expect(f!.item).toBe('PATCH /api/health');
    expect(f!.written).toBe('http://localhost:8000/api/health?verbose=1');
    expect(f!.message).toContain('the runbook documents only `GET` on this path (RUNBOOK.md:9)');
    expect(f!.message).not.toContain('did you mean');
  });
});

describe('scripts and commands as they exist', () => {
  test('`cd web && npm run X` is checked against web/package.json; a bare one against the root, or any when the root has none', async () => {
    const runbook = '# Runbook\n\n```bash\ncd web && npm run build\nnpm run lint\nmake -C ops deploy\n```\n';
    const found = async (files: Record<string, string>): Promise<string[]> =>
      (
        await runJson(
          ['--no-config', '--root', '.'],
          await repo({ 'docs/RUNBOOK.md': runbook, 'specs/s.md': '# S\n', ...files }),
        )
      ).report.findings
        .filter((f) => f.rule === 'stale-script')
        .map((f) => f.canonical);
    const web = '{ "scripts": { "build": "vite build", "lint": "eslint ." } }';
    expect(await found({ 'web/package.json': web, 'ops/Makefile': 'deploy:\n\ttrue\n' })).toEqual([]);
    expect(
      await found({
        'package.json': '{ "scripts": {} }',
        'web/package.json': web,
        'ops/Makefile': 'deploy:\n\ttrue\n',
      }),
    ).toEqual(['npm run lint']);
    expect(await found({ 'web/package.json': '{ "scripts": {} }', 'ops/Makefile': 'other:\n\ttrue\n' })).toEqual([
      'npm run build',
      'npm run lint',
      'make deploy',
    ]);
  });

  test('a script named only in a "Files to Create/Modify" list is an implementation file unless a launcher runs it', async () => {
    const spec = `# Auto-commit\n\n${BOUND}## Files to Create/Modify\n\n- \`api/scripts/commit_progress.py\` — new helper\n- \`api/scripts/monitor.py\` — add a check\n`;
    const { report } = await check({
      'specs/a.md': spec,
      'api/scripts/commit_progress.py': 'pass\n',
      'api/scripts/monitor.py': 'pass\n',
      'api/scripts/watch.sh': '#!/bin/sh\nwhile true; do python3 api/scripts/monitor.py; sleep 60; done\n',
    });
    expect(specFindings(report).map((f) => [f.rule, f.item, f.severity])).toEqual([
      ['implementation-script', 'api/scripts/commit_progress.py', 'warning'],
      ['undocumented-script', 'api/scripts/monitor.py', 'error'],
    ]);
    expect(specFindings(report)[1]!.message).toContain('run by `api/scripts/watch.sh:2`');
  });

  test('a script in a front-matter source list is an implementation file too; named elsewhere as a command, it is not', async () => {
    const spec = `---\nsource:\n  - api/scripts/sync.py\n  - api/scripts/report.py\n---\n# Sync\n\n${BOUND}Operators run \`api/scripts/report.py\` weekly.\n`;
    const { report } = await check({
      'specs/a.md': spec,
      'api/scripts/sync.py': 'pass\n',
      'api/scripts/report.py': 'pass\n',
    });
    expect(rules(report)).toEqual([
      ['implementation-script', 'api/scripts/sync.py'],
      ['undocumented-script', 'api/scripts/report.py'],
    ]);
  });

  test('a flag the script handles is drift; one nothing handles or passes yet is planned', async () => {
    const runbook = `${RUNBOOK}\n\`\`\`bash\npython3 api/scripts/check.py\n\`\`\`\n`;
    const spec = `# Check\n\n${BOUND}Run \`api/scripts/check.py --attention\` or \`api/scripts/check.py --verbose\`.\n`;
    const dir = await repo({
      'docs/RUNBOOK.md': runbook,
      'specs/c.md': spec,
      'api/scripts/check.py': 'parser.add_argument("--attention")\n',
    });
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(specFindings(report).map((f) => [f.rule, f.item])).toEqual([
      ['undocumented-flag', 'api/scripts/check.py --attention'],
      ['planned-flag', 'api/scripts/check.py --verbose'],
    ]);
    expect(specFindings(report)[0]!.message).toContain('handled by `api/scripts/check.py:1`');
  });

  test('without a repository, a files-to-modify script is an implementation file as far as the text tells', () => {
    const spec = {
      path: 'specs/a.md',
      text: `# A\n\n${BOUND}## Files to Modify\n\n- \`api/scripts/helper.py\` — refactor\n`,
    };
    const report = checkDocuments([spec], { path: 'docs/RUNBOOK.md', text: RUNBOOK });
    expect(report.findings.map((f) => [f.rule, f.item])).toEqual([['implementation-script', 'api/scripts/helper.py']]);
    expect(report.findings[0]!.message).not.toContain('nothing in the repository runs it');
  });
});

describe('sentences that are not obligations', () => {
  const plain = (text: string): Array<[string, string]> =>
    checkDocuments([{ path: 'specs/s.md', text }], { path: 'docs/RUNBOOK.md', text: RUNBOOK }).findings.map((f) => [
      f.rule,
      f.item,
    ]);

  test('a test case names what a test exercises', () => {
    expect(
      plain(
        `# S\n\n${BOUND}16. Add test: \`GET /api/docs\` returns 200\n- Test that \`POST /api/tasks\` rejects an empty body\n- Serve \`GET /api/stats\`.\n`,
      ),
    ).toEqual([['undocumented-endpoint', 'GET /api/stats']]);
  });

  test('an acceptance-test or test-plan section asks nothing; the requirements above it do', () => {
    const text = `# S\n\n${BOUND}## Requirements\n\n- Writes \`api/logs/a.log\`.\n\n## Acceptance Tests\n\n- \`api/logs/b.log\` has one line per job.\n\n## Test Plan\n\n- Set \`FAKE_CLOCK\` in the environment.\n`;
    expect(plain(text)).toEqual([['undocumented-log', 'api/logs/a.log']]);
  });

  test("the spec's own script's variables are its state; exported or command-prefix variables are configuration", () => {
    const text = [
      '# S',
      '',
      BOUND,
      '```bash',
      'ID=$(curl -s http://localhost:8000/api/jobs | jq -r .id)',
      'RESULTS_DIR="$SCRIPT_ROOT/results"',
      'PASSED=0',
      'PASSED=$((PASSED + 1))',
      'for NODE in a b; do echo "$NODE"; done',
      'mkdir -p "$RESULTS_DIR"',
      'tee "$RESULTS_DIR/output.log"',
      'export API_TOKEN=secret',
      'LOG_LEVEL=debug ./run.sh',
      'DATABASE_URL=postgres://db/app',
      '```',
      '',
    ].join('\n');
    const env = plain(text)
      .filter(([rule]) => rule === 'undocumented-env')
      .map(([, item]) => item);
    // SCRIPT_ROOT is read, never set, by the script: it comes from outside.
    expect(env).toEqual(['SCRIPT_ROOT', 'API_TOKEN', 'LOG_LEVEL', 'DATABASE_URL']);
    expect(plain(text).some(([, item]) => item.includes('output.log'))).toBe(false);
  });
});

describe('one item, one finding', () => {
  test('a glob and the files it matches are one item', async () => {
    const spec = `# Dev\n\nLogs: \`/tmp/app-web.log\`, \`/tmp/app-api.log\`; tail them all with \`tail -f /tmp/app-*.log\`.\n`;
    const { report } = await check({
      'specs/d.md': spec,
      'dev.sh': 'exec > /tmp/app-web.log\nexec > /tmp/app-api.log\n',
    });
    expect(specFindings(report).map((f) => f.item)).toEqual(['/tmp/app-web.log', '/tmp/app-api.log']);
  });

  test('a bare name and its full path in the runbook are one orphan', async () => {
    const runbook = '# Runbook\n\n## Logs\n\n- `api/logs/events.jsonl`\n\nPurge `events.jsonl` monthly.\n';
    const dir = await repo({
      'docs/RUNBOOK.md': runbook,
      'specs/s.md': '# S\n',
      'api/app.py': 'open("events.jsonl")\n',
    });
    const orphans = (await runJson(['--no-config', '--root', '.'], dir)).report.findings.filter(
      (f) => f.rule === 'orphan-log',
    );
    expect(orphans.map((f) => [f.item, f.otherMentions.map((m) => m.raw)])).toEqual([
      ['api/logs/events.jsonl', ['events.jsonl']],
    ]);
  });

  test('a concrete file and the template of the same spec are one item', () => {
    const spec = {
      path: 'specs/s.md',
      text: '# S\n\nDaily dumps `data/dump_<date>.jsonl`, e.g. `data/dump_20260215.jsonl`.\n',
    };
    const report = checkDocuments([spec], { path: 'docs/RUNBOOK.md', text: RUNBOOK });
    expect(report.findings.map((f) => [f.item, f.otherMentions.length])).toEqual([['data/dump_<date>.jsonl', 1]]);
  });
});

describe('messages that help', () => {
  test('missing-section names the nearest runbook heading', () => {
    const spec = {
      path: 'specs/s.md',
      text: '# S\n\nAdd a "PostgreSQL troubleshooting" section to docs/RUNBOOK.md.\n',
    };
    const runbook = { path: 'docs/RUNBOOK.md', text: '# Runbook\n\n## Troubleshooting the API\n\n## Log Locations\n' };
    const [f] = checkDocuments([spec], runbook).findings;
    expect(f!.message).toContain('the nearest heading is "Troubleshooting the API" (RUNBOOK.md:3)');
  });
});

describe('the code index', () => {
  test('the best site wins; a flag is keyed by the file names on its line and its own file', () => {
    const index = emptyCodeIndex();
    indexCodeFile(index, 'a.sh', 'python3 tools/run.py --dry-run\nLOG=app.log\n');
    indexCodeFile(index, 'b.py', 'open("app.log")\n');
    // Program code is the better witness than a launcher: b.py, though read second.
    expect(index.names.get('app.log')).toEqual({ file: 1, line: 1, rank: 0 });
    expect(index.flags.get('--dry-run\0run.py')).toEqual({ file: 0, line: 1, rank: 1 });
    expect(index.flags.get('--dry-run\0a.sh')).toEqual({ file: 0, line: 1, rank: 1 });
    expect(index.launched.has('run.py')).toBe(true);
  });

  test('path literals: bare paths are served or self-called; after a host or a base, called', () => {
    const index = emptyCodeIndex();
    indexCodeFile(index, 'a.py', '@app.get("/api/x/{id}")\nget("https://other.example/v1/y")\nurl = f"{BASE}/v2/z"\n');
    expect([...index.paths.keys()]).toEqual(['/api/x/{}']);
    expect([...index.calledPaths.keys()]).toEqual(['/v1/y', '/v2/z']);
  });
});

describe("what the code shows is none of the runbook's business", () => {
  const SPEC = `# S\n\n${BOUND}- Set \`NODE_NAME\`, \`MAX_MESSAGE_BYTES\` and \`API_TOKEN\` in the environment.\n- Nodes write \`logs/p1.log\`.\n- Build with \`tests/e2e/build-image.sh\`.\n`;

  test('what only tests use, test tooling, and constants the code defines ask nothing', async () => {
    const { report } = await check({
      'specs/s.md': SPEC,
      'tests/e2e/entrypoint.sh': 'cordelia init --name "$NODE_NAME"\nexec > logs/p1.log\n',
      'tests/e2e/build-image.sh': '#!/bin/sh\ndocker build .\n',
      'src/protocol.rs': 'pub const MAX_MESSAGE_BYTES: usize = 1 << 20;\n',
      'src/config.rs': 'let token = std::env::var("API_TOKEN")?;\n',
    });
    expect(rules(report)).toEqual([['undocumented-env', 'API_TOKEN']]);
  });

  test('a comment names things; it does not do them', async () => {
    const { report } = await check({
      'specs/s.md': SPEC,
      'src/config.rs': '// API_TOKEN comes from the environment\n# API_TOKEN too\n/* API_TOKEN */\n',
    });
    expect(rules(report).find(([, item]) => item === 'API_TOKEN')).toEqual(['planned-env', 'API_TOKEN']);
  });

  test("a script's own usage line, or a test script, does not show that operators run it", async () => {
    const spec = `# S\n\n${BOUND}## Files to Modify\n\n- \`scripts/run-all.sh\` — loop over topologies\n`;
    const { report } = await check({
      'specs/s.md': spec,
      'scripts/run-all.sh': '#!/bin/sh\n# Usage: run-all.sh [topology]\necho run-all.sh\n',
      'tests/ci.sh': 'scripts/run-all.sh\n',
    });
    expect(rules(report)).toEqual([['implementation-script', 'scripts/run-all.sh']]);
  });
});

describe('robust to what a repository holds', () => {
  test('a flag named in many other files is still found next to its script', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`app/f${String(i).padStart(2, '0')}.sh`, 'git push --force\n']),
    );
    const runbook = `${RUNBOOK}\n\`\`\`bash\npython3 scripts/reindex.py\n\`\`\`\n`;
    const dir = await repo({
      'docs/RUNBOOK.md': runbook,
      ...many,
      'specs/r.md': `# R\n\n${BOUND}Run \`scripts/reindex.py --force\` after a restore.\n`,
      'scripts/reindex.py': 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--force")\n',
    });
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    const [f] = specFindings(report);
    expect([f!.rule, f!.evidence]).toEqual([
      'undocumented-flag',
      { file: 'scripts/reindex.py', line: 3, verb: 'handled by' },
    ]);
  });

  test('a runbook path outside the repository (absolute, ~) is never stale', async () => {
    const runbook = `${RUNBOOK}- \`/var/lib/app/events.jsonl\`\n- \`~/.app/config.toml\`\n- \`api/logs/missing.json\`\n`;
    const dir = await repo({ 'docs/RUNBOOK.md': runbook, 'specs/s.md': '# S\n' });
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(report.findings.filter((f) => f.rule === 'stale-file').map((f) => f.item)).toEqual([
      'api/logs/missing.json',
    ]);
  });

  test('--code-ignore that names nothing is a warning, not a silent no-op', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/s.md': '# S\n', 'fixtures/a.env': 'X=1\n' });
    const { code, report } = await runJson(
      ['--no-config', '--root', '.', '--code-ignore', 'fixture', '--code-ignore', 'fixtures'],
      dir,
    );
    expect(code).toBe(0);
    expect(report.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([
      ['fixture', 'code-ignore-unmatched', 'warning'],
    ]);
  });

  test('a damaged code scan in the cache is dropped and the file scanned again', async () => {
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/w.md': `# W\n\n${BOUND}Set \`QUEUE_TTL\` in the environment.\n`,
      'app.py': 'os.environ["QUEUE_TTL"]\n',
    };
    const dir = await repo(files);
    const args = ['--no-config', '--root', '.', '--cache-location', '.cache-file'];
    const first = await runJson(args, dir);
    const cachePath = path.join(dir, '.cache-file');
    const data = JSON.parse(await fs.readFile(cachePath, 'utf8')) as {
      code: Array<[string, string, Record<string, unknown>]>;
    };
    for (const entry of data.code) entry[2]['names'] = [5];
    await fs.writeFile(cachePath, JSON.stringify(data));
    const again = await runJson(args, dir);
    expect(again).toEqual(first);
  });
});

describe("the spec's own variables, one statement after another", () => {
  test("a command-assigned variable after `;` on the same line is the script's state", () => {
    const text = `# S\n\n${BOUND}\`\`\`bash\nBASE=http://localhost:8000; JOB_ID=$(curl -s "$BASE/api/jobs" | jq -r .id)\necho "$JOB_ID"\n\`\`\`\n`;
    const report = checkDocuments([{ path: 'specs/s.md', text }], { path: 'docs/RUNBOOK.md', text: RUNBOOK });
    expect(report.findings.map((f) => f.item)).not.toContain('JOB_ID');
  });
});

describe('shorthand endpoints', () => {
  test("the runbook's longer path documents a spec's short one", () => {
    const runbook = { path: 'docs/RUNBOOK.md', text: '# Runbook\n\n- `GET /api/v1/metrics`\n' };
    const spec = {
      path: 'specs/s.md',
      text: `# S\n\n${BOUND}Scrape \`GET /v1/metrics\`; see also \`GET /api/v1/other\`.\n`,
    };
    expect(checkDocuments([spec], runbook).findings.map((f) => f.item)).toEqual(['GET /api/v1/other']);
  });

  test('in one spec, a short form is the full one written short: one finding', () => {
    const spec = {
      path: 'specs/s.md',
      text: `# S\n\n${BOUND}- \`POST /api/v1/channels/publish\` publishes.\n- Maps to \`POST /channels/publish\` in the SDK.\n`,
    };
    const found = checkDocuments([spec], { path: 'docs/RUNBOOK.md', text: RUNBOOK }).findings;
    expect(found.map((f) => [f.item, f.otherMentions.length])).toEqual([['POST /api/v1/channels/publish', 1]]);
  });
});

describe('file names the code builds', () => {
  test('a templated name in the code (`f"task_{task_id}.log"`) writes the spec\'s template and its instances', async () => {
    const spec = `# Tasks\n\nEach task logs to \`api/logs/task_{id}.log\`; the last one was \`api/logs/run_42.log\`.\n`;
    const code = {
      'api/app/runner.py': 'path = os.path.join(LOGS, f"task_{task_id}.log")\nother = "run_%s.log" % n\n',
    };
    const { report } = await check({ 'specs/t.md': spec, ...code });
    expect(specFindings(report).map((f) => [f.rule, f.item, f.evidence?.line])).toEqual([
      ['undocumented-log', 'api/logs/task_{id}.log', 1],
      ['undocumented-log', 'api/logs/run_42.log', 2],
    ]);
  });
});

describe('script patterns and container paths', () => {
  test('a pattern that names only test tooling asks nothing; one that names nothing is planned', async () => {
    const spec = `# S\n\n${BOUND}Run \`scale/generate-s*.sh\`, then \`run-t{1..7}.sh\`, then \`tools/migrate-*.sh\`.\n`;
    const { report } = await check({
      'specs/s.md': spec,
      'tests/e2e/scale/generate-s2.sh': '#!/bin/sh\n',
      'tests/e2e/topologies/run-t1.sh': '#!/bin/sh\n',
    });
    expect(rules(report)).toEqual([['planned-script', 'tools/migrate-*.sh']]);
  });

  test('a script at an absolute path is the repository file of that name (here, test tooling)', async () => {
    const spec = `# S\n\n${BOUND}The container runs \`/entrypoint.sh\`; operators run \`/srv/backup.sh\`.\n`;
    const { report } = await check({
      'specs/s.md': spec,
      'tests/e2e/entrypoint.sh': '#!/bin/sh\n',
      'deploy/backup.sh': '#!/bin/sh\n',
    });
    expect(rules(report)).toEqual([['undocumented-script', '/srv/backup.sh']]);
  });

  test('a stale runbook file says where a file of that name is now', async () => {
    const runbook = `${RUNBOOK}\nRun \`infrastructure/scripts/sync.sh\`; see [the workflow](.github/workflows/deploy.yml).\n`;
    const dir = await repo({
      'docs/RUNBOOK.md': runbook,
      'specs/s.md': '# S\n',
      'scripts/sync.sh': '#!/bin/sh\n',
      '.github/workflows/archive/deploy.yml': 'on: push\n',
    });
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(report.findings.filter((f) => f.rule.startsWith('stale-')).map((f) => f.message)).toEqual([
      'the runbook tells operators to run `infrastructure/scripts/sync.sh`, but no such file in the repository; a file of that name is at `scripts/sync.sh`',
      'the runbook points at `.github/workflows/deploy.yml`, but there is no such file in the repository; a file of that name is at `.github/workflows/archive/deploy.yml`',
    ]);
  });
});

describe('routes in a scope', () => {
  test('a one-segment route on a line that names its method is the scoped route; the method comes from outside the path', async () => {
    const spec = `# Channels\n\n${BOUND}- \`POST /api/v1/channels/delete-item\` deletes an item.\n- \`GET /api/v1/channels/delete-item\` does not exist.\n`;
    const code = {
      'src/lib.rs':
        'web::scope("/api/v1/channels")\n    .route("/delete-item", web::post().to(handlers::delete_item))\n',
    };
    const { report } = await check({ 'specs/c.md': spec, ...code });
    expect(specFindings(report).map((f) => [f.rule, f.item])).toEqual([
      ['undocumented-endpoint', 'POST /api/v1/channels/delete-item'],
      ['planned-endpoint', 'GET /api/v1/channels/delete-item'],
    ]);
    expect(specFindings(report)[1]!.message).toContain('the code serves only `POST` on this path');
  });
});

describe('hostile repository files', () => {
  test('a code file that is a symbolic link (say, to a secret outside the repository) is not read', async () => {
    const outside = await repo({ 'secret.env': 'LEAKED_NAME=1\n' });
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/s.md': `# S\n\n${BOUND}Set \`LEAKED_NAME\` in the environment.\n`,
    });
    await fs.symlink(path.join(outside, 'secret.env'), path.join(dir, 'linked.env'));
    const { report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(rules(report)).toEqual([['planned-env', 'LEAKED_NAME']]);
  });
});
