/**
 * `npm run bench` (first part): sync-check against a floor on synthetic repositories.
 * The floor is a plain Node script that reads every Markdown file and runs one regular
 * expression over it. Runs alternate (floor, sync-check, floor, …) so both see the same
 * machine state; reported: median wall time, ratio to the floor, MB/s, peak RSS.
 * Writes bench/perf-results.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRepo } from './synthetic.js';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(project, 'dist', 'cli', 'bin.js');
const floor = path.join(project, 'bench', 'floor.mjs');
const lexerFloor = path.join(project, 'bench', 'lexer-floor.mjs');
const repoFloor = path.join(project, 'bench', 'floor-repo.mjs');
const markdownlint = path.join(project, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
/**
 * Repositories also timed with marked's lexer alone, on the threads sync-check uses there: its
 * 'auto' starts workers (one per core, up to four) only in runs of thousands of specs (src/api.ts).
 */
const LEXER_THREADS = new Map([
  [200, 1],
  [10000, Math.min(4, os.availableParallelism())],
]);
/** The specs the PR-mode rows change. */
const CHANGED = ['00010', '04000', '09999'].map((n) => `specs/${n}-spec.md`);
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Sample {
  ms: number;
  rssMb?: number;
}

function timed(args: string[], cwd?: string): Sample {
  const t0 = performance.now();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, cwd })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, cwd });
  const ms = performance.now() - t0;
  if (result.status !== 0 && result.status !== 1) throw new Error(`exit ${result.status}: ${result.stderr}`);
  const kb = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { ms, ...(Number.isFinite(kb) ? { rssMb: kb / 1024 } : {}) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `beforeEach` runs untimed before each sync-check sample (to restore a cache file). */
function compare(
  label: string,
  bytes: number,
  floorArgs: string[],
  toolArgs: string[],
  runs: number,
  beforeEach?: () => void,
  toolCwd?: string,
) {
  const f: Sample[] = [];
  const t: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    f.push(timed(floorArgs));
    beforeEach?.();
    t.push(timed(toolArgs, toolCwd));
  }
  const floorMs = median(f.map((s) => s.ms));
  const toolMs = median(t.map((s) => s.ms));
  const rss = Math.max(...t.map((s) => s.rssMb ?? NaN));
  const row = {
    label,
    mb: bytes / 1e6,
    floorMs,
    toolMs,
    ratio: toolMs / floorMs,
    mbs: bytes / 1e6 / (toolMs / 1000),
    rss,
  };
  process.stdout.write(
    `${label.padEnd(44)} floor ${floorMs.toFixed(0).padStart(6)} ms  measured ${toolMs.toFixed(0).padStart(6)} ms  ×${row.ratio.toFixed(2)}  ${Number.isFinite(rss) ? `${rss.toFixed(0)} MB` : ''}\n`,
  );
  return row;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'sync-check-perf-'));
const rows: ReturnType<typeof compare>[] = [];
// marked's block lexer alone over the same files: what is left of each target for everything else.
const lexerRows: ReturnType<typeof compare>[] = [];
// Repositories with code: grounding reads every code file once.
const codeRows: ReturnType<typeof compare>[] = [];

/** A real checkout: cold against the repository floor, the other rows as ratios. */
interface RealRow {
  name: string;
  mb: number;
  specsMb: number;
  floorMs?: number;
  coldMs?: number;
  rss?: number;
  noCode?: number;
  warm?: number;
  lexer?: number;
  markdownlintMs?: number;
}
const realRows: RealRow[] = [];

