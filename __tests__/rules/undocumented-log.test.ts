/** undocumented-log: a log or state file a spec names that the runbook lacks. See docs/rules/undocumented-log.md. */
import { boundSpec, expectMarked, findingsOf, runbook } from './support.js';

const RULE = 'undocumented-log';

describe(RULE, () => {
  test('reports each log path the runbook lacks, at the line that names it', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- The worker writes `api/logs/worker.log`. <!-- expect: undocumented-log -->',
            '- It also keeps `api/logs/agent_runner.log`, which the runbook lists.',
            '- Events go to `api/logs/events.jsonl`. <!-- expect: undocumented-log -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Log Locations\n\n| File | What |\n|---|---|\n| `api/logs/agent_runner.log` | runner |'),
    });
  });

  test('a runbook template or a longer path documents the item; an unbound spec still counts for logs', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec('- Each task writes `logs/task_42.log`.\n- Errors go to `logs/errors.log`.'),
        {
          path: 'specs/unbound.md',
          text: '# Unbound\n\nWrites `logs/unbound.log`. <!-- expect: undocumented-log -->\n',
        },
      ],
      runbook: runbook('## Logs\n\n- `logs/task_{id}.log`\n- `svc/logs/errors.log`'),
    });
  });

  test('says where the runbook keeps logs, or offers a near miss', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- Writes `api/logs/agent_runer.log`. <!-- expect: undocumented-log -->',
            '- Writes `api/logs/other.log`. <!-- expect: undocumented-log -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Log Locations\n\n- `api/logs/agent_runner.log`\n- `api/logs/a.log`\n- `api/logs/b.log`'),
    });
    const [typo, other] = findingsOf(report, RULE);
    expect(typo!.suggestion?.item).toBe('api/logs/agent_runner.log');
    expect(other!.suggestion).toBeUndefined();
    expect(other!.runbookSection?.heading).toBe('Log Locations');
  });

  test('an inline directive or an ignore pattern silences it', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          '<!-- sync-check-ignore-next-line undocumented-log -->\n- Writes `logs/a.log`.\n- Writes `logs/debug/b.log`.',
        ),
      ],
      runbook: runbook('## Logs'),
      options: { ignore: ['log:logs/debug/*'] },
    });
  });
});
