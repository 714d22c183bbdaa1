/**
 * Paths and endpoints read as the documents mean them, in the forms common frameworks write:
 * Next.js placeholders and file routes, a path with and without its method or host, links
 * relative to the document, a leading `/` for the repository root, orphans the code serves.
 */
import { checkDocuments } from '../src/core/check-documents.js';
import { fileRoute } from '../src/compare/code-index.js';
import type { Finding, Report } from '../src/types.js';
import { repo, runJson } from './support/harness.js';

const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const items = (findings: readonly Finding[]): Array<[string, string, number]> =>
  findings.map((f) => [f.rule, f.item, f.otherMentions.length]);
const plain = (spec: string, runbook: string): Finding[] =>
  checkDocuments([{ path: 'specs/s.md', text: `# S\n\n${BOUND}${spec}` }], { path: 'docs/RUNBOOK.md', text: runbook })
    .findings;
const inRepo = async (files: Record<string, string>, extra: string[] = []): Promise<Report> =>
  (await runJson(['--no-config', '--root', '.', ...extra], await repo(files))).report;

describe('endpoint forms of common frameworks', () => {
  test.each([
    ['`[id]`', '`GET /api/tasks/[id]`'],
    ['`[...slug]`', '`GET /api/tasks/[...slug]`'],
    ['`[[...slug]]`', '`GET /api/tasks/[[...slug]]`'],
    ['`:id`', '`GET /api/tasks/:id`'],
    ['`<id>`', '`GET /api/tasks/<id>`'],
  ])("%s is a placeholder: the runbook's {id} documents it", (_name, spec) => {
    expect(plain(`${spec}\n`, '# R\n\n- `GET /api/tasks/{id}`\n')).toEqual([]);
    expect(items(plain(`${spec}\n`, '# R\n\n- `GET /api/jobs/{id}`\n')).map(([rule]) => rule)).toEqual([
      'undocumented-endpoint',
    ]);
  });

  test('a bracket that closes a link is not part of the path', () => {
    expect(items(plain('See [GET /api/stats](api.md).\n', '# R\n'))).toEqual([
      ['undocumented-endpoint', 'GET /api/stats', 0],
    ]);
  });

  test('a path with and without its method, with or without a host, is one item', () => {
    const spec =
      '- `GET /api/x` reports x.\n\n```bash\ncurl http://localhost:3000/api/x\n```\n\nThe `/api/x` route is public.\n';
    expect(items(plain(spec, '# R\n'))).toEqual([['undocumented-endpoint', 'GET /api/x', 2]]);
  });

  test.each([
    ['app/api/tasks/[id]/route.ts', '/api/tasks/{}'],
    ['src/app/(admin)/api/users/route.js', '/api/users'],
    ['pages/api/health.ts', '/api/health'],
    ['pages/api/jobs/index.ts', '/api/jobs'],
    ['src/routes/api/items/[slug]/+server.ts', '/api/items/{}'],
    ['app/dashboard/page.tsx', undefined],
    ['lib/api/client.ts', undefined],
  ])('file-system routing: %s serves %s', (file, route) => {
    expect(fileRoute(file)).toBe(route);
  });

  test("a route served by a file's path grounds the spec's endpoint", async () => {
    const report = await inRepo({
      'docs/RUNBOOK.md': '# R\n\n- `GET /api/health`\n',
      'specs/s.md': `# S\n\n${BOUND}- \`GET /api/tasks/[id]\` returns a task.\n`,
      'app/api/tasks/[id]/route.ts': 'export async function GET() {}\n',
    });
    const f = report.findings.find((x) => x.file === 'specs/s.md')!;
    expect([f.rule, f.evidence?.file]).toEqual(['undocumented-endpoint', 'app/api/tasks/[id]/route.ts']);
  });
});