/** `count` code files (~2 KB each: routes, env reads, log writes, a flag) under src/; their total size. */
function writeCode(root: string, count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'src', `m${Math.floor(i / 100)}`);
    mkdirSync(dir, { recursive: true });
    const lines = [
      'import os, logging, argparse',
      `LOG = "api/logs/module_${i}.log"`,
      `TIMEOUT = int(os.environ.get("MODULE_${i}_TIMEOUT", "30"))`,
      `@router.get("/api/module/${i}/{item_id}")`,
      `def get_${i}(item_id): return fetch(f"{BASE}/remote/${i}/{item_id}")`,
      'parser = argparse.ArgumentParser()',
      `parser.add_argument("--only-${i % 50}", action="store_true")`,
      ...Array.from(
        { length: 30 },
        (_, j) => `    value_${j} = compute(value_${j - 1 < 0 ? 0 : j - 1}, "${'x'.repeat(20)}")  # filler`,
      ),
    ];
    const text = `${lines.join('\n')}\n`;
    writeFileSync(path.join(dir, `mod_${i}.py`), text);
    bytes += text.length;
  }
  return bytes;
}

/** The corpus checkouts with their layout (CORPUS.yaml's first spec directory and runbook). */
function realCheckouts(): Array<{ dir: string; specs: string; runbook: string; bytes: number }> {
  const base = path.resolve(project, '..', 'shared', 'corpus');
  if (!existsSync(base)) return [];
  const dirs = [
    path.join(base, 'coherence-network-18a80601e'),
    ...readdirSync(path.join(base, 'wild'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(base, 'wild', e.name)),
  ].filter((d) => existsSync(d));
  return dirs.map((dir) => {
    const layout = existsSync(path.join(dir, 'CORPUS.yaml')) ? readFileSync(path.join(dir, 'CORPUS.yaml'), 'utf8') : '';
    const specs = /^specs:\s*\[?\s*([^,\]\s]+)/m.exec(layout)?.[1] ?? 'specs';
    const runbook = /^runbook:\s*(\S+)/m.exec(layout)?.[1] ?? 'docs/RUNBOOK.md';
    return { dir, specs, runbook, bytes: treeBytes(dir) };
  });
}

function treeBytes(dir: string, ending = ''): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') total += treeBytes(p, ending);
    else if (e.isFile() && e.name.endsWith(ending)) total += statSync(p).size;
  }
  return total;
}
try {
  const out = path.join(work, 'out.json');
  for (const [count, runs] of [
    [100, 7],
    [200, 7],
    [1000, 5],
    [10000, 3],
  ] as const) {
    const repo = writeRepo(path.join(work, String(count)), count);
    const args = [bin, '-C', repo.root, '--no-config', '-f', 'json', '-o', out];
    rows.push(compare(`${count} specs`, repo.bytes, [floor, repo.root], args, runs));
    const threads = LEXER_THREADS.get(count);
    if (threads !== undefined) {
      const label = `${count} specs, ${threads} thread${threads === 1 ? '' : 's'}`;
      lexerRows.push(
        compare(label, repo.bytes, [floor, repo.root], [lexerFloor, '--threads', String(threads), repo.root], runs),
      );
    }
    // Warm: the same run again with --cache after one run has filled it (nothing changed since).
    const cache = ['--cache-location', path.join(work, `cache-${count}`)];
    timed([...args, ...cache]);
    rows.push(compare(`${count} specs, --cache (warm)`, repo.bytes, [floor, repo.root], [...args, ...cache], runs));
  }
  // PR mode: 3 changed specs in the 10,000-spec repository, against the floor on 100 specs.
  const big = path.join(work, '10000');
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', '-c', 'gc.auto=0', ...args],
      { cwd: big, stdio: 'pipe' },
    );
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const prArgs = [bin, '-C', big, '--no-config', '--changed-since', 'HEAD', '-f', 'json', '-o', out];
  // The cache as the last run on the base commit left it: the changed specs are not in it.
  const primed = path.join(work, 'cache-pr-primed');
  const prCache = path.join(work, 'cache-pr');
  timed([...prArgs, '--cache-location', primed]);
  for (const spec of CHANGED)
    writeFileSync(
      path.join(big, spec),
      `${readFileSync(path.join(big, spec), 'utf8')}\nAlso writes \`api/logs/new_${path.basename(spec, '-spec.md')}.log\`.\n`,
    );
  const small = path.join(work, '100');
  rows.push(compare('PR mode: 3 changed of 10,000 (floor: 100 specs)', 3 * 5000, [floor, small], prArgs, 5));
  const prFiles = ['docs/RUNBOOK.md', ...CHANGED].map((f) => path.join(big, f));
  lexerRows.push(
    compare(
      'PR mode: the runbook and the 3 changed specs (floor: 100 specs)',
      3 * 5000,
      [floor, small],
      [lexerFloor, ...prFiles],
      5,
    ),
  );
  rows.push(
    compare(
      'PR mode, --cache from the base commit',
      3 * 5000,
      [floor, small],
      [...prArgs, '--cache-location', prCache],
      5,
      () => copyFileSync(primed, prCache),
    ),
  );

  // Grounding at scale: 1,000 specs beside 5,000 code files of ~2 KB, read in one pass.
  const coded = writeRepo(path.join(work, 'coded'), 1000);
  const codeBytes = writeCode(coded.root, 5000);
  const codedArgs = [bin, '-C', coded.root, '--no-config', '--root', '.', '-f', 'json', '-o', out];
  codeRows.push(compare('1000 specs + 5000 code files', coded.bytes + codeBytes, [floor, coded.root], codedArgs, 5));
  codeRows.push(
    compare(
      '1000 specs + 5000 code files, --no-code',
      coded.bytes + codeBytes,
      [floor, coded.root],
      [...codedArgs, '--no-code'],
      5,
    ),
  );
  const codedCache = ['--cache-location', path.join(work, 'cache-coded')];
  timed([...codedArgs, ...codedCache]);
  codeRows.push(
    compare(
      '1000 specs + 5000 code files, --cache (warm)',
      coded.bytes + codeBytes,
      [floor, coded.root],
      [...codedArgs, ...codedCache],
      5,
    ),
  );

  // The real checkouts the project is measured on, when they are at hand (../shared/corpus).
  for (const corpus of realCheckouts()) {
    const args = [
      bin,
      '-C',
      corpus.dir,
      '--no-config',
      '--specs',
      corpus.specs,
      '--runbook',
      corpus.runbook,
      '--root',
      '.',
      '-f',
      'json',
      '-o',
      out,
    ];
    const name = path.basename(corpus.dir);
    const specsDir = path.join(corpus.dir, corpus.specs);
    const real: RealRow = { name, mb: corpus.bytes / 1e6, specsMb: treeBytes(specsDir, '.md') / 1e6 };
    const cold = compare(`${name}`, corpus.bytes, [repoFloor, corpus.dir], args, 7);
    real.floorMs = cold.floorMs;
    real.coldMs = cold.toolMs;
    real.rss = cold.rss;
    real.noCode = compare(`${name}, --no-code`, corpus.bytes, [floor, specsDir], [...args, '--no-code'], 7).ratio;
    const cache = ['--cache-location', path.join(work, `cache-${name}`)];
    timed([...args, ...cache]);
    real.warm = compare(`${name}, --cache (warm)`, corpus.bytes, [repoFloor, corpus.dir], [...args, ...cache], 7).ratio;
    real.lexer = compare(
      `${name}: marked's lexer alone`,
      corpus.bytes,
      [floor, specsDir],
      [lexerFloor, specsDir],
      7,
    ).ratio;
    // markdownlint-cli2 on the same specs, from the checkout (its own config files, if any, apply).
    const lint = compare(
      `${name}: markdownlint-cli2`,
      corpus.bytes,
      [bin, ...args.slice(1)],
      [markdownlint, `${corpus.specs}/**/*.md`],
      5,
      undefined,
      corpus.dir,
    );
    real.markdownlintMs = lint.toolMs;
    realRows.push(real);
  }
} finally {
  // gc.auto=0 keeps git from writing into .git behind our back; retries cover what is left.
  rmSync(work, { recursive: true, force: true, maxRetries: 5 });
}

