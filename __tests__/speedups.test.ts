/**
 * Every speed-up path gives the plain path's findings, on the bundled fixture and on generated
 * input:
 *
 * 1. the quick argument scanner (scanArgs) against yargs, through settingsOf;
 * 2. --cache (outcomes per spec kept in a file): no cache, a cold cache and a warm cache give
 *    byte-identical output, and every change an outcome depends on invalidates it;
 * 3. the plain readdir walk against fast-glob, in spec discovery and in the repository listing.
 *
 * The CLI runs in-process (support/harness); every repository and cache file lives in a fresh
 * directory under os.tmpdir(), so nothing is written into this repository. fast-check runs with
 * fixed seeds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import fg from 'fast-glob';
import { writeRepo } from '../bench/synthetic.js';
import { settingsOf, UsageError, type CliArgs } from '../src/cli/args.js';
import { OPTIONS, type OptionSpec, type RawArgs } from '../src/cli/options.js';
import { scanArgs } from '../src/cli/scan-args.js';
import { parseWithYargs } from '../src/cli/yargs-args.js';
import { RepositoryIndex } from '../src/compare/repository.js';
import { FORMATS } from '../src/format/names.js';
import { discoverSpecs } from '../src/io/discover.js';
import { listRepository, readRepository } from '../src/io/repository.js';
import { walkPlain } from '../src/io/walk.js';
import type { Report } from '../src/types.js';
import { STACK_FRAME, committedRepo, run, tempDir, writeFiles, type Run } from './support/harness.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = path.join(PROJECT, 'specs-fixtures', 'example');
const VERSION = '0.0.0-test';

// =============================================================================================
// 1. The quick argument scanner
// =============================================================================================

type Outcome = { settings: CliArgs } | { usage: string };

/** settingsOf's answer: settings, or the message of the usage error it throws. */
function outcomeOf(raw: RawArgs): Outcome {
  try {
    return { settings: settingsOf(raw) };
  } catch (error) {
    if (error instanceof UsageError) return { usage: error.message };
    throw error;
  }
}

/** yargs's raw values; a usage error or help/version output is a failure to explain. */
async function yargsRaw(argv: readonly string[]): Promise<RawArgs> {
  let parsed: Awaited<ReturnType<typeof parseWithYargs>>;
  try {
    parsed = await parseWithYargs([...argv], VERSION);
  } catch (error) {
    throw new Error(`yargs rejects ${JSON.stringify(argv)}: ${(error as Error).message}`);
  }
  if ('exit' in parsed && 'output' in parsed)
    throw new Error(`yargs printed help or version for ${JSON.stringify(argv)}`);
  return parsed;
}

/** Values any option may meet: realistic ones and the ones that trip naive parsers. */
const ANY_VALUE = [
  'json',
  'sarif=out.sarif',
  '-',
  '',
  '5',
  '007',
  '1e3',
  '-1',
  'abc',
  'log,script',
  '0',
  'true',
  'false',
  'specs',
  'docs/RUNBOOK.md',
  'specs/0*.md',
  '2024-01-01',
  'a=b',
  ' x ',
  '--',
  '--specs',
  '-f',
  'é/日本.md',
  '0x10',
  '1.5',
  '999999999999999',
  '9999999999999999',
  ' 5',
  'log,,env',
];
/** Values that make sense for one option (plus near misses). */
const VALUES_FOR: Record<string, string[]> = {
  format: [
    'text',
    'json',
    'markdown',
    'checklist',
    'sarif',
    'github',
    'junit',
    'gitlab',
    'sarif=out.sarif',
    'markdown=r.md',
    'jsn',
    'json=',
    '=x',
    'text=-',
  ],
  'output-file': ['out.json', 'r.md', 'a b.txt'],
  kinds: ['log', 'script', 'endpoint,env', 'log,script', ' log , env ', 'logs', ',', 'log,log'],
  'every-spec': ['log', 'log,script', 'env', 'flag', 'log,script,endpoint,env'],
  'max-warnings': ['0', '3', '10', '-3', '2.5'],
  'max-file-size': ['1', '100', '2097152', '0', '1e6'],
  now: ['2024-01-01', '2026-12-31', '2024-02-30', '2024-13-01', 'yesterday', '2024-01-01T10:00:00Z'],
  'link-base': ['https://github.com/o/r/blob/SHA/', 'https://x/'],
  'exclude-section': ['Out of Scope', 'Non-goals', 'Notes'],
  'changed-since': ['origin/main', 'HEAD~1', 'HEAD'],
};
const WITH_VALUE = OPTIONS.filter((o) => o.type !== 'boolean');
const BOOLEANS = OPTIONS.filter((o) => o.type === 'boolean');

const valueFor = (o: OptionSpec): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(VALUES_FOR[o.name] ?? ['x', 'dir/file.md'])) },
    { weight: 4, arbitrary: fc.constantFrom(...ANY_VALUE) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }) },
  );

/** `o` with a value: `--name value`, `--name=value` or `-a value`. */
const withValue = (o: OptionSpec): fc.Arbitrary<string[]> =>
  fc
    .tuple(
      fc.constantFrom(`--${o.name}`, ...(o.alias ? [`-${o.alias}`, `-${o.alias}`] : [])),
      valueFor(o),
      fc.constantFrom('separate', 'separate', 'inline'),
    )
    .map(([flag, value, form]) => (form === 'inline' && flag.startsWith('--') ? [`${flag}=${value}`] : [flag, value]));
const optionWithValue: fc.Arbitrary<string[]> = fc.constantFrom(...WITH_VALUE).chain(withValue);
/** A repeatable option given twice or three times (-f json -f sarif=x, --exclude-section A --exclude-section B). */
const repeated: fc.Arbitrary<string[]> = fc
  .constantFrom(...OPTIONS.filter((o) => o.array))
  .chain((o) => fc.array(withValue(o), { minLength: 2, maxLength: 3 }))
  .map((parts) => parts.flat());

/** A boolean flag in the forms yargs understands (and some the scanner must leave to it). */
const booleanFlag: fc.Arbitrary<string[]> = fc
  .constantFrom(...BOOLEANS)
  .chain((o) =>
    fc.constantFrom(
      [`--${o.name}`],
      [`--${o.name}`],
      [`--no-${o.name}`],
      [`--${o.name}=true`],
      [`--${o.name}=false`],
      [`--${o.name}`, 'true'],
      [`--${o.name}`, 'false'],
    ),
  );

/** Tokens the scanner must hand to yargs, or that only look ordinary. */
const tricky: fc.Arbitrary<string[]> = fc.constantFrom(
  ['--no-color'],
  ['--no-config'],
  ['--no-cache'],
  ['--no-config'],
  ['--no-debug'],
  ['--help'],
  ['-h'],
  ['--version'],
  ['-v'],
  ['--'],
  ['--', '--specs', 'x'],
  ['specs'],
  ['positional.md'],
  ['--unknown'],
  ['--unknown', 'x'],
  ['-x'],
  ['--maxWarnings', '3'],
  ['--maxWarnings=3'],
  ['--maxFileSize', '9'],
  ['--cacheLocation', 'c'],
  ['--Specs', 'x'],
  ['---specs', 'x'],
  ['--no-'],
  ['--no-color=1'],
  ['--no-specs'],
  ['--no-format'],
  ['--no-max-warnings'],
  ['-C=dir'],
  ['-Cdir'],
  ['-fjson'],
  ['-cf', 'x'],
  ['-'],
  ['--specs'],
  ['--max-warnings'],
  ['-f'],
  ['--cache-location'],
  ['--format', 'json', 'extra'],
  ['--exclude-section', 'A', 'B'],
);

