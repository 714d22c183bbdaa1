/** undocumented-env: an environment variable a bound spec uses as configuration that the runbook lacks. */
import { checkDocuments } from '../../src/core/check-documents.js';
import { repo, runJson } from '../support/harness.js';
import { boundSpec, expectMarked, findingsOf, runbook } from './support.js';

const RULE = 'undocumented-env';

describe(RULE, () => {
  test('reports each name the spec uses as configuration, not every capitalised word or its own shell state', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- Set `LOG_FORMAT` in the environment. <!-- expect: undocumented-env -->',
            '- Start it with `export API_TOKEN=secret`. <!-- expect: undocumented-env -->',
            '- Or `PIPELINE_AUTO_COMMIT=1 ./scripts/run.sh`. <!-- expect: undocumented-env -->',
            '- Retries are configurable via env (e.g. RETRY_LIMIT). <!-- expect: undocumented-env -->',
            '- In a container: `docker run -e QUEUE_NAME=jobs app`. <!-- expect: undocumented-env -->',
            '- The limits table lists `MAX_ROWS` and `PAGE_SIZE`.',
            '',
            '```bash',
            'ID=$(curl -s http://localhost:8000/api/jobs | jq -r .id)',
            'echo "$ID"',
            '```',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Ops\n\nNothing yet.'),
    });
  });

  test('any mention in the runbook documents it: prose, a table, an export, a command prefix', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- Set `QUEUE_TTL`, `LOG_LEVEL`, `API_TOKEN` and `WORKERS` in the environment.',
            '- Set `UNLISTED_VAR` in the environment. <!-- expect: undocumented-env -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook(
        [
          '## Ops',
          '',
          'The queue honours QUEUE_TTL.',
          '',
          '| Name | Meaning |',
          '|---|---|',
          '| `LOG_LEVEL` | verbosity |',
          '',
          '```bash',
          'export API_TOKEN=x',
          'WORKERS=4 ./scripts/start.sh',
          '```',
        ].join('\n'),
      ),
    });
  });

  test('offers a near miss, or says where the runbook keeps env vars, or which runbook of a set it belongs in', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- Start it with `export API_TOKN=secret`. <!-- expect: undocumented-env -->',
            '- Set `LOG_FORMAT` in the environment. <!-- expect: undocumented-env -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook(
        ['## Configuration', '', '- `LOG_LEVEL`: verbosity', '- `API_TOKEN`: the token', '- `QUEUE_TTL`: seconds'].join(
          '\n',
        ),
      ),
    });
    const [typo, format] = findingsOf(report, RULE);
    expect(typo!.suggestion).toMatchObject({ item: 'API_TOKEN', file: 'docs/RUNBOOK.md', line: 6 });
    expect(typo!.message).toBe(
      'environment variable `API_TOKN` is not in RUNBOOK.md; did you mean `API_TOKEN` (RUNBOOK.md:6)?',
    );
    expect(format!.runbookSection).toEqual({ heading: 'Configuration', file: 'docs/RUNBOOK.md', line: 3 });

    const spec = {
      path: 'specs/a.md',
      text: '# A\n\nOperators follow docs/ops/config.md.\n\n- Set `QUEUE_TTL` in the environment.\n',
    };
    const set = checkDocuments(
      [spec],
      [
        { path: 'docs/ops/logs.md', text: '# Logs\n\n- `logs/a.log`\n' },
        { path: 'docs/ops/config.md', text: '# Config\n\nNothing yet.\n' },
      ],
    );
    const [inSet] = findingsOf(set, RULE);
    expect(inSet!.runbook).toBe('docs/ops/config.md');
    expect(inSet!.message).toBe(
      'environment variable `QUEUE_TTL` is not in any runbook (logs.md, config.md); it belongs in config.md',
    );
  });

  test('only bound parts count, unless env vars are taken from every spec', () => {
    const unbound = {
      path: 'specs/u.md',
      text: '# U\n\n- Set `QUEUE_TTL` in the environment. <!-- expect: undocumented-env -->\n',
    };
    const book = runbook('## Ops\n\nNothing yet.');
    expect(findingsOf(checkDocuments([unbound], book), RULE)).toEqual([]);
    expectMarked(RULE, { specs: [unbound], runbook: book, options: { everySpecKinds: ['log', 'env'] } });
  });

  test('an inline directive or an ignore selector silences it', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '<!-- sync-check-ignore-next-line undocumented-env -->',
            '- Set `DEBUG_TRACE` in the environment.',
            '- Set `LOG_LEVEL` and `LOG_FORMAT` in the environment.',
            '- Set `API_TOKEN` in the environment. <!-- expect: undocumented-env -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Ops\n\nNothing yet.'),
      options: { ignore: ['env:LOG_*'] },
    });
    expect(report.suppressed.map((s) => [s.item, s.suppression.kind])).toEqual([
      ['DEBUG_TRACE', 'inline'],
      ['LOG_LEVEL', 'ignore'],
      ['LOG_FORMAT', 'ignore'],
    ]);
  });

  test('with the code: what it reads says where, the rest is planned; a .env template documents', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n## Configuration\n\nSee `.env.example` for the settings.\n',
      'specs/a.md': [
        '# A',
        '',
        'Operators follow docs/RUNBOOK.md.',
        '',
        '- Set `QUEUE_TTL`, `RETRY_LIMIT` and `LISTED_VAR` in the environment.',
        '',
      ].join('\n'),
      '.env.example': '# settings\nLISTED_VAR=1\n',
      'api/app/worker.py': 'import os\nTTL = os.environ["QUEUE_TTL"]\nLISTED = os.environ["LISTED_VAR"]\n',
    });
    const { code, report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(code).toBe(1);
    const found = findingsOf(report, RULE);
    expect(found.map((f) => f.item)).toEqual(['QUEUE_TTL']);
    expect(found[0]!.evidence).toEqual({ file: 'api/app/worker.py', line: 2, verb: 'read by' });
    expect(found[0]!.message).toContain('read by `api/app/worker.py:2`');
    expect(findingsOf(report, 'planned-env').map((f) => f.item)).toEqual(['RETRY_LIMIT']);
  });
});