const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const table = [
  '# Benchmark: synthetic repositories',
  '',
  `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}.`,
  'Specs of ~5 KB (front matter, headings, tables, code blocks, logs, scripts, endpoints, env vars), seeded.',
  'Wall time is the median of alternating runs of each command as a separate process, start-up included.',
  'Rows without --cache are cold: every spec is parsed. "--cache (warm)" is the next run after one that filled the cache, nothing changed;',
  'the PR-mode cache row starts each run from the cache the base commit left, so the 3 changed specs are parsed afresh.',
  '',
  '| Repository | MB | floor ms | sync-check ms | ratio | MB/s | peak RSS MB |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.mb.toFixed(1)} | ${r.floorMs.toFixed(0)} | ${r.toolMs.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.mbs.toFixed(1)} | ${Number.isFinite(r.rss) ? r.rss.toFixed(0) : 'n/a'} |`,
  ),
  '',
  "## marked's block lexer alone",
  '',
  'A second floor, run alternating with the first in the same way (`bench/lexer-floor.mjs`): start Node, load marked, read the same',
  "specs and run marked's block lexer over each body, on the threads sync-check would use. No extraction, no comparison, no report.",
  '',
  '| Files | floor ms | lexer alone ms | ratio |',
  '|---|---:|---:|---:|',
  ...lexerRows.map((r) => `| ${r.label} | ${r.floorMs.toFixed(0)} | ${r.toolMs.toFixed(0)} | ${r.ratio.toFixed(2)} |`),
  '',
  '## Grounding: repositories with code',
  '',
  'The same floor and runs, on a synthetic repository with code files and on the real checkouts under ../shared/corpus (when present;',
  'their first spec directory and runbook from CORPUS.yaml). "MB" counts every file of the checkout; the code is read once per run,',
  "all items together; `--no-code` skips that read; the warm cache reuses each unchanged file's scan and each spec's outcome.",
  '',
  '| Repository | MB | floor ms | sync-check ms | ratio | peak RSS MB |',
  '|---|---:|---:|---:|---:|---:|',
  ...codeRows.map(
    (r) =>
      `| ${r.label} | ${r.mb.toFixed(1)} | ${r.floorMs.toFixed(0)} | ${r.toolMs.toFixed(0)} | ${r.ratio.toFixed(2)} | ${Number.isFinite(r.rss) ? r.rss.toFixed(0) : 'n/a'} |`,
  ),
  '',
  '## Real checkouts',
  '',
  'Each checkout under ../shared/corpus with its first spec directory and runbook (CORPUS.yaml), run with the repository. "floor" reads',
  'every Markdown and text file of the checkout once (`bench/floor-repo.mjs`); "--no-code" is against the plain floor over the specs;',
  '"lexer alone" is marked\'s block lexer over the specs against that floor; markdownlint-cli2 lints the same specs from the checkout.',
  '',
  '| Checkout | MB | specs MB | floor ms | sync-check ms | ratio | --no-code | --cache warm | lexer alone | markdownlint-cli2 ms | faster by | peak RSS MB |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...realRows.map(
    (r) =>
      `| ${r.name} | ${r.mb.toFixed(1)} | ${r.specsMb.toFixed(2)} | ${r.floorMs!.toFixed(0)} | ${r.coldMs!.toFixed(0)} | ${(r.coldMs! / r.floorMs!).toFixed(2)} | ${r.noCode!.toFixed(2)} | ${r.warm!.toFixed(2)} | ${r.lexer!.toFixed(2)} | ${r.markdownlintMs!.toFixed(0)} | ${(r.markdownlintMs! / r.coldMs!).toFixed(1)}× | ${Number.isFinite(r.rss) ? r.rss!.toFixed(0) : 'n/a'} |`,
  ),
  ...(realRows.length === 0 ? ['', '(No real checkouts: ../shared/corpus is not present on this machine.)'] : []),
  '',
].join('\n');
writeFileSync(path.join(project, 'bench', 'perf-results.md'), table);
process.stdout.write('wrote bench/perf-results.md\n');