const argvArb: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      { weight: 10, arbitrary: optionWithValue },
      { weight: 3, arbitrary: booleanFlag },
      { weight: 2, arbitrary: repeated },
      { weight: 2, arbitrary: tricky },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.flat());

describe('quick argument scanner (scanArgs) against yargs', () => {
  test('property: whenever scanArgs answers, yargs gives the same settings or the same usage error', async () => {
    const seen = { runs: 0, scanned: 0, usage: 0, repeated: 0 };
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        seen.runs++;
        const scanned = scanArgs(argv);
        if (scanned === undefined) return;
        seen.scanned++;
        const quick = outcomeOf(scanned);
        const full = outcomeOf(await yargsRaw(argv));
        expect(quick).toStrictEqual(full);
        if ('usage' in quick) seen.usage++;
        if (Object.values(scanned).some((v) => Array.isArray(v) && v.length > 1)) seen.repeated++;
      }),
      { seed: 0x5eed, numRuns: 700 },
    );
    // The property is only worth something if the scanner answered often, in every way.
    expect(seen.scanned).toBeGreaterThan(seen.runs * 0.3);
    expect(seen.usage).toBeGreaterThan(30);
    expect(seen.repeated).toBeGreaterThan(30);
  });

  test('an ordinary command line: the scanner reads every option as yargs does', async () => {
    const argv = [
      '--specs',
      'specs/0*.md',
      '--runbook=docs/RUNBOOK.md',
      '-C',
      'repo',
      '--root',
      '.',
      '-c',
      'ci/sync.yaml',
      '-f',
      'json',
      '--format',
      'sarif=out.sarif',
      '-f',
      'markdown',
      '-o',
      'r.md',
      '--kinds',
      'log,script',
      '--every-spec=log',
      '--exclude-section',
      'Out of Scope',
      '--exclude-section',
      'Notes',
      '--baseline',
      'b.json',
      '--write-baseline',
      'b2.json',
      '--changed-since',
      'origin/main',
      '--max-warnings',
      '007',
      '--link-base',
      'https://x/',
      '--now',
      '2024-01-01',
      '--allow-incomplete',
      '--max-file-size',
      '2097152',
      '--cache',
      '--cache-location',
      'c.json',
      '--no-color',
      '--debug',
    ];
    const scanned = scanArgs(argv);
    expect(scanned).toBeDefined();
    const settings = settingsOf(scanned!);
    expect(settings).toStrictEqual(settingsOf(await yargsRaw(argv)));
    expect(settings).toStrictEqual({
      specs: 'specs/0*.md',
      runbook: ['docs/RUNBOOK.md'],
      root: '.',
      cwd: 'repo',
      config: 'ci/sync.yaml',
      // -o pairs with the first --format that has no file.
      outputs: [{ format: 'json', file: 'r.md' }, { format: 'sarif', file: 'out.sarif' }, { format: 'markdown' }],
      kinds: ['log', 'script'],
      everySpec: ['log'],
      excludeSection: ['Out of Scope', 'Notes'],
      maxFileSize: 2097152,
      baseline: 'b.json',
      writeBaseline: 'b2.json',
      changedSince: 'origin/main',
      maxWarnings: 7,
      linkBase: 'https://x/',
      now: new Date('2024-01-01T00:00:00Z'),
      allowIncomplete: true,
      color: false,
      debug: true,
      cacheLocation: 'c.json',
    });
  });

  test.each([
    [['--no-config'], { config: false }],
    [['--no-color'], { color: false }],
    [['--color'], { color: true }],
    [['--cache'], { cacheLocation: '.sync-check-cache' }],
    [['--no-cache', '--cache-location', 'c.json'], { cacheLocation: 'c.json' }],
    [['--max-warnings=0'], { maxWarnings: 0 }],
    [['-f', 'json', '-o', 'drift.json'], { outputs: [{ format: 'json', file: 'drift.json' }] }],
  ])('%j is read by the scanner as yargs reads it', async (argv, expected) => {
    const scanned = scanArgs(argv);
    expect(scanned).toBeDefined();
    expect(settingsOf(scanned!)).toMatchObject(expected);
    expect(settingsOf(scanned!)).toStrictEqual(settingsOf(await yargsRaw(argv)));
  });

  test.each([
    [['--kinds', 'logs'], '--kinds: "logs" is not a kind; use log, script, endpoint, env'],
    [
      ['--format', 'jsn'],
      '--format: "jsn" is not a format; use text, json, markdown, checklist, sarif, github, junit, gitlab, svg',
    ],
    [['--max-file-size', '0'], '--max-file-size must be a positive number of bytes'],
    [['--now', '2024-13-01'], '--now: "2024-13-01" is not a date'],
    [
      ['-f', 'json', '-f', 'text'],
      'only one --format can go to standard output; give the others a file (--format NAME=FILE)',
    ],
  ])('%j: the scanner and yargs lead to the same usage error', async (argv, message) => {
    const scanned = scanArgs(argv);
    expect(scanned).toBeDefined();
    expect(outcomeOf(scanned!)).toEqual({ usage: message });
    expect(outcomeOf(await yargsRaw(argv))).toEqual({ usage: message });
  });

  test.each(
    [
      ['--help'],
      ['-h'],
      ['--version'],
      ['-v'],
      ['specs'],
      ['--specs', 'a', 'b'],
      ['--', '--specs', 'a'],
      ['--unknown'],
      ['-x'],
      ['--maxWarnings', '3'],
      ['--specs', 'a', '--specs', 'b'],
      ['--color', '--no-color'],
      ['--cache=true'],
      ['--no-specs'],
      ['--specs'],
      ['--specs', ''],
      ['--specs', '-'],
      ['--max-warnings', '1e3'],
      ['--max-warnings', '-1'],
      ['-C=dir'],
    ].map((argv) => [argv]),
  )('%j goes to yargs (scanArgs returns undefined)', (argv) => {
    expect(scanArgs(argv)).toBeUndefined();
  });

  test('what the scanner leaves to yargs, yargs answers: help, version, errors, camelCase', async () => {
    expect(await parseWithYargs(['--help'], VERSION)).toEqual({
      exit: 0,
      output: expect.stringContaining('--cache-location'),
    });
    expect(await parseWithYargs(['-v'], VERSION)).toEqual({ exit: 0, output: VERSION });
    await expect(parseWithYargs(['--unknown'], VERSION)).rejects.toThrow(UsageError);
    await expect(parseWithYargs(['specs'], VERSION)).rejects.toThrow(UsageError);
    expect(settingsOf(await yargsRaw(['--maxWarnings', '3'])).maxWarnings).toBe(3);
  });
});

// =============================================================================================
// 2. --cache
// =============================================================================================

/** A cache file path in a directory of its own (outside the repository under test). */
async function cacheFile(): Promise<string> {
  return path.join(await tempDir('sync-check-cache-'), 'cache.json');
}

async function copyExample(): Promise<string> {
  const dir = await tempDir();
  await fs.cp(EXAMPLE, dir, { recursive: true });
  return dir;
}

