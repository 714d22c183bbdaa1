/** orphan-endpoint: an endpoint the runbook documents that no spec names. See docs/rules/orphan-endpoint.md. */
import { checkDocuments } from '../../src/core/check-documents.js';
import type { Repository } from '../../src/compare/repository.js';
import { repo, runJson } from '../support/harness.js';
import { actualOf, boundSpec, expectMarked, findingsOf, runbook, lineOf } from './support.js';

const RULE = 'orphan-endpoint';

/** An empty repository: enough for the rule to run (it needs the repository at hand). */
const REPOSITORY: Repository = { files: new Set(), makeTargets: new Map(), npmScripts: new Map() };

/** 1-based line of the first line of `text` that contains `needle`. */

describe(RULE, () => {
  test('reports each runbook endpoint no spec names, once, at its first runbook line, as info', () => {
    const report = expectMarked(RULE, {
      specs: [boundSpec('- Serves `GET /api/health`.')],
      runbook: runbook(
        [
          '## Key Endpoints',
          '',
          '- `GET /api/health`',
          '- `GET /api/legacy/status` <!-- expect: orphan-endpoint -->',
          '- `POST /api/v1/import` <!-- expect: orphan-endpoint -->',
          '',
          '```bash',
          'curl -s http://localhost:8000/api/legacy/status',
          '```',
        ].join('\n'),
      ),
      options: { repository: REPOSITORY },
    });
    const found = findingsOf(report, RULE);
    expect(found.map((f) => [f.item, f.kind, f.severity])).toEqual([
      ['GET /api/legacy/status', 'endpoint', 'info'],
      ['POST /api/v1/import', 'endpoint', 'info'],
    ]);
    expect(found[0]!.message).toBe('the runbook documents endpoint `GET /api/legacy/status` but no spec names it');
  });

  test('any spec naming the path keeps it: without the method, another parameter spelling, an unbound spec', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec('- Serves `GET /api/jobs/:job_id`.\n- The `/api/queue` endpoint stays for old clients.'),
        { path: 'specs/b.md', text: '# Archive\n\n- `GET /api/archive` lists what was pruned.\n' },
      ],
      runbook: runbook(
        [
          '## Key Endpoints',
          '',
          '- `GET /api/jobs/{id}`',
          '- `GET /api/queue`',
          '- `GET /api/archive`',
          '- `GET /api/legacy` <!-- expect: orphan-endpoint -->',
        ].join('\n'),
      ),
      options: { repository: REPOSITORY },
    });
  });

  test('needs every spec, the repository and the endpoint kind: silent otherwise', () => {
    const specs = [boundSpec('- Serves `GET /api/health`.')];
    const book = runbook('## Key Endpoints\n\n- `GET /api/health`\n- `GET /api/legacy`');
    const at = `${book.path}:${lineOf(book.text, '/api/legacy')} ${RULE}`;
    const check = (options: Parameters<typeof checkDocuments>[2]): string[] =>
      actualOf(checkDocuments(specs, book, options), RULE);
    expect(check({ repository: REPOSITORY })).toEqual([at]);
    expect(check({})).toEqual([]);
    expect(check({ repository: REPOSITORY, partial: true })).toEqual([]);
    expect(check({ repository: REPOSITORY, kinds: ['log', 'script', 'env'] })).toEqual([]);
  });

  test('with the code read, an orphan the code serves says to keep it and name it in a spec', async () => {
    const text = '# Runbook\n\n## Key Endpoints\n\n- `GET /api/served`\n- `GET /api/gone`\n';
    const dir = await repo({
      'docs/RUNBOOK.md': text,
      'specs/a.md': '# A\n\nNothing about endpoints.\n',
      'api/app.py': '@app.get("/api/served")\ndef served():\n    return {}\n',
    });
    const { code, report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(code).toBe(0);
    const found = findingsOf(report, RULE);
    expect(found.map((f) => [f.item, f.line])).toEqual([
      ['GET /api/served', lineOf(text, '/api/served')],
      ['GET /api/gone', lineOf(text, '/api/gone')],
    ]);
    const [served, gone] = found;
    expect(served!.message).toContain('which the code serves');
    expect(served!.message).toContain('keep it, and name it in a spec');
    expect(served!.evidence?.file).toBe('api/app.py');
    expect(gone!.message).toBe('the runbook documents endpoint `GET /api/gone` but no spec names it');
    expect(gone!.evidence).toBeUndefined();
  });

  test('config: a severity from `rules` (error fails the run), an `ignore` selector and a waiver', async () => {
    const config = {
      rules: { 'orphan-endpoint': 'error' },
      ignore: ['orphan-endpoint:GET /api/legacy/*'],
      waivers: [
        {
          rule: 'orphan-endpoint',
          item: 'GET /api/v1/*',
          file: 'docs/RUNBOOK.md',
          owner: 'ops-team',
          reason: 'v1 is retired next quarter',
          expires_at: '2099-01-01',
        },
      ],
    };
    const runbookText = [
      '# Runbook',
      '',
      '## Key Endpoints',
      '',
      '- `GET /api/legacy/status`',
      '- `GET /api/v1/import`',
      '- `GET /api/other`',
      '',
    ].join('\n');
    const files: Record<string, string> = {
      'docs/RUNBOOK.md': runbookText,
      'specs/a.md': '# A\n\nNothing about endpoints.\n',
      'sync-check.config.json': `${JSON.stringify(config, null, 2)}\n`,
    };
    const { code, report, stderr } = await runJson(['--root', '.', '--no-code'], await repo(files));
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['GET /api/other', 'error']]);
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([
      [RULE, 'GET /api/legacy/status', 'ignore'],
      [RULE, 'GET /api/v1/import', 'waiver'],
    ]);
    const off = { ...files, 'sync-check.config.json': JSON.stringify({ rules: { 'orphan-endpoint': 'off' } }) };
    const quiet = await runJson(['--root', '.', '--no-code'], await repo(off));
    expect([quiet.code, findingsOf(quiet.report, RULE)]).toEqual([0, []]);
  });
});
