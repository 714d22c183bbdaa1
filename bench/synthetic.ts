/**
 * Deterministic synthetic repositories for the benchmark: realistic specs (front matter,
 * headings, tables, code blocks, log paths, scripts, endpoints, env vars) and a runbook that
 * documents part of what they name. Seeded, so every run measures the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the pipeline agent runner task queue worker monitor status report metrics retry backlog phase review deploy cache index graph store health ready version operator restart recover escalate page alert threshold window sample rate latency budget error warning'.split(
    ' ',
  );
const COMPONENTS = [
  'agent_runner',
  'project_manager',
  'monitor',
  'scheduler',
  'indexer',
  'billing',
  'notifier',
  'gateway',
  'ingest',
  'exporter',
];
const ROUTES = ['tasks', 'metrics', 'status', 'health', 'jobs', 'queues', 'reports', 'users', 'events', 'alerts'];

export interface SyntheticRepo {
  root: string;
  specs: number;
  bytes: number;
}

function sentence(rand: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** One spec of about 5 KB. */
export function specText(i: number, rand: () => number): string {
  const comp = pick(rand, COMPONENTS);
  const route = pick(rand, ROUTES);
  const bound = i % 7 === 0;
  const parts: string[] = [
    '---',
    `title: Spec ${i}`,
    `owner: team-${i % 13}`,
    'status: draft',
    '---',
    '',
    `# Spec ${i}: ${comp} ${route}`,
    '',
    '## Purpose',
    '',
    sentence(rand, 40),
    sentence(rand, 30),
    '',
    '## Requirements',
    '',
  ];
  for (let r = 0; r < 6; r++) {
    const k = Math.floor(rand() * 6);
    const item =
      k === 0
        ? `\`api/logs/${comp}_${i % 50}.log\``
        : k === 1
          ? `\`api/scripts/${comp}_tool_${i % 40}.py --dry-run\``
          : k === 2
            ? `\`GET /api/${route}/{id}\``
            : k === 3
              ? `\`${comp.toUpperCase()}_TIMEOUT_${i % 30}\` in the environment`
              : k === 4
                ? `api/logs/${comp}.log`
                : `the ${route} endpoint`;
    r % 2 === 0
      ? parts.push(`- [ ] ${sentence(rand, 12)} Uses ${item}.`)
      : parts.push(`- [x] ${sentence(rand, 10)} See ${item} for details.`);
  }
  parts.push('', '## API Contract', '', '| Method | Path | Purpose |', '|---|---|---|');
  for (let r = 0; r < 4; r++) parts.push(`| GET | \`/api/${pick(rand, ROUTES)}/${r}\` | ${sentence(rand, 6)} |`);
  parts.push(
    '',
    '```bash',
    `cd api && .venv/bin/python scripts/${comp}.py --once`,
    `curl -s http://localhost:8000/api/${route}`,
    `LOG_LEVEL=debug ./scripts/run_${comp}.sh`,
    '```',
    '',
  );
  parts.push(
    '## Data Model',
    '',
    '```yaml',
    `${comp}:`,
    '  id: string',
    '  status: enum',
    `  created_at: datetime`,
    '```',
    '',
  );
  parts.push(
    '## Files to Create/Modify',
    '',
    `- \`api/app/services/${comp}_service.py\` — ${sentence(rand, 8)}`,
    `- \`api/scripts/${comp}.py\` — ${sentence(rand, 6)}`,
    '',
  );
  parts.push('## Acceptance Tests', '');
  for (let r = 0; r < 8; r++) parts.push(`- ${sentence(rand, 18)}`);
  parts.push('', '## Out of Scope', '', `- ${sentence(rand, 12)} (\`api/scripts/legacy_${comp}.py\`)`, '');
  if (bound)
    parts.push('## Decision Gates', '', `- Document new env vars in docs/RUNBOOK.md; ${sentence(rand, 8)}`, '');
  parts.push('## Notes', '');
  while (parts.join('\n').length < 4800) parts.push(sentence(rand, 25), '');
  return `${parts.join('\n')}\n`;
}

export function runbookText(): string {
  const lines = ['# Ops Runbook', '', '## Log Locations', '', '| Path | Purpose |', '|---|---|'];
  for (const c of COMPONENTS) lines.push(`| \`api/logs/${c}.log\` | ${c} |`);
  lines.push('', '## Scripts', '', '```bash');
  for (const c of COMPONENTS) lines.push(`cd api && .venv/bin/python scripts/${c}.py --once`);
  lines.push('```', '', '## Key Endpoints', '', '| Endpoint | Purpose |', '|---|---|');
  for (const r of ROUTES) lines.push(`| \`GET /api/${r}/{id}\` | ${r} |`);
  lines.push('');
  return lines.join('\n');
}

/** Writes a repository of `count` specs under `root` and returns its size. */
export function writeRepo(root: string, count: number, seed = 42): SyntheticRepo {
  const rand = mulberry32(seed);
  mkdirSync(path.join(root, 'specs'), { recursive: true });
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  let bytes = 0;
  const runbook = runbookText();
  writeFileSync(path.join(root, 'docs', 'RUNBOOK.md'), runbook);
  bytes += runbook.length;
  for (let i = 0; i < count; i++) {
    const text = specText(i, rand);
    bytes += text.length;
    writeFileSync(path.join(root, 'specs', `${String(i).padStart(5, '0')}-spec.md`), text);
  }
  return { root, specs: count, bytes };
}