interface CacheData {
  format: number;
  context: string;
  runbook?: { findings: Array<{ message: string }> };
  specs: Array<[string, string, { findings: Array<{ file: string; message: string }> }]>;
}

async function readCache(file: string): Promise<CacheData> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as CacheData;
}

/** Runs `argv` with no cache, then twice with a fresh cache file: all three must agree byte for byte. */
async function expectCacheTransparent(argv: string[], dir: string): Promise<Run> {
  const cache = await cacheFile();
  const plain = await run(argv, dir);
  const cold = await run([...argv, '--cache-location', cache], dir);
  expect(existsSync(cache)).toBe(true);
  const warm = await run([...argv, '--cache-location', cache], dir);
  expect(cold).toEqual(plain);
  expect(warm).toEqual(plain);
  return plain;
}

const parse = (r: Run): Report => JSON.parse(r.stdout) as Report;

describe('--cache on the bundled example', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyExample();
  });

  test('all nine formats are covered', () => {
    expect([...FORMATS].sort()).toEqual([
      'checklist',
      'github',
      'gitlab',
      'json',
      'junit',
      'markdown',
      'sarif',
      'svg',
      'text',
    ]);
  });

  // The svg format draws the trend, which needs git history: the copy of the example has none (see history-cli.test.ts).
  test.each(FORMATS.filter((f) => f !== 'svg'))(
    '%s: byte-identical with no cache, a cold cache and a warm cache',
    async (format) => {
      const plain = await expectCacheTransparent(['-f', format], dir);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toBe('');
      expect(plain.stdout).toContain('svc/logs/audit.log');
    },
  );

  test('the repository rules run on the example (its config says root: .)', async () => {
    const rules = parse(await run(['-f', 'json'], dir)).findings.map((f) => f.rule);
    for (const rule of [
      'planned-script',
      'stale-script',
      'stale-file',
      'orphan-endpoint',
      'undocumented-flag',
      'missing-section',
    ])
      expect(rules).toContain(rule);
  });

  test('--cache alone (the default location, in the run directory) gives the same output', async () => {
    const copy = await copyExample();
    const plain = await run(['-f', 'json'], copy);
    for (let i = 0; i < 3; i++) expect(await run(['-f', 'json', '--cache'], copy)).toEqual(plain);
    expect(existsSync(path.join(copy, '.sync-check-cache'))).toBe(true);
  });

  test('a warm run reads the cache: an outcome altered in the file shows in the report', async () => {
    // Only to prove the warm path reads the cache; a real cache is never edited.
    const cache = await cacheFile();
    const plain = await run(['-f', 'json', '--cache-location', cache], dir);
    const data = await readCache(cache);
    const entry = data.specs.find(([file]) => file === 'specs/020-queue-recovery.md');
    expect(entry?.[2].findings.length).toBeGreaterThan(0);
    const original = entry![2].findings[0]!.message;
    entry![2].findings[0]!.message = 'ALTERED IN THE CACHE';
    await fs.writeFile(cache, JSON.stringify(data));
    const warm = parse(await run(['-f', 'json', '--cache-location', cache], dir));
    expect(warm.findings.map((f) => f.message)).toContain('ALTERED IN THE CACHE');
    expect(warm.findings.map((f) => f.message)).not.toContain(original);
    expect(parse(plain).findings.map((f) => f.message)).toContain(original);
  });
});

