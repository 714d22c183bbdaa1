/**
 * The shipped GitHub workflows, run locally: every `npx sync-check` command they contain is run
 * (with GitHub's variables filled in) against a real temporary git repository, and the
 * comment-posting script runs against a fake GitHub client. GitHub itself is not tested.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOWS = path.join(PROJECT, 'workflows');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

function stepsOf(file: string): Step[] {
  const doc = parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(doc.jobs).flatMap((job) => job.steps);
}

/** The argument vector of the `npx sync-check …` command in a run block, variables filled in. */
function syncCheckArgs(run: string, vars: Record<string, string>): string[] {
  const joined = run.replace(/\\\n\s*/g, ' ');
  const line = joined.split('\n').find((l) => l.trim().startsWith('npx sync-check'));
  if (!line) throw new Error('no npx sync-check command in this step');
  const filled = line.replace(/\$\{(\w+)\}/g, (_m, name: string) => {
    if (!(name in vars)) throw new Error(`unknown variable ${name}`);
    return vars[name]!;
  });
  const words = [...filled.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return words.slice(2);
}

const VARS = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/queue',
  GITHUB_SHA: 'abc123',
  GITHUB_RUN_ID: '42',
  HEAD_SHA: 'def456',
  BASE_REF: 'main',
};

async function runCli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    colorDefault: false,
  });
  return { code, stdout, stderr };
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A repository with one spec in drift, committed as origin/main, plus a baseline. */
async function repository(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sync-check-wf-'));
  dirs.push(dir);
  await fs.mkdir(path.join(dir, 'specs'));
  await fs.mkdir(path.join(dir, 'docs'));
  await fs.writeFile(
    path.join(dir, 'docs/RUNBOOK.md'),
    '# Runbook\n\n## Log Locations\n\n| `svc/logs/worker.log` | worker |\n',
  );
  await fs.writeFile(path.join(dir, 'specs/old.md'), '# Old\n\nWrites `svc/logs/legacy.log`.\n');
  // The code that writes them: what it writes and the runbook lacks is drift, not planned work.
  await fs.mkdir(path.join(dir, 'svc'));
  await fs.writeFile(
    path.join(dir, 'svc/logging.py'),
    'FILES = ["svc/logs/worker.log", "svc/logs/legacy.log", "svc/logs/audit.jsonl"]\n',
  );
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  return dir;
}