describe('repository checks read paths as the documents mean them', () => {
  test("a leading / is the repository root when the repository has that top-level directory; other absolute paths are the machine's", async () => {
    const runbook =
      '# R\n\n| Script | Location in repo |\n|---|---|\n| x | `/scripts/x.sh` |\n| y | `/scripts/y.sh` |\n\nRun `/usr/local/bin/tool.sh` on the host.\n';
    const report = await inRepo({ 'docs/RUNBOOK.md': runbook, 'specs/s.md': '# S\n', 'scripts/x.sh': '#!/bin/sh\n' });
    expect(report.findings.filter((f) => f.rule === 'stale-script').map((f) => f.item)).toEqual(['/scripts/y.sh']);
  });

  test('a link is resolved from the directory of the document that holds it', async () => {
    const runbook = '# R\n\nSee [the ADR](../adr/0001-queue.md) and [the guide](../adr/0002-gone.md).\n';
    const report = await inRepo(
      { 'docs/ops/RUNBOOK.md': runbook, 'docs/adr/0001-queue.md': '# ADR\n', 'specs/s.md': '# S\n' },
      ['--runbook', 'docs/ops/RUNBOOK.md'],
    );
    expect(report.findings.filter((f) => f.rule === 'stale-file').map((f) => f.canonical)).toEqual([
      'docs/adr/0002-gone.md',
    ]);
  });

  test('an orphan endpoint the code serves is not one to retire: the message says to keep it', async () => {
    const report = await inRepo({
      'docs/RUNBOOK.md': '# R\n\n## Endpoints\n\n- `GET /api/health`\n- `GET /api/legacy`\n',
      'specs/s.md': '# S\n\nNothing about endpoints.\n',
      'api/app.py': '@app.get("/api/health")\ndef health(): ...\n',
    });
    const orphans = report.findings.filter((f) => f.rule === 'orphan-endpoint');
    expect(orphans.map((f) => f.message)).toEqual([
      'the runbook documents endpoint `GET /api/health`, which the code serves (named in the code at `api/app.py:1`), but no spec names it: keep it, and name it in a spec',
      'the runbook documents endpoint `GET /api/legacy` but no spec names it',
    ]);
  });
});

describe('env vars in any language: the code decides', () => {
  const RUNBOOK = '# Runbook\n\n## Umgebung\n\n- `OTHER_VAR`\n';
  test.each([
    [
      'German',
      '# Warteschlange\n\nBetrieb: siehe docs/RUNBOOK.md.\n\n- `QUEUE_TTL` bestimmt, wie lange Aufträge bleiben.\n',
    ],
    ['Japanese', '# キュー\n\n運用は docs/RUNBOOK.md を参照。\n\n- `QUEUE_TTL` でジョブの保持時間を決める。\n'],
    [
      'Spanish',
      '# Cola\n\nOperación: ver docs/RUNBOOK.md.\n\n- `QUEUE_TTL` fija cuánto tiempo se guardan los trabajos.\n',
    ],
  ])('%s: a name the code reads from the environment is an env var, with no English cue', async (_lang, spec) => {
    const withCode = await inRepo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/s.md': spec,
      'app/config.py': 'TTL = os.environ["QUEUE_TTL"]\n',
    });
    expect(items(withCode.findings.filter((f) => f.file === 'specs/s.md'))).toEqual([
      ['undocumented-env', 'QUEUE_TTL', 0],
    ]);
    // Without code that reads it, nothing in these sentences says it is configuration.
    const without = await inRepo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/s.md': spec, 'app/config.py': 'TTL = 30\n' });
    expect(without.findings.filter((f) => f.file === 'specs/s.md')).toEqual([]);
  });

  test('in configuration, a name is set only as a key or an assignment, not as a value', async () => {
    const spec = `# S\n\n${BOUND}Constants are written \`SCREAMING_SNAKE_CASE\`; \`QUEUE_TTL\` and \`WORKER_COUNT\` are tuned per site.\n`;
    const report = await inRepo({
      'docs/RUNBOOK.md': '# R\n',
      'specs/s.md': spec,
      '.tech-decisions.yml': 'naming:\n  constants: SCREAMING_SNAKE_CASE\n',
      'deploy/compose.yml': 'services:\n  app:\n    environment:\n      - QUEUE_TTL=30\n      WORKER_COUNT: 4\n',
    });
    expect(items(report.findings.filter((f) => f.file === 'specs/s.md')).map(([, item]) => item)).toEqual([
      'QUEUE_TTL',
      'WORKER_COUNT',
    ]);
  });
});