describe('--cache on generated repositories', () => {
  test.each([1, 2, 3, 42])(
    'bench/synthetic seed %d, 30 specs: json identical with no, cold and warm cache',
    async (seed) => {
      const dir = await tempDir();
      writeRepo(dir, 30, seed);
      for (const extra of [[], ['--root', '.'], ['--kinds', 'log,script', '--every-spec', 'log,script']]) {
        const plain = await expectCacheTransparent(['-f', 'json', ...extra], dir);
        expect(plain.code).toBe(1);
        expect(parse(plain).summary.specsChecked).toBe(30);
        expect(parse(plain).findings.length).toBeGreaterThan(10);
      }
    },
  );

  test('a warm run takes every spec from the cache', async () => {
    const dir = await tempDir();
    writeRepo(dir, 30, 5);
    const cache = await cacheFile();
    const plain = parse(await run(['-f', 'json', '--root', '.', '--cache-location', cache], dir));
    const data = await readCache(cache);
    expect(data.specs).toHaveLength(30);
    for (const [, , outcome] of data.specs) for (const f of outcome.findings) f.message += ' [from the cache]';
    await fs.writeFile(cache, JSON.stringify(data));
    const warm = parse(await run(['-f', 'json', '--root', '.', '--cache-location', cache], dir));
    const specFindings = warm.findings.filter((f) => f.file.startsWith('specs/'));
    expect(specFindings.length).toBe(plain.findings.filter((f) => f.file.startsWith('specs/')).length);
    expect(specFindings.length).toBeGreaterThan(10);
    for (const f of specFindings) expect(f.message).toMatch(/ \[from the cache\]$/);
  });

  // Small repositories built from the items specs and runbooks are made of, then one change.
  const LOGS = ['api/logs/a.log', 'api/logs/b.jsonl', 'logs/c.log', 'svc/logs/task_{id}.log', 'svc/logs/task_<id>.log'];
  const SCRIPTS = ['api/scripts/x.py', 'scripts/run.sh', 'api/scripts/tool.py', 'svc/scripts/drain.py'];
  const mention = fc.oneof(
    fc.constantFrom(...LOGS).map((l) => `Writes \`${l}\`.`),
    fc.constantFrom(...SCRIPTS).map((s) => `Run \`${s} --dry-run\`.`),
    fc.constantFrom('APP_TOKEN', 'LOG_LEVEL', 'QUEUE_TTL').map((e) => `Set \`${e}\` in the environment.`),
    fc
      .constantFrom('GET /api/tasks/{id}', 'POST /api/jobs', 'GET /api/health', 'PATCH /api/tasks/:id')
      .map((e) => `Serves \`${e}\`.`),
    fc.constantFrom(
      'Run `make reindex`.',
      'Run `npm run backfill`.',
      'See [the guide](docs/GUIDE.md).',
      'Plain words only.',
    ),
  );
  const specArb = fc
    .record({
      bound: fc.boolean(),
      items: fc.array(mention, { maxLength: 5 }),
      excluded: fc.array(mention, { maxLength: 2 }),
    })
    .map(({ bound, items, excluded }) =>
      [
        '# Spec',
        '',
        bound ? 'Document every change in docs/RUNBOOK.md.' : 'No runbook here.',
        '',
        '## Requirements',
        '',
        ...items.map((i) => `- ${i}`),
        '',
        ...(excluded.length > 0 ? ['## Out of Scope', '', ...excluded.map((i) => `- ${i}`), ''] : []),
      ].join('\n'),
    );
  const runbookArb = fc
    .array(mention, { maxLength: 6 })
    .map((items) => ['# Runbook', '', '## Log Locations', '', ...items.map((i) => `- ${i}`), ''].join('\n'));
  const REPO_FILES: Record<string, string> = {
    'api/scripts/x.py': 'print(1)\n',
    'scripts/run.sh': 'true\n',
    'api/scripts/tool.py': 'print(2)\n',
    'svc/scripts/drain.py': 'print(3)\n',
    'docs/GUIDE.md': '# Guide\n',
    Makefile: 'reindex:\n\ttrue\n',
    'package.json': '{ "scripts": { "backfill": "true" } }\n',
    // Code that names some items: adding or removing it turns them from planned to drift and back.
    'api/app/main.py': 'open("logs/a.log")\nos.environ["APP_TOKEN"]\n@app.get("/api/tasks/{task_id}")\n',
    'svc/worker.sh': '#!/bin/sh\nexec > "svc/logs/task_$ID.log"\nscripts/run.sh --dry-run\n',
  };
  const OPTION_SETS = [
    [],
    ['--kinds', 'log'],
    ['--every-spec', 'log,script'],
    ['--kinds', 'script,env', '--every-spec', 'script'],
    ['--exclude-section', 'Requirements'],
  ];
  type Edit =
    | { kind: 'edit-spec'; index: number; text: string }
    | { kind: 'edit-runbook'; text: string }
    | { kind: 'add-spec'; text: string }
    | { kind: 'delete-spec'; index: number }
    | { kind: 'add-file'; file: string }
    | { kind: 'remove-file'; file: string }
    | { kind: 'options'; argv: string[] }
    | { kind: 'none' };
  const editArb: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('edit-spec' as const), index: fc.nat(), text: mention }),
    fc.record({ kind: fc.constant('edit-runbook' as const), text: mention }),
    fc.record({ kind: fc.constant('add-spec' as const), text: specArb }),
    fc.record({ kind: fc.constant('delete-spec' as const), index: fc.nat() }),
    fc.record({ kind: fc.constant('add-file' as const), file: fc.constantFrom(...Object.keys(REPO_FILES)) }),
    fc.record({ kind: fc.constant('remove-file' as const), file: fc.constantFrom(...Object.keys(REPO_FILES)) }),
    fc.record({ kind: fc.constant('options' as const), argv: fc.constantFrom(...OPTION_SETS) }),
    fc.constant({ kind: 'none' as const }),
  );

  test('property: on generated repositories, a warm cache after any one change gives what no cache gives', async () => {
    const counts = { changed: 0, runs: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          specs: fc.array(specArb, { minLength: 1, maxLength: 5 }),
          runbook: runbookArb,
          files: fc.subarray(Object.keys(REPO_FILES)),
          root: fc.boolean(),
          options: fc.constantFrom(...OPTION_SETS),
          edit: editArb,
        }),
        async ({ specs, runbook, files, root, options, edit }) => {
          counts.runs++;
          const dir = await tempDir();
          const specName = (i: number): string => `specs/${String(i).padStart(2, '0')}.md`;
          await writeFiles(dir, {
            'docs/RUNBOOK.md': runbook,
            ...Object.fromEntries(specs.map((text, i) => [specName(i), text])),
            ...Object.fromEntries(files.map((f) => [f, REPO_FILES[f]!])),
          });
          const cache = await cacheFile();
          const base = ['-f', 'json', ...(root ? ['--root', '.'] : [])];
          const before = await run([...base, ...options], dir);
          expect(await run([...base, ...options, '--cache-location', cache], dir)).toEqual(before);

          let after = options;
          const existing = (await fs.readdir(path.join(dir, 'specs'))).sort();
          switch (edit.kind) {
            case 'edit-spec':
              await fs.appendFile(
                path.join(dir, 'specs', existing[edit.index % existing.length]!),
                `\n- ${edit.text}\n`,
              );
              break;
            case 'edit-runbook':
              await fs.appendFile(path.join(dir, 'docs/RUNBOOK.md'), `\n- ${edit.text}\n`);
              break;
            case 'add-spec':
              await writeFiles(dir, { 'specs/new.md': edit.text });
              break;
            case 'delete-spec':
              if (existing.length > 1) await fs.rm(path.join(dir, 'specs', existing[edit.index % existing.length]!));
              break;
            case 'add-file':
              await writeFiles(dir, { [edit.file]: REPO_FILES[edit.file]! });
              break;
            case 'remove-file':
              await fs.rm(path.join(dir, edit.file), { force: true });
              break;
            case 'options':
              after = edit.argv;
              break;
            case 'none':
              break;
          }
          const plain = await run([...base, ...after], dir);
          if (plain.stdout !== before.stdout) counts.changed++;
          expect(await run([...base, ...after, '--cache-location', cache], dir)).toEqual(plain);
          expect(await run([...base, ...after, '--cache-location', cache], dir)).toEqual(plain);
        },
      ),
      { seed: 0xcace, numRuns: 80 },
    );
    // Most changes change the report: otherwise a stale cache would go unnoticed.
    expect(counts.changed).toBeGreaterThan(counts.runs / 4);
  });
});