describe('nightly workflow', () => {
  const steps = stepsOf('sync-check-nightly.yml');
  const check = steps.find((s) => s.run?.includes('npx sync-check'))!;

  test('its command writes the Markdown report and SARIF it then publishes and uploads', async () => {
    const dir = await repository();
    const r = await runCli(syncCheckArgs(check.run!, VARS), dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('svc/logs/legacy.log');
    const report = await fs.readFile(path.join(dir, 'sync-check-report.md'), 'utf8');
    expect(report).toContain('https://github.com/acme/queue/blob/abc123/specs/old.md#L3');
    const sarif = JSON.parse(await fs.readFile(path.join(dir, 'sync-check.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    // A git work tree: the repository is at hand, so the orphaned runbook log is reported too (info).
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['orphan-log', 'note'],
      ['undocumented-log', 'error'],
    ]);

    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!;
    expect(summary.run).toContain('sync-check-report.md');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with?.sarif_file).toBe('sync-check.sarif');
    const artifact = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(artifact.with?.path).toContain('sync-check-report.md');
  });
});

describe('pull request workflow', () => {
  const steps = stepsOf('sync-check-pull-request.yml');
  const check = steps.find((s) => s.run?.includes('npx sync-check'))!;
  const comment = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;

  test('fails only on new drift: old drift is in the baseline, a new log path is not', async () => {
    const dir = await repository();
    expect((await runCli(['--write-baseline', '.sync-check-baseline.json'], dir)).code).toBe(1);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'baseline');
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    const argv = syncCheckArgs(check.run!, VARS);

    await fs.appendFile(path.join(dir, 'specs/old.md'), '\nSome prose edit above nothing.\n');
    const unchangedDrift = await runCli(argv, dir);
    expect(unchangedDrift.code).toBe(0);
    expect(unchangedDrift.stdout).toBe('');

    await fs.writeFile(path.join(dir, 'specs/new.md'), '# New\n\nAppends to `svc/logs/audit.jsonl`.\n');
    const r = await runCli(argv, dir);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^::error file=specs\/new\.md,line=3,.*::.*svc\/logs\/audit\.jsonl/),
    ]);
    const checklist = await fs.readFile(path.join(dir, 'sync-check-checklist.md'), 'utf8');
    expect(checklist.split('\n')[0]).toContain('<!-- sync-check:checklist -->');
    expect(checklist).toMatch(/- \[ \] .*svc\/logs\/audit\.jsonl/);
    expect(checklist).not.toContain('legacy.log');
  });

  test('the comment script creates one comment, then updates it, and leaves it alone when unchanged', async () => {
    const dir = await repository();
    const calls: string[] = [];
    const BOT = { login: 'github-actions[bot]', type: 'Bot' };
    const comments: Array<{ id: number; body: string; user: { login: string; type: string } }> = [
      { id: 1, body: 'an unrelated review comment', user: { login: 'someone', type: 'User' } },
      // Someone else quoting the marker: never ours to update.
      { id: 2, body: '<!-- sync-check:checklist -->\nlooks fine to me', user: { login: 'mallory', type: 'User' } },
    ];
    const github = {
      paginate: async (fn: (args: unknown) => Promise<{ data: unknown[] }>, args: unknown) => (await fn(args)).data,
      rest: {
        issues: {
          listComments: async () => ({ data: comments.map((c) => ({ ...c })) }),
          createComment: async ({ body }: { body: string }) => {
            calls.push('create');
            comments.push({ id: comments.length + 1, body, user: BOT });
          },
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
            calls.push(`update ${comment_id}`);
            comments.find((c) => c.id === comment_id)!.body = body;
          },
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'queue' }, issue: { number: 7 } };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    const script = new AsyncFunction('require', 'github', 'context', comment.with!.script!);
    const requireHere = createRequire(import.meta.url);
    const cwd = process.cwd();
    const post = async (body: string): Promise<void> => {
      await fs.writeFile(path.join(dir, 'sync-check-checklist.md'), body);
      process.chdir(dir);
      try {
        await script(requireHere, github, context);
      } finally {
        process.chdir(cwd);
      }
    };

    await post('<!-- sync-check:checklist -->\n- [ ] first\n');
    await post('<!-- sync-check:checklist -->\n- [ ] second\n');
    await post('<!-- sync-check:checklist -->\n- [ ] second\n');
    expect(calls).toEqual(['create', 'update 3']);
    expect(comments).toEqual([
      { id: 1, body: 'an unrelated review comment', user: { login: 'someone', type: 'User' } },
      { id: 2, body: '<!-- sync-check:checklist -->\nlooks fine to me', user: { login: 'mallory', type: 'User' } },
      { id: 3, body: '<!-- sync-check:checklist -->\n- [ ] second\n', user: BOT },
    ]);
  });

  test('least privilege: explicit permissions, no persisted credentials, a timeout, pull_request only', () => {
    for (const file of ['sync-check-pull-request.yml', 'sync-check-nightly.yml']) {
      const doc = parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as {
        on: Record<string, unknown>;
        permissions: Record<string, string>;
        jobs: Record<string, { 'timeout-minutes'?: number; steps: Step[] }>;
      };
      expect(Object.keys(doc.on)).not.toContain('pull_request_target');
      expect(Object.values(doc.permissions).every((v) => v === 'read' || v === 'write')).toBe(true);
      expect(doc.permissions['contents']).toBe('read');
      for (const job of Object.values(doc.jobs)) {
        expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
        const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout'));
        if (checkout) expect(checkout.with?.['persist-credentials']).toBe(false);
      }
    }
    const nightly = parse(readFileSync(path.join(WORKFLOWS, 'sync-check-nightly.yml'), 'utf8')) as {
      permissions: Record<string, string>;
    };
    expect(nightly.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    // The job that runs the pull request's code reads only; the write token goes to a job that runs none of it.
    const pr = parse(readFileSync(path.join(WORKFLOWS, 'sync-check-pull-request.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
    };
    expect(pr.permissions).toEqual({ contents: 'read' });
    expect(pr.jobs['checklist']!.permissions).toBeUndefined();
    expect(pr.jobs['comment']!.permissions).toEqual({ 'pull-requests': 'write' });
    expect(
      pr.jobs['comment']!.steps.some(
        (s) =>
          s.run !== undefined || s.uses?.startsWith('actions/checkout') || s.uses?.startsWith('actions/setup-node'),
      ),
    ).toBe(false);
  });

  test('a run that wrote no checklist (a bad config) leaves the comment alone instead of throwing', async () => {
    const dir = await repository();
    const calls: string[] = [];
    const github = {
      paginate: async () => {
        calls.push('list');
        return [];
      },
      rest: { issues: { listComments: async () => ({ data: [] }) } },
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    const script = new AsyncFunction('require', 'github', 'context', comment.with!.script!);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await script(createRequire(import.meta.url), github, { repo: { owner: 'a', repo: 'b' }, issue: { number: 1 } });
    } finally {
      process.chdir(cwd);
    }
    expect(calls).toEqual([]);
  });

  test('a fork pull request skips the comment step, and the status step fails on any non-zero code', () => {
    const pr = parse(readFileSync(path.join(WORKFLOWS, 'sync-check-pull-request.yml'), 'utf8')) as {
      jobs: Record<string, { if?: string }>;
    };
    expect(pr.jobs['comment']!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    const fail = steps.find((s) => s.name === 'Fail on new drift')!;
    expect(fail.if).toBe("steps.check.outputs.status != '0'");
    expect(existsSync(path.join(WORKFLOWS, 'sync-check-pull-request.yml'))).toBe(true);
  });
});
