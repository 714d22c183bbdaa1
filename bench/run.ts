/**
 * `npm run bench`: how long sync-check takes on pathological input.
 * Each 1 MiB pathological document is checked in-process several times (median reported),
 * then the CLI is run once over all of them together, as a CI job would meet them.
 * Writes bench/results.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocuments } from '../src/index.js';
import { MIB, PATHOLOGICAL } from './pathological.js';
import { scanCodeText } from '../src/compare/code-index.js';
import { SCALING } from './scaling.js';

const RUNS = 5;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runbook = { path: 'docs/RUNBOOK.md', text: '# Runbook\n\n## Log Locations\n\n| `api/logs/a.log` | a |\n' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

const rows: string[] = [];
let worst = 0;
for (const [name, generate] of Object.entries(PATHOLOGICAL)) {
  const text = generate(MIB);
  const spec = { path: 'specs/hostile.md', text };
  const times: number[] = [];
  let findings = 0;
  let diagnostics = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const report = checkDocuments([spec], runbook);
    times.push(performance.now() - t0);
    findings = report.findings.length;
    diagnostics = report.diagnostics.map((d) => d.code).join(', ');
  }
  const ms = median(times);
  worst = Math.max(worst, ms);
  const mbs = text.length / MIB / (ms / 1000);
  rows.push(
    `| ${name} | ${(text.length / MIB).toFixed(2)} | ${ms.toFixed(0)} | ${mbs.toFixed(1)} | ${findings} | ${diagnostics || '—'} |`,
  );
  process.stdout.write(`${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms\n`);
}

// The code scan on hostile code files, 1 MiB each in lines just under the scan's line cap.
const CODE_INPUTS: Record<string, (size: number) => string> = {
  'code: lines of quotes': (size) => repeatTo('"', size),
  'code: unclosed quoted paths': (size) => repeatTo('"/a/{b}/c', size),
  'code: quoted paths': (size) => repeatTo('"/api/x/{id}" ', size),
  'code: interpolated names': (size) => repeatTo('f"task_{a}{b}{c}.log" ', size),
  'code: flags and file names': (size) => repeatTo('run.sh --force -x a.log ', size),
  'code: env words on env lines': (size) => repeatTo('os.environ["A_B_C"] ', size),
  'code: many short lines': (size) => repeatTo('X = 1\n', size),
  'code: braces and percents': (size) => repeatTo('{%s{%d}}', size),
};
const codeRows: string[] = [];
for (const [name, generate] of Object.entries(CODE_INPUTS)) {
  const text = generate(MIB);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    scanCodeText(text);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  worst = Math.max(worst, ms);
  codeRows.push(
    `| ${name} | ${(text.length / MIB).toFixed(2)} | ${ms.toFixed(0)} | ${(text.length / MIB / (ms / 1000)).toFixed(1)} |`,
  );
  process.stdout.write(`${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms\n`);
}

/** `unit` repeated into lines just under the scan's 4,096-character cap, up to `size` characters. */
function repeatTo(unit: string, size: number): string {
  const line = unit.endsWith('\n') ? unit : `${unit.repeat(Math.floor(4000 / unit.length))}\n`;
  return line.repeat(Math.ceil(size / line.length)).slice(0, size);
}

// Growth in the number of items: the time per item must stay flat as the items multiply.
const SIZES = [1000, 2000, 4000, 8000];
/** Time per item at the largest size over that at the smallest: above this, growth is super-linear. */
const MAX_GROWTH = 2;
const scalingRows: string[] = [];
const superLinear: string[] = [];
for (const [name, generate] of Object.entries(SCALING)) {
  const perSize = SIZES.map((n) => {
    const input = generate(n);
    const specs = [{ path: 'specs/a.md', text: input.spec }];
    const book = { path: 'docs/RUNBOOK.md', text: input.runbook };
    const times = [0, 1, 2].map(() => {
      const t0 = performance.now();
      checkDocuments(specs, book, input.options ?? {});
      return performance.now() - t0;
    });
    return median(times);
  });
  const growth = perSize.at(-1)! / SIZES.at(-1)! / (perSize[0]! / SIZES[0]!);
  if (growth > MAX_GROWTH) superLinear.push(name);
  scalingRows.push(`| ${name} | ${perSize.map((ms) => ms.toFixed(0)).join(' | ')} | ${growth.toFixed(2)} |`);
  process.stdout.write(
    `${name.padEnd(34)} ${perSize.map((ms) => ms.toFixed(0).padStart(6)).join(' ')} ms  growth ${growth.toFixed(2)}\n`,
  );
}

// All of them at once through the CLI, as a nightly job on a repository full of them would run.
const dir = mkdtempSync(path.join(os.tmpdir(), 'sync-check-bench-'));
let allMs = 0;
let allCode: number | null = null;
try {
  mkdirSync(path.join(dir, 'specs'));
  mkdirSync(path.join(dir, 'docs'));
  writeFileSync(path.join(dir, 'docs', 'RUNBOOK.md'), runbook.text);
  Object.entries(PATHOLOGICAL).forEach(([, generate], i) =>
    writeFileSync(path.join(dir, 'specs', `${String(i).padStart(2, '0')}.md`), generate(MIB)),
  );
  const t0 = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'dist', 'cli', 'bin.js'), '-C', dir, '--format', 'json'],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  allMs = performance.now() - t0;
  allCode = result.status;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${'all together, CLI'.padEnd(34)} ${allMs.toFixed(0).padStart(6)} ms (exit ${allCode})\n`);

const table = [
  `Machine: ${machine()}. Median of ${RUNS} in-process runs of \`checkDocuments\` per 1 MiB document.`,
  '',
  '| Pathological input | MiB | ms | MiB/s | findings | diagnostics |',
  '|---|---:|---:|---:|---:|---|',
  ...rows,
  '',
  'The code scan (`scanCodeText`, what grounding runs once per code file) on hostile code files:',
  '',
  '| Code file | MiB | ms | MiB/s |',
  '|---|---:|---:|---:|',
  ...codeRows,
  '',
  `Growth in the number of items (\`checkDocuments\`, median of 3, ms at ${SIZES.join(', ')} items; growth is the time per item at ${SIZES.at(-1)} over that at ${SIZES[0]}: 1 is linear, ${SIZES.at(-1)! / SIZES[0]!} quadratic; above ${MAX_GROWTH} fails the benchmark):`,
  '',
  `| Input | ${SIZES.join(' | ')} | growth |`,
  `|---|${SIZES.map(() => '---:').join('|')}|---:|`,
  ...scalingRows,
  '',
  `All ${Object.keys(PATHOLOGICAL).length} documents together through the CLI (\`sync-check -C DIR\`, one process, start-up included): ${(allMs / 1000).toFixed(1)} s, exit ${allCode}. Slowest single document: ${worst.toFixed(0)} ms.`,
  '',
].join('\n');
writeFileSync(path.join(repoRoot, 'bench', 'results.md'), `# Benchmark: pathological input\n\n${table}`);
process.stdout.write('wrote bench/results.md\n');
if (superLinear.length > 0) {
  process.stderr.write(`super-linear growth: ${superLinear.join(', ')}\n`);
  process.exitCode = 1;
}