describe('--cache invalidation: after each change, a warm cache gives what no cache gives', () => {
  /**
   * A cold run with `before`, then `change`, then the same cache with `after`: the warm output
   * must equal a run without cache, and that output must differ from the first (so a cache
   * that missed the change would be caught).
   */
  async function afterChange(
    dir: string,
    before: string[],
    change: (report: Report) => Promise<void> | void,
    after: string[] = before,
  ): Promise<{ before: Report; after: Report }> {
    const cache = await cacheFile();
    const first = await run(['-f', 'json', ...before, '--cache-location', cache], dir);
    expect(first.stderr).toBe('');
    await change(parse(first));
    const plain = await run(['-f', 'json', ...after], dir);
    expect(plain.stdout).not.toBe(first.stdout);
    expect(await run(['-f', 'json', ...after, '--cache-location', cache], dir)).toEqual(plain);
    // And the cache rewritten by that run is right too.
    expect(await run(['-f', 'json', ...after, '--cache-location', cache], dir)).toEqual(plain);
    return { before: parse(first), after: parse(plain) };
  }

  async function synthetic(): Promise<string> {
    const dir = await tempDir();
    writeRepo(dir, 30, 7);
    return dir;
  }
  const ROOT = ['--root', '.'];
  const items = (r: Report): string[] => r.findings.map((f) => `${f.rule} ${f.file} ${f.item}`);

  test('editing one spec (a new log path)', async () => {
    const dir = await synthetic();
    const { after } = await afterChange(dir, ROOT, () =>
      fs.appendFile(path.join(dir, 'specs/00003-spec.md'), '\nAlso writes `api/logs/new_thing.log`.\n'),
    );
    // No code writes it yet: planned work, but reported all the same.
    expect(items(after)).toContain('planned-log specs/00003-spec.md api/logs/new_thing.log');
  });

  test('editing a code file (the code starts writing a planned log: it becomes drift)', async () => {
    const dir = await synthetic();
    await fs.appendFile(path.join(dir, 'specs/00003-spec.md'), '\nAlso writes `api/logs/new_thing.log`.\n');
    await writeFiles(dir, { 'api/app/new_thing.py': 'LOG = "api/logs/other.log"\n' });
    const { before, after } = await afterChange(dir, ROOT, () =>
      fs.writeFile(path.join(dir, 'api/app/new_thing.py'), 'LOG = "api/logs/new_thing.log"\n'),
    );
    expect(items(before)).toContain('planned-log specs/00003-spec.md api/logs/new_thing.log');
    expect(items(after)).toContain('undocumented-log specs/00003-spec.md api/logs/new_thing.log');
  });

  test('editing the runbook (documenting a reported log path)', async () => {
    const dir = await synthetic();
    let documented = '';
    const { after } = await afterChange(dir, ROOT, async (report) => {
      documented = report.findings.find((f) => f.rule === 'undocumented-log' || f.rule === 'planned-log')!.item;
      await fs.appendFile(path.join(dir, 'docs/RUNBOOK.md'), `\n## More logs\n\n- \`${documented}\`\n`);
    });
    expect(after.findings.map((f) => f.item)).not.toContain(documented);
  });

  test.each([
    ['--kinds log', ['--kinds', 'log']],
    ['--every-spec log,script', ['--every-spec', 'log,script']],
    ['--exclude-section Requirements', ['--exclude-section', 'Requirements']],
  ])('changing the options: %s', async (_name, option) => {
    const dir = await synthetic();
    await afterChange(dir, ROOT, () => undefined, [...ROOT, ...option]);
  });

  test('changing the config file (systemCommands)', async () => {
    const dir = await copyExample();
    const { before, after } = await afterChange(dir, [], () =>
      fs.appendFile(path.join(dir, 'sync-check.config.yaml'), 'systemCommands: [svc/scripts/snapshot.sh]\n'),
    );
    expect(items(before)).toContain('undocumented-script specs/050-snapshots.md svc/scripts/snapshot.sh');
    expect(items(after)).not.toContain('undocumented-script specs/050-snapshots.md svc/scripts/snapshot.sh');
  });

  test('adding a spec and deleting another', async () => {
    const dir = await synthetic();
    const { after } = await afterChange(dir, ROOT, async () => {
      await writeFiles(dir, { 'specs/99999-new.md': '# New\n\nWrites `api/logs/brand_new.log`.\n' });
      await fs.rm(path.join(dir, 'specs/00001-spec.md'));
    });
    expect(after.summary.specsChecked).toBe(30);
    expect(after.findings.some((f) => f.file === 'specs/99999-new.md')).toBe(true);
    expect(after.findings.some((f) => f.file === 'specs/00001-spec.md')).toBe(false);
  });

  test('adding the file a planned script names (planned-script becomes undocumented-script)', async () => {
    const dir = await synthetic();
    let planned = { file: '', canonical: '' };
    const { after } = await afterChange(dir, ROOT, async (report) => {
      const f = report.findings.find((x) => x.rule === 'planned-script')!;
      planned = { file: f.file, canonical: f.canonical };
      await writeFiles(dir, { [f.canonical]: '#!/bin/sh\n' });
    });
    expect(after.findings.find((f) => f.file === planned.file && f.canonical === planned.canonical)?.rule).toBe(
      'undocumented-script',
    );
  });

  test('adding the file a runbook command runs (stale-script goes away)', async () => {
    const dir = await synthetic();
    const { before, after } = await afterChange(dir, ROOT, () =>
      writeFiles(dir, { 'api/scripts/agent_runner.py': 'print(1)\n' }),
    );
    const stale = (r: Report) => r.findings.filter((f) => f.rule === 'stale-script').map((f) => f.canonical);
    expect(stale(before)).toContain('api/scripts/agent_runner.py');
    expect(stale(after)).not.toContain('api/scripts/agent_runner.py');
  });

  test('adding a Makefile target and an npm script (the same files, other contents)', async () => {
    const dir = await copyExample();
    const { before, after } = await afterChange(dir, [], async () => {
      await fs.appendFile(path.join(dir, 'Makefile'), '\nreindex:\n\tpython3 svc/scripts/reindex.py\n');
      await fs.writeFile(
        path.join(dir, 'package.json'),
        '{ "name": "acme-queue", "private": true, "scripts": { "backfill": "node tools/backfill.js" } }\n',
      );
    });
    const ruleOf = (r: Report, item: string) => r.findings.find((f) => f.item === item)?.rule;
    expect([ruleOf(before, 'make reindex'), ruleOf(before, 'npm run backfill')]).toEqual([
      'planned-script',
      'planned-script',
    ]);
    expect([ruleOf(after, 'make reindex'), ruleOf(after, 'npm run backfill')]).toEqual([
      'undocumented-script',
      'undocumented-script',
    ]);
  });
});

