/**
 * --concurrency: specs checked on worker threads give the report the main thread alone gives,
 * byte for byte, in every format, with and without the cache, in PR mode.
 *
 * Worker threads need compiled JavaScript, so these tests run the built bin (dist/cli/bin.js,
 * whose pool starts dist/cli/outcome-worker.js) and the compiled pool (dist/io/). Like
 * bin.test.ts they never build: they fail with a clear message when dist/ is missing.
 * A number given to --concurrency starts the workers outright, so small repositories exercise
 * them; every generated repository here spans several read batches of 64 specs, so both the
 * workers and the main thread check some of its specs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRepo } from '../bench/synthetic.js';
import { FORMATS } from '../src/format/names.js';
import { commitAll, git, tempDir } from './support/harness.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(PROJECT, 'dist', 'cli', 'bin.js');
const POOL = path.join(PROJECT, 'dist', 'io', 'pool.js');
const CHECKER = path.join(PROJECT, 'dist', 'core', 'check-documents.js');
const EXAMPLE = path.join(PROJECT, 'specs-fixtures', 'example');
/** Each test spawns the bin up to nine times on hundreds of specs: room for a busy CI machine. */
const SLOW = 180_000;

beforeAll(() => {
  for (const file of [BIN, POOL, CHECKER]) {
    if (!existsSync(file))
      throw new Error(`${path.relative(PROJECT, file)} is missing: run \`npm run build\` before the tests.`);
  }
});

interface BinRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], cwd: string): BinRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  const r = spawnSync(process.execPath, [BIN, '--now', '2026-01-01', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 60000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The run with --concurrency off, after checking that 2 and 3 threads give exactly the same. */
function expectThreadsTransparent(args: string[], cwd: string): BinRun {
  const single = runBin([...args, '--concurrency', 'off'], cwd);
  expect(single.stderr).toBe('');
  for (const threads of ['2', '3']) expect(runBin([...args, '--concurrency', threads], cwd)).toEqual(single);
  return single;
}

async function generated(count: number, seed: number): Promise<string> {
  const dir = await tempDir('sync-check-threads-');
  writeRepo(dir, count, seed);
  return dir;
}

describe('--concurrency on the bundled example', () => {
  test.each([...FORMATS])(
    '%s: byte-identical on 1, 2 and 3 threads',
    (format) => {
      const r = expectThreadsTransparent(['-f', format], EXAMPLE);
      expect(r.status).toBe(1);
    },
    SLOW,
  );
});

describe('--concurrency on generated repositories', () => {
  test.each([1, 2, 7])(
    'seed %d, 300 specs: json byte-identical on 1, 2 and 3 threads',
    async (seed) => {
      const dir = await generated(300, seed);
      const r = expectThreadsTransparent(['-f', 'json'], dir);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).summary.specsChecked).toBe(300);
    },
    SLOW,
  );

  test(
    'a runbook set of two files: json byte-identical on 1, 2 and 3 threads',
    async () => {
      const dir = await generated(300, 5);
      await fs.mkdir(path.join(dir, 'docs', 'ops'), { recursive: true });
      await fs.writeFile(path.join(dir, 'docs', 'ops', 'extra.md'), '# Extra\n\n- `api/logs/extra.log`\n');
      const r = expectThreadsTransparent(
        ['-f', 'json', '--runbook', 'docs/RUNBOOK.md', '--runbook', 'docs/ops/extra.md'],
        dir,
      );
      expect(JSON.parse(r.stdout).runbooks).toEqual(['docs/RUNBOOK.md', 'docs/ops/extra.md']);
    },
    SLOW,
  );

  test(
    'in a git work tree (repository rules and orphans on): text and sarif byte-identical',
    async () => {
      const dir = await generated(200, 3);
      await fs.appendFile(
        path.join(dir, 'docs', 'RUNBOOK.md'),
        '\n## Retired\n\n- `api/logs/nobody_writes_this.log`\n',
      );
      git(dir, 'init', '-q');
      commitAll(dir, 'base');
      const json = JSON.parse(expectThreadsTransparent(['-f', 'json'], dir).stdout) as {
        findings: Array<{ rule: string }>;
      };
      // The orphan rule merges every spec's mentions: some come from workers, some from this thread.
      expect(json.findings.map((f) => f.rule)).toContain('orphan-log');
      expectThreadsTransparent(['-f', 'text'], dir);
      expectThreadsTransparent(['-f', 'sarif'], dir);
    },
    SLOW,
  );

  test(
    'with --cache: a cache filled on 2 threads gives a single-threaded run its own output, cold and warm',
    async () => {
      const dir = await generated(260, 11);
      const plain = runBin(['-f', 'json', '--concurrency', 'off'], dir);
      const cache = path.join(dir, 'outcomes.cache');
      expect(runBin(['-f', 'json', '--concurrency', '2', '--cache-location', cache], dir)).toEqual(plain);
      expect(runBin(['-f', 'json', '--concurrency', 'off', '--cache-location', cache], dir)).toEqual(plain);
      // Half the specs changed: the misses go to the workers, the hits come from the cache.
      const specs = readdirSync(path.join(dir, 'specs')).sort();
      for (const name of specs.filter((_, i) => i % 2 === 0)) {
        await fs.appendFile(path.join(dir, 'specs', name), '\nIt also writes `api/logs/late_arrival.log`.\n');
      }
      const changed = runBin(['-f', 'json', '--concurrency', 'off'], dir);
      expect(changed.stdout).toContain('late_arrival.log');
      expect(runBin(['-f', 'json', '--concurrency', '2', '--cache-location', cache], dir)).toEqual(changed);
    },
    SLOW,
  );

  test(
    'PR mode with an edited runbook: every spec is checked again, the same on 1, 2 and 3 threads',
    async () => {
      const dir = await generated(200, 5);
      git(dir, 'init', '-q');
      commitAll(dir, 'base');
      const runbook = path.join(dir, 'docs', 'RUNBOOK.md');
      await fs.writeFile(runbook, readFileSync(runbook, 'utf8').replace(/^.*api\/logs\/.*$/m, ''));
      await fs.appendFile(
        path.join(dir, 'specs', '00007-spec.md'),
        '\nSee docs/RUNBOOK.md; it writes `api/logs/pr_only.log`.\n',
      );
      const r = expectThreadsTransparent(['-f', 'json', '--changed-since', 'HEAD'], dir);
      expect(r.stdout).toContain('pr_only.log');
    },
    SLOW,
  );
});

