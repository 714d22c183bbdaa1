/** missing-section: a runbook section a spec requires that no runbook heading matches. */
import { checkDocuments } from '../../src/core/check-documents.js';
import { repo, runJson } from '../support/harness.js';
import { boundSpec, expectMarked, findingsOf, runbook } from './support.js';

const RULE = 'missing-section';

const spec = (text: string, path = 'specs/s.md'): { path: string; text: string } => ({ path, text });
const withHeadings = (...headings: string[]) => runbook(headings.map((h) => `## ${h}\n\nText.\n`).join('\n'));

describe(RULE, () => {
  test('front matter: each required title no heading matches, at its place; case, order and plurals aside', () => {
    const report = expectMarked(RULE, {
      specs: [
        spec(
          [
            '---',
            'runbook-sections:',
            '  - Rollback # <!-- expect: missing-section -->',
            '  - Dead Letters',
            '  - PostgreSQL troubleshooting',
            '---',
            '# Spec',
            '',
          ].join('\n'),
        ),
      ],
      runbook: withHeadings('Dead letter queue', 'Troubleshooting: PostgreSQL'),
    });
    const [rollback] = findingsOf(report, RULE);
    expect([rollback!.item, rollback!.column, rollback!.severity]).toEqual(['Rollback', 5, 'error']);
    expect(rollback!.message).toBe('RUNBOOK.md has no section for "Rollback"');
  });

  test("prose beside the runbook's name asks for a section; prose that does not name it asks nothing", () => {
    expectMarked(RULE, {
      specs: [
        spec(
          [
            '# Postgres',
            '',
            '- `docs/RUNBOOK.md` — Add PostgreSQL troubleshooting section <!-- expect: missing-section -->',
            '- The docs/RUNBOOK.md must include the Rollback section. <!-- expect: missing-section -->',
            '- `docs/DESIGN.md` — Add a Capacity planning section',
            '',
          ].join('\n'),
        ),
      ],
      runbook: withHeadings('PostgreSQL migration', 'Load planning'),
    });
  });

  test('a bold list lead-in counts as a heading; a `#` line or bold text inside a code block does not', () => {
    const ask = spec('# Auto\n\nIn `docs/RUNBOOK.md`, add an Auto-commit section. <!-- expect: missing-section -->\n');
    expectMarked(RULE, {
      specs: [ask],
      runbook: runbook('## Jobs\n\n```text\n# Auto-commit\n**Auto-commit**\n```'),
    });
    expectMarked(RULE, {
      specs: [spec(ask.text.replace(' <!-- expect: missing-section -->', ''))],
      runbook: runbook('## Jobs\n\n- **Auto-commit** (hourly): commits pending changes.'),
    });
  });

  test('an acceptance line listing headings: alternatives make one finding, with the nearest heading', () => {
    // No expect marker here: a comment at the end of a headings list would be read as one more title.
    const acceptance =
      '- [ ] docs/RUNBOOK.md contains section headings for: Log Locations, API Restart, ' +
      'and at least one of (Key Endpoints / Pipeline Effectiveness)';
    const report = checkDocuments(
      [spec(['# Runbook upkeep', '', '## Acceptance', '', acceptance, ''].join('\n'))],
      withHeadings('Log Locations', 'Endpoint notes'),
    );
    expect(
      findingsOf(report, RULE)
        .map((f) => `${f.line} ${f.item}`)
        .sort(),
    ).toEqual(['5 API Restart', '5 Key Endpoints / Pipeline Effectiveness']);
    const either = findingsOf(report, RULE).find((f) => f.item.includes(' / '))!;
    expect(either.message).toBe(
      'RUNBOOK.md has no section for "Key Endpoints / Pipeline Effectiveness" ' +
        '(any one of them would do); the nearest heading is "Endpoint notes" (RUNBOOK.md:7)',
    );
    const all = withHeadings('Log Locations', 'Restart: API', 'Pipeline Effectiveness');
    const satisfied = checkDocuments([spec(`# Upkeep\n\n${acceptance}\n`)], all);
    expect(findingsOf(satisfied, RULE)).toEqual([]);
  });

  test('with a set of runbooks, a heading in any of them will do, and the message names them all', () => {
    const ask = spec('---\nrunbook-sections: [Backups, Rollback] # <!-- expect: missing-section -->\n---\n# S\n');
    const report = expectMarked(RULE, {
      specs: [ask],
      runbook: [runbook('## Operations\n\nText.'), { path: 'docs/ops/db.md', text: '# DB\n\n## Backups\n\nText.\n' }],
    });
    expect(findingsOf(report, RULE).map((f) => [f.item, f.message])).toEqual([
      ['Rollback', 'no runbook (RUNBOOK.md, db.md) has a section for "Rollback"'],
    ]);
  });

  test('ignore selectors by rule or kind, a config severity and `off` apply to it', async () => {
    const ask = spec(
      [
        '# P',
        '',
        '- `docs/RUNBOOK.md` — Add PostgreSQL troubleshooting section',
        '- Also add a Rollback section to docs/RUNBOOK.md. <!-- expect: missing-section -->',
        '',
      ].join('\n'),
    );
    const report = expectMarked(RULE, {
      specs: [ask],
      runbook: withHeadings('Log Locations'),
      options: { ignore: ['section:postgresql*'] },
    });
    expect(report.suppressed.map((s) => [s.rule, s.item, s.suppression.kind])).toEqual([
      [RULE, 'PostgreSQL troubleshooting', 'ignore'],
    ]);

    const files = { 'docs/RUNBOOK.md': withHeadings('Log Locations').text, 'specs/s.md': ask.text };
    const withRules = async (rules: Record<string, string>) =>
      runJson(
        [],
        await repo({
          ...files,
          'sync-check.config.json': JSON.stringify({ rules, ignore: ['missing-section:Rollback'] }),
        }),
      );
    const lowered = await withRules({ [RULE]: 'warning' });
    expect(lowered.stderr).toBe('');
    expect(findingsOf(lowered.report, RULE).map((f) => [f.item, f.severity])).toEqual([
      ['PostgreSQL troubleshooting', 'warning'],
    ]);
    expect(lowered.report.suppressed.map((s) => [s.item, s.suppression.kind])).toEqual([['Rollback', 'ignore']]);
    expect(lowered.code).toBe(0);
    const off = await withRules({ [RULE]: 'off' });
    expect(findingsOf(off.report, RULE)).toEqual([]);
  });
  test('an inline comment in the spec covers it, as it covers every rule; one for another rule does not', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '<!-- sync-check-ignore-next-line missing-section -->',
            '- `docs/RUNBOOK.md` — add a Rollback section.',
            '- `docs/RUNBOOK.md` — add a Disaster Recovery section. <!-- expect: missing-section -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Logs'),
    });
    expect(report.suppressed.filter((f) => f.rule === RULE).map((f) => f.suppression.kind)).toEqual(['inline']);
  });
});
