/**
 * `npm run bench` (last step): history on a repository with 500 first-parent commits, built with
 * `git fast-import` from the seed checkout (../shared/corpus, when present) or from a synthetic
 * one. Each commit edits a code file (every 10th makes it write a new log); every 5th edits a
 * spec (a new log), every 25th the runbook, as a busy project's history would. Times `--history 100 --blame` and `--blame` through the CLI, and
 * reports, in process, how many commits and specs were checked and how many outcomes reused.
 * Writes bench/history-results.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../src/api.js';
import { withHistory, type HistoryStats } from '../src/run/history.js';
import { mulberry32, runbookText, specText } from './synthetic.js';

const COMMITS = 500;
const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(project, 'dist', 'cli', 'bin.js');
const seed = path.resolve(project, '..', 'shared', 'corpus', 'coherence-network-18a80601e');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Every file of a checkout (no .git, no links), relative path → bytes. */
function filesOf(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && statSync(full).size < 2 * 1024 * 1024)
        out.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(root);
  return out;
}

function syntheticFiles(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const rand = mulberry32(42);
  for (let i = 0; i < 100; i++) out.set(`specs/${String(i).padStart(3, '0')}-spec.md`, Buffer.from(specText(i, rand)));
  for (let i = 0; i < 200; i++)
    out.set(
      `src/mod${i}.py`,
      Buffer.from(`import os\nLOG = "svc/logs/s${i % 100}.log"\nPORT = os.environ["PORT_${i}"]\n`),
    );
  out.set('docs/RUNBOOK.md', Buffer.from(runbookText()));
  return out;
}

/** A fast-import stream: the checkout as the first commit, then COMMITS - 1 small edits. */
function history(files: Map<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  const text = (s: string): void => void parts.push(Buffer.from(s));
  const data = (bytes: Buffer): void => {
    text(`data ${bytes.length}\n`);
    parts.push(bytes);
    text('\n');
  };
  const code = [...files.keys()].filter((f) => /\.(?:py|ts|tsx|sh)$/.test(f)).sort();
  const specs = [...files.keys()].filter((f) => f.startsWith('specs/') && f.endsWith('.md')).sort();
  const current = new Map(files);
  for (let n = 0; n < COMMITS; n++) {
    const when = 1_700_000_000 + n * 3600;
    text(`commit refs/heads/main\nmark :${n + 1}\ncommitter Bench <bench@example.com> ${when} +0000\n`);
    data(Buffer.from(n === 0 ? 'import the checkout' : `change ${n}`));
    if (n > 0) text(`from :${n}\n`);
    const changed: string[] = n === 0 ? [...files.keys()] : [code[n % code.length]!];
    if (n > 0 && n % 5 === 0) changed.push(specs[n % specs.length]!);
    if (n > 0 && n % 25 === 0) changed.push('docs/RUNBOOK.md');
    for (const file of changed) {
      if (n > 0) {
        const add = file.endsWith('.md')
          ? `\n- The job writes \`svc/logs/bench-${n}.log\` on each run.\n`
          : n % 10 === 0
            ? `\nBENCH_LOG_${n} = "logs/bench-${n}.log"\n`
            : `\n# edit ${n}\n`;
        current.set(file, Buffer.concat([current.get(file) ?? Buffer.alloc(0), Buffer.from(add)]));
      }
      text(`M 100644 inline ${file}\n`);
      data(current.get(file)!);
    }
    text('\n');
  }
  return Buffer.concat(parts);
}

function timed(args: string[], cwd: string): { ms: number; rss: number } {
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M', process.execPath, bin, ...args], { cwd, encoding: 'utf8' })
    : spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`sync-check failed (${r.status}): ${r.stderr}`);
  const rss = gnuTime ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
  return { ms, rss };
}

const source = existsSync(path.join(seed, 'docs', 'RUNBOOK.md')) ? 'seed checkout' : 'synthetic repository';
const files = source === 'seed checkout' ? filesOf(seed) : syntheticFiles();
// `node dist-bench/bench/history.js --keep DIR` builds the repository in DIR and stops: to profile a run on it.
const keep = process.argv[2] === '--keep' ? process.argv[3] : undefined;
const repo = keep ? path.resolve(keep) : mkdtempSync(path.join(os.tmpdir(), 'sync-check-history-'));
try {
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, input: history(files), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: repo });
  if (keep) process.exit(0);
  const argv = ['--no-config', '--root', '.', '--specs', 'specs', '--runbook', 'docs/RUNBOOK.md'];
  const plain = timed([...argv, '-f', 'json=/dev/null'], repo);
  const trend = timed([...argv, '--history', '100', '--blame', '-f', 'json=/dev/null'], repo);
  const blame = timed([...argv, '--blame', '-f', 'json=/dev/null'], repo);
  const svg = timed([...argv, '--history', '100', '-f', `svg=${path.join(repo, 'trend.svg')}`], repo);
  const options = { specs: 'specs', runbook: 'docs/RUNBOOK.md', cwd: repo, root: repo, checkRepository: true };
  let stats: HistoryStats | undefined;
  await withHistory(await check(options), options, { blame: true, points: 100, onStats: (s) => (stats = s) });
  const s = stats!;
  const rss = (x: { rss: number }): string => (Number.isFinite(x.rss) ? x.rss.toFixed(0) : 'n/a');
  const table = [
    '# History benchmark',
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}. Generated by \`npm run bench\`.`,
    '',
    `A ${COMMITS}-commit first-parent history of the ${source} (${files.size} files), built with git fast-import: every commit`,
    'edits a code file (every 10th makes it write a new log), every 5th a spec (a new log), every 25th the runbook.',
    'Times are the whole CLI run, wall clock.',
    '',
    '| Run | ms | peak RSS MB |',
    '|---|---:|---:|',
    `| no history (today's check only) | ${plain.ms.toFixed(0)} | ${rss(plain)} |`,
    `| \`--history 100 --blame\` | ${trend.ms.toFixed(0)} | ${rss(trend)} |`,
    `| \`--blame\` | ${blame.ms.toFixed(0)} | ${rss(blame)} |`,
    `| \`--history 100 -f svg=…\` (trend only) | ${svg.ms.toFixed(0)} | ${rss(svg)} |`,
    '',
    `Of ${s.commits} commits, ${s.evaluated} were checked (the others changed nothing a check reads);`,
    `spec outcomes: ${s.specsChecked} computed, ${s.specsReused} reused from another commit`,
    `(${((100 * s.specsReused) / Math.max(1, s.specsChecked + s.specsReused)).toFixed(1)}%).`,
    '',
  ].join('\n');
  writeFileSync(path.join(project, 'bench', 'history-results.md'), table);
  process.stdout.write(`${table}\nwrote bench/history-results.md\n`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
