/**
 * The built CLI starts from one bundle and V8's code cache of a typical run (scripts/bundle.mjs,
 * src/cli/code-cache.ts). The cache may only ever change the speed: these tests run the built
 * bin with the cache, without it and with a corrupt one, and compare every byte. Needs
 * `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS } from '../src/format/names.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(PROJECT, 'dist', 'cli');
const FILES = ['bin.js', 'code-cache.js', 'sync-check.cjs', 'sync-check.cache'];
const EXAMPLE = path.join(PROJECT, 'specs-fixtures', 'example');
const SLOW = 60_000;

beforeAll(() => {
  for (const f of FILES)
    if (!existsSync(path.join(CLI, f)))
      throw new Error(`dist/cli/${f} is missing: run \`npm run build\` before the tests.`);
});

/** A copy of the built CLI in a temporary package, so its cache can be taken away or spoiled. */
function copyOfCli(): { root: string; bin: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'sync-check-startup-'));
  mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
  for (const f of FILES) copyFileSync(path.join(CLI, f), path.join(root, 'dist', 'cli', f));
  copyFileSync(path.join(PROJECT, 'package.json'), path.join(root, 'package.json'));
  return {
    root,
    bin: path.join(root, 'dist', 'cli', 'bin.js'),
    cache: path.join(root, 'dist', 'cli', 'sync-check.cache'),
  };
}

/** Each output format of a run over the example, and the exit code and stderr. */
function runAllFormats(bin: string): Record<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'sync-check-out-'));
  try {
    const result = spawnSync(
      process.execPath,
      [bin, '-C', EXAMPLE, '--no-config', ...FORMATS.flatMap((f) => ['-f', `${f}=${path.join(out, f)}`])],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    const files = Object.fromEntries(FORMATS.map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    return {
      ...files,
      exit: String(result.status),
      stderr: result.stderr.split(out).join('<out>'),
      stdout: result.stdout,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('the code cache', () => {
  test(
    'the build leaves one that this Node accepts',
    () => {
      const probe = `import { loadBundle } from ${JSON.stringify(path.join(CLI, 'code-cache.js'))};
      const { cacheRejected, exports } = loadBundle(new URL('file://${path.join(CLI, 'sync-check.cjs')}'), new URL('file://${path.join(CLI, 'sync-check.cache')}'));
      console.log(JSON.stringify({ cacheRejected, main: typeof exports.main }));`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({ cacheRejected: false, main: 'function' });
    },
    SLOW,
  );

  test(
    'with it, without it and with a corrupt one: every format byte for byte the same, exit 1',
    () => {
      const cli = copyOfCli();
      try {
        const withCache = runAllFormats(cli.bin);
        expect(withCache.exit).toBe('1');
        expect(withCache.stderr).toMatch(/^sync-check: drift found: \d+ findings \(\d+ errors, \d+ warnings\); wrote /);
        expect(withCache.json).toContain('"rule"');
        rmSync(cli.cache);
        expect(runAllFormats(cli.bin)).toEqual(withCache);
        writeFileSync(cli.cache, Buffer.from('not a code cache at all '.repeat(100)));
        expect(runAllFormats(cli.bin)).toEqual(withCache);
        // Front matter (env lists, runbook: true) goes through the yaml package, not gray-matter's js-yaml.
        const json = JSON.parse(withCache.json!) as {
          diagnostics: Array<{ code: string }>;
          summary: { specsBound: number };
        };
        expect(json.diagnostics.filter((d) => d.code.startsWith('frontmatter'))).toEqual([]);
        expect(json.summary.specsBound).toBeGreaterThan(0);
      } finally {
        rmSync(cli.root, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  test('the worker file the bundled pool starts (./outcome-worker.js beside the bundle) is built', () => {
    expect(
      existsSync(fileURLToPath(new URL('./outcome-worker.js', `file://${path.join(CLI, 'sync-check.cjs')}`))),
    ).toBe(true);
  });

  (process.platform === 'win32' ? test.skip : test)(
    'the bin is executable, as npx and the links npm makes run it directly',
    () => {
      expect(statSync(path.join(CLI, 'bin.js')).mode & 0o111).toBe(0o111);
    },
  );

  test(
    '--help and a usage error work from the bundle (yargs is in it)',
    () => {
      const help = spawnSync(process.execPath, [path.join(CLI, 'bin.js'), '--help'], { encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('--changed-since');
      const bad = spawnSync(process.execPath, [path.join(CLI, 'bin.js'), '--bogus-flag'], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^sync-check: .*bogus-flag/);
      expect(bad.stderr).not.toMatch(/^\s+at /m);
    },
    SLOW,
  );
});