describe('a damaged or unwritable cache', () => {
  let dir: string;
  let plain: Run;
  /** A cache the example really wrote: its header (format, context) is valid. */
  let real: CacheData;
  beforeAll(async () => {
    dir = await copyExample();
    plain = await run(['-f', 'json'], dir);
    const cache = await cacheFile();
    await run(['-f', 'json', '--cache-location', cache], dir);
    real = await readCache(cache);
  });

  const expectAsIfNoCache = async (content: string): Promise<void> => {
    const cache = await cacheFile();
    await fs.writeFile(cache, content);
    const r = await run(['-f', 'json', '--cache-location', cache], dir);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r).toEqual(plain);
    // The damaged file was replaced by a good one.
    expect(await run(['-f', 'json', '--cache-location', cache], dir)).toEqual(plain);
    expect((await readCache(cache)).context).toBe(real.context);
  };

  test.each([
    ['garbage', 'not json at all {'],
    ['empty', ''],
    ['{}', '{}'],
    ['[]', '[]'],
    ['null', 'null'],
    ['a string', '"cache"'],
    ['a number', '42'],
    ['another format', JSON.stringify({ format: 99, context: 'x', specs: [] })],
    [
      'another context',
      JSON.stringify({ format: 1, context: 'not this one', specs: [['specs/020-queue-recovery.md', 'x', {}]] }),
    ],
    ['a __proto__ key', '{"__proto__": {"format": 1, "specs": []}, "format": 1}'],
  ])('%s: the same output and exit code as no cache', async (_name, content) => {
    await expectAsIfNoCache(content);
  });

  test.each([
    ['specs not an array', () => ({ ...real, specs: 'x' })],
    ['specs an object', () => ({ ...real, specs: { 'specs/020-queue-recovery.md': 1 } })],
    ['a null entry', () => ({ ...real, specs: [null] })],
    ['an entry of one element', () => ({ ...real, specs: [['specs/020-queue-recovery.md']] })],
    ['null outcomes', () => ({ ...real, specs: real.specs.map(([p, h]) => [p, h, null]) })],
    [
      'hashes that match nothing',
      () => ({ ...real, specs: real.specs.map(([p, , o]) => [p, 'nope', { ...o, findings: [] }]) }),
    ],
    [
      'a __proto__ spec path',
      () => ({ ...real, specs: [['__proto__', 'x', { polluted: true }], ['constructor', 'y', {}], ...real.specs] }),
    ],
    ['no runbook outcome', () => ({ ...real, runbook: undefined })],
  ])('a valid header with %s: the same output and exit code as no cache', async (_name, data) => {
    await expectAsIfNoCache(JSON.stringify(data()));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Entries under a valid header are checked too: an outcome of the wrong shape once crashed the
  // run (exit 2, "internal error: items is not iterable") instead of being ignored.
  test.each([
    ['an empty runbook outcome', () => ({ ...real, runbook: {} })],
    ['an empty spec outcome', () => ({ ...real, specs: real.specs.map(([p, h]) => [p, h, {}]) })],
    [
      'an outcome with findings: null',
      () => ({ ...real, specs: real.specs.map(([p, h, o]) => [p, h, { ...o, findings: null }]) }),
    ],
  ])('a valid header with %s: the same output as no cache', async (_name, data) => {
    await expectAsIfNoCache(JSON.stringify(data()));
  });

  test.each([
    [
      'under a regular file',
      async (d: string) => {
        await fs.writeFile(path.join(d, 'a-file'), 'x');
        return path.join(d, 'a-file', 'cache.json');
      },
    ],
    [
      'a directory',
      async (d: string) => {
        await fs.mkdir(path.join(d, 'a-dir'));
        return path.join(d, 'a-dir');
      },
    ],
    ['in a directory that does not exist', async (d: string) => path.join(d, 'missing', 'cache.json')],
  ])(
    'a cache location %s: the same findings and exit code, plus a cache-not-written warning',
    async (_name, locate) => {
      const location = await locate(await tempDir('sync-check-cache-'));
      const expected = parse(plain);
      for (let i = 0; i < 2; i++) {
        const r = await run(['-f', 'json', '--cache-location', location], dir);
        expect(r.code).toBe(plain.code);
        expect(r.stderr).toBe('');
        const report = parse(r);
        expect(report.findings).toEqual(expected.findings);
        expect(report.suppressed).toEqual(expected.suppressed);
        expect(report.diagnostics).toEqual([
          ...expected.diagnostics,
          {
            file: path.relative(dir, location),
            severity: 'warning',
            code: 'cache-not-written',
            message: expect.stringMatching(/^cannot write the cache: /),
          },
        ]);
        expect(report.summary).toEqual({ ...expected.summary, diagnostics: expected.summary.diagnostics + 1 });
      }
      const text = await run(['--cache-location', location], dir);
      expect(text.code).toBe(plain.code);
      expect(text.stdout).toContain('(cache-not-written)');
    },
  );
});

describe('--cache in PR mode (--changed-since)', () => {
  const RUNBOOK =
    '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n- `svc/logs/api.log`\n- `svc/logs/retired.log`\n';
  const FILES: Record<string, string> = {
    'docs/RUNBOOK.md': RUNBOOK,
    'specs/worker.md': '# Worker\n\nThe worker writes `svc/logs/worker.log`.\n',
    'specs/api.md': '# API\n\nThe API writes `svc/logs/api.log`. See docs/RUNBOOK.md.\n',
    'specs/legacy.md': '# Legacy\n\nThe old cron writes `svc/logs/legacy.log`.\n',
    'specs/queue.md': '# Queue\n\nRun `svc/scripts/drain.py` (see docs/RUNBOOK.md); it writes `svc/logs/queue.log`.\n',
    'svc/api.py': 'ERRORS = "svc/logs/api-error.log"\nTOKEN = os.environ["API_TOKEN"]\n',
  };

  const gitRepo = (): Promise<string> => committedRepo(FILES);

  test('two edited specs: the same report with and without the cache, cold and warm', async () => {
    const dir = await gitRepo();
    await fs.appendFile(
      path.join(dir, 'specs/api.md'),
      '\nErrors go to `svc/logs/api-error.log`; set `API_TOKEN` in the environment.\n',
    );
    await fs.appendFile(path.join(dir, 'specs/worker.md'), '\nNothing new.\n');
    for (const format of ['json', 'text', 'checklist']) {
      const plain = await expectCacheTransparent(['-f', format, '--changed-since', 'HEAD'], dir);
      expect(plain.code).toBe(1);
      expect(plain.stdout).toContain('api-error.log');
      expect(plain.stdout).not.toContain('legacy.log');
    }
  });

  test('an edited runbook as well: the same report with and without the cache', async () => {
    const dir = await gitRepo();
    await fs.appendFile(path.join(dir, 'specs/api.md'), '\nErrors go to `svc/logs/api-error.log`.\n');
    await fs.writeFile(path.join(dir, 'docs/RUNBOOK.md'), RUNBOOK.replace('- `svc/logs/worker.log`\n', ''));
    const plain = parse(await expectCacheTransparent(['-f', 'json', '--changed-since', 'HEAD'], dir));
    expect(plain.findings.map((f) => f.item).sort()).toEqual(['svc/logs/api-error.log', 'svc/logs/worker.log']);
  });

  test('one cache shared by full runs and PR runs: each gives what it gives without the cache', async () => {
    const dir = await gitRepo();
    const cache = await cacheFile();
    const full = ['-f', 'json'];
    const pr = ['-f', 'json', '--changed-since', 'HEAD'];
    const fullPlain = await run(full, dir);
    // A full run in a git work tree runs the orphan rule; PR mode must not inherit it from the cache.
    expect(parse(fullPlain).findings.map((f) => f.rule)).toContain('orphan-log');
    expect(await run([...full, '--cache-location', cache], dir)).toEqual(fullPlain);
    await fs.appendFile(path.join(dir, 'specs/api.md'), '\nErrors go to `svc/logs/api-error.log`.\n');
    await fs.appendFile(path.join(dir, 'specs/queue.md'), '\nSet `QUEUE_TTL` in the environment.\n');
    const prPlain = await run(pr, dir);
    expect(parse(prPlain).findings.map((f) => f.rule)).not.toContain('orphan-log');
    expect(await run([...pr, '--cache-location', cache], dir)).toEqual(prPlain);
    expect(await run([...pr, '--cache-location', cache], dir)).toEqual(prPlain);
    const fullAfter = await run(full, dir);
    expect(await run([...full, '--cache-location', cache], dir)).toEqual(fullAfter);
    expect(await run([...full, '--cache-location', cache], dir)).toEqual(fullAfter);
    expect(await run([...pr, '--cache-location', cache], dir)).toEqual(prPlain);
  });
});

// =============================================================================================
// 3. The plain tree walk against fast-glob
// =============================================================================================

/** An ignore pattern that matches nothing: it makes discoverSpecs take the fast-glob path. */
const NEVER = ['**/__never__/**'];

/** What readRepository's fast-glob fallback lists, sorted. */
async function globbedRepository(root: string): Promise<string[]> {
  const files = await fg('**/*', {
    cwd: root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ['**/.git/**', '**/node_modules/**'],
  });
  return files.sort();
}
async function listedRepository(root: string): Promise<string[]> {
  return [...(await readRepository(root)).files].sort();
}

/** Whether each walker takes the tree as plain (true) or falls back to fast-glob (false). */
function walkerTakes(dir: string): { specs: boolean; repository: boolean } {
  return {
    specs: walkPlain(dir, { dot: false, skip: new Set(['node_modules']), accept: () => true }) !== undefined,
    repository:
      walkPlain(dir, { dot: true, skip: new Set(['.git', 'node_modules']), accept: () => true }) !== undefined,
  };
}

const hasMkfifo = ((): boolean => {
  try {
    execFileSync('sh', ['-c', 'command -v mkfifo'], { stdio: 'ignore' });
    return process.platform !== 'win32';
  } catch {
    return false;
  }
})();

describe('plain tree walk against fast-glob: hand-built trees', () => {
  const TREE: Record<string, string> = {
    'specs/a.md': '# a\n',
    'specs/b/c.md': '# c\n',
    'specs/b/d/e/f.md': '# f\n',
    'specs/b/notes.txt': 'x\n',
    'specs/X.MD': '# upper\n',
    'specs/.md': '# only an extension\n',
    'specs/.hidden.md': '# dot file\n',
    'specs/.dot/in-dot.md': '# dot dir\n',
    'specs/node_modules/pkg/readme.md': '# dep\n',
    'specs/b/node_modules/deep.md': '# nested dep\n',
    'specs/x.md/inside.md': '# a directory named x.md\n',
    'specs/é/日本語.md': '# unicode\n',
    'specs/sp ace/[g] {b,c} (p) !x.md': '# glob characters\n',
    'specs/node_modules.md': '# not a node_modules directory\n',
    'specs/b/d/.git/config.md': '# under .git\n',
    Makefile: 'all:\n',
    '.github/workflows/ci.yml': 'on: push\n',
    'node_modules/dep/index.js': '',
    'api/node_modules/dep/x.py': '',
    '.git/HEAD': 'ref: refs/heads/main\n',
    'sub/.git/objects/x': '',
  };
  const EXPECTED_SPECS = [
    'specs/a.md',
    'specs/b/c.md',
    'specs/b/d/e/f.md',
    'specs/node_modules.md',
    'specs/sp ace/[g] {b,c} (p) !x.md',
    'specs/x.md/inside.md',
    'specs/é/日本語.md',
  ];

  async function tree(): Promise<string> {
    const dir = await tempDir();
    await writeFiles(dir, TREE);
    await fs.mkdir(path.join(dir, 'specs/empty/deeper'), { recursive: true });
    await fs.mkdir(path.join(dir, 'specs/y.md'), { recursive: true });
    return dir;
  }
  const rel = (dir: string, files: string[]): string[] => files.map((f) => path.relative(dir, f));

  test('a plain tree: the walker is used and finds what fast-glob finds', async () => {
    const dir = await tree();
    expect(walkerTakes(dir)).toEqual({ specs: true, repository: true });
    const walked = await discoverSpecs('specs', dir);
    const globbed = await discoverSpecs('specs', dir, NEVER);
    expect(walked).toEqual(globbed);
    expect(rel(dir, walked.files)).toEqual(EXPECTED_SPECS);
    expect(walked.reals).toEqual(walked.files);
    const expectedRepo = Object.keys(TREE)
      .filter((f) => !/(^|\/)(\.git|node_modules)\//.test(f))
      .sort();
    expect(await listedRepository(dir)).toEqual(expectedRepo);
    expect(await globbedRepository(dir)).toEqual(expectedRepo);
  });

  test("taken from the repository's walk instead of a second one: the same result, for the specs and for a directory below them", async () => {
    const dir = await tree();
    const { plain } = await listRepository(dir);
    expect(plain).toBeDefined();
    for (const spec of [
      'specs',
      'specs/',
      './specs',
      'specs/b',
      'specs/b/d/e',
      'specs/node_modules',
      'specs/.dot',
      'specs/empty',
      path.join(dir, 'specs'),
    ]) {
      expect(await discoverSpecs(spec, dir, [], plain)).toEqual(await discoverSpecs(spec, dir, NEVER));
    }
    // The repository's walk skips .git and node_modules: specs inside them are walked after all.
    expect(rel(dir, (await discoverSpecs('specs/node_modules', dir, [], plain)).files)).toEqual([
      'specs/node_modules/pkg/readme.md',
    ]);
    expect(rel(dir, (await discoverSpecs('specs/b/d/.git', dir, [], plain)).files)).toEqual([
      'specs/b/d/.git/config.md',
    ]);
  });

  test('every way of naming the directory gives the same result', async () => {
    const dir = await tree();
    const expected = await discoverSpecs('specs', dir, NEVER);
    for (const spec of ['specs', 'specs/', './specs', path.join(dir, 'specs'), 'specs/b/..']) {
      expect(await discoverSpecs(spec, dir)).toEqual(expected);
      expect(await discoverSpecs(spec, dir, NEVER)).toEqual(expected);
    }
  });

  test('a spec directory reached through a symbolic link: files under the link, reals under the target', async () => {
    const dir = await tree();
    await fs.symlink(path.join(dir, 'specs'), path.join(dir, 'via-link'));
    const walked = await discoverSpecs('via-link', dir);
    expect(walked).toEqual(await discoverSpecs('via-link', dir, NEVER));
    expect(rel(dir, walked.files)).toEqual(EXPECTED_SPECS.map((f) => f.replace(/^specs\//, 'via-link/')));
    expect(rel(dir, walked.reals)).toEqual(EXPECTED_SPECS);
  });

  test('a symlink to a file and a symlinked directory: the walker falls back, the result still matches', async () => {
    const dir = await tree();
    await writeFiles(dir, {
      'outside/target.md': '# t\n',
      'outside/dir/in.md': '# in\n',
      'outside/dir/sub/deeper.md': '# d\n',
    });
    await fs.symlink(path.join(dir, 'outside/target.md'), path.join(dir, 'specs/b/link.md'));
    await fs.symlink(path.join(dir, 'outside/dir'), path.join(dir, 'specs/linked-dir'));
    expect(walkerTakes(dir)).toEqual({ specs: false, repository: false });
    const walked = await discoverSpecs('specs', dir);
    expect(walked).toEqual(await discoverSpecs('specs', dir, NEVER));
    expect(rel(dir, walked.files)).toEqual(
      [...EXPECTED_SPECS, 'specs/b/link.md', 'specs/linked-dir/in.md', 'specs/linked-dir/sub/deeper.md'].sort(),
    );
    expect(rel(dir, walked.reals)).toContain('outside/dir/sub/deeper.md');
    expect(await listedRepository(dir)).toEqual(await globbedRepository(dir));
  });

  test('a directory holding no Markdown: the same problem either way', async () => {
    const dir = await repoWith({ 'specs/notes.txt': 'x\n', 'specs/.md': '', 'specs/node_modules/a.md': '' });
    const walked = await discoverSpecs('specs', dir);
    expect(walked).toEqual({ files: [], reals: [], problem: 'directory holds no Markdown (*.md) files' });
    expect(await discoverSpecs('specs', dir, NEVER)).toEqual(walked);
  });

  (hasMkfifo ? test : test.skip)(
    'a FIFO: the walkers fall back and the FIFO reaches the reader as before',
    async () => {
      const dir = await tree();
      execFileSync('mkfifo', [path.join(dir, 'specs/pipe.md')]);
      expect(walkerTakes(dir)).toEqual({ specs: false, repository: false });
      const walked = await discoverSpecs('specs', dir);
      expect(walked).toEqual(await discoverSpecs('specs', dir, NEVER));
      expect(rel(dir, walked.files)).toContain('specs/pipe.md');
      expect(await listedRepository(dir)).toEqual(await globbedRepository(dir));
    },
  );

  // On POSIX, fast-glob's absolute paths turn a backslash in a file name into a slash: the
  // fast-glob path once listed `back/slash.md`, a file that does not exist.
  test('a file name with a backslash: fast-glob and the walker agree, and name the file', async () => {
    const dir = await repoWith({ 'specs/back\\slash.md': '# b\n' });
    const walked = await discoverSpecs('specs', dir);
    expect(rel(dir, walked.files)).toEqual(['specs/back\\slash.md']);
    expect(await discoverSpecs('specs', dir, NEVER)).toEqual(walked);
  });

  // The walker once skipped .git and node_modules only as directories and listed a *file* of
  // that name (a submodule's `.git` file), which fast-glob's ignore patterns drop.
  test('a .git file (submodule) and a node_modules file: readRepository agrees with fast-glob', async () => {
    const dir = await repoWith({
      'vendor/lib/.git': 'gitdir: ../../.git/modules/lib\n',
      'vendor/lib/x.py': '',
      'tools/node_modules': '',
    });
    expect(await listedRepository(dir)).toEqual(await globbedRepository(dir));
  });
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, files);
  return dir;
}

describe('plain tree walk against fast-glob: generated trees', () => {
  const SEGMENTS = [
    'a',
    'b',
    'specs',
    'x.md',
    'X.MD',
    '.dot',
    '.git',
    'node_modules',
    'é',
    '日本語',
    'sp ace',
    '[g]',
    '{b,c}',
    '(p)',
    '!neg',
    'deep',
  ];
  const NAMES = [
    'back\\slash.md',
    '.git',
    'node_modules',
    'a.md',
    'b.md',
    'X.MD',
    'x.Md',
    '.md',
    '.hidden.md',
    'README.md',
    'notes.txt',
    'x.md.bak',
    'md',
    'é.md',
    '日本語.md',
    'sp ace.md',
    '[g].md',
    '{b,c}.md',
    '*.md',
    '!x.md',
    'Makefile',
    'package.json',
    'node_modules.md',
    '.gitignore',
  ];
  type Kind = 'file' | 'dir' | 'fileLink' | 'dirLink' | 'brokenLink';
  const entryArb = fc.record({
    dirs: fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 3 }),
    name: fc.constantFrom(...NAMES),
    kind: fc.oneof(
      { weight: 12, arbitrary: fc.constant<Kind>('file') },
      { weight: 3, arbitrary: fc.constant<Kind>('dir') },
      { weight: 1, arbitrary: fc.constantFrom<Kind>('fileLink', 'dirLink', 'brokenLink') },
    ),
  });

  /** Builds the tree under `dir/tree`; entries that clash with earlier ones are left out. */
  async function build(dir: string, entries: Array<{ dirs: string[]; name: string; kind: Kind }>): Promise<void> {
    await writeFiles(dir, {
      'outside/target.md': '# t\n',
      'outside/dir/in.md': '# in\n',
      'outside/dir/.dot.md': '',
      'outside/dir/n/deeper.md': '',
    });
    await fs.mkdir(path.join(dir, 'tree'));
    for (const { dirs, name, kind } of entries) {
      const target = path.join(dir, 'tree', ...dirs, name);
      try {
        await fs.mkdir(path.dirname(target), { recursive: true });
        if (kind === 'file') await fs.writeFile(target, `# ${name}\n`, { flag: 'wx' });
        else if (kind === 'dir') await fs.mkdir(target);
        else if (kind === 'fileLink') await fs.symlink(path.join(dir, 'outside/target.md'), target);
        else if (kind === 'dirLink') await fs.symlink(path.join(dir, 'outside/dir'), target);
        else await fs.symlink(path.join(dir, 'outside/nothing.md'), target);
      } catch {
        // A clash (a file where a directory should be, or the same name twice): skip it.
      }
    }
  }

  test('property: discoverSpecs and readRepository list the same files with the walker and with fast-glob', async () => {
    const used = {
      specsWalker: 0,
      specsFallback: 0,
      repoWalker: 0,
      repoFallback: 0,
      nonEmpty: 0,
      fromListing: 0,
      amongSome: 0,
      amongNone: 0,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { maxLength: 14 }),
        fc.constantFrom('tree', 'tree/', './tree', 'via-link', 'tree/../tree'),
        fc.array(fc.boolean(), { maxLength: 16 }),
        async (entries, spec, picks) => {
          const dir = await tempDir();
          await build(dir, entries);
          await fs.symlink(path.join(dir, 'tree'), path.join(dir, 'via-link'));
          const takes = walkerTakes(path.join(dir, 'tree'));
          used[takes.specs ? 'specsWalker' : 'specsFallback']++;
          used[takes.repository ? 'repoWalker' : 'repoFallback']++;

          const walked = await discoverSpecs(spec, dir);
          expect(walked).toEqual(await discoverSpecs(spec, dir, NEVER));
          if (walked.files.length > 0) used.nonEmpty++;
          expect(walked.files.length).toBe(walked.reals.length);

          const root = path.join(dir, spec);
          expect(await listedRepository(root)).toEqual(await globbedRepository(root));

          // The specs taken from a plain walk of the tree (when it is plain) instead of their own.
          const { plain } = await listRepository(path.join(dir, 'tree'));
          if (plain) {
            used.fromListing++;
            expect(await discoverSpecs(spec, dir, [], plain)).toEqual(walked);
            // PR mode: only the specs among what git says changed (some specs, other files, a deleted one).
            const tree = await fs.realpath(path.join(dir, 'tree'));
            const among = new Set(
              [...walked.reals, ...[...plain.files].map((f) => path.join(tree, f))].filter(
                (_, i) => picks[i % Math.max(1, picks.length)],
              ),
            );
            among.add(path.join(tree, 'deleted.md'));
            const keep = walked.reals.map((real) => among.has(real));
            const wanted = {
              ...walked,
              files: walked.files.filter((_, i) => keep[i]),
              reals: walked.reals.filter((_, i) => keep[i]),
            };
            expect(await discoverSpecs(spec, dir, [], plain, among)).toEqual(wanted);
            expect(await discoverSpecs(spec, dir, NEVER, undefined, among)).toEqual(wanted);
            if (wanted.files.length > 0) used.amongSome++;
            else if (walked.files.length > 0) used.amongNone++;
          }
        },
      ),
      { seed: 0x7ee, numRuns: 150 },
    );
    // Both paths of both consumers were exercised, on trees with something in them.
    expect(Math.min(used.specsWalker, used.specsFallback, used.repoWalker, used.repoFallback)).toBeGreaterThan(15);
    expect(used.nonEmpty).toBeGreaterThan(75);
    expect(used.fromListing).toBeGreaterThan(15);
    expect(Math.min(used.amongSome, used.amongNone)).toBeGreaterThan(3);
  });
});

// =============================================================================================
// 4. The repository's file questions: scanned at first, indexed by name once there are many
// =============================================================================================

describe('RepositoryIndex.hasFile: the scan and the name index answer alike', () => {
  const SEGMENTS = ['api', 'scripts', 'x.py', 'run.sh', 'logs', 'a b', 'é'];
  const pathArb = fc
    .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.join('/'));
  /** The rule as RepositoryIndex states it: the exact path, the tail of a longer one, or a bare name anywhere. */
  const reference = (files: readonly string[], q: string): boolean =>
    files.some((f) => f === q || f.endsWith(`/${q}`) || (!q.includes('/') && f.slice(f.lastIndexOf('/') + 1) === q));

  test('property: every answer, before and after the index is built, follows the rule', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(pathArb, { maxLength: 12 }),
        fc.array(fc.oneof(pathArb, fc.constantFrom('', '/', 'x.py/', '/x.py', 'api/')), {
          minLength: 40,
          maxLength: 60,
        }),
        (files, questions) => {
          const index = new RepositoryIndex({ files: new Set(files), makeTargets: new Map(), npmScripts: new Map() });
          for (const q of questions) expect([q, index.hasFile(q)]).toEqual([q, reference(files, q)]);
        },
      ),
      { seed: 0x1d3, numRuns: 300 },
    );
  });
});