describe('the pool against the checker it runs', () => {
  test(
    'a worker computes exactly the outcomes this thread computes, hostile input included',
    async () => {
      const { OutcomePool } = (await import(POOL)) as typeof import('../src/io/pool.js');
      const { Checker } = (await import(CHECKER)) as typeof import('../src/core/check-documents.js');
      const dir = await generated(70, 13);
      const runbook = { path: 'docs/RUNBOOK.md', text: readFileSync(path.join(dir, 'docs', 'RUNBOOK.md'), 'utf8') };
      const docs = readdirSync(path.join(dir, 'specs'))
        .sort()
        .map((name) => ({ path: `specs/${name}`, text: readFileSync(path.join(dir, 'specs', name), 'utf8') }));
      docs.push(
        { path: 'specs/crash.md', text: '# Crash\n\n1. writes `svc/logs/crash.log`\n    > 2) >     x\n    and more\n' },
        { path: 'specs/quotes.md', text: `# Quotes\n\n${'> '.repeat(200)}writes \`svc/logs/quote.log\`\n` },
        { path: 'specs/bad-fm.md', text: '---\ntitle: [unclosed\n---\n# Bad\n\nWrites `svc/logs/bad.log`.\n' },
      );
      const options = {
        repository: { files: new Set(['scripts/deploy.sh']), makeTargets: new Map(), npmScripts: new Map() },
      };
      const pool = OutcomePool.open(1, [runbook], options)!;
      expect(pool).toBeDefined();
      try {
        const fromWorker = await pool.trySubmit(docs);
        const here = new Checker(runbook, options);
        expect(fromWorker).toEqual(docs.map((doc) => here.outcomeOf(doc)));
      } finally {
        await pool.close();
      }
    },
    SLOW,
  );
});

describe('--concurrency values', () => {
  test.each(['0', '-1', 'two', '1.5', 'on'])('--concurrency %s is a usage error: exit 2, one clear line', (value) => {
    const r = runBin(['--concurrency', value], EXAMPLE);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/concurrency/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test.each(['auto', '1', '4'])('--concurrency %s on the example gives the default output', (value) => {
    expect(runBin(['--concurrency', value], EXAMPLE)).toEqual(runBin([], EXAMPLE));
  });
});
